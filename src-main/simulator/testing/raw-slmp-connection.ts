// A deliberately small SLMP connection for tests of the virtual controller: it writes raw bytes or
// encoded requests and cuts responses out of the stream with the codec, nothing else. Tests use it
// to see exactly what the controller answers (and to send it garbage) without the app's client.

import net from 'node:net';
import { DEFAULT_ROUTE, decodeResponse, encodeRequest, frameLength, type FrameFormat, type SlmpResponse } from '../../slmp/frame';

export type Target = { host: string; port: number } | { path: string };

export class RawSlmpConnection {
  private buffer = Buffer.alloc(0);
  private waiters: Array<(r: Buffer) => void> = [];
  protected closeWaiters: Array<() => void> = [];
  private serial = 0;
  closed = false;

  /** `responseTimeoutMs`: how long request() waits for an answer. */
  protected constructor(
    readonly socket: net.Socket,
    protected readonly responseTimeoutMs = 2000,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const length = frameLength(this.buffer, 'response');
        if (length === undefined || this.buffer.length < length) break;
        const frame = this.buffer.subarray(0, length);
        this.buffer = this.buffer.subarray(length);
        this.waiters.shift()?.(Buffer.from(frame));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.closeWaiters.splice(0)) w();
    });
  }

  static connect(target: Target): Promise<RawSlmpConnection> {
    return new Promise((resolve, reject) => {
      const socket = 'path' in target ? net.connect(target.path) : net.connect(target.port, target.host);
      socket.once('connect', () => resolve(new RawSlmpConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Next response frame's raw bytes; rejects after `ms`, or at once when the controller closes instead. */
  nextFrame(ms = this.responseTimeoutMs): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('the connection is closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        this.closeWaiters = this.closeWaiters.filter((w) => w !== onClose);
        reject(new Error(`no response within ${ms} ms`));
      }, ms);
      const onClose = (): void => {
        clearTimeout(timer);
        reject(new Error('the controller closed the connection instead of answering'));
      };
      const waiter = (b: Buffer): void => {
        clearTimeout(timer);
        this.closeWaiters = this.closeWaiters.filter((w) => w !== onClose);
        resolve(b);
      };
      this.waiters.push(waiter);
      this.closeWaiters.push(onClose);
    });
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  async request(
    command: number,
    subcommand: number,
    data: Buffer = Buffer.alloc(0),
    format: FrameFormat = '4E',
  ): Promise<SlmpResponse> {
    const serial = format === '4E' ? (this.serial = (this.serial + 1) & 0xffff) : 0;
    const pending = this.nextFrame();
    this.writeRaw(encodeRequest({ format, serial, route: DEFAULT_ROUTE, timer: 4, command, subcommand, data }));
    return decodeResponse(await pending);
  }

  /** Resolves when the controller closed the connection; rejects after `ms`. */
  waitClosed(ms = 2000): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`connection still open after ${ms} ms`)), ms);
      this.closeWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
