// The SNTP client of a virtual MX controller: one unicast query as RFC 4330 (SNTPv4) describes it. The
// guideline names "communication by SNTP" among the communications to use only inside the trust
// boundary (2.4.7.1), so the device trusts nothing else about the answer: it must come from the server
// it asked (a connected UDP socket), echo the request's transmit timestamp in its originate field (the
// request carries random low-order bits, so an off-path sender cannot guess it), be a server reply
// (mode 4) of a synchronised server (leap indicator not 3, stratum 1-15) with a non-zero transmit time.
// Pure codec functions plus one bounded query; the device's schedule and policy are sntp-clock-sync.ts.

import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';

/** RFC 4330: the NTP/SNTP service port. The device uses it unless an install option says otherwise (tests). */
export const SNTP_PORT = 123;
/** RFC 4330 section 4: the SNTP message without authenticator is 48 bytes. */
export const SNTP_PACKET_BYTES = 48;
/** Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01). */
export const NTP_UNIX_EPOCH_DELTA_SECONDS = 2_208_988_800;

const TWO_POW_32 = 0x1_0000_0000;
const MODE_CLIENT = 3;
const MODE_SERVER = 4;
const VERSION = 4;
// The low 20 bits of the fraction (< 0.25 ms) are random: enough to make the echo unguessable, too
// little to matter for a clock kept to a fraction of a second.
const RANDOM_FRACTION_MASK = 0x000f_ffff;

export type SntpFailureCode = 'no-answer' | 'unreachable' | 'bad-answer' | 'unsynchronised-server';

/** Why a query gave no usable time. Its message names the server and never holds anything secret. */
export class SntpError extends Error {
  constructor(
    readonly code: SntpFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'SntpError';
  }
}

/** One answer, in the device clock's terms (RFC 4330 section 5). */
export interface SntpSample {
  /** How far the server's time is ahead of the device clock (negative: behind). */
  readonly offsetMs: number;
  readonly roundTripMs: number;
  readonly stratum: number;
}

/**
 * Writes `ms` (Unix milliseconds) as a 64-bit NTP timestamp; with `randomLowBits`, the fraction's low 20
 * bits are those instead (a request's unguessable transmit timestamp). Seconds wrap modulo 2^32: RFC 4330
 * section 3 reads a value with the top bit clear as era 1 (from 2036-02-07), so 2000-2099 round-trips.
 */
export function writeNtpTimestamp(target: Buffer, offset: number, ms: number, randomLowBits?: number): void {
  const totalSeconds = Math.floor(ms / 1000) + NTP_UNIX_EPOCH_DELTA_SECONDS;
  const fraction = Math.floor(((ms - Math.floor(ms / 1000) * 1000) / 1000) * TWO_POW_32);
  target.writeUInt32BE(totalSeconds % TWO_POW_32, offset);
  const bits = randomLowBits === undefined ? fraction : ((fraction & ~RANDOM_FRACTION_MASK) | (randomLowBits & RANDOM_FRACTION_MASK)) >>> 0;
  target.writeUInt32BE(bits, offset + 4);
}

/** Reads a 64-bit NTP timestamp as Unix milliseconds; null for the all-zero "not set" value. */
export function readNtpTimestamp(source: Buffer, offset: number): number | null {
  const seconds = source.readUInt32BE(offset);
  const fraction = source.readUInt32BE(offset + 4);
  if (seconds === 0 && fraction === 0) return null;
  // RFC 4330 section 3: top bit clear = era 1 (2036-2104), set = era 0 (1968-2036).
  const ntpSeconds = seconds < 0x8000_0000 ? seconds + TWO_POW_32 : seconds;
  return (ntpSeconds - NTP_UNIX_EPOCH_DELTA_SECONDS) * 1000 + (fraction / TWO_POW_32) * 1000;
}

/** A mode-3 (client) request whose transmit timestamp is `transmitMs` with random low-order bits. */
export function buildSntpRequest(transmitMs: number): Buffer {
  const packet = Buffer.alloc(SNTP_PACKET_BYTES);
  packet[0] = (0 << 6) | (VERSION << 3) | MODE_CLIENT; // LI 0, VN 4, mode 3
  writeNtpTimestamp(packet, 40, transmitMs, randomBytes(4).readUInt32BE(0));
  return packet;
}

export interface ParsedSntpReply {
  readonly stratum: number;
  /** Server receive time (T2) and transmit time (T3), Unix ms. */
  readonly receiveMs: number;
  readonly transmitMs: number;
}

/** Checks a reply against the request it answers (RFC 4330 section 5); throws SntpError when unusable. */
export function parseSntpReply(reply: Buffer, request: Buffer, server: string): ParsedSntpReply {
  if (reply.length < SNTP_PACKET_BYTES) throw new SntpError('bad-answer', `The SNTP server ${server} answered ${reply.length} bytes, not an SNTP message (48 bytes or more).`);
  const li = reply[0]! >> 6;
  const version = (reply[0]! >> 3) & 0x07;
  const mode = reply[0]! & 0x07;
  const stratum = reply[1]!;
  if (mode !== MODE_SERVER) throw new SntpError('bad-answer', `The SNTP server ${server} answered in mode ${mode}, not as a server (mode 4).`);
  if (version < 3 || version > 4) throw new SntpError('bad-answer', `The SNTP server ${server} answered protocol version ${version}; the device speaks SNTP version 3 or 4.`);
  if (!reply.subarray(24, 32).equals(request.subarray(40, 48))) {
    throw new SntpError('bad-answer', `The answer from ${server} does not echo the device's request (originate timestamp): it is not an answer to this query.`);
  }
  if (li === 3 || stratum === 0 || stratum > 15) {
    throw new SntpError('unsynchronised-server', `The SNTP server ${server} says it is not synchronised itself (leap indicator ${li}, stratum ${stratum}); check its own time source.`);
  }
  const transmitMs = readNtpTimestamp(reply, 40);
  if (transmitMs === null) throw new SntpError('bad-answer', `The SNTP server ${server} answered without a time (transmit timestamp 0).`);
  return { stratum, receiveMs: readNtpTimestamp(reply, 32) ?? transmitMs, transmitMs };
}

export interface SntpQueryOptions {
  readonly server: string;
  readonly port: number;
  /** One answer is awaited this long, then the query fails (no retry: the next scheduled run retries). */
  readonly timeoutMs: number;
  /** The device clock, Unix ms (T1 and T4 of RFC 4330). */
  readonly now: () => number;
  /** Aborting closes the socket at once (the device stops or restarts). */
  readonly signal?: AbortSignal;
}

/** Sends one request and waits for one valid reply; the socket is closed whatever happens. */
export function querySntp(options: SntpQueryOptions): Promise<SntpSample> {
  const { server, port, timeoutMs, now, signal } = options;
  return new Promise<SntpSample>((resolve, reject) => {
    const socket = createSocket('udp4');
    let request: Buffer | undefined;
    let t1 = 0;
    let settled = false;
    const finish = (error: Error | undefined, sample?: SntpSample): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      try {
        socket.close();
      } catch {
        // already closed
      }
      if (error) reject(error);
      else resolve(sample!);
    };
    const onAbort = (): void => finish(new SntpError('no-answer', `The query to the SNTP server ${server} was cancelled (the device stopped or restarted).`));
    const timer = setTimeout(
      () => finish(new SntpError('no-answer', `The SNTP server ${server} (UDP ${port}) did not answer within ${timeoutMs / 1000} s. Check that it runs and that nothing between blocks UDP ${port}.`)),
      timeoutMs,
    );
    timer.unref();
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // A connected UDP socket reports the ICMP "port unreachable" of a host without an SNTP server.
      const unreachable = e.code === 'ECONNREFUSED' || e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH';
      finish(new SntpError(unreachable ? 'unreachable' : 'no-answer', `The SNTP server ${server} (UDP ${port}) cannot be reached (${e.code ?? e.message}). Check its address and that it runs.`));
    });
    socket.on('message', (reply) => {
      const t4 = now();
      if (!request) return;
      try {
        const parsed = parseSntpReply(reply, request, server);
        // RFC 4330 section 5: offset = ((T2 - T1) + (T3 - T4)) / 2, delay = (T4 - T1) - (T3 - T2).
        const offsetMs = (parsed.receiveMs - t1 + (parsed.transmitMs - t4)) / 2;
        const roundTripMs = Math.max(0, t4 - t1 - (parsed.transmitMs - parsed.receiveMs));
        finish(undefined, { offsetMs, roundTripMs, stratum: parsed.stratum });
      } catch (e) {
        finish(e instanceof Error ? e : new SntpError('bad-answer', String(e)));
      }
    });
    socket.unref();
    // A connect that fails (no route, a broadcast address) reports to this callback, not as an 'error' event.
    socket.connect(port, server, (error?: Error) => {
      if (settled) return;
      if (error) {
        const code = (error as NodeJS.ErrnoException).code ?? error.message;
        return finish(new SntpError('unreachable', `The SNTP server ${server} (UDP ${port}) cannot be reached from the device (${code}). Check its address and the route to it.`));
      }
      t1 = now();
      request = buildSntpRequest(t1);
      socket.send(request, (e) => {
        if (e) finish(new SntpError('unreachable', `The request to the SNTP server ${server} (UDP ${port}) could not be sent (${(e as NodeJS.ErrnoException).code ?? e.message}).`));
      });
    });
  });
}
