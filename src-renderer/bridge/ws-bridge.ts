// window.mx for the browser host: the same MxBridge the Electron preload exposes, carried over the host's
// loopback WebSocket. The launch token rides in the WebSocket handshake; requests wait until the host says ready.
import type {
  BrowserWireMessage,
  Channel,
  IpcError,
  IpcResult,
  MainEvent,
  MxBridge,
  RequestOf,
  ResponseOf,
} from '../../src-main/ipc/contract';

// Mirrors BROWSER_CLOSE, BROWSER_IPC_PATH, BROWSER_IPC_PROTOCOL and BROWSER_TOKEN_PROTOCOL_PREFIX in the
// contract (the renderer imports types only from it).
const CLOSE_UNAUTHORIZED = 1008;
const CLOSE_BUSY = 1013;
const IPC_PATH = '/ipc';
const BROWSER_IPC_PROTOCOL = 'mxc-ipc';
const BROWSER_TOKEN_PROTOCOL_PREFIX = 'mxc-token.';
// Project choice: after a reload the old page's socket may still be closing for a moment; the new page
// retries "busy" 20 times, 150 ms apart (3 s), before saying another window holds the app.
const BUSY_RETRIES = 20;
const BUSY_RETRY_MS = 150;
// Project choice: a request the host has not answered in 60 s is reported as a timeout to the screen.
const REQUEST_TIMEOUT_MS = 60_000;

/** Why the bridge cannot reach the host, carried in IpcError.details so the screen can explain it. */
export type BridgeProblem = 'host-unreachable' | 'host-refused-token' | 'host-busy' | 'missing-token';

export function bridgeError(problem: BridgeProblem): IpcError {
  const message = {
    'host-unreachable': 'The app is not reachable. It may have been stopped.',
    'host-refused-token': 'The app refused this page: the address is not the one it printed at start.',
    'host-busy': 'The app is already open in another window.',
    'missing-token': 'This page was opened without the address the app printed at start.',
  }[problem];
  return { code: 'internal', message, details: problem };
}

export function createWsBridge(options: { url: string; token: string }): MxBridge {
  const listeners = new Set<(event: MainEvent) => void>();
  const pending = new Map<number, { resolve: (r: IpcResult<unknown>) => void; timer: ReturnType<typeof setTimeout> }>();
  const queued: string[] = [];
  let socket: WebSocket | undefined;
  let ready = false;
  let failed: BridgeProblem | undefined;
  let nextId = 1;
  let busyRetries = 0;

  function failAll(problem: BridgeProblem): void {
    for (const [id, entry] of pending) {
      clearTimeout(entry.timer);
      entry.resolve({ ok: false, error: bridgeError(problem) });
      pending.delete(id);
    }
    queued.length = 0;
  }

  function open(): void {
    // The token rides in the handshake (see BROWSER_IPC_PROTOCOL), so the host serves this socket at once.
    const ws = new WebSocket(options.url, [BROWSER_IPC_PROTOCOL, BROWSER_TOKEN_PROTOCOL_PREFIX + options.token]);
    socket = ws;
    ready = false;
    ws.addEventListener('message', (message) => {
      let data: BrowserWireMessage;
      try {
        data = JSON.parse(String(message.data)) as BrowserWireMessage;
      } catch {
        return;
      }
      if ('ready' in data) {
        ready = true;
        busyRetries = 0;
        for (const text of queued.splice(0)) ws.send(text);
      } else if ('event' in data) {
        for (const listener of listeners) listener(data.event);
      } else if ('result' in data && typeof data.id === 'number') {
        const entry = pending.get(data.id);
        if (entry) {
          clearTimeout(entry.timer);
          pending.delete(data.id);
          entry.resolve(data.result);
        }
      }
    });
    ws.addEventListener('close', (event) => {
      if (socket !== ws) return;
      ready = false;
      if (event.code === CLOSE_BUSY && busyRetries < BUSY_RETRIES) {
        busyRetries++;
        // Nothing was sent before "ready", so the queued requests simply wait for the next socket.
        setTimeout(open, BUSY_RETRY_MS);
        return;
      }
      failed = event.code === CLOSE_UNAUTHORIZED ? 'host-refused-token' : event.code === CLOSE_BUSY ? 'host-busy' : 'host-unreachable';
      failAll(failed);
    });
  }

  open();

  return {
    invoke<C extends Channel>(channel: C, payload?: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>> {
      if (failed) return Promise.resolve({ ok: false, error: bridgeError(failed) });
      const id = nextId++;
      const text = JSON.stringify(payload === undefined ? { id, channel } : { id, channel, payload });
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({ ok: false, error: { code: 'timeout', message: 'The app did not answer in time.' } });
        }, REQUEST_TIMEOUT_MS);
        pending.set(id, { resolve: resolve as (r: IpcResult<unknown>) => void, timer });
        if (ready && socket?.readyState === WebSocket.OPEN) socket.send(text);
        else queued.push(text);
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Token from the address the host printed (#token=...), kept for reloads of this tab, then hidden. */
export function takeLaunchToken(): string | undefined {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    // Project choice: sessionStorage keeps the token for reloads of this tab only (it dies with the tab),
    // so the address bar, history and screenshots never show it.
    window.sessionStorage.setItem('mxc.launchToken', match[1]);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return window.sessionStorage.getItem('mxc.launchToken') ?? undefined;
}

export function browserHostUrl(): string {
  return `ws://${window.location.host}${IPC_PATH}`;
}
