// Access control by path over real sockets: IP filter (2.4.8, Table 17 row 8), default open ports
// (2.4.9, row 9), bandwidth limitation (2.4.10, row 10). Peers are 127.0.0.x source addresses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { Command, Subcommand } from '../../slmp/commands';
import { SecurityCommand as C, SecurityOperation as Op } from '../../slmp/security-commands';
import { connectSecurityClient, securedControllersForTests, type SecuredController } from '../testing/security-client';

const start = securedControllersForTests('mxc-sec-net-');

/** Writes parameter blocks over the USB cable (factory: no logon needed) and restarts the controller. */
async function applyParameters(r: SecuredController, blocks: Record<string, unknown>): Promise<void> {
  const usb = await r.connectUsb();
  assert.deepEqual((await usb.ok(C.Parameters, Op.Parameters.Write, { blocks })).rejected, []);
  usb.close();
  await r.controller.restart();
}

async function events(r: SecuredController): Promise<Array<{ name: string; peer?: string; detail?: string }>> {
  const usb = await r.connectUsb();
  const records = (await usb.ok(C.EventHistory, Op.EventHistory.Read, { max: 50 })).records as Array<{ name: string; peer?: string; detail?: string }>;
  usb.close();
  return records;
}

function tryConnect(port: number, localAddress = '127.0.0.1'): Promise<'refused' | 'connected'> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', () => resolve('refused'));
  });
}

test('Table 17 row 8: with a deny-list, a listed address is cut off at once and recorded; others communicate', async () => {
  const r = await start();
  await applyParameters(r, { ipFilter: { enabled: true, mode: 'deny', entries: [{ address: '127.0.0.2' }] } });
  const denied = await connectSecurityClient({ port: r.slmpPort! }, { localAddress: '127.0.0.2' });
  await denied.waitClosed(2000);
  const allowed = await connectSecurityClient({ port: r.slmpPort! }, { localAddress: '127.0.0.3' });
  assert.equal((await allowed.request(Command.ReadTypeName, Subcommand.None)).endCode, 0);
  allowed.close();
  const refused = (await events(r)).filter((e) => e.name === 'ip-filter-refused');
  assert.equal(refused.length, 1);
  assert.equal(refused[0]!.peer, '127.0.0.2');
  assert.match(refused[0]!.detail ?? '', /access refused by IP filter/);
});

test('Table 17 row 8: with an allow-list, only the listed addresses communicate; the USB cable is not filtered', async () => {
  const r = await start();
  await applyParameters(r, { ipFilter: { enabled: true, mode: 'allow', entries: [{ address: '127.0.0.4' }, { address: '127.0.0.8/30' }] } });
  for (const [address, expected] of [['127.0.0.4', true], ['127.0.0.9', true], ['127.0.0.5', false], ['127.0.0.1', false]] as const) {
    const c = await connectSecurityClient({ port: r.slmpPort! }, { localAddress: address });
    if (expected) assert.equal((await c.request(Command.ReadTypeName, Subcommand.None)).endCode, 0, address);
    else await c.waitClosed(2000);
    c.close();
  }
  const usb = await r.connectUsb();
  assert.equal((await usb.request(Command.ReadTypeName, Subcommand.None)).endCode, 0);
  usb.close();
});

/**
 * A UDP probe as the PC sees it: a datagram to a closed port on this host comes back as "port
 * unreachable" (a connected UDP socket reports ECONNREFUSED); a bound port that answers nothing stays
 * silent. Bounded by `ms`.
 */
function probeUdp(port: number, ms = 400): Promise<'refused' | 'silent'> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    let again: ReturnType<typeof setTimeout> | undefined;
    let finished = false;
    const done = (result: 'refused' | 'silent') => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(again);
      socket.close();
      resolve(result);
    };
    const timer = setTimeout(() => done('silent'), ms);
    socket.on('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? 'refused' : 'silent'));
    socket.connect(port, '127.0.0.1', () => {
      socket.send(Buffer.from([0x57, 0x00]));
      // The ICMP answer arrives asynchronously; a second datagram surfaces it as an error on Linux.
      again = setTimeout(() => {
        if (!finished) socket.send(Buffer.from([0x57, 0x00]), () => undefined);
      }, 100);
    });
  });
}

test('Table 17 row 9 (UDP): a default open UDP service set closed is no longer there after the restart', async () => {
  const r = await start();
  const cpuSearch = r.listener('cpu-search');
  assert.ok(cpuSearch && cpuSearch.transport === 'udp', 'CPU search is open by default, on a real UDP socket');
  assert.equal(cpuSearch.networkPort, 'port3');
  assert.equal(await probeUdp(cpuSearch.port), 'silent', 'open: the datagram is taken (and not answered)');
  await applyParameters(r, { defaultOpenPorts: { port3: { 'cpu-search': 'closed' } } });
  assert.equal(r.listener('cpu-search'), undefined);
  assert.equal(await probeUdp(cpuSearch.port), 'refused', 'closed: the PC is told the port is unreachable');
  assert.ok(r.listener('melsoft-udp'), 'the other UDP default services stay open');
});

test('Table 17 row 9: a default open port set closed refuses connections after the restart, and is announced', async () => {
  const r = await start();
  const melsoft = r.listener('melsoft-tcp');
  assert.ok(melsoft && melsoft.transport === 'tcp');
  assert.equal(melsoft.networkPort, 'port3');
  assert.equal(melsoft.nominalPort, 5007);
  assert.equal(await tryConnect(melsoft.port), 'connected');
  const changes: string[][] = [];
  r.controller.listeners.onChange((l) => changes.push(l.map((x) => x.service)));
  const usb = await r.connectUsb();
  assert.deepEqual((await usb.ok(C.Parameters, Op.Parameters.Write, { blocks: { defaultOpenPorts: { port3: { 'melsoft-tcp': 'closed' } } } })).rejected, []);
  assert.equal(await tryConnect(melsoft.port), 'connected', 'pending until the restart');
  usb.close();
  await r.controller.restart();
  assert.equal(r.listener('melsoft-tcp'), undefined);
  assert.equal(await tryConnect(melsoft.port), 'refused');
  assert.ok(r.listener('opc-ua'), 'the other default service stays open');
  assert.ok(r.listener('usb'), 'the USB cable is never closed by this setting');
  assert.ok(r.listener('slmp'), 'the SLMP port opened by parameters is not a default open port');
  assert.deepEqual(changes.at(-1)?.sort(), ['auto-open-udp', 'cpu-search', 'melsoft-direct', 'melsoft-udp', 'opc-ua', 'slmp', 'usb']);
});

test('Table 13: SLMP set to TLS closes the plain SLMP TCP service at the restart', async () => {
  const r = await start('MXF100-16-N32');
  const use = { inUse: true, beyondTrustBoundary: false, tls: false };
  await applyParameters(r, {
    encryptedCommunication: { tlsVersion: '1.2/1.3', functions: { 'melsoft-got': use, slmp: { ...use, tls: true }, ftps: use, socket: use, 'opc-ua': use } },
  });
  assert.equal(r.listener('slmp'), undefined);
  assert.ok(r.listener('usb'));
});

test('Table 17 row 10: traffic below the bandwidth threshold passes untouched and raises no event', async () => {
  const r = await start();
  // 64 kbit/s = 8000 bytes/s each way; a 1 s bucket.
  await applyParameters(r, { bandwidthLimit: { enabled: true, sendKbps: 64, receiveKbps: 64 } });
  const c = await r.connect();
  const started = Date.now();
  for (let i = 0; i < 20; i++) assert.equal((await c.request(Command.SelfTest, Subcommand.None, selfTest(100))).endCode, 0);
  assert.ok(Date.now() - started < 800, 'not slowed down');
  c.close();
  assert.equal((await events(r)).filter((e) => e.name === 'bandwidth-limited').length, 0);
});

test('Table 17 row 10: traffic above the threshold is slowed down to the limit and raises one access restriction event', async () => {
  const r = await start();
  await applyParameters(r, { bandwidthLimit: { enabled: true, sendKbps: 64, receiveKbps: 64 } });
  const c = await r.connect();
  const started = Date.now();
  // 20 x ~970 bytes each way = ~19.4 KB: the 8000-byte bucket, then ~11.4 KB at 8000 bytes/s.
  for (let i = 0; i < 20; i++) assert.equal((await c.request(Command.SelfTest, Subcommand.None, selfTest(960))).endCode, 0);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 1200 && elapsed < 6000, `throttled to the limit (${elapsed} ms)`);
  c.close();
  const limited = (await events(r)).filter((e) => e.name === 'bandwidth-limited');
  assert.ok(limited.length >= 1 && limited.length <= 2, `one event per episode and direction (${limited.length})`);
  assert.match(limited[0]!.detail ?? '', /access restriction/);
  const usb = await r.connectUsb();
  assert.equal(((await usb.ok(C.Diagnostics, Op.Diagnostics.Read)).flags as Record<string, boolean>).bandwidthLimited, true);
  usb.close();
});

function selfTest(bytes: number): Buffer {
  const data = Buffer.alloc(2 + bytes, 0x41);
  data.writeUInt16LE(bytes, 0);
  return data;
}

test('Table 9 row 8: the Ethernet alive check timer in effect closes a connection that stays silent', async () => {
  const r = await start();
  await applyParameters(r, { sessionTimers: { logoffTimeoutMinutes: 30, ethernetAliveCheckSeconds: 1, ftpSessionTimeoutSeconds: 60 } });
  const c = await r.connect();
  assert.equal((await c.request(Command.ReadTypeName, Subcommand.None)).endCode, 0);
  const started = Date.now();
  await c.waitClosed(4000);
  assert.ok(Date.now() - started >= 800, 'not before the timer ran out');
});
