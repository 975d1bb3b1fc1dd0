// Which bridge this page uses: the Electron preload's window.mx when present, otherwise the browser
// host's WebSocket. Everything in the renderer reaches main through the one returned here.
import type { MxBridge } from '../../src-main/ipc/contract';
import { bridgeError, browserHostUrl, createWsBridge, takeLaunchToken } from './ws-bridge';

let current: MxBridge | undefined;

function unavailableBridge(): MxBridge {
  return {
    invoke: async () => ({ ok: false, error: bridgeError('missing-token') }),
    onEvent: () => () => undefined,
  };
}

export function bridge(): MxBridge {
  if (current) return current;
  if (window.mx) {
    current = window.mx;
  } else {
    const token = takeLaunchToken();
    current = token ? createWsBridge({ url: browserHostUrl(), token }) : unavailableBridge();
  }
  return current;
}
