// Hostile neighbours on the virtual controller's own listeners (issue 14): idle and byte-trickling
// connections cannot keep a legitimate client out, on SLMP over TCP, over TLS and on the virtual USB cable.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from '../slmp/commands';
import { RawSlmpConnection } from './testing/raw-slmp-connection';
import { SlmpSession } from './slmp-session';
import { VirtualController } from './virtual-controller';
import { controllerCertificate } from './crypto-functions/testing/test-certificates';
import { MAX_CONNECTIONS_PER_LISTENER, MAX_CONNECTIONS_PER_SOURCE, TLS_HANDSHAKE_DEADLINE_MS } from './listener-set';

const root = mkdtempSync(join(tmpdir(), 'mxc-slots-'));
const opened: net.Socket[] = [];
after(() => {
  for (const s of opened) s.destroy();
  rmSync(root, { recursive: true, force: true });
});

class Client extends RawSlmpConnection {
  static over(socket: net.Socket): Client {
    return new Client(socket, 1000);
  }
}

type Where = { port: number; host: string } | { path: string };
const dial = (where: Where, localAddress?: string): net.Socket => {
  const s = 'path' in where ? net.connect(where.path) : net.connect({ ...where, ...(localAddress && { localAddress }) });
  s.on('error', () => undefined);
  opened.push(s);
  return s;
};

async function startController(): Promise<{ controller: VirtualController; tcp: Where; tlsAt: Where; usb: Where; ca: string }> {
  const cert = await controllerCertificate(new Date());
  const controller = new VirtualController({
    model: 'MXR300-32',
    stateDir: join(root, `c${opened.length}-${Date.now()}`),
    listeners: [
      { service: 'slmp', transport: 'tcp', host: '127.0.0.1', port: 0 },
      { service: 'slmp-tls', transport: 'tls', host: '127.0.0.1', port: 0, tls: { cert: cert.certificatePem, key: cert.privateKeyPem } },
      { service: 'usb', transport: 'usb', path: join(root, `usb-${Date.now()}.sock`) },
    ],
  });
  await controller.start();
  const list = controller.listeners.list();
  const at = (service: string): Where => {
    const l = list.find((x) => x.service === service)!;
    return l.transport === 'tcp' ? { host: l.host, port: l.port } : { path: (l as { path: string }).path };
  };
  return { controller, tcp: at('slmp'), tlsAt: at('slmp-tls'), usb: at('usb'), ca: cert.certificatePem };
}

/** 40 connections that send nothing and 40 that send one byte of a never-finished frame every 200 ms. */
async function squat(where: Where, firstBytes: Buffer): Promise<() => void> {
  const sockets: net.Socket[] = [];
  for (let i = 0; i < 80; i++) {
    const s = dial(where);
    await once(s, 'connect').catch(() => undefined);
    sockets.push(s);
  }
  let n = 0;
  const trickle = setInterval(() => {
    for (const s of sockets.slice(40)) if (!s.destroyed) s.write(firstBytes.subarray(n % firstBytes.length, (n % firstBytes.length) + 1));
    n++;
  }, 200);
  await new Promise((r) => setTimeout(r, 600));
  return () => {
    clearInterval(trickle);
    for (const s of sockets) s.destroy();
  };
}

async function answeredWithin(connect: () => Promise<net.Socket>): Promise<number> {
  const started = Date.now();
  const client = Client.over(await connect());
  const reply = await client.request(Command.ReadTypeName, 0);
  const took = Date.now() - started;
  assert.equal(reply.endCode, 0);
  client.close();
  return took;
}

// The first bytes of an SLMP 4E request header (never finished) and of a TLS record (ClientHello, never finished).
const SLMP_START = Buffer.from([0x54, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0x03, 0x00]);
const TLS_START = Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]);

test('40 idle and 40 trickling connections on each listener (TCP, TLS, virtual USB) cannot keep a new client from being answered within 1 s', async () => {
  const d = await startController();
  try {
    for (const [name, where, first, connect] of [
      ['SLMP over TCP', d.tcp, SLMP_START, async () => {
        const s = dial(d.tcp);
        await once(s, 'connect');
        return s;
      }],
      ['virtual USB cable', d.usb, SLMP_START, async () => {
        const s = dial(d.usb);
        await once(s, 'connect');
        return s;
      }],
      ['SLMP over TLS', d.tlsAt, TLS_START, async () => {
        const s = tls.connect({ ...(d.tlsAt as { host: string; port: number }), ca: d.ca, servername: undefined as unknown as string, checkServerIdentity: () => undefined });
        s.on('error', () => undefined);
        opened.push(s);
        await once(s, 'secureConnect');
        return s;
      }],
    ] as const) {
      const stop = await squat(where, first);
      try {
        const took = await answeredWithin(connect);
        assert.ok(took < 1000, `${name}: answered after ${took} ms`);
        // A second and third newcomer too: the squatters never win their slots back.
        assert.ok((await answeredWithin(connect)) < 1000, `${name}: second client`);
      } finally {
        stop();
      }
    }
  } finally {
    await d.controller.stop();
  }
});

test(`one source address holds at most ${MAX_CONNECTIONS_PER_SOURCE} of the ${MAX_CONNECTIONS_PER_LISTENER} slots: a client from another address keeps its connection while that source churns`, async () => {
  const d = await startController();
  try {
    const tcp = d.tcp as { host: string; port: number };
    // A served client on 127.0.0.1 first, then 60 squatters from 127.0.0.2.
    const mine = Client.over(dial(tcp));
    await once(mine.socket, 'connect');
    assert.equal((await mine.request(Command.ReadTypeName, 0)).endCode, 0);
    for (let i = 0; i < 60; i++) await once(dial(tcp, '127.0.0.2'), 'connect').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(mine.closed, false, 'the served client from another address kept its slot');
    assert.equal((await mine.request(Command.ReadTypeName, 0)).endCode, 0);
    const fromSquatter = d.controller.openConnections().filter((c) => c.remoteAddress === '127.0.0.2').length;
    assert.ok(fromSquatter <= MAX_CONNECTIONS_PER_SOURCE, `${fromSquatter} connections from one source`);
    mine.close();
  } finally {
    await d.controller.stop();
  }
});

test('a request frame that is not whole by its deadline closes the connection (a trickling peer holds nothing for long)', async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  server.on('connection', (s) => new SlmpSession(s, () => ({}), { idleTimeoutMs: 60_000, maxBufferedBytes: 65536, frameDeadlineMs: 300 }));
  const s = dial({ host: '127.0.0.1', port });
  await once(s, 'connect');
  const started = Date.now();
  let n = 0;
  const trickle = setInterval(() => s.writable && s.write(SLMP_START.subarray(n, ++n)), 50);
  try {
    // The device resets the connection (a reset is a close too; 'error' may come first).
    await new Promise((r) => s.once('close', r));
  } finally {
    clearInterval(trickle);
    server.close();
  }
  const took = Date.now() - started;
  assert.ok(took >= 250 && took < 3000, `closed after ${took} ms`);
});

test(`a TCP connection to the TLS service that never starts its handshake is closed after ${TLS_HANDSHAKE_DEADLINE_MS / 1000} s (it was held 120 s)`, { timeout: TLS_HANDSHAKE_DEADLINE_MS + 20_000 }, async () => {
  const d = await startController();
  try {
    const s = dial(d.tlsAt);
    await once(s, 'connect');
    const started = Date.now();
    await new Promise((r) => s.once('close', r));
    const took = Date.now() - started;
    assert.ok(took >= TLS_HANDSHAKE_DEADLINE_MS - 1000 && took < TLS_HANDSHAKE_DEADLINE_MS + 5000, `closed after ${took} ms`);
  } finally {
    await d.controller.stop();
  }
});
