// Starts the browser host as a child process, as `npm start` would, and reads the address it prints.
// The built entry is used when present (what ships), the TypeScript source otherwise.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const repoRoot = new URL('../..', import.meta.url).pathname;

export interface HostProcess {
  /** The address with the launch token in its fragment. */
  url: string;
  port: number;
  origin: string;
  dataDir: string;
  /** What the host wrote to stderr so far (for failure messages). */
  stderr(): string;
  stop(): Promise<void>;
}

// Project choice: the host must be ready within 30 s (tsx compiles the sources on first start, on 2 cores).
const READY_TIMEOUT_MS = 30_000;

export async function startHostProcess(options: { entry?: string[]; seed?: (dataDir: string) => void } = {}): Promise<HostProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mxc-e2e-data-'));
  // What an earlier session left in the data directory (e.g. devices commissioned before).
  options.seed?.(dataDir);
  const built = join(repoRoot, 'build/host/main.js');
  const entry =
    options.entry ?? (existsSync(built) ? [built] : ['--import', 'tsx', join(repoRoot, 'src-main/host/main.ts')]);
  const child: ChildProcess = spawn(process.execPath, [...entry, '--no-open', '--json', '--data-dir', dataDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MXC_DATA_DIR: dataDir },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const ready = await new Promise<{ url: string; port: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`host not ready within ${READY_TIMEOUT_MS} ms\n${stderr}`)), READY_TIMEOUT_MS);
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        let message: { event?: string; url?: string; port?: number; message?: string };
        try {
          message = JSON.parse(line) as typeof message;
        } catch {
          return;
        }
        if (message.event === 'host-ready' && message.url && message.port) {
          clearTimeout(timer);
          resolve({ url: message.url, port: message.port });
        } else if (message.event === 'host-failed') {
          clearTimeout(timer);
          reject(new Error(`host failed to start: ${message.message}\n${stderr}`));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`host exited with ${code} before it was ready\n${stderr}`));
      });
    });
    return { ...ready, origin: `http://127.0.0.1:${ready.port}`, dataDir, stderr: () => stderr, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
