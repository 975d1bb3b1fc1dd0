// Test support: a minimal FTP control-connection client over a real socket (RFC 959 replies, multi-line
// included; AUTH TLS by RFC 4217). Every wait is bounded; it is not a product client.

import net from 'node:net';
import tls from 'node:tls';

export interface FtpReply {
  code: number;
  /** All lines of the reply, joined with '\n', codes included. */
  text: string;
}

export class FtpClientError extends Error {
  readonly code = 'TEST_FTP_CLIENT';
}

export class FtpTestClient {
  private socket: net.Socket;
  private buffer = '';
  private readonly replies: FtpReply[] = [];
  private waiter: (() => void) | undefined;
  private closedFlag = false;
  private readonly closeWaiters: Array<() => void> = [];

  private constructor(
    socket: net.Socket,
    private readonly timeoutMs: number,
  ) {
    this.socket = socket;
    this.attach(socket);
    socket.once('close', () => {
      this.closedFlag = true;
      for (const w of this.closeWaiters.splice(0)) w();
      this.waiter?.();
    });
  }

  /** Connects; resolves once the TCP connection is up (read the greeting with `reply()`). */
  static connect(port: number, options: { localAddress?: string; timeoutMs?: number } = {}): Promise<FtpTestClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port, ...(options.localAddress !== undefined && { localAddress: options.localAddress }) });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new FtpClientError('FTP connect timed out'));
      }, 3000);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.on('error', () => undefined);
        resolve(new FtpTestClient(socket, options.timeoutMs ?? 3000));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  get tlsSocket(): tls.TLSSocket | undefined {
    return this.socket instanceof tls.TLSSocket ? this.socket : undefined;
  }

  send(line: string | Buffer): void {
    this.socket.write(typeof line === 'string' ? `${line}\r\n` : line);
  }

  /** The next complete reply; rejects after the timeout or when the connection closes first. */
  async reply(timeoutMs = this.timeoutMs): Promise<FtpReply> {
    const until = Date.now() + timeoutMs;
    while (this.replies.length === 0) {
      if (this.closedFlag) throw new FtpClientError('the server closed the connection without a reply');
      const left = until - Date.now();
      if (left <= 0) throw new FtpClientError(`no reply within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.replies.shift()!;
  }

  async command(line: string): Promise<FtpReply> {
    this.send(line);
    return this.reply();
  }

  /**
   * AUTH TLS, then the handshake on the same socket; rejects with the client's TLS error. `injected` is sent
   * in clear in the same write as AUTH TLS (an attacker's STARTTLS command injection).
   */
  async startTls(options: tls.ConnectionOptions, injected?: string): Promise<FtpReply> {
    this.send(injected === undefined ? 'AUTH TLS' : `AUTH TLS\r\n${injected}`);
    const r = await this.reply();
    if (r.code !== 234) return r;
    const raw = this.socket;
    raw.removeAllListeners('data');
    const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ socket: raw, host: '127.0.0.1', ...options });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new FtpClientError('TLS handshake timed out'));
      }, 3000);
      s.once('secureConnect', () => {
        clearTimeout(timer);
        resolve(s);
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    secure.on('error', () => undefined);
    this.socket = secure;
    this.attach(secure);
    return r;
  }

  waitClosed(ms: number): Promise<void> {
    if (this.closedFlag) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new FtpClientError(`connection still open after ${ms} ms`)), ms);
      this.closeWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private attach(socket: net.Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
      this.parse();
    });
  }

  private parse(): void {
    for (;;) {
      // A reply ends with a line "ddd text" (RFC 959 4.2); "ddd-" lines continue it.
      const lines = this.buffer.split('\r\n');
      let end = -1;
      for (let i = 0; i < lines.length - 1; i++) {
        if (/^\d{3} /.test(lines[i]!) || /^\d{3}$/.test(lines[i]!)) {
          end = i;
          break;
        }
      }
      if (end < 0) return;
      const taken = lines.slice(0, end + 1);
      this.buffer = lines.slice(end + 1).join('\r\n');
      this.replies.push({ code: Number(taken[end]!.slice(0, 3)), text: taken.join('\n') });
      this.waiter?.();
    }
  }
}
