import type { MxBridge } from '../src-main/ipc/contract';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host, where ws-bridge provides it. */
    mx?: MxBridge;
  }
}
