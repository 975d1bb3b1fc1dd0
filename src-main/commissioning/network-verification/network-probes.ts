// What a PC on the controller's Ethernet can see, one probe at a time, over real sockets: a TCP connect, a
// UDP datagram (where ICMP answers "port unreachable"), an SLMP request (Read Type Name, a project security
// command), and TLS handshakes per version with the certificate presented. Every probe binds the PC address
// it is told (so a second address of the same PC tests the IP filter), is bounded in time, and closes
// everything it opened. Nothing here writes to the device or logs on.
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { parseCertificate } from '../../crypto/certificate';
import { SlmpClient } from '../../slmp/client';
import { encodeReadTypeName } from '../../slmp/commands';
import { SlmpEndCodeError } from '../../slmp/end-codes';
import { SecurityCommand } from '../../slmp/security-commands';
import { connectTcp } from '../../links/tcp-link';

// Project choice: 1.5 s per TCP/TLS attempt (a controller answers a SYN in milliseconds; an IP filter that
// drops silently is then "no answer" without stalling the run), 1 s for a UDP answer or ICMP.
export const TCP_PROBE_TIMEOUT_MS = 1500;
export const UDP_PROBE_TIMEOUT_MS = 1000;
// Project choice: an SLMP request is given 3 s (the monitoring timer is 80% of it).
export const SLMP_PROBE_TIMEOUT_MS = 3000;

export interface Endpoint {
  host: string;
  port: number;
}

/**
 * 'open': the connection was accepted (and stayed); 'dropped': accepted at TCP level and closed by the device
 * at once (an IP filter that refuses at accept time); 'closed': refused (RST); 'no-answer': nothing in time.
 */
export type TcpState = 'open' | 'dropped' | 'closed' | 'no-answer';

// Project choice: a connection the device keeps for 300 ms is "open"; one it closes before is "dropped".
const HOLD_MS = 300;

export function probeTcp(target: Endpoint, from: string): Promise<TcpState> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port, localAddress: from });
    let connected = false;
    const done = (state: TcpState): void => {
      clearTimeout(timer);
      clearTimeout(hold);
      socket.destroy();
      resolve(state);
    };
    let hold: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => done('no-answer'), TCP_PROBE_TIMEOUT_MS);
    socket.once('connect', () => {
      connected = true;
      clearTimeout(timer);
      hold = setTimeout(() => done('open'), HOLD_MS);
    });
    socket.once('close', () => done(connected ? 'dropped' : 'closed'));
    socket.once('error', (e: NodeJS.ErrnoException) => done(connected ? 'dropped' : e.code === 'ECONNREFUSED' ? 'closed' : 'no-answer'));
  });
}

/** 'closed': ICMP port unreachable came back; 'no-answer': nothing (open and silent, or filtered: UDP cannot tell). */
export type UdpState = 'closed' | 'no-answer' | 'answered';

export function probeUdp(target: Endpoint, from: string): Promise<UdpState> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(net.isIPv6(target.host) ? 'udp6' : 'udp4');
    let finished = false;
    const done = (state: UdpState): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.close();
      resolve(state);
    };
    const timer = setTimeout(() => done('no-answer'), UDP_PROBE_TIMEOUT_MS);
    // On a connected UDP socket the kernel reports an ICMP port unreachable as ECONNREFUSED.
    socket.on('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? 'closed' : 'no-answer'));
    socket.on('message', () => done('answered'));
    socket.bind({ address: from, port: 0 }, () => {
      socket.connect(target.port, target.host, () => {
        // One empty-ish datagram: no service of the controller does anything with a single zero byte.
        socket.send(Buffer.from([0]), (e) => {
          if (e) done((e as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 'closed' : 'no-answer');
        });
      });
    });
  });
}

export type SlmpOutcome<T> = { ok: true; value: T } | { ok: false; endCode?: number; failure: 'end-code' | 'connect-refused' | 'dropped' | 'no-answer' };

/** One SLMP request on a fresh connection from `from`; the connection is closed after. */
async function slmpOnce<T>(target: Endpoint, from: string, run: (client: SlmpClient) => Promise<T>): Promise<SlmpOutcome<T>> {
  let client: SlmpClient | undefined;
  try {
    const link = await connectTcp({ host: target.host, port: target.port, localAddress: from, timeoutMs: TCP_PROBE_TIMEOUT_MS });
    client = new SlmpClient(link, { timeoutMs: SLMP_PROBE_TIMEOUT_MS });
    return { ok: true, value: await run(client) };
  } catch (e) {
    if (e instanceof SlmpEndCodeError) return { ok: false, endCode: e.endCode, failure: 'end-code' };
    const code = (e as { code?: string }).code ?? '';
    const name = (e as Error).name ?? '';
    if (/REFUSED/i.test(code) || /refused/i.test((e as Error).message)) return { ok: false, failure: 'connect-refused' };
    if (name === 'SlmpLinkClosedError' || /closed/i.test((e as Error).message)) return { ok: false, failure: 'dropped' };
    return { ok: false, failure: 'no-answer' };
  } finally {
    await client?.close().catch(() => undefined);
  }
}

export function readTypeName(target: Endpoint, from: string): Promise<SlmpOutcome<{ model: string; modelCode: number }>> {
  return slmpOnce(target, from, (c) => c.readTypeName());
}

/**
 * Asks the project's capability command (7E00). A real controller, and a stock practice one, answers C059
 * (command not supported): the app then guides the engineering tool and verifies from the network.
 */
export function askSecurityCommands(target: Endpoint, from: string): Promise<SlmpOutcome<'supported'>> {
  return slmpOnce(target, from, async (c) => {
    await c.request({ command: SecurityCommand.Capabilities, subcommand: 0, data: Buffer.from('{}') });
    return 'supported' as const;
  });
}

export const READ_TYPE_NAME = encodeReadTypeName();

export interface PresentedCertificate {
  fingerprint256: string;
  subject: string;
  issuer: string;
  /** 'rsa-2048', 'ec-p256', ... */
  keyType: string;
  notBefore: string;
  notAfter: string;
  selfSigned: boolean;
}

export interface TlsServiceObservation {
  /** Which versions completed a handshake. */
  versions: { 'TLSv1.2': boolean; 'TLSv1.3': boolean };
  certificate: PresentedCertificate | null;
  /** Why no handshake completed (connection refused, dropped, no TLS spoken). */
  failure?: string;
}

function handshake(target: Endpoint, from: string, version: tls.SecureVersion): Promise<{ ok: true; certificate: PresentedCertificate | null } | { ok: false; why: string }> {
  return new Promise((resolve) => {
    // The certificate is not trusted by a CA here: it is read, judged and pinned by fingerprint instead.
    // The TCP socket binds the PC address; TLS runs on it.
    const raw = net.connect({ host: target.host, port: target.port, localAddress: from });
    let rawError: string | undefined;
    raw.on('error', (e: NodeJS.ErrnoException) => (rawError ??= e.code));
    const socket = tls.connect({ socket: raw, minVersion: version, maxVersion: version, rejectUnauthorized: false });
    const done = (v: { ok: true; certificate: PresentedCertificate | null } | { ok: false; why: string }): void => {
      clearTimeout(timer);
      socket.destroy();
      raw.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done({ ok: false, why: 'no answer' }), TCP_PROBE_TIMEOUT_MS * 2);
    socket.once('secureConnect', () => {
      const x509 = socket.getPeerX509Certificate();
      if (!x509) return done({ ok: true, certificate: null });
      const p = parseCertificate(x509.raw);
      done({
        ok: true,
        certificate: { fingerprint256: p.fingerprint256, subject: p.subject, issuer: p.issuer, keyType: p.publicKeyType, notBefore: p.notBefore.toISOString(), notAfter: p.notAfter.toISOString(), selfSigned: p.selfSigned },
      });
    });
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done({ ok: false, why: e.code === 'ECONNREFUSED' ? 'connection refused (port closed)' : e.code === 'ECONNRESET' ? 'connection dropped' : /version|protocol/i.test(e.message) ? 'version not offered' : 'handshake failed' }),
    );
    socket.once('close', () => done({ ok: false, why: rawError === 'ECONNREFUSED' ? 'connection refused (port closed)' : 'connection dropped' }));
  });
}

export async function probeTlsService(target: Endpoint, from: string): Promise<TlsServiceObservation> {
  const v12 = await handshake(target, from, 'TLSv1.2');
  const v13 = await handshake(target, from, 'TLSv1.3');
  const certificate = (v13.ok ? v13.certificate : null) ?? (v12.ok ? v12.certificate : null);
  return {
    versions: { 'TLSv1.2': v12.ok, 'TLSv1.3': v13.ok },
    certificate,
    ...(!v12.ok && !v13.ok ? { failure: v13.why === 'version not offered' ? v12.why : v13.why } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------
// Bandwidth (only on the technician's confirmation: it loads the controller)
// ---------------------------------------------------------------------------------------------------

// Project choice: a burst of at most 2 s or 4000 self-test echoes of 960 bytes, 16 in flight.
export const THROUGHPUT_BURST = { maxMs: 2000, maxRequests: 4000, inFlight: 16, chunk: 960 } as const;

export interface Throughput {
  /** Bytes the PC sent in requests that were answered. */
  bytes: number;
  ms: number;
  kbps: number;
}

const SELF_TEST_TEXT = '0123456789ABCDEF'.repeat(THROUGHPUT_BURST.chunk / 16);

/** SLMP Self test (0619) echoes on the SLMP port, as fast as the device answers; bounded in time and count. */
export async function measureSlmpThroughput(target: Endpoint, from: string): Promise<Throughput | undefined> {
  let client: SlmpClient | undefined;
  try {
    const link = await connectTcp({ host: target.host, port: target.port, localAddress: from, timeoutMs: TCP_PROBE_TIMEOUT_MS });
    client = new SlmpClient(link, { timeoutMs: SLMP_PROBE_TIMEOUT_MS, maxInFlight: THROUGHPUT_BURST.inFlight });
    const c = client;
    return await burst((): Promise<unknown> => c.selfTest(SELF_TEST_TEXT));
  } catch {
    return undefined;
  } finally {
    await client?.close().catch(() => undefined);
  }
}

/** The same burst against an echo server of this PC on `from`: what this PC can send at all. */
export async function measureLocalCapacity(from: string): Promise<Throughput> {
  const server = net.createServer((s) => {
    s.on('error', () => s.destroy());
    s.pipe(s);
  });
  await new Promise<void>((resolve) => server.listen({ host: from, port: 0 }, () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  const socket = net.connect({ host: from, port });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const payload = Buffer.alloc(THROUGHPUT_BURST.chunk, 0x41);
  let pending: Array<() => void> = [];
  let received = 0;
  socket.on('data', (d: Buffer) => {
    received += d.length;
    while (received >= THROUGHPUT_BURST.chunk && pending.length) {
      received -= THROUGHPUT_BURST.chunk;
      pending.shift()!();
    }
  });
  try {
    return await burst(() => new Promise<void>((resolve) => {
      pending.push(resolve);
      socket.write(payload);
    }));
  } finally {
    pending = [];
    socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function burst(once: () => Promise<unknown>): Promise<Throughput> {
  const started = Date.now();
  let requests = 0;
  let answered = 0;
  const worker = async (): Promise<void> => {
    while (Date.now() - started < THROUGHPUT_BURST.maxMs && requests < THROUGHPUT_BURST.maxRequests) {
      requests++;
      await once();
      answered++;
    }
  };
  await Promise.all(Array.from({ length: THROUGHPUT_BURST.inFlight }, worker));
  const ms = Math.max(1, Date.now() - started);
  const bytes = answered * THROUGHPUT_BURST.chunk;
  return { bytes, ms, kbps: Math.round((bytes * 8) / ms) };
}
