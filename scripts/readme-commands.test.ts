// The README's command-line example is run as written, in a fresh folder that looks like a clone (the
// project's package.json, sources and installed packages linked in), against the practice controller it
// starts itself. Any command of it that fails fails this test, so the README cannot drift from the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const HEADING = '### Commission a practice controller from the command line';

/** The first ```sh block after the heading, exactly as a reader would copy it. */
export function readmeCliBlock(readme: string): string {
  const at = readme.indexOf(HEADING);
  assert.ok(at >= 0, `README.md has no "${HEADING}" section`);
  const open = readme.indexOf('```sh\n', at);
  const close = readme.indexOf('\n```', open + 6);
  assert.ok(open > at && close > open, 'the section has no ```sh block');
  return readme.slice(open + 6, close + 1);
}

/** A TCP port free on loopback now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// The block runs at most this long; then its process group (the practice controller too) is stopped, so
// a run that hangs never leaves a controller behind (a test timeout would not run the cleanup).
const BLOCK_LIMIT_MS = 200_000;

test('README: the command-line example runs as pasted into a fresh shell, every command succeeding', { timeout: BLOCK_LIMIT_MS + 30_000 }, async () => {
  const written = readmeCliBlock(readFileSync(join(root, 'README.md'), 'utf8'));
  // As written, except the example's TLS port: test runs of other checkouts may run at the same time on
  // this machine, so a free port takes its place.
  assert.match(written, /47011/);
  const block = written.replaceAll('47011', String(await freePort()));
  assert.match(block, /--encrypt/, 'the backup example encrypts');
  assert.match(block, /chmod 600/, 'the secrets files are made private');
  assert.doesNotMatch(block, /npm run mxc/, 'npm run without -s writes its banner into redirected output');

  const dir = mkdtempSync(join(tmpdir(), 'mxc-readme-'));
  for (const entry of ['package.json', 'node_modules', 'src-main', 'tsconfig.json']) symlinkSync(join(root, entry), join(dir, entry));
  // errexit + pipefail: the first failing command stops the run with its code; HOME in the folder keeps
  // the default data directory (~/.config/mx-commissioner) out of the real home.
  const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', block], {
    cwd: dir,
    env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, '.config'), npm_config_update_notifier: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the practice controller goes too if the block stops early
  });
  let output = '';
  const limit = setTimeout(() => {
    output += `\n(stopped after ${BLOCK_LIMIT_MS / 1000} s)`;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already ended
    }
  }, BLOCK_LIMIT_MS);
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    // 'exit', not 'close': a practice controller left running would hold the output pipes open.
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, `the README block failed (exit ${code}):\n${output.slice(-4000)}`);
    assert.match(output, /Rows: \d+ pass, 4 attested, \d+ n\/a, 0 fail, 0 not verified\./, 'the commission run met every row');
    assert.match(output, /Signature valid/);
    assert.match(output, /Encrypted:\s+yes/);
    const profile = JSON.parse(readFileSync(join(dir, 'profile.json'), 'utf8')) as { attestations: unknown[] };
    const attested = JSON.parse(readFileSync(join(dir, 'attestations.json'), 'utf8')) as unknown[];
    assert.equal(profile.attestations.length, attested.length, 'profile.json is pure JSON with the attestations');
    assert.ok(existsSync(join(dir, '.config', 'mx-commissioner')), 'the default data directory is the one the README names');
  } finally {
    clearTimeout(limit);
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // the group has already ended
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
