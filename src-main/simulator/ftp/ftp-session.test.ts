// One FTP control connection over real loopback sockets, with the server-side socket in the test's hands so
// what the device buffers can be measured: a peer that sends commands and never reads the replies must not
// make the device hold an ever-growing reply buffer (it stops reading instead: TCP back-pressure).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { VirtualController } from '../virtual-controller';
import { installSecurity } from '../install-security';
import type { ConnectionContext } from '../connection-context';
import { FTP_CHOICES } from '../security/device-choices';
import type { ConnectionThrottle } from '../listener-set';
import { FtpSession, type FtpSessionSettings } from './ftp-session';

const root = mkdtempSync(join(tmpdir(), 'mxc-ftp-session-'));
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(root, { recursive: true, force: true });
});

const SETTINGS: FtpSessionSettings = { tlsRequired: false, timeoutSeconds: 60, tls: () => ({ unavailable: 'not in this test' }) };

let n = 0;
/** A real controller's security behind one FtpSession served on a socket pair the test holds both ends of. */
async function sessionPair(throttle?: ConnectionThrottle): Promise<{ server: net.Socket; client: net.Socket }> {
  const controller = new VirtualController({ model: 'MXR300-32', stateDir: join(root, `c${++n}`) });
  const security = installSecurity(controller);
  await controller.start();
  cleanups.push(() => controller.stop());
  const listener = net.createServer();
  cleanups.push(() => new Promise<void>((resolve) => listener.close(() => resolve())));
  const accepted = new Promise<net.Socket>((resolve) => listener.once('connection', resolve));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const client = net.connect({ host: '127.0.0.1', port: (listener.address() as net.AddressInfo).port });
  client.on('error', () => undefined);
  cleanups.push(() => void client.destroy());
  const server = await accepted;
  cleanups.push(() => void server.destroy());
  const context: ConnectionContext = {
    id: 1,
    transport: 'tcp',
    service: 'ftp',
    remoteAddress: server.remoteAddress,
    remotePort: server.remotePort,
    connectedAt: new Date(),
    user: undefined,
    attributes: new Map(),
  };
  new FtpSession(server, context, security, SETTINGS, throttle);
  return { server, client };
}

test('FTP: a peer that sends commands without reading the replies cannot grow the reply buffer; it is served once it reads', async () => {
  const { server, client } = await sessionPair();
  client.pause();
  // 8 MB of NOOP: more than the loopback buffers of both directions take, so without back-pressure the
  // server would queue megabytes of "200 NOOP ok." in memory.
  const flood = Buffer.from('NOOP\r\n'.repeat(8 * 1024 * 1024 / 6));
  client.write(flood);
  let largest = 0;
  const started = Date.now();
  // Bounded: watch for 2 s or until the server has read every byte (then the flood was not held back).
  while (Date.now() - started < 2000) {
    largest = Math.max(largest, server.writableLength);
    if (client.writableLength === 0 && largest > 1024 * 1024) break;
    await sleep(20);
  }
  assert.ok(largest <= FTP_CHOICES.maxBufferedBytes + 1024, `the server's reply buffer stayed bounded (largest ${largest} bytes)`);
  assert.ok(client.writableLength > 0, 'the server stopped reading: the rest of the flood waits at the sender');

  // Reading again: the server drains, resumes and answers; 64 KB of replies arrive (bounded wait).
  let received = 0;
  client.on('data', (chunk: Buffer) => (received += chunk.length));
  client.resume();
  for (let i = 0; i < 150 && received < 64 * 1024; i++) await sleep(20);
  assert.ok(received >= 64 * 1024, `replies flow again once the peer reads (${received} bytes)`);
  client.destroy();
});
