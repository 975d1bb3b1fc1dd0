// The only bridge between the sandboxed page and main. Bundled to ONE CommonJS file (a sandboxed preload
// cannot load modules): it imports nothing at runtime but `electron`. The page gets `window.mx` — two
// frozen functions — and never ipcRenderer itself, nor the IPC event object (whose `sender` would be it).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { MainEvent, MxBridge } from '../ipc/contract';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from './bridge-channels';

const bridge: MxBridge = Object.freeze({
  invoke: ((channel: string, payload?: unknown) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, channel, payload)) as MxBridge['invoke'],
  onEvent(listener: (event: MainEvent) => void): () => void {
    const forward = (_event: IpcRendererEvent, payload: MainEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
});

contextBridge.exposeInMainWorld('mx', bridge);
