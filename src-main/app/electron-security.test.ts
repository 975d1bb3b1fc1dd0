// Static security checks of the Electron shell (Electron cannot run on this machine): the policy values,
// the trusted-sender logic, that only src-main/app imports electron, that the preload — bundled exactly
// as the build bundles it and run against a stand-in `electron` module — exposes only `window.mx`, and
// source rules a scanner such as electronegativity would apply to main.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';
import { contentSecurityPolicy } from '../ipc/content-security-policy';
import {
  APP_ENTRY_URL,
  PRIVILEGED_SCHEMES,
  WINDOW_OPEN_DECISION,
  appResponseHeaders,
  checkIpcSender,
  isAllowedNavigation,
  isAllowedRequestUrl,
  isPermissionAllowed,
  isTrustedSenderUrl,
  webPreferences,
} from './security-policy';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from './bridge-channels';

const appDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = join(appDir, '..', '..');

test('the window is isolated, sandboxed, without Node and without webviews', () => {
  const prefs = webPreferences('/x/preload.cjs');
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.spellcheck, false);
  assert.equal(prefs.experimentalFeatures, false);
  assert.equal(prefs.devTools, false, 'no dev tools unless asked for (unpackaged runs)');
  assert.equal(prefs.preload, '/x/preload.cjs');
  assert.ok(!('enableBlinkFeatures' in prefs));
});

test('app:// is standard and secure, and does not bypass the CSP', () => {
  assert.deepEqual(PRIVILEGED_SCHEMES.map((s) => s.scheme), ['app']);
  const p = PRIVILEGED_SCHEMES[0].privileges;
  assert.equal(p.standard, true);
  assert.equal(p.secure, true);
  assert.equal(p.bypassCSP, false);
  assert.equal(p.allowServiceWorkers, false);
});

test('only the app itself is a trusted IPC sender', () => {
  for (const url of [APP_ENTRY_URL, 'app://mx-commissioner/', 'app://mx-commissioner/settings?x=1#step-3', 'app://MX-COMMISSIONER/index.html']) {
    assert.equal(isTrustedSenderUrl(url), true, url);
  }
  for (const url of [
    'file:///opt/MX Commissioner/resources/app.asar/build/renderer/index.html',
    'http://localhost:5173/index.html',
    'http://127.0.0.1/index.html',
    'https://mx-commissioner/index.html',
    'app://evil/index.html',
    'app://mx-commissioner.evil/index.html',
    'app://evil/mx-commissioner/index.html',
    'app://mx-commissioner@evil/index.html',
    'app://evil@mx-commissioner/index.html',
    'app://user:pw@mx-commissioner/index.html',
    'app://mx-commissioner:8080/index.html',
    'blob:app://mx-commissioner/0b6a3c1e',
    'data:text/html,<script>1</script>',
    'javascript:alert(1)',
    'about:blank',
    'null',
    '',
  ]) {
    assert.equal(isTrustedSenderUrl(url), false, url);
  }
  // Why origins are not compared: every custom-scheme URL has the origin "null", like a sandboxed frame.
  assert.equal(new URL('app://evil/').origin, new URL(APP_ENTRY_URL).origin);
  assert.equal(new URL(APP_ENTRY_URL).origin, 'null');
});

test('IPC from an untrusted or unknown frame is refused with forbidden-sender', () => {
  assert.equal(checkIpcSender(APP_ENTRY_URL), undefined);
  for (const url of [undefined, 'null', 'http://localhost:3000/', 'app://evil/']) {
    const refused = checkIpcSender(url);
    assert.ok(refused && !refused.ok && refused.error.code === 'forbidden-sender', String(url));
  }
});

test('no navigation, no new window, no permission, no remote request leaves the app', () => {
  assert.equal(isAllowedNavigation('app://mx-commissioner/index.html#/report'), true);
  for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://evil/', 'http://127.0.0.1:8080/']) {
    assert.equal(isAllowedNavigation(url), false, url);
    assert.equal(isAllowedRequestUrl(url), false, url);
  }
  assert.equal(isAllowedRequestUrl('data:image/png;base64,AAAA'), true);
  assert.deepEqual(WINDOW_OPEN_DECISION, { action: 'deny' });
  for (const permission of ['media', 'geolocation', 'notifications', 'usb', 'hid', 'serial', 'openExternal', 'clipboard-read', 'fullscreen']) {
    assert.equal(isPermissionAllowed(permission, APP_ENTRY_URL), false, permission);
  }
});

test('every app:// response carries the shared CSP, which forbids inline and remote script', () => {
  const headers = appResponseHeaders('text/html');
  assert.equal(headers['Content-Security-Policy'], contentSecurityPolicy());
  assert.equal(headers['X-Content-Type-Options'], 'nosniff');
  const csp = headers['Content-Security-Policy']!;
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|http:|https:/);
});

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(name)) out.push(path);
  }
  return out;
}

const IMPORTS_ELECTRON = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"](?:electron(?:\/[^'"]*)?|electron-store)['"]/;

test('no file outside src-main/app imports electron (or electron-store, which does)', () => {
  const offenders = ['src-main', 'src-renderer']
    .flatMap((dir) => {
      try {
        return walk(join(repoRoot, dir));
      } catch {
        return [];
      }
    })
    .filter((file) => !file.startsWith(appDir))
    .filter((file) => IMPORTS_ELECTRON.test(readFileSync(file, 'utf8')))
    .map((file) => relative(repoRoot, file));
  assert.deepEqual(offenders, []);
  assert.ok(IMPORTS_ELECTRON.test(readFileSync(join(appDir, 'main.ts'), 'utf8')), 'the detector does see main.ts importing electron');
});

test('the preload bundles to one file that exposes only a frozen window.mx with invoke and onEvent', async () => {
  const bundle = await build({
    entryPoints: [join(appDir, 'preload.ts')],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    external: ['electron'],
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]!.text;
  const required: string[] = [];
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const ipcRenderer = {
    invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, value: 'pong' }),
    on: (ch: string, fn: (...args: unknown[]) => void) => void (listeners.get(ch) ?? listeners.set(ch, new Set()).get(ch)!).add(fn),
    removeListener: (ch: string, fn: (...args: unknown[]) => void) => void listeners.get(ch)?.delete(fn),
  };
  const fakeElectron = { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) }, ipcRenderer };
  const module = { exports: {} };
  const sandboxRequire = (id: string) => {
    required.push(id);
    if (id === 'electron') return fakeElectron;
    throw new Error(`a sandboxed preload cannot require "${id}"`);
  };
  vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports });

  assert.deepEqual([...new Set(required)], ['electron']);
  assert.deepEqual([...exposed.keys()], ['mx']);
  const mx = exposed.get('mx') as Record<string, (...args: any[]) => any>;
  assert.ok(Object.isFrozen(mx));
  assert.deepEqual(Object.keys(mx).sort(), ['invoke', 'onEvent']);
  assert.ok(!Object.values(mx).includes(ipcRenderer as never));

  assert.deepEqual(await mx.invoke!('app:info', undefined), { ok: true, value: 'pong' });
  assert.deepEqual(invoked, [[IPC_INVOKE_CHANNEL, 'app:info', undefined]]);

  const seen: unknown[] = [];
  const off = mx.onEvent!((e: unknown) => seen.push(e));
  const fakeIpcEvent = { sender: ipcRenderer };
  for (const fn of listeners.get(IPC_EVENT_CHANNEL) ?? []) fn(fakeIpcEvent, { type: 'connection-closed', reason: 'user' });
  assert.deepEqual(seen, [{ type: 'connection-closed', reason: 'user' }], 'the page gets the event data, never the IPC event (its sender is ipcRenderer)');
  off();
  assert.equal(listeners.get(IPC_EVENT_CHANNEL)?.size, 0);
});

test('main.ts wires every guard and nothing a scanner flags', () => {
  const main = readFileSync(join(appDir, 'main.ts'), 'utf8');
  const appSources = readdirSync(appDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => readFileSync(join(appDir, f), 'utf8'))
    .join('\n');
  for (const required of [
    'requestSingleInstanceLock()',
    'enableSandbox()',
    'registerSchemesAsPrivileged(',
    'protocol.handle(APP_SCHEME',
    'setPermissionRequestHandler(',
    'setPermissionCheckHandler(',
    'setDevicePermissionHandler(',
    "'will-attach-webview'",
    "'will-navigate'",
    "'will-redirect'",
    'setWindowOpenHandler(',
    'checkIpcSender(event.senderFrame',
    'loadURL(APP_ENTRY_URL)',
    'webPreferences(PRELOAD_PATH',
  ]) {
    assert.ok(main.includes(required), `main.ts uses ${required}`);
  }
  assert.equal(main.match(/ipcMain\.handle\(/g)?.length, 1, 'one IPC channel');
  for (const [rule, pattern] of [
    ['nodeIntegration enabled', /nodeIntegration\w*\s*:\s*true/],
    ['context isolation disabled', /contextIsolation\s*:\s*false/],
    ['sandbox disabled', /sandbox\s*:\s*false/],
    ['web security disabled', /webSecurity\s*:\s*false/],
    ['insecure content allowed', /allowRunningInsecureContent\s*:\s*true/],
    ['experimental features', /experimentalFeatures\s*:\s*true|enableBlinkFeatures/],
    ['webview enabled', /webviewTag\s*:\s*true/],
    ['file:// loading', /loadFile\(|file:\/\//],
    ['shell.openExternal', /openExternal\(/],
    ['ipcMain.on (unchecked channel)', /ipcMain\.on\(/],
    ['remote module', /@electron\/remote|enableRemoteModule/],
    ['certificate errors ignored', /certificate-error|setCertificateVerifyProc|ignore-certificate-errors/],
    ['insecure http content', /['"]http:\/\//],
  ] as const) {
    assert.doesNotMatch(appSources, pattern, rule);
  }
});
