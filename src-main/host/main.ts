// The browser host's runnable entry (`npm start` where there is no Electron binary, and the end-to-end
// tests). Prints the page's address once, on stdout, for the person who started it: that line is the one
// place the launch token is ever written. Nothing else here logs it.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMainService } from '../services/create-main-service';
import { installationStore } from '../store/conf-store';
import { startBrowserHost } from './browser-host';

interface HostArguments {
  open: boolean;
  json: boolean;
  port: number;
  dataDir?: string;
  rendererDir?: string;
}

function parseArguments(argv: readonly string[]): HostArguments {
  const args: HostArguments = { open: true, json: false, port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value.`);
      return next;
    };
    if (arg === '--no-open') args.open = false;
    else if (arg === '--json') args.json = true;
    else if (arg === '--port') args.port = Number(value());
    else if (arg === '--data-dir') args.dataDir = value();
    else if (arg === '--renderer-dir') args.rendererDir = value();
    else throw new Error(`Unknown option ${arg}. Options: --no-open, --json, --port N, --data-dir DIR, --renderer-dir DIR.`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('--port must be 0..65535.');
  return args;
}

/** The repository (or installed app) root: where package.json names this app. Works from src and build. */
function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mx-commissioner') return dir;
      } catch {
        // not ours; keep climbing
      }
    }
    dir = dirname(dir);
  }
  throw new Error('Cannot find the app folder (package.json of mx-commissioner).');
}

// Project choice: the same per-user folder Electron's app.getPath('userData') gives this app, so both
// hosts share devices, journals and preferences. MXC_DATA_DIR overrides it (tests, portable use).
function defaultDataDir(): string {
  if (process.env.MXC_DATA_DIR) return process.env.MXC_DATA_DIR;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'mx-commissioner');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'mx-commissioner');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'mx-commissioner');
}

function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => console.error('Could not open the browser by itself: open the address above in your browser.'));
    child.unref();
  } catch {
    console.error('Could not open the browser by itself: open the address above in your browser.');
  }
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const root = appRoot();
  const rendererDir = resolve(args.rendererDir ?? join(root, 'build', 'renderer'));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`The screens are not built yet (${rendererDir} has no index.html). Run "npm run build" first.`);
  }
  const dataDir = resolve(args.dataDir ?? defaultDataDir());
  const store = installationStore(dataDir);
  const service = await createMainService({ host: 'browser', store, dataDir });
  const host = await startBrowserHost({ service, rendererDir, port: args.port });

  if (args.json) {
    console.log(JSON.stringify({ event: 'host-ready', url: host.url, port: host.port }));
  } else {
    console.log('MX Commissioner is running in your browser. This address contains the key for this session only;');
    console.log('do not share it. Press Ctrl+C here to stop.');
    console.log(`  ${host.url}`);
    if (args.open) openInBrowser(host.url);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close().catch(() => undefined);
    await service.dispose().catch(() => undefined);
    if (args.json) console.log(JSON.stringify({ event: 'host-stopped' }));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ event: 'host-failed', message }));
  console.error(`MX Commissioner could not start: ${message}`);
  process.exit(1);
});
