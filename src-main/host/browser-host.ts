// The browser host: where no Electron runtime can be had, the same renderer runs in the system browser
// and talks to the same main-process service over a loopback WebSocket. Loopback alone does not make it
// private (any local process or a rebinding web page can reach 127.0.0.1), so it adds a per-launch token,
// Host and Origin checks, the app's CSP, and a single client.
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { BROWSER_CLOSE, BROWSER_IPC_PATH, BROWSER_IPC_PROTOCOL, BROWSER_TOKEN_PROTOCOL_PREFIX } from '../ipc/contract';
import type { MainService } from '../ipc/main-service';
import { createDispatcher } from '../ipc/dispatcher';
import { createLaunchToken, tokenMatches } from './launch-token';
import { createIpcSocketHub } from './ipc-socket';
import { isAllowedHost, isAllowedOrigin, securityHeaders } from './security-headers';
import { serveStatic } from './static-files';

export interface BrowserHostOptions {
  service: MainService;
  rendererDir: string;
  /** 0 (the default) lets the OS pick a free port. */
  port?: number;
  /** Tests pass their own; otherwise a fresh random token per launch. */
  token?: string;
  /** How long a new WebSocket may take to present the token (tests shorten it). */
  authDeadlineMs?: number;
}

export interface BrowserHost {
  /** http://127.0.0.1:PORT/#token=...: the token is in the fragment, which the browser never sends. */
  url: string;
  port: number;
  close(): Promise<void>;
}

// Project choice: 1 MiB per WebSocket message; the contract's requests are a few hundred bytes.
const MAX_MESSAGE_BYTES = 1024 * 1024;

function refuseUpgrade(socket: Duplex, status: 400 | 403 | 404): void {
  const text = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? createLaunchToken();
  const dispatcher = createDispatcher(options.service);
  const hub = createIpcSocketHub({ token, dispatcher, ...(options.authDeadlineMs ? { authDeadlineMs: options.authDeadlineMs } : {}) });
  // The host answers with the IPC protocol only; the token protocol is never echoed.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(BROWSER_IPC_PROTOCOL) ? BROWSER_IPC_PROTOCOL : false),
  });
  let port = 0;

  const server = createServer((request, response) => {
    const headers = securityHeaders(port);
    if (!isAllowedHost(request.headers.host, port)) {
      response.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Forbidden\n');
      return;
    }
    serveStatic(options.rendererDir, request, response, headers).catch(() => {
      if (!response.headersSent) response.writeHead(500, headers);
      response.end();
    });
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let pathname: string;
    let search: string;
    try {
      ({ pathname, search } = new URL(request.url ?? '/', 'http://x'));
    } catch {
      refuseUpgrade(socket, 400);
      return;
    }
    // A query string is refused, not ignored: the token must never ride in a URL that could be logged.
    if (pathname !== BROWSER_IPC_PATH || search !== '') return refuseUpgrade(socket, 404);
    if (!isAllowedHost(request.headers.host, port)) return refuseUpgrade(socket, 403);
    if (!isAllowedOrigin(request.headers.origin, port)) return refuseUpgrade(socket, 403);
    const offered = String(request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const proof = offered.find((p) => p.startsWith(BROWSER_TOKEN_PROTOCOL_PREFIX));
    if (proof === undefined) return wss.handleUpgrade(request, socket, head, (ws) => hub.accept(ws));
    if (!tokenMatches(token, proof.slice(BROWSER_TOKEN_PROTOCOL_PREFIX.length))) {
      // Accepted and closed with the policy code, so the page can say its address is not the printed one.
      return wss.handleUpgrade(request, socket, head, (ws) => ws.close(BROWSER_CLOSE.unauthorized, 'unauthorized'));
    }
    wss.handleUpgrade(request, socket, head, (ws) => hub.acceptProven(ws));
  });

  const unsubscribe = options.service.onEvent((event) => hub.pushEvent(event));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    close() {
      closing ??= (async () => {
        unsubscribe();
        hub.close();
        for (const client of wss.clients) client.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
