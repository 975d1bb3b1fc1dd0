// Test support: a loopback TCP or TLS server on an OS-chosen port that records what it receives and
// destroys every connection when the test closes it.
import net from 'node:net';
import tls from 'node:tls';

export interface LoopbackServer {
  port: number;
  received(): Buffer;
  sockets: net.Socket[];
  /** Resolves when a connection has been accepted (or at once if one has been). */
  nextConnection(): Promise<net.Socket>;
  close(): Promise<void>;
}

export async function startLoopbackServer(
  options: { tls?: tls.TlsOptions; onConnection?: (socket: net.Socket) => void; path?: string } = {},
): Promise<LoopbackServer> {
  const chunks: Buffer[] = [];
  const sockets: net.Socket[] = [];
  const waiters: Array<(s: net.Socket) => void> = [];
  const accept = (socket: net.Socket) => {
    sockets.push(socket);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {});
    options.onConnection?.(socket);
    waiters.splice(0).forEach((w) => w(socket));
  };
  const server = options.tls ? tls.createServer(options.tls, accept) : net.createServer(accept);
  server.on('tlsClientError', () => {});
  // Raw connections too: a TLS connection whose handshake never finished is not in `sockets` but would
  // keep server.close() waiting.
  const raw = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    raw.add(s);
    s.on('close', () => raw.delete(s));
  });
  await new Promise<void>((resolve) => {
    if (options.path) server.listen(options.path, resolve);
    else server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    received: () => Buffer.concat(chunks),
    sockets,
    nextConnection: () => new Promise((resolve) => (sockets.length > 0 ? resolve(sockets[sockets.length - 1]!) : waiters.push(resolve))),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of [...sockets, ...raw]) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Polls a condition every 5 ms, at most `ms` long. */
export async function waitUntil(condition: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
