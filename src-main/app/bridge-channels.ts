// The two Electron IPC channels between preload and main. Kept apart from the policy so the preload
// bundle contains nothing but these names.
/** Renderer -> main: (channel, payload) of the contract; answered with an IpcResult. */
export const IPC_INVOKE_CHANNEL = 'mx:invoke';
/** Main -> renderer: MainEvent pushes. */
export const IPC_EVENT_CHANNEL = 'mx:event';
