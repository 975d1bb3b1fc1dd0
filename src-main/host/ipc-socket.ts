// The browser host's side of the WebSocket: authenticates a client by the launch token, holds at most one
// authenticated client, hands its requests to the dispatcher and pushes service events to it. A bad
// message gets a typed error answer; nothing a client sends can throw out of here.
import type { WebSocket, RawData } from 'ws';
import {
  BROWSER_CLOSE,
  type BrowserWireMessage,
  type IpcResult,
  type MainEvent,
} from '../ipc/contract';
import type { Dispatcher } from '../ipc/dispatcher';
import { tokenMatches } from './launch-token';

// Project choice: a client has 2 s to present the token, and at most 4 unauthenticated sockets wait at
// once; the page sends its token in its first message, within milliseconds of opening. When a fifth
// socket arrives the one that has waited longest is closed to make room (not the newcomer): silent local
// sockets can then never keep the rightful page out, they only push each other out.
export const AUTH_DEADLINE_MS = 2000;
export const MAX_PENDING_CLIENTS = 4;

export interface IpcSocketHub {
  accept(socket: WebSocket): void;
  /** A socket whose handshake carried the right token (BROWSER_TOKEN_PROTOCOL_PREFIX): served at once. */
  acceptProven(socket: WebSocket): void;
  pushEvent(event: MainEvent): void;
  close(): void;
}

function send(socket: WebSocket, message: BrowserWireMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

function invalid(id: number | string | null, message: string): BrowserWireMessage {
  return { id, result: { ok: false, error: { code: 'invalid-payload', message } } };
}

function parseRequest(data: RawData, isBinary: boolean): { id: number | string | null; channel?: string; payload?: unknown; problem?: string } {
  if (isBinary) return { id: null, problem: 'Messages must be JSON text.' };
  let value: unknown;
  try {
    value = JSON.parse(data.toString());
  } catch {
    return { id: null, problem: 'The message is not valid JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { id: null, problem: 'The message must be an object.' };
  const { id, channel, payload } = value as { id?: unknown; channel?: unknown; payload?: unknown };
  const validId =
    (typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && id.length > 0 && id.length <= 64) ? id : null;
  if (validId === null) return { id: null, problem: 'The message needs an id (an integer or a short string).' };
  if (typeof channel !== 'string') return { id: validId, problem: 'The message needs a channel name.' };
  return { id: validId, channel, payload };
}

export function createIpcSocketHub(options: { token: string; dispatcher: Dispatcher; authDeadlineMs?: number }): IpcSocketHub {
  let active: WebSocket | undefined;
  /** Unauthenticated sockets, oldest first (a Set keeps insertion order). */
  const pending = new Set<WebSocket>();

  function serve(socket: WebSocket): void {
    active = socket;
    send(socket, { ready: true });
    socket.on('message', (data, isBinary) => {
      const request = parseRequest(data, isBinary);
      if (request.problem !== undefined || request.channel === undefined) {
        send(socket, invalid(request.id, request.problem ?? 'The message is malformed.'));
        return;
      }
      const { id } = request;
      options.dispatcher.dispatch(request.channel, request.payload).then(
        (result) => send(socket, { id, result }),
        // The dispatcher turns handler errors into values; this only guards against a bug in it.
        () => send(socket, { id, result: { ok: false, error: { code: 'internal', message: 'The request failed inside the app.' } } satisfies IpcResult<unknown> }),
      );
    });
    socket.on('close', () => {
      if (active === socket) active = undefined;
    });
  }

  function serveUnlessBusy(socket: WebSocket): void {
    if (active && active.readyState === active.OPEN) {
      socket.close(BROWSER_CLOSE.busy, 'another window is connected');
      return;
    }
    serve(socket);
  }

  return {
    accept(socket) {
      socket.on('error', () => socket.terminate());
      while (pending.size >= MAX_PENDING_CLIENTS) {
        const oldest = pending.values().next().value as WebSocket;
        pending.delete(oldest);
        oldest.close(BROWSER_CLOSE.unauthorized, 'unauthorized');
      }
      pending.add(socket);
      const deadline = setTimeout(
        () => socket.close(BROWSER_CLOSE.unauthorized, 'unauthorized'),
        options.authDeadlineMs ?? AUTH_DEADLINE_MS,
      );
      socket.once('close', () => {
        clearTimeout(deadline);
        pending.delete(socket);
      });
      socket.once('message', (data, isBinary) => {
        clearTimeout(deadline);
        pending.delete(socket);
        // The token is checked before "busy" is said, so only the rightful page learns a window is open.
        if (isBinary || !tokenMatches(options.token, data.toString())) {
          socket.close(BROWSER_CLOSE.unauthorized, 'unauthorized');
          return;
        }
        serveUnlessBusy(socket);
      });
    },

    acceptProven(socket) {
      socket.on('error', () => socket.terminate());
      serveUnlessBusy(socket);
    },

    pushEvent(event) {
      if (active) send(active, { event });
    },

    close() {
      for (const socket of pending) socket.close(BROWSER_CLOSE.goingAway, 'host closing');
      active?.close(BROWSER_CLOSE.goingAway, 'host closing');
      pending.clear();
      active = undefined;
    },
  };
}
