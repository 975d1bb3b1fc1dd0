// Electron entry. Deliberately thin: every decision comes from security-policy.ts and app-protocol.ts
// (pure, unit-tested); this file only wires them into Electron's hooks.
import { app, BrowserWindow, ipcMain, protocol, session, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDispatcher } from '../ipc/dispatcher';
import { createMainService } from '../services/create-main-service';
import { printHtmlToPdf } from './print-to-pdf';
import type { MainService } from '../ipc/main-service';
import { resolveAppRequest } from './app-protocol';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from './bridge-channels';
import { createElectronStore } from './electron-store-adapter';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  PRIVILEGED_SCHEMES,
  WINDOW_OPEN_DECISION,
  appResponseHeaders,
  checkIpcSender,
  isAllowedNavigation,
  isAllowedRequestUrl,
  isPermissionAllowed,
  webPreferences,
} from './security-policy';

// build/app/main.js -> build/app/preload.cjs and build/renderer/
const here = dirname(fileURLToPath(import.meta.url));
const PRELOAD_PATH = join(here, 'preload.cjs');
const RENDERER_ROOT = join(here, '..', 'renderer');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Must happen before 'ready'.
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES.map((s) => ({ scheme: s.scheme, privileges: { ...s.privileges } })));
  guardEveryWebContents();
  void app.whenReady().then(start).catch((error: unknown) => {
    console.error('MX Commissioner could not start:', error instanceof Error ? error.message : error);
    app.exit(1);
  });
}

let mainWindow: BrowserWindow | undefined;
let service: MainService | undefined;

async function start(): Promise<void> {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback) => callback(isPermissionAllowed(permission, contents.getURL())));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
  // WebUSB / WebHID / Web Serial in the page: never. USB devices are reached from main only.
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequestUrl(details.url) }));

  protocol.handle(APP_SCHEME, async (request) => {
    const resolved = resolveAppRequest(request.url, RENDERER_ROOT);
    if (!resolved.ok) return new Response(null, { status: resolved.status, headers: appResponseHeaders('text/plain') });
    try {
      const body = await readFile(resolved.filePath);
      return new Response(body, { status: 200, headers: appResponseHeaders(resolved.contentType) });
    } catch {
      return new Response(null, { status: 404, headers: appResponseHeaders('text/plain') });
    }
  });

  service = await createMainService({ host: 'electron', store: createElectronStore(), dataDir: app.getPath('userData'), renderPdf: printHtmlToPdf });
  const dispatcher = createDispatcher(service);
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, channel: unknown, payload: unknown) => {
    // Checked on every call: the frame that sent it must be the app's own page.
    const refused = checkIpcSender(event.senderFrame?.url);
    if (refused) return refused;
    return dispatcher.dispatch(typeof channel === 'string' ? channel : '', payload);
  });
  service.onEvent((mainEvent) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_EVENT_CHANNEL, mainEvent);
  });

  createWindow();
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    void service?.dispose();
  });
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    title: 'MX Commissioner',
    show: false,
    webPreferences: webPreferences(PRELOAD_PATH, { devTools: !app.isPackaged }),
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
  void mainWindow.loadURL(APP_ENTRY_URL);
}

/** Applied to every WebContents Electron creates, including any a bug might open. */
function guardEveryWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-frame-navigate', (event) => {
      if (!isAllowedNavigation(event.url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => WINDOW_OPEN_DECISION);
  });
}
