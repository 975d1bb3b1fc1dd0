// The device's SNTP client against a real SNTP server on loopback (RFC 4330), and the checks it makes on
// an answer: a time server that misbehaves must never move the device clock.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { buildSntpRequest, parseSntpReply, querySntp, readNtpTimestamp, SntpError, SNTP_PACKET_BYTES, writeNtpTimestamp, type SntpFailureCode } from './sntp-client';
import { startSntpServer, type TestSntpServer } from '../testing/sntp-server';

const servers: TestSntpServer[] = [];
after(async () => {
  for (const s of servers) await s.close();
});
async function server(options: Parameters<typeof startSntpServer>[0] = {}): Promise<TestSntpServer> {
  const s = await startSntpServer(options);
  servers.push(s);
  return s;
}

const isSntp = (code: SntpFailureCode) => (e: unknown) => {
  assert.ok(e instanceof SntpError, `expected an SntpError, got ${String(e)}`);
  assert.equal(e.code, code, e.message);
  return true;
};

test('NTP timestamps round-trip across the 2036 era change, to a hundredth of a millisecond', () => {
  const buf = Buffer.alloc(8);
  for (const iso of ['2000-01-01T00:00:00.000Z', '2026-11-28T10:04:34.567Z', '2036-02-07T06:28:15.999Z', '2036-02-07T06:28:16.001Z', '2099-12-31T23:59:59.999Z']) {
    const ms = Date.parse(iso);
    writeNtpTimestamp(buf, 0, ms);
    assert.ok(Math.abs(readNtpTimestamp(buf, 0)! - ms) < 0.01, iso);
  }
  // Zero means "not set" (RFC 4330 section 3) — the one instant 2036-02-07T06:28:16Z reads so too.
  assert.equal(readNtpTimestamp(Buffer.alloc(8), 0), null);
});

test('a request is 48 bytes, version 4, mode 3, with an unpredictable transmit timestamp', () => {
  const a = buildSntpRequest(Date.now());
  const b = buildSntpRequest(Date.now());
  assert.equal(a.length, SNTP_PACKET_BYTES);
  assert.equal(a[0], 0b00_100_011);
  assert.notDeepEqual(a.subarray(40, 48), b.subarray(40, 48));
});

test('an answer that is not a synchronised server echoing this request is refused', () => {
  const request = buildSntpRequest(Date.now());
  const good = Buffer.alloc(48);
  good[0] = 0b00_100_100;
  good[1] = 2;
  request.copy(good, 24, 40, 48);
  writeNtpTimestamp(good, 32, Date.now());
  writeNtpTimestamp(good, 40, Date.now());
  assert.equal(parseSntpReply(good, request, 's').stratum, 2);
  const variant = (edit: (b: Buffer) => void): Buffer => {
    const b = Buffer.from(good);
    edit(b);
    return b;
  };
  assert.throws(() => parseSntpReply(good.subarray(0, 47), request, 's'), isSntp('bad-answer'));
  assert.throws(() => parseSntpReply(variant((b) => (b[0] = 0b00_100_011)), request, 's'), isSntp('bad-answer'), 'mode 3 is a client, not a server');
  assert.throws(() => parseSntpReply(variant((b) => (b[25] = b[25]! ^ 1)), request, 's'), isSntp('bad-answer'), 'originate must echo the request');
  assert.throws(() => parseSntpReply(variant((b) => (b[0] = 0b11_100_100)), request, 's'), isSntp('unsynchronised-server'), 'LI 3 = alarm');
  assert.throws(() => parseSntpReply(variant((b) => (b[1] = 0)), request, 's'), isSntp('unsynchronised-server'), 'stratum 0 = kiss-o\'-death');
  assert.throws(() => parseSntpReply(variant((b) => (b[1] = 16)), request, 's'), isSntp('unsynchronised-server'), 'stratum 16 = unsynchronised');
  assert.throws(() => parseSntpReply(variant((b) => b.fill(0, 40, 48)), request, 's'), isSntp('bad-answer'), 'no transmit time');
});

test('a query measures how far the server is from the device clock', async () => {
  const s = await server({ offsetMs: 42_000 });
  const sample = await querySntp({ server: s.host, port: s.port, timeoutMs: 2000, now: () => Date.now() });
  assert.ok(Math.abs(sample.offsetMs - 42_000) < 200, `offset ${sample.offsetMs}`);
  assert.ok(sample.roundTripMs >= 0 && sample.roundTripMs < 1000);
  // The same server seen from a device clock 10 s ahead of the PC: the server is 32 s ahead of it.
  const ahead = await querySntp({ server: s.host, port: s.port, timeoutMs: 2000, now: () => Date.now() + 10_000 });
  assert.ok(Math.abs(ahead.offsetMs - 32_000) < 200, `offset ${ahead.offsetMs}`);
  assert.equal(s.requests, 2, 'one datagram per query, no retries');
});

test('a silent server fails the query after the timeout, with one request sent', async () => {
  const s = await server({ behaviour: 'silent' });
  const started = Date.now();
  await assert.rejects(querySntp({ server: s.host, port: s.port, timeoutMs: 300, now: () => Date.now() }), isSntp('no-answer'));
  const took = Date.now() - started;
  assert.ok(took >= 250 && took < 2000, `took ${took} ms`);
  assert.equal(s.requests, 1);
});

test('garbage, a wrong echo and an unsynchronised server are each refused', async () => {
  const s = await server();
  const ask = () => querySntp({ server: s.host, port: s.port, timeoutMs: 1000, now: () => Date.now() });
  s.behaviour = 'garbage';
  await assert.rejects(ask(), isSntp('bad-answer'));
  s.behaviour = 'wrong-echo';
  await assert.rejects(ask(), isSntp('bad-answer'));
  s.behaviour = 'unsynchronised';
  await assert.rejects(ask(), isSntp('unsynchronised-server'));
});

test('no server on the port: unreachable at once (ICMP port unreachable), not a long wait', async () => {
  // A port that was just free: bind, note, close.
  const probe = createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const port = probe.address().port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const started = Date.now();
  await assert.rejects(querySntp({ server: '127.0.0.1', port, timeoutMs: 1500, now: () => Date.now() }), isSntp('unreachable'));
  assert.ok(Date.now() - started < 1000);
});

test('an address the device cannot send to (a subnet broadcast) fails the query as unreachable instead of crashing the process', async () => {
  // Nothing leaves this computer: a UDP socket without SO_BROADCAST is refused locally (EACCES).
  const started = Date.now();
  await assert.rejects(querySntp({ server: '192.0.2.255', port: 123, timeoutMs: 1500, now: () => Date.now() }), isSntp('unreachable'));
  assert.ok(Date.now() - started < 1000, 'refused at once, not at the timeout');
});

test('aborting a query closes it at once', async () => {
  const s = await server({ behaviour: 'silent' });
  const abort = new AbortController();
  const pending = querySntp({ server: s.host, port: s.port, timeoutMs: 5000, now: () => Date.now(), signal: abort.signal });
  setTimeout(() => abort.abort(), 20);
  const started = Date.now();
  await assert.rejects(pending, isSntp('no-answer'));
  assert.ok(Date.now() - started < 1000);
});
