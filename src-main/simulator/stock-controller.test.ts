// The stock virtual controller behaves as the facts describe a real MX-R/MX-F: no SLMP port at the factory,
// MELSOFT and the other default services listening and speaking nothing, C059 to the project's security
// commands, a USB cable that carries no SLMP, and security settings that change only through the
// engineering-tool stand-in, after which the IP filter, closed ports and TLS service act for real.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVirtualController, type RunningController } from './start-virtual-controller';
import { RawSlmpConnection } from './testing/raw-slmp-connection';
import { Command, Subcommand } from '../slmp/commands';
import { SecurityCommand } from '../slmp/security-commands';
import { serveEngineeringTool } from './engineering-tool-stand-in';
import { EngineeringToolClient } from './testing/engineering-tool-client';

const root = mkdtempSync(join(tmpdir(), 'mxc-stock-'));
const running: RunningController[] = [];
after(async () => {
  for (const r of running) await r.stop();
  rmSync(root, { recursive: true, force: true });
});

async function stock(name: string, opts: { slmpPort?: number } = {}): Promise<RunningController> {
  const r = await startVirtualController({
    model: 'MXR300-32',
    host: '127.0.0.1',
    stateDir: join(root, name),
    usbSocket: join(root, `${name}.sock`),
    ...(opts.slmpPort !== undefined ? { slmpPort: opts.slmpPort } : {}),
    stock: { host: '127.0.0.1', tls: { host: '127.0.0.1', port: 0 } },
  });
  running.push(r);
  return r;
}

const tcpPort = (r: RunningController, service: string): number => {
  const l = r.listeners.find((x) => x.service === service);
  assert.ok(l && (l.transport === 'tcp' || l.transport === 'udp'), `${service} listens`);
  return l.port;
};

/** Connects from `localAddress`; resolves 'answered', 'dropped' (closed by the device) or 'silent'. */
function sendTypeName(port: number, localAddress = '127.0.0.1'): Promise<'answered' | 'dropped' | 'silent'> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress });
    const done = (v: 'answered' | 'dropped' | 'silent'): void => {
      clearTimeout(timer);
      s.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done('silent'), 1500);
    s.once('connect', () => s.write(Buffer.from('54000000000000FFFF0300060010000101' + '0000', 'hex')));
    s.once('data', () => done('answered'));
    s.once('close', () => done('dropped'));
    s.once('error', () => done('dropped'));
  });
}

test('a factory-state stock controller opens no SLMP port; MELSOFT and the other default services listen and speak nothing', async () => {
  const r = await stock('factory');
  assert.equal(r.listeners.some((l) => l.service === 'slmp'), false, 'no SLMP port at the factory');
  const services = r.listeners.map((l) => l.service).sort();
  for (const s of ['melsoft-tcp', 'melsoft-udp', 'cpu-search', 'auto-open-udp', 'opc-ua']) assert.ok(services.includes(s), `${s} open at the factory`);
  assert.equal(await sendTypeName(tcpPort(r, 'melsoft-tcp')), 'silent', 'MELSOFT TCP accepts but does not speak SLMP');
  assert.ok(r.engineeringTool, 'the stand-in for the engineering tool comes with a stock controller');
});

test('the USB cable of a stock controller carries no SLMP: a Read Type Name gets no answer', async () => {
  const r = await stock('usb');
  const c = await RawSlmpConnection.connect({ path: join(root, 'usb.sock') });
  try {
    c.writeRaw(Buffer.from('54000000000000FFFF03000600100001010000', 'hex'));
    await assert.rejects(c.nextFrame(800), /no response/);
  } finally {
    c.close();
  }
  assert.ok(r);
});

test('with the SLMP port the engineering tool opened: standard SLMP is answered, the security commands get C059', async () => {
  const r = await stock('slmp', { slmpPort: 0 });
  const c = await RawSlmpConnection.connect({ host: '127.0.0.1', port: tcpPort(r, 'slmp') });
  try {
    const name = await c.request(Command.ReadTypeName, Subcommand.None);
    assert.equal(name.endCode, 0);
    assert.match(name.data.subarray(0, 16).toString('ascii'), /^MXR300-32/);
    for (const command of [SecurityCommand.Capabilities, SecurityCommand.Session, SecurityCommand.Parameters, SecurityCommand.Users]) {
      const refused = await c.request(command, command === SecurityCommand.Capabilities ? 0 : 1, Buffer.from('{}'));
      assert.equal(refused.endCode, 0xc059, `command ${command.toString(16)} not supported`);
    }
  } finally {
    c.close();
  }
});

test('settings written through the stand-in take effect at the reset: ports closed, IP filter, TLS service with the certificate', async () => {
  const r = await stock('commissioned', { slmpPort: 0 });
  const tool = r.engineeringTool!;
  const slmp = tcpPort(r, 'slmp');
  const rejected = tool.writeParameters({ ipFilter: { enabled: true, mode: 'allow', entries: [] } as never, defaultOpenPorts: { port3: { 'melsoft-tcp': 'sideways' } } });
  assert.ok(rejected.rejected.length > 0, 'the device rules check the stand-in writes too');
  assert.deepEqual(
    tool.writeParameters({
      ipFilter: { enabled: true, mode: 'allow', entries: [{ address: '127.0.0.1' }] },
      defaultOpenPorts: { port3: { 'melsoft-tcp': 'closed', 'auto-open-udp': 'closed', 'cpu-search': 'closed' } },
      encryptedCommunication: { tlsVersion: '1.3', functions: { slmp: { inUse: true, beyondTrustBoundary: false, tls: false } } },
    }).rejected,
    [],
  );
  const { fingerprint256 } = await tool.writeCertificate({ validityDays: 365 });
  assert.equal(r.listeners.some((l) => l.service === 'slmp-tls'), false, 'nothing changes before the reset');
  assert.equal(tool.state().pendingRestart, true);
  await tool.reset();
  const services = r.listeners.map((l) => l.service);
  assert.equal(services.includes('melsoft-tcp'), false, 'MELSOFT TCP closed after the reset');
  assert.equal(services.includes('cpu-search'), false);
  assert.ok(services.includes('slmp-tls'), 'the TLS service opens with the certificate in effect');
  assert.equal(await sendTypeName(slmp, '127.0.0.1'), 'answered', 'the allowed PC is answered');
  assert.equal(await sendTypeName(slmp, '127.0.0.2'), 'dropped', 'another address is dropped by the IP filter');
  const peer = await new Promise<tls.PeerCertificate>((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port: tcpPort(r, 'slmp-tls'), rejectUnauthorized: false }, () => {
      resolve(s.getPeerCertificate());
      s.destroy();
    });
    s.once('error', reject);
  });
  assert.equal(peer.fingerprint256, fingerprint256);
});

test('the control channel carries the stand-in: write, reset and state, one JSON object per line', async () => {
  const r = await stock('channel', { slmpPort: 0 });
  const channel = await serveEngineeringTool(r.engineeringTool!, join(root, 'tool.sock'));
  const client = await EngineeringToolClient.connect(channel.path);
  try {
    assert.deepEqual((await client.writeParameters({ defaultOpenPorts: { port3: { 'melsoft-tcp': 'closed' } } })).rejected, []);
    assert.equal((await client.state()).pendingRestart, true);
    await client.reset();
    assert.equal(r.listeners.some((l) => l.service === 'melsoft-tcp'), false);
    await assert.rejects(client.call({ op: 'format-the-disk' } as never), /unknown operation/);
  } finally {
    client.close();
    await channel.close();
  }
});
