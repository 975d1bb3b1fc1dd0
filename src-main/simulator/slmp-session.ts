// One client connection speaking SLMP binary frames (3E or 4E, mixed freely, pipelined or not).
// Bytes arrive in arbitrary pieces; whole frames are cut out with the codec's frameLength and handled
// strictly in order. Malformed input never throws out of here: a header that can never be valid
// closes this connection only, the buffer is bounded, and a silent connection is closed after a while.

import type net from 'node:net';
import { frameLength, SlmpFrameError } from '../slmp/frame';

/** What the controller does with one whole request frame. */
export type FrameDispatcher = (frame: Buffer) => DispatchOutcome | Promise<DispatchOutcome>;

export interface DispatchOutcome {
  response?: Buffer;
  after?: () => void | Promise<void>;
}

export interface SlmpSessionOptions {
  idleTimeoutMs: number;
  /** Stop reading from the socket while this many unprocessed bytes are queued. */
  maxBufferedBytes: number;
  onProtocolError?: (error: SlmpFrameError) => void;
  onInternalError?: (error: unknown) => void;
  /**
   * Bandwidth limitation (2.4.10): called with the size of every received chunk and every response
   * before it passes; returns 0 (counted, pass now) or the milliseconds to hold it back and ask again.
   */
  throttle?: (bytes: number, direction: 'receive' | 'send') => number;
  /** Told after each whole request frame is handled (the listener keeps clients that are being served). */
  onFrame?: () => void;
  /** A frame whose first byte arrived this long ago and is still not whole closes the connection. */
  frameDeadlineMs?: number;
}

// A throttled chunk is asked about at most this often, so a misbehaving limiter cannot stall a
// connection forever; after that it passes.
const MAX_THROTTLE_ATTEMPTS = 50;

// Project choice: a connection that sends nothing for 10 minutes is closed, and at most 64 KiB of
// unprocessed request bytes are queued per connection. The public reference leaves the CPU's
// "alive check" timing to parameters; 10 minutes outlasts any pause a technician makes in a procedure.
export const DEFAULT_SESSION_OPTIONS: SlmpSessionOptions = {
  idleTimeoutMs: 10 * 60 * 1000,
  maxBufferedBytes: 64 * 1024,
};

// Project choice: a request frame, once its first byte has arrived, must be whole within 10 s. The largest
// frame (8 KiB of data) takes about 8 s at the lowest bandwidth limitation (1024 bytes/s); a peer that
// trickles a frame byte by byte holds a connection no longer than that.
export const FRAME_DEADLINE_MS = 10_000;

export class SlmpSession {
  private pending: Buffer = Buffer.alloc(0);
  private busy = false;
  private closed = false;
  /** Received chunks held back by the bandwidth limitation, oldest first. */
  private held: Buffer[] = [];
  private holding = false;
  /** Runs while a frame has started and is not yet whole. */
  private frameTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: net.Socket,
    private readonly dispatch: FrameDispatcher,
    private readonly options: SlmpSessionOptions = DEFAULT_SESSION_OPTIONS,
  ) {
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    // Peer resets and write-after-close are normal for a device; they only end this session.
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      this.closed = true;
      this.pending = Buffer.alloc(0);
      clearTimeout(this.frameTimer);
    });
  }

  private onData(chunk: Buffer): void {
    if (!this.options.throttle) return this.take(chunk);
    this.held.push(chunk);
    if (!this.holding) this.releaseHeld(0);
  }

  /** Passes held chunks in order as the limiter allows; reading pauses while one is held back. */
  private releaseHeld(attempt: number): void {
    while (this.held.length > 0 && !this.closed) {
      const chunk = this.held[0]!;
      const wait = attempt >= MAX_THROTTLE_ATTEMPTS ? 0 : this.options.throttle!(chunk.length, 'receive');
      if (wait > 0) {
        this.holding = true;
        this.socket.pause();
        setTimeout(() => this.releaseHeld(attempt + 1), wait);
        return;
      }
      attempt = 0;
      this.held.shift();
      this.take(chunk);
    }
    this.holding = false;
    if (!this.closed && this.socket.isPaused() && this.pending.length <= this.options.maxBufferedBytes) this.socket.resume();
  }

  private take(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    if (this.pending.length > this.options.maxBufferedBytes) this.socket.pause();
    if (!this.busy) void this.pump();
  }

  /** Handles every whole frame in the buffer; awaits async handlers so responses keep request order. */
  private async pump(): Promise<void> {
    this.busy = true;
    // Corking lets a burst of pipelined responses leave in as few segments as possible.
    this.socket.cork();
    try {
      while (!this.closed) {
        let length: number | undefined;
        try {
          length = frameLength(this.pending, 'request');
        } catch (e) {
          if (e instanceof SlmpFrameError) this.options.onProtocolError?.(e);
          else this.options.onInternalError?.(e);
          this.closeAfterFlush();
          return;
        }
        if (length === undefined || this.pending.length < length) break;
        const frame = this.pending.subarray(0, length);
        this.pending = this.pending.subarray(length);
        clearTimeout(this.frameTimer);
        this.frameTimer = undefined;

        let outcome = this.dispatch(frame);
        if (outcome instanceof Promise) {
          this.socket.uncork();
          outcome = await outcome;
          this.socket.cork();
        }
        if (this.closed) return;
        if (outcome.response && this.options.throttle) {
          this.socket.uncork();
          await this.holdSend(outcome.response.length);
          this.socket.cork();
          if (this.closed) return;
        }
        if (outcome.response) this.socket.write(outcome.response);
        this.options.onFrame?.();
        if (outcome.after) {
          this.socket.uncork();
          await outcome.after();
          this.socket.cork();
        }
      }
      if (this.pending.length <= this.options.maxBufferedBytes && this.socket.isPaused() && !this.holding) this.socket.resume();
      // Bytes of a frame that is not whole yet: it has FRAME_DEADLINE_MS from now (its first byte) to complete.
      if (this.pending.length > 0 && this.frameTimer === undefined && !this.closed) {
        this.frameTimer = setTimeout(() => this.socket.destroy(), this.options.frameDeadlineMs ?? FRAME_DEADLINE_MS);
        this.frameTimer.unref();
      }
    } catch (e) {
      this.options.onInternalError?.(e);
      this.socket.destroy();
    } finally {
      this.busy = false;
      if (!this.closed) this.socket.uncork();
    }
  }

  /**
   * Ends the connection once the answers already written have left: a stream that lost its framing
   * cannot be trusted further, but the requests before the bad bytes were answered and those answers
   * must reach the client (destroying at once would drop them from the corked buffer).
   */
  private closeAfterFlush(): void {
    this.closed = true;
    this.pending = Buffer.alloc(0);
    this.socket.pause();
    this.socket.uncork();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 2000).unref();
  }

  private async holdSend(bytes: number): Promise<void> {
    for (let attempt = 0; attempt < MAX_THROTTLE_ATTEMPTS && !this.closed; attempt++) {
      const wait = this.options.throttle!(bytes, 'send');
      if (wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
