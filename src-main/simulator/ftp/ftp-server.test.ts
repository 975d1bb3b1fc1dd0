// The virtual controller's FTP server over real sockets (loopback, port 0): open only while the FTP(S)
// function is in use, explicit FTPS with the device's certificate, logon through the device's user
// authentication with the same records as an SLMP logon, and the FTP session timer of Table 9 row 8
// (sessionTimers.ftpSessionTimeoutSeconds) closing an idle session while an active one stays.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { VirtualController } from '../virtual-controller';
import { installSecurity } from '../install-security';
import type { ControllerSecurity } from '../controller-security';
import { writeStoredCertificate } from '../crypto-functions/certificate-store';
import { controllerCertificate } from '../crypto-functions/testing/test-certificates';
import type { EventRecord } from '../security/event-history';
import { eventually } from '../testing/security-client';
import { FTP_SERVICE, ftpSessionTimeoutSeconds } from './ftp-server';
import { FtpTestClient } from './testing/ftp-client';

const root = mkdtempSync(join(tmpdir(), 'mxc-ftp-'));
const running: Device[] = [];
after(async () => {
  for (const d of running) await d.stop();
  rmSync(root, { recursive: true, force: true });
});

const ADMIN = { name: 'admin', password: 'Secret-Pass-42' };

interface Device {
  controller: VirtualController;
  security: ControllerSecurity;
  /** Writes parameter blocks (merged into the written ones) and restarts so they take effect. */
  apply(blocks: Record<string, unknown>): Promise<void>;
  ftpPort(): number | undefined;
  connect(localAddress?: string): Promise<FtpTestClient>;
  events(name: string): EventRecord[];
  stop(): Promise<void>;
}

let n = 0;
async function start(options: { users?: boolean; certificate?: boolean; model?: string } = {}): Promise<Device> {
  const controller = new VirtualController({
    model: options.model ?? 'MXR300-32',
    stateDir: join(root, `c${++n}`),
    listeners: [{ service: 'slmp', transport: 'tcp', host: '127.0.0.1', port: 0 }],
  });
  const security = installSecurity(controller);
  await controller.start();
  const clients: FtpTestClient[] = [];
  if (options.users !== false) {
    const written = await security.auth.writeUserInformation(null, { users: [{ name: ADMIN.name, group: 'Administrators', password: ADMIN.password }] });
    assert.equal(written.ok, true);
    security.saveUsers();
  }
  if (options.certificate !== false) {
    const cert = await controllerCertificate(security.now());
    writeStoredCertificate(controller.stateDir, { version: 1, certificatePem: cert.certificatePem, privateKeyPem: cert.privateKeyPem, writtenAt: security.now().toISOString() });
    certificates.set(controller, cert.certificatePem);
  }
  const ftpPort = (): number | undefined => {
    const l = controller.listeners.list().find((x) => x.service === FTP_SERVICE);
    return l?.transport === 'tcp' ? l.port : undefined;
  };
  const device: Device = {
    controller,
    security,
    async apply(blocks) {
      security.writeBlocks({ ...security.writtenBlocks(), ...blocks });
      await controller.restart();
    },
    ftpPort,
    async connect(localAddress) {
      const port = ftpPort();
      if (port === undefined) throw new Error('the FTP service is closed');
      const c = await FtpTestClient.connect(port, localAddress !== undefined ? { localAddress } : {});
      clients.push(c);
      return c;
    },
    events: (name) => security.history.read().records.filter((r) => r.name === name),
    async stop() {
      for (const c of clients) c.close();
      await controller.stop();
    },
  };
  running.push(device);
  return device;
}
const certificates = new Map<VirtualController, string>();

const ftps = (use: { inUse: boolean; tls: boolean }): Record<string, unknown> => ({
  encryptedCommunication: { tlsVersion: '1.3', functions: { ftps: { inUse: use.inUse, beyondTrustBoundary: false, tls: use.tls } } },
});
const timers = (ftpSessionTimeoutSeconds: number): Record<string, unknown> => ({
  sessionTimers: { logoffTimeoutMinutes: 30, ethernetAliveCheckSeconds: 60, ftpSessionTimeoutSeconds },
});

function tryConnect(port: number): Promise<'refused' | 'connected'> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', () => resolve('refused'));
  });
}

/** Greeting, AUTH TLS with the device's certificate as the only trusted one, then USER/PASS. */
async function logonOverTls(d: Device, password = ADMIN.password): Promise<{ c: FtpTestClient; code: number; text: string }> {
  const c = await d.connect();
  assert.equal((await c.reply()).code, 220);
  assert.equal((await c.startTls({ ca: certificates.get(d.controller)! })).code, 234);
  assert.equal((await c.command(`USER ${ADMIN.name}`)).code, 331);
  const r = await c.command(`PASS ${password}`);
  return { c, code: r.code, text: r.text };
}

test('FTP server: closed while the FTP(S) function is not in use; opens when it is, closes again when it is not', async () => {
  const d = await start();
  assert.equal(d.controller.listeners.has(FTP_SERVICE), false, 'factory: FTP not in use, no listener');
  await d.apply(ftps({ inUse: true, tls: true }));
  const port = d.ftpPort();
  assert.ok(port !== undefined && port > 0, 'the FTP listener is announced with its port');
  const info = d.controller.listeners.list().find((l) => l.service === FTP_SERVICE)!;
  assert.deepEqual({ transport: info.transport, tls: info.tls }, { transport: 'tcp', tls: false });
  const c = await d.connect();
  const greeting = await c.reply();
  assert.equal(greeting.code, 220);
  c.close();

  await d.apply(ftps({ inUse: false, tls: true }));
  assert.equal(d.controller.listeners.has(FTP_SERVICE), false);
  assert.equal(await tryConnect(port), 'refused', 'connection refused on the port the FTP server had');
  await d.apply(ftps({ inUse: true, tls: true }));
  assert.equal(d.ftpPort(), port, 'reopened on the same port');
});

test('FTPS: with TLS required, USER and PASS before AUTH TLS are refused 530 "TLS required"; the password is not used', async () => {
  const d = await start();
  await d.apply(ftps({ inUse: true, tls: true }));
  const c = await d.connect();
  assert.equal((await c.reply()).code, 220);
  const user = await c.command(`USER ${ADMIN.name}`);
  assert.equal(user.code, 530);
  assert.match(user.text, /TLS required/);
  assert.equal((await c.command('PWD')).code, 530, 'not logged on');
  const pass = await c.command(`PASS ${ADMIN.password}`);
  assert.equal(pass.code, 530);
  assert.match(pass.text, /TLS required/);
  await c.waitClosed(3000);
  assert.equal(d.events('logon-success').length, 0);
  assert.equal(d.events('logon-failure').length, 0, 'the clear-text password was never checked');
  assert.equal(d.events('secret-refused').length, 1);
  assert.ok(!JSON.stringify(d.security.history.read().records).includes(ADMIN.password), 'no password in the history');
});

test('FTPS: PASS repeated in clear while TLS is required is recorded once and ends the connection, so it cannot flood the event history', async () => {
  const d = await start();
  await d.apply(ftps({ inUse: true, tls: true }));
  const earlier = d.security.history.read().records.length;
  const c = await d.connect();
  assert.equal((await c.reply()).code, 220);
  c.send(Buffer.from('PASS Guess-1\r\n'.repeat(200)));
  const refused = await c.reply();
  assert.equal(refused.code, 530);
  assert.match(refused.text, /TLS required.*connection closed/);
  await c.waitClosed(3000);
  assert.equal(d.events('secret-refused').length, 1, 'one record for the connection, not one per PASS');
  assert.ok(d.security.history.read().records.length <= earlier + 1, 'nothing else was pushed into the history');
  const again = await d.connect();
  assert.equal((await again.reply()).code, 220, 'a new connection is served');
});

test('FTPS: a command sent in the same packet as AUTH TLS does not ride into the protected session (RFC 4217 injection defence)', async () => {
  const d = await start();
  await d.apply(ftps({ inUse: true, tls: true }));
  const c = await d.connect();
  assert.equal((await c.reply()).code, 220);
  assert.equal((await c.startTls({ ca: certificates.get(d.controller)! }, `USER ${ADMIN.name}`)).code, 234);
  const pass = await c.command(`PASS ${ADMIN.password}`);
  assert.equal(pass.code, 503, 'the clear-text USER was discarded with the handshake');
  assert.match(pass.text, /Send USER first/);
  assert.equal(d.events('logon-success').length + d.events('logon-failure').length, 0);
});

test('FTPS: a stored certificate the TLS layer cannot use does not stop the boot; AUTH TLS answers 431 and says why', async () => {
  const d = await start({ certificate: false });
  // The certificate with another certificate's private key: readable, but no TLS context can be built. It is
  // expired, so the SLMP over TLS service stays closed and only the FTP server meets the record at boot.
  const cert = await controllerCertificate(d.security.now(), { startedDaysAgo: 30, validityDays: 10 });
  const other = await controllerCertificate(d.security.now());
  writeStoredCertificate(d.controller.stateDir, { version: 1, certificatePem: cert.certificatePem, privateKeyPem: other.privateKeyPem, writtenAt: d.security.now().toISOString() });
  await d.apply(ftps({ inUse: true, tls: true }));
  assert.equal(d.controller.listeners.has('slmp'), true, 'the controller booted');
  const c = await d.connect();
  assert.equal((await c.reply()).code, 220);
  const auth = await c.command('AUTH TLS');
  assert.equal(auth.code, 431);
  assert.match(auth.text, /certificate.*cannot be used/);
  assert.ok(!auth.text.includes('PRIVATE KEY'));
  const history = JSON.stringify(d.security.history.read().records);
  assert.ok(!history.includes('PRIVATE KEY') && !history.includes(other.privateKeyPem.slice(40, 80)), 'no key material in the history');
  assert.equal((await c.command('NOOP')).code, 200, 'the session goes on');
});

test('FTPS: AUTH TLS with the device certificate, then logon through user authentication (230, logon-success over tls); QUIT logs off', async () => {
  const d = await start();
  await d.apply(ftps({ inUse: true, tls: true }));
  const { c, code } = await logonOverTls(d);
  assert.equal(code, 230);
  assert.equal(c.tlsSocket?.getProtocol(), 'TLSv1.3', 'the TLS version set (MX-R 1.3)');
  assert.equal((await c.command('PWD')).code, 257);
  assert.equal((await c.command('TYPE I')).code, 200);
  assert.equal((await c.command('SYST')).code, 215);
  assert.equal((await c.command('NOOP')).code, 200);
  const feat = await c.command('FEAT');
  assert.equal(feat.code, 211);
  assert.match(feat.text, /AUTH TLS/);
  const success = d.events('logon-success');
  assert.equal(success.length, 1);
  assert.equal(success[0]!.user, ADMIN.name);
  assert.equal(success[0]!.transport, 'tls');
  assert.equal(d.events('tls-start').length, 1);
  assert.equal((await c.command('QUIT')).code, 221);
  await c.waitClosed(3000);
  await eventually(() => d.events('logoff').length === 1 && d.events('tls-end').length === 1);
});

test('FTPS: a client trusting another certificate fails the handshake; the device records the TLS failure', async () => {
  const d = await start();
  await d.apply(ftps({ inUse: true, tls: true }));
  const other = await controllerCertificate(d.security.now());
  const c = await d.connect();
  assert.equal((await c.reply()).code, 220);
  await assert.rejects(c.startTls({ ca: other.certificatePem }));
  await eventually(() => d.events('tls-failure').length === 1);
  assert.match(d.events('tls-failure')[0]!.detail ?? '', /FTPS/);
});

test('FTPS: without a certificate in effect, AUTH TLS answers 431 and nobody can log on while TLS is required', async () => {
  const d = await start({ certificate: false });
  await d.apply(ftps({ inUse: true, tls: true }));
  const c = await d.connect();
  assert.equal((await c.reply()).code, 220);
  const auth = await c.command('AUTH TLS');
  assert.equal(auth.code, 431);
  assert.match(auth.text, /certificate/);
  assert.equal((await c.command(`USER ${ADMIN.name}`)).code, 530);
});

test('FTP: a wrong password records logon-failure, and repeated ones the lockout, exactly as an SLMP logon', async () => {
  const d = await start();
  await d.apply({ ...ftps({ inUse: true, tls: true }), lockout: { failures: 3, minutes: 1 } });
  const { c, code, text } = await logonOverTls(d, 'Wrong-Pass-1');
  assert.equal(code, 530);
  assert.match(text, /user name or password is wrong/);
  assert.equal(d.events('logon-failure').length, 1);
  assert.equal(d.events('logon-failure')[0]!.user, ADMIN.name);
  assert.equal(d.events('logon-failure')[0]!.transport, 'tls');
  for (let i = 0; i < 2; i++) {
    assert.equal((await c.command(`USER ${ADMIN.name}`)).code, 331);
    assert.equal((await c.command('PASS Wrong-Pass-1')).code, 530);
  }
  assert.equal(d.events('lockout').length, 1, 'locked after the third failure');
  assert.equal((await c.command(`USER ${ADMIN.name}`)).code, 331);
  const locked = await c.command(`PASS ${ADMIN.password}`);
  assert.equal(locked.code, 530, 'even the right password while locked out');
  assert.match(locked.text, /locked out/);
  assert.equal(d.events('logon-success').length, 0);
  assert.ok(!JSON.stringify(d.security.history.read().records).includes('Wrong-Pass-1'), 'no password in the history');
});

test('FTP: with user authentication off (factory), every logon is refused 530 and nothing is recorded', async () => {
  const d = await start({ users: false });
  await d.apply(ftps({ inUse: true, tls: false }));
  const c = await d.connect();
  assert.equal((await c.reply()).code, 220);
  assert.equal((await c.command('USER anyone')).code, 331);
  const pass = await c.command('PASS whatever1');
  assert.equal(pass.code, 530);
  assert.match(pass.text, /User authentication is not set up/);
  assert.equal(d.events('logon-success').length + d.events('logon-failure').length, 0);
});

test('Table 9 row 8: the FTP session timer in effect closes an idle session with 421; an active session stays', async () => {
  const d = await start();
  await d.apply({ ...ftps({ inUse: true, tls: false }), ...timers(2) });
  const idle = await d.connect();
  const active = await d.connect();
  assert.equal((await idle.reply()).code, 220);
  assert.equal((await active.reply()).code, 220);
  // The idle one logs on in clear (TLS not required here) and then sends nothing. PASS is its last command:
  // the timer restarts when the server receives it, so the time counts from before it is sent.
  assert.equal((await idle.command(`USER ${ADMIN.name}`)).code, 331);
  const started = Date.now();
  assert.equal((await idle.command(`PASS ${ADMIN.password}`)).code, 230);
  // The active one sends a command every 300 ms for 4.5 s (more than twice the 2 s timer).
  const keepAlive = (async () => {
    while (Date.now() - started < 4500) {
      assert.equal((await active.command('NOOP')).code, 200);
      await sleep(300);
    }
  })();
  const timedOut = await idle.reply(8000);
  assert.equal(timedOut.code, 421);
  assert.match(timedOut.text, /Session timed out/);
  assert.ok(Date.now() - started >= 1950, `not before the 2 s timer ran out (${Date.now() - started} ms)`);
  await idle.waitClosed(3000);
  await keepAlive;
  assert.equal(active.closed, false, 'a session with activity stays');
  assert.equal((await active.command('NOOP')).code, 200);
  const timeouts = d.events('session-timeout');
  assert.equal(timeouts.length, 1, 'the idle logon ended as a session timeout');
  assert.match(timeouts[0]!.detail ?? '', /FTP session timer/);
});

test('FTP: without a sessionTimers block the factory timer (600 s) is the one in effect', async () => {
  const d = await start();
  await d.apply(ftps({ inUse: true, tls: false }));
  assert.equal(ftpSessionTimeoutSeconds(d.security), 600);
  await d.apply(timers(45));
  assert.equal(ftpSessionTimeoutSeconds(d.security), 45, 'the value written takes effect');
});

for (const overTls of [false, true]) {
  test(`2.4.10: the bandwidth limitation slows FTP commands ${overTls ? 'after AUTH TLS' : 'in clear'} and records the access restriction`, async () => {
    const d = await start();
    await d.apply({ ...ftps({ inUse: true, tls: overTls }), bandwidthLimit: { enabled: true, sendKbps: 100_000, receiveKbps: 64 } });
    const c = await d.connect();
    assert.equal((await c.reply()).code, 220);
    if (overTls) assert.equal((await c.startTls({ ca: certificates.get(d.controller)! })).code, 234);
    // 30,000 bytes of pipelined NOOPs in ten writes within a quarter of a second: 64 kbit/s is 8000 bytes/s
    // with a one-second bucket, so the last commands can be read no sooner than (30000 - 2 x 8000) / 8000 s
    // = 1.75 s after the first, however the writes are cut into chunks; unlimited they take milliseconds.
    const piece = Buffer.from('NOOP\r\n'.repeat(500));
    const started = Date.now();
    for (let i = 0; i < 10; i++) {
      c.send(piece);
      await sleep(25);
    }
    for (let i = 0; i < 5000; i++) assert.equal((await c.reply(10_000)).code, 200);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 1200, `the commands were held back by the limit (${elapsed} ms)`);
    assert.ok(d.events('bandwidth-limited').length >= 1, 'the access restriction event is recorded');
  });
}

test('FTP: malformed and overlong input answers 500 and the session goes on; data commands say there is no file system', async () => {
  const d = await start();
  await d.apply(ftps({ inUse: true, tls: false }));
  const c = await d.connect();
  assert.equal((await c.reply()).code, 220);
  c.send(Buffer.from([0xff, 0xf4, 0xff, 0xfd, 0x06, 0x0d, 0x0a]));
  assert.equal((await c.reply()).code, 500);
  c.send(`NOOP ${'x'.repeat(5000)}`);
  assert.match((await c.reply()).text, /^500 .*too long/);
  assert.equal((await c.command('??')).code, 500);
  assert.equal((await c.command('XYZW')).code, 502);
  assert.equal((await c.command('PASV')).code, 530, 'log on first');
  assert.equal((await c.command(`USER ${ADMIN.name}`)).code, 331);
  assert.equal((await c.command(`PASS ${ADMIN.password}`)).code, 230);
  const pasv = await c.command('PASV');
  assert.equal(pasv.code, 502);
  assert.match(pasv.text, /no file system/);
  assert.equal((await c.command('LIST')).code, 425);
  assert.equal((await c.command('RETR a.txt')).code, 425);
  assert.equal((await c.command('CWD /x')).code, 550);
  // Many commands in one write are answered in order, one reply each.
  c.send('NOOP\r\nNOOP\r\nSYST\r\n');
  assert.deepEqual([(await c.reply()).code, (await c.reply()).code, (await c.reply()).code], [200, 200, 215]);
});

test('FTP: the IP filter refuses a listed address on the FTP service and records it', async () => {
  const d = await start();
  await d.apply({ ...ftps({ inUse: true, tls: false }), ipFilter: { enabled: true, mode: 'deny', entries: [{ address: '127.0.0.2' }] } });
  const denied = await d.connect('127.0.0.2');
  await denied.waitClosed(2000);
  assert.equal(denied.closed, true);
  const refused = d.events('ip-filter-refused');
  assert.equal(refused.length, 1);
  assert.match(refused[0]!.detail ?? '', /on ftp/);
  const allowed = await d.connect('127.0.0.3');
  assert.equal((await allowed.reply()).code, 220);
});

test('FTP: a restart drops every FTP session; stop closes the service', async () => {
  const d = await start();
  await d.apply(ftps({ inUse: true, tls: true }));
  const { c, code } = await logonOverTls(d);
  assert.equal(code, 230);
  await d.controller.restart();
  await c.waitClosed(3000);
  const port = d.ftpPort()!;
  await d.controller.stop();
  assert.equal(await tryConnect(port), 'refused');
});
