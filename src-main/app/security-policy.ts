// Every security decision of the Electron shell, as data and pure functions, so that it is unit-tested
// under plain Node (Electron cannot run on the build machines). main.ts only wires these into Electron.
// Follows Electron's security checklist (docs/electron-security.md maps each item to this file).
import type { IpcResult } from '../ipc/contract';
import { contentSecurityPolicy } from '../ipc/content-security-policy';

/** The UI is served from a custom, standard + secure scheme, never from the file or http schemes. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'mx-commissioner';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** For protocol.registerSchemesAsPrivileged, before the app is ready. No bypassCSP, no service workers. */
export const PRIVILEGED_SCHEMES = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, bypassCSP: false, allowServiceWorkers: false, stream: false } },
] as const;

/** BrowserWindow webPreferences: renderer isolated, sandboxed, without Node, no webviews. */
export function webPreferences(preloadPath: string, options: { devTools?: boolean } = {}) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: options.devTools ?? false,
  } as const;
}

/**
 * True only for documents of the app itself. Compared by protocol and host, never by `origin`: for a
 * custom scheme `new URL(...).origin` is the string "null", which an opaque/sandboxed frame also has.
 */
export function isTrustedSenderUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host.toLowerCase() === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === ''
  );
}

/** The app is a single page with in-page routing: no navigation leaves it, ever. */
export function isAllowedNavigation(url: string): boolean {
  return isTrustedSenderUrl(url);
}

/** Network requests the renderer may make at all: its own files and inline images (CSP allows data:). */
export function isAllowedRequestUrl(url: string): boolean {
  return isTrustedSenderUrl(url) || url.startsWith('data:') || url.startsWith('devtools:');
}

/** New windows (window.open, target=_blank): always denied. */
export const WINDOW_OPEN_DECISION = { action: 'deny' } as const;

/** Web permissions (camera, geolocation, notifications, WebUSB/HID/serial in the page, ...): none. USB is reached from main only. */
export const ALLOWED_PERMISSIONS: readonly string[] = [];

export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return ALLOWED_PERMISSIONS.includes(permission) && isTrustedSenderUrl(requestingUrl);
}

/** The CSP of the Electron window: the same as the browser host's, without its WebSocket. */
export function appContentSecurityPolicy(): string {
  return contentSecurityPolicy();
}

/** Headers on every app:// response. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': appContentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** The answer to an IPC call from a frame that is not the app: refused before the dispatcher runs. */
export function checkIpcSender(senderUrl: string | undefined): IpcResult<never> | undefined {
  if (senderUrl !== undefined && isTrustedSenderUrl(senderUrl)) return undefined;
  return { ok: false, error: { code: 'forbidden-sender', message: 'This request did not come from the app window and was refused.' } };
}
