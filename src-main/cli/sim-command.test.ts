// `mxc sim` as a script uses it: spawn, read the listening line, connect, stop with SIGTERM.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { RawSlmpConnection } from '../simulator/testing/raw-slmp-connection';
import { Command } from '../slmp/commands';
import { parseSimArgs } from './sim-command';

const root = new URL('../..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'mxc-cli-test-'));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

function spawnMxc(args: string[]): { child: ChildProcess; lines: AsyncIterator<string>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/mxc.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return { child, lines, stderr: () => err };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms))),
  ]);
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null) return Promise.resolve({ code: child.exitCode, signal: null });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

test('mxc sim --json announces its listeners, answers on TCP and on the USB socket, and stops cleanly on SIGTERM', async () => {
  const usb = join(tmp, 'usb.sock');
  const { child, lines, stderr } = spawnMxc(['sim', '--model', 'MXR300-32', '--host', '127.0.0.1', '--slmp-port', '0', '--usb-socket', usb, '--json']);
  const first = await withTimeout(lines.next(), 20000, 'no listening line').catch((e: Error) => {
    throw new Error(`${e.message}; stderr: ${stderr()}`);
  });
  assert.equal(first.done, false);
  const event = JSON.parse(first.value as string) as {
    event: string;
    model: string;
    listeners: Array<Record<string, unknown>>;
  };
  assert.equal(event.event, 'listening');
  assert.equal(event.model, 'MXR300-32');
  const [slmp, usbEntry] = event.listeners;
  assert.deepEqual(Object.keys(slmp!), ['service', 'transport', 'host', 'port', 'tls']);
  assert.equal(slmp!.service, 'slmp');
  assert.equal(slmp!.transport, 'tcp');
  assert.equal(slmp!.host, '127.0.0.1');
  assert.equal(slmp!.tls, false);
  assert.ok(typeof slmp!.port === 'number' && slmp!.port > 0);
  assert.deepEqual(usbEntry, { service: 'usb', transport: 'unix', path: usb, tls: false });

  const overTcp = await RawSlmpConnection.connect({ host: '127.0.0.1', port: slmp!.port as number });
  const overUsb = await RawSlmpConnection.connect({ path: usb });
  try {
    for (const c of [overTcp, overUsb]) {
      const res = await c.request(Command.ReadTypeName, 0);
      assert.equal(res.data.subarray(0, 9).toString('latin1'), 'MXR300-32');
    }
  } finally {
    overTcp.close();
    overUsb.close();
  }

  child.kill('SIGTERM');
  const { code } = await withTimeout(exitOf(child), 10000, 'no exit after SIGTERM');
  assert.equal(code, 0, stderr());
  assert.equal(existsSync(usb), false, 'the USB socket file is removed');
});

test('mxc sim without --json prints a readable line; bad options and unknown models fail with a hint', async () => {
  const { child, lines } = spawnMxc(['sim', '--slmp-port', '0']);
  const first = await withTimeout(lines.next(), 20000, 'no listening line');
  assert.match(first.value as string, /^Virtual MXR300-32 listening: slmp tcp:\/\/127\.0\.0\.1:\d+$/);
  child.kill('SIGINT');
  assert.equal((await withTimeout(exitOf(child), 10000, 'no exit after SIGINT')).code, 0);

  const bad = spawnMxc(['sim', '--model', 'MXQ999']);
  assert.equal((await withTimeout(exitOf(bad.child), 20000, 'no exit')).code, 1);
  assert.match(bad.stderr(), /no virtual controller for model "MXQ999"/);

  assert.throws(() => parseSimArgs(['--slmp-port', '70000']), { code: 'CLI_USAGE' });
  assert.throws(() => parseSimArgs(['--bogus']), { code: 'CLI_USAGE' });
});

test('mxc sim takes the FTP and SNTP ports a practice setup needs, and refuses ports that cannot be', () => {
  const defaults = parseSimArgs([]);
  assert.equal(defaults.ftpPort, 0, 'the OS picks the FTP port');
  assert.equal(defaults.sntpPort, 123, 'SNTP is port 123 unless told');
  const chosen = parseSimArgs(['--ftp-port', '2121', '--sntp-port', '10123']);
  assert.equal(chosen.ftpPort, 2121);
  assert.equal(chosen.sntpPort, 10123);
  assert.throws(() => parseSimArgs(['--sntp-port', '0']), /--sntp-port must be a whole number from 1 to 65535/);
  assert.throws(() => parseSimArgs(['--ftp-port', 'ftp']), { code: 'CLI_USAGE' });
});

test('mxc sim --stock opens no SLMP port unless --slmp-port is given; the stand-in channel needs --stock', () => {
  const stock = parseSimArgs(['--stock']);
  assert.equal(stock.stock, true);
  assert.equal(stock.slmpPort, undefined, 'a real controller has no SLMP port at the factory');
  assert.equal(parseSimArgs(['--stock', '--slmp-port', '1025']).slmpPort, 1025);
  assert.throws(() => parseSimArgs(['--engineering-tool-socket', '/tmp/x.sock']), /add --stock/);
});
