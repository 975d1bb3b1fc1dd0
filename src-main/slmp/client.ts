// SLMP client over any Link. 4E (default): requests carry a serial number, many are in flight at once
// and responses are matched by serial, in whatever order the device answers. 3E: the frame has no
// serial, so exactly one request is in flight and responses are matched by order.
// The client never splits a request: a range over the device's limit is refused before sending, so the
// technician sees the limit rather than a silently different number of frames.

import type { Link } from '../links/link';
import {
  decodeBitsResponse,
  decodeSelfTest,
  decodeTypeNameResponse,
  decodeWordsResponse,
  encodeDeviceRead,
  encodeDeviceWriteBits,
  encodeDeviceWriteWords,
  encodeErrorClear,
  encodeReadTypeName,
  encodeRemoteLatchClear,
  encodeRemotePause,
  encodeRemoteReset,
  encodeRemoteRun,
  encodeRemoteStop,
  encodeSelfTest,
  commandName,
  SlmpDataError,
  type CommandData,
} from './commands';
import type { DeviceName } from './devices';
import { SlmpEndCodeError } from './end-codes';
import {
  DEFAULT_ROUTE,
  decodeResponse,
  encodeRequest,
  frameLength,
  SlmpFrameError,
  type FrameFormat,
  type Route,
} from './frame';

export interface SlmpClientOptions {
  /** Default '4E'. */
  format?: FrameFormat;
  /** Per-request timeout, counted from the call (time spent queued included). Default 5000. */
  timeoutMs?: number;
  route?: Route;
  /** 4E pipelining depth, default 16; 3E is always 1. */
  maxInFlight?: number;
  /** First 4E serial No. to use (default 0); lets tests see the wrap from FFFF to 0. */
  firstSerial?: number;
}

export interface RequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * The device is expected not to answer (remote RESET: the CPU restarts and drops TCP). The request
   * resolves with empty data when the link closes or a response arrives within the timeout.
   */
  expectNoResponse?: boolean;
}

// Project choice: default timeout 5000 ms, default 4E pipelining depth 16, and at most 1024 timed-out
// 4E serials remembered (so a late answer to one is dropped instead of being taken for a protocol
// error). The monitoring timer sent to the device is 80% of the request's timeout, in 250 ms units
// (5000 ms -> 0x0010, the value of the published vectors), so a device that gives up on its target
// answers with its own end code before the app gives up on the device.
export const CLIENT_DEFAULTS = { timeoutMs: 5000, maxInFlight: 16, rememberedLateSerials: 1024, timerShare: 0.8 } as const;

/** The device did not answer in time. */
export class SlmpTimeoutError extends Error {
  override readonly name = 'SlmpTimeoutError';
  readonly code = 'slmp-timeout' as const;
  readonly command: number;
  constructor(command: number, timeoutMs: number) {
    super(
      `No answer to ${commandName(command)} within ${timeoutMs} ms. Check that the device is powered, the cable ` +
        'or network path, the address and port, and that the SLMP port is open in the device parameters.',
    );
    this.command = command;
  }
}

/** The link closed (or was closed) before the device answered. */
export class SlmpLinkClosedError extends Error {
  override readonly name = 'SlmpLinkClosedError';
  readonly code = 'slmp-link-closed' as const;
  constructor(reason: string, cause?: unknown) {
    super(`The connection to the device closed before it answered: ${reason}. Check the cable or network and the device's power, then connect again.`, cause === undefined ? undefined : { cause });
  }
}

interface Pending {
  cmd: CommandData;
  /** Encoded when the request is made (so bad input fails at once); the 4E serial is patched in when sent. */
  frame: Buffer;
  timeoutMs: number;
  expectNoResponse: boolean;
  resolve: (data: Buffer) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout | undefined;
  removeAbortListener: (() => void) | undefined;
  serial: number;
  state: 'queued' | 'sent';
  /** The caller has its answer (or its error) already; a 3E slot may still wait for the device. */
  settled: boolean;
}

export class SlmpClient {
  readonly link: Link;
  readonly format: FrameFormat;
  private readonly timeoutMs: number;
  private readonly route: Route;
  private readonly maxInFlight: number;
  private readonly queue: Pending[] = [];
  /** 4E: by serial. 3E: at most one entry, key 0. */
  private readonly inFlight = new Map<number, Pending>();
  /** 4E serials given up on (timeout, abort) whose late answers are dropped quietly. */
  private readonly lateSerials = new Set<number>();
  private nextSerial = 0;
  private rx: Buffer = Buffer.alloc(0);
  /** Bytes this client put on the link and took from it (frames, headers included): a link's real load. */
  private traffic = { sent: 0, received: 0 };
  private shutDown = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(link: Link, options: SlmpClientOptions = {}) {
    this.link = link;
    this.format = options.format ?? '4E';
    this.timeoutMs = options.timeoutMs ?? CLIENT_DEFAULTS.timeoutMs;
    this.route = options.route ?? DEFAULT_ROUTE;
    const depth = options.maxInFlight ?? CLIENT_DEFAULTS.maxInFlight;
    if (!Number.isInteger(depth) || depth < 1 || depth > 4096) throw new RangeError(`maxInFlight must be 1 to 4096, got ${depth}`);
    if (!(this.timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${this.timeoutMs}`);
    this.maxInFlight = this.format === '3E' ? 1 : depth;
    this.nextSerial = options.firstSerial ?? 0;
    if (!Number.isInteger(this.nextSerial) || this.nextSerial < 0 || this.nextSerial > 0xffff) {
      throw new RangeError(`firstSerial must be 0 to 65535, got ${this.nextSerial}`);
    }
    this.unsubscribe.push(
      link.onData((chunk) => this.onData(chunk)),
      link.onClose((error) => this.onLinkClose(error)),
    );
    if (link.closed) this.shutdownAll(() => new SlmpLinkClosedError('the link was already closed'));
  }

  /** Requests sent and not yet answered plus those waiting to be sent. */
  get pendingCount(): number {
    return this.inFlight.size + this.queue.length;
  }

  /** Resolves with the response data of a successful request. */
  request(cmd: CommandData, options: RequestOptions = {}): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      if (this.shutDown || this.link.closed) {
        reject(new SlmpLinkClosedError('the link is closed'));
        return;
      }
      const signal = options.signal;
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const timeoutMs = options.timeoutMs ?? this.timeoutMs;
      let frame: Buffer;
      try {
        frame = encodeRequest({
          format: this.format,
          serial: 0,
          route: this.route,
          timer: monitoringTimer(timeoutMs),
          command: cmd.command,
          subcommand: cmd.subcommand,
          data: cmd.data,
        });
      } catch (error) {
        reject(error);
        return;
      }
      const p: Pending = {
        cmd,
        frame,
        timeoutMs,
        expectNoResponse: options.expectNoResponse ?? false,
        resolve,
        reject,
        timer: undefined,
        removeAbortListener: undefined,
        serial: 0,
        state: 'queued',
        settled: false,
      };
      p.timer = setTimeout(() => this.onTimeout(p), timeoutMs);
      if (signal) {
        const onAbort = (): void => this.onAbort(p, abortReason(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        p.removeAbortListener = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(p);
      this.pump();
    });
  }

  async readTypeName(): Promise<{ model: string; modelCode: number }> {
    const data = await this.request(encodeReadTypeName());
    return decodeReply(() => decodeTypeNameResponse(data));
  }

  async readWords(device: DeviceName, head: number, points: number): Promise<number[]> {
    const data = await this.request(encodeDeviceRead({ device, head, points, unit: 'word' }));
    return decodeReply(() => decodeWordsResponse(data, points));
  }

  async writeWords(device: DeviceName, head: number, values: readonly number[]): Promise<void> {
    await this.requestNoData(encodeDeviceWriteWords({ device, head, values }));
  }

  async readBits(device: DeviceName, head: number, points: number): Promise<boolean[]> {
    const data = await this.request(encodeDeviceRead({ device, head, points, unit: 'bit' }));
    return decodeReply(() => decodeBitsResponse(data, points));
  }

  async writeBits(device: DeviceName, head: number, values: readonly boolean[]): Promise<void> {
    await this.requestNoData(encodeDeviceWriteBits({ device, head, values }));
  }

  async remoteRun(opts: { force?: boolean; clear?: 0 | 1 | 2 } = {}): Promise<void> {
    await this.requestNoData(encodeRemoteRun(opts));
  }

  async remoteStop(): Promise<void> {
    await this.requestNoData(encodeRemoteStop());
  }

  async remotePause(opts: { force?: boolean } = {}): Promise<void> {
    await this.requestNoData(encodeRemotePause(opts));
  }

  async remoteLatchClear(): Promise<void> {
    await this.requestNoData(encodeRemoteLatchClear());
  }

  /** A CPU usually resets without answering and drops TCP: resolves on that close or on a response. */
  async remoteReset(options: { timeoutMs?: number } = {}): Promise<void> {
    await this.request(encodeRemoteReset(), { ...options, expectNoResponse: true });
  }

  async errorClear(): Promise<void> {
    await this.requestNoData(encodeErrorClear());
  }

  /** Loopback test: the device echoes `text` (1-960 characters of 0-9, A-F). */
  async selfTest(text: string): Promise<string> {
    const data = await this.request(encodeSelfTest(text));
    const echoed = decodeReply(() => decodeSelfTest(data));
    if (echoed !== text) throw new SlmpFrameError('bad-response-data', 'the self test echo differs from the text sent');
    return echoed;
  }

  async close(): Promise<void> {
    this.shutdownAll(() => new SlmpLinkClosedError('the app closed the connection'));
    await this.link.close();
  }

  private async requestNoData(cmd: CommandData): Promise<void> {
    const data = await this.request(cmd);
    if (data.length !== 0) {
      throw new SlmpFrameError('bad-response-data', `${commandName(cmd.command)} answered ${data.length} bytes where none were expected`);
    }
  }

  private pump(): void {
    while (!this.shutDown && this.queue.length > 0 && this.inFlight.size < this.maxInFlight) {
      const p = this.queue.shift()!;
      p.serial = this.format === '4E' ? this.allocateSerial() : 0;
      p.state = 'sent';
      this.inFlight.set(p.serial, p);
      if (this.format === '4E') p.frame.writeUInt16LE(p.serial, SERIAL_OFFSET);
      let written: Promise<void>;
      try {
        written = this.link.write(p.frame);
        this.traffic.sent += p.frame.length;
      } catch (error) {
        written = Promise.reject(error);
      }
      written.catch((error: unknown) => {
        if (this.inFlight.get(p.serial) !== p) return;
        this.inFlight.delete(p.serial);
        this.settle(p, () => p.reject(new SlmpLinkClosedError('sending the request failed', error)));
        this.pump();
      });
    }
  }

  /** Serials wrap within 16 bits and skip any still in flight or awaiting a late answer. */
  private allocateSerial(): number {
    for (let i = 0; i < 0x10000; i++) {
      const serial = this.nextSerial;
      this.nextSerial = (this.nextSerial + 1) & 0xffff;
      if (!this.inFlight.has(serial) && !this.lateSerials.has(serial)) return serial;
    }
    // Unreachable: at most 4096 in flight and 1024 remembered late serials out of 65536.
    throw new Error('no free SLMP serial number');
  }

  /** The bytes sent and received by this client so far (for timing the link's throughput). */
  get bytesOnLink(): { sent: number; received: number } {
    return { ...this.traffic };
  }

  private onData(chunk: Buffer): void {
    this.traffic.received += chunk.length;
    if (this.shutDown) return;
    this.rx = this.rx.length === 0 ? chunk : Buffer.concat([this.rx, chunk]);
    while (!this.shutDown) {
      let length: number | undefined;
      try {
        length = frameLength(this.rx, 'response');
      } catch (error) {
        this.protocolError(error as SlmpFrameError);
        return;
      }
      if (length === undefined || this.rx.length < length) return;
      const frame = this.rx.subarray(0, length);
      this.rx = this.rx.subarray(length);
      this.onFrame(frame);
    }
  }

  private onFrame(frame: Buffer): void {
    let response;
    try {
      response = decodeResponse(frame);
    } catch (error) {
      this.protocolError(error as SlmpFrameError);
      return;
    }
    if (response.format !== this.format) {
      this.protocolError(new SlmpFrameError('unexpected-response', `a ${response.format} response on a ${this.format} connection`));
      return;
    }
    const p = this.inFlight.get(response.serial);
    if (!p) {
      if (this.format === '4E' && this.lateSerials.delete(response.serial)) return;
      this.protocolError(
        new SlmpFrameError(
          'unexpected-response',
          this.format === '4E' ? `serial No. ${response.serial} was not sent` : 'no request was outstanding',
        ),
      );
      return;
    }
    this.inFlight.delete(response.serial);
    if (response.endCode !== 0) {
      this.settle(p, () => p.reject(new SlmpEndCodeError(response.endCode, p.cmd.command, p.cmd.subcommand)));
    } else {
      this.settle(p, () => p.resolve(response.data));
    }
    this.pump();
  }

  private onTimeout(p: Pending): void {
    p.timer = undefined;
    if (p.state === 'queued') {
      this.queue.splice(this.queue.indexOf(p), 1);
      this.settle(p, () => p.reject(new SlmpTimeoutError(p.cmd.command, p.timeoutMs)));
      return;
    }
    this.settle(p, () => p.reject(new SlmpTimeoutError(p.cmd.command, p.timeoutMs)));
    if (this.format === '3E') {
      // A 3E answer carries no serial: after a timeout a late answer could not be told from the answer
      // to the next request, so the stream is no longer trustworthy.
      this.shutdownAll(() => new SlmpLinkClosedError('an earlier request timed out, and 3E frames cannot match a late answer'));
      this.closeLink();
      return;
    }
    this.forget(p);
  }

  private onAbort(p: Pending, reason: unknown): void {
    if (p.settled) return;
    if (p.state === 'queued') {
      this.queue.splice(this.queue.indexOf(p), 1);
      this.settle(p, () => p.reject(reason));
      return;
    }
    // 3E: the slot stays taken (the timer keeps running) until the device answers, so the next request
    // cannot receive this one's answer. 4E: the serial is remembered and the slot freed.
    if (this.format === '3E') {
      this.settle(p, () => p.reject(reason), { keepTimer: true });
      return;
    }
    this.settle(p, () => p.reject(reason));
    this.forget(p);
  }

  /** 4E: give up on an in-flight request but remember its serial for a late answer. */
  private forget(p: Pending): void {
    this.inFlight.delete(p.serial);
    this.lateSerials.add(p.serial);
    if (this.lateSerials.size > CLIENT_DEFAULTS.rememberedLateSerials) {
      this.lateSerials.delete(this.lateSerials.values().next().value!);
    }
    this.pump();
  }

  private settle(p: Pending, action: () => void, opts: { keepTimer?: boolean } = {}): void {
    if (!opts.keepTimer && p.timer) {
      clearTimeout(p.timer);
      p.timer = undefined;
    }
    if (p.settled) return;
    p.settled = true;
    p.removeAbortListener?.();
    action();
  }

  private closeLink(): void {
    // Best effort: the link reports its own close failure through onClose; nobody awaits this.
    this.link.close().catch(() => {});
  }

  private protocolError(error: SlmpFrameError): void {
    // Garbage or an answer nobody asked for: the byte stream cannot be resynchronised, so fail loudly.
    this.shutdownAll(
      (p) => (p.state === 'sent' ? error : new SlmpLinkClosedError('the device sent bytes that are not a valid SLMP response', error)),
    );
    this.closeLink();
  }

  private onLinkClose(error?: Error): void {
    this.shutdownAll((p) => {
      if (p.state === 'sent' && p.expectNoResponse) return undefined;
      return new SlmpLinkClosedError(error ? error.message : 'the link was closed', error);
    });
  }

  /** Settles everything pending: an error rejects, undefined resolves with empty data. */
  private shutdownAll(errorFor: (p: Pending) => unknown): void {
    if (this.shutDown) return;
    this.shutDown = true;
    for (const off of this.unsubscribe.splice(0)) off();
    const all = [...this.inFlight.values(), ...this.queue.splice(0)];
    this.inFlight.clear();
    this.lateSerials.clear();
    this.rx = Buffer.alloc(0);
    for (const p of all) {
      const error = errorFor(p);
      this.settle(p, () => (error === undefined ? p.resolve(Buffer.alloc(0)) : p.reject(error)));
    }
  }
}

/** Where the serial No. sits in a 4E frame (after the 2-byte subheader). */
const SERIAL_OFFSET = 2;

function monitoringTimer(timeoutMs: number): number {
  return Math.min(0xffff, Math.max(1, Math.floor((timeoutMs * CLIENT_DEFAULTS.timerShare) / 250)));
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('The request was cancelled.');
}

/** Response data that does not fit the command is the device breaking the protocol, not bad input. */
function decodeReply<T>(decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof SlmpDataError) throw new SlmpFrameError('bad-response-data', error.message);
    throw error;
  }
}
