import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { WebSocket } from 'ws';
import { BROWSER_IPC_PROTOCOL, BROWSER_TOKEN_PROTOCOL_PREFIX, type BrowserWireMessage, type DeviceIdentity, type MainEvent } from '../ipc/contract';
import type { MainService } from '../ipc/main-service';
import { startBrowserHost, type BrowserHost } from './browser-host';
import { noSessionWizard } from '../services/wizard/testing/no-session-wizard';

// A stand-in for the composition root: the host's job is transport and access control, not devices.
function fakeService(): MainService & { emit(event: MainEvent): void } {
  const listeners = new Set<(event: MainEvent) => void>();
  const identity: DeviceIdentity = { model: 'MXR300-32', modelCode: 0x4a21, cpuState: 'STOP', linkKind: 'usb', linkDescription: 'USB', virtual: true };
  return {
    wizard: noSessionWizard(),
    lifecycle: { visitPlan: async () => { throw new Error('no device'); }, runVisit: async () => { throw new Error('no device'); }, renewCertificate: async () => { throw new Error('no device'); }, dispose: async () => { throw new Error('no device'); }, exportVisit: async () => { throw new Error('no visit'); }, exportDisposal: async () => { throw new Error('no disposal'); }, observeRealAdapter: async () => { throw new Error('no adapter'); } },
    care: { updateFirmware: async () => { throw new Error('no device'); }, openUsers: async () => { throw new Error('no device'); }, addUser: async () => { throw new Error('no device'); }, removeUser: async () => { throw new Error('no device'); }, unlockUser: async () => { throw new Error('no device'); }, changeOwnPassword: async () => { throw new Error('no device'); }, closeUsers: async () => undefined, restore: async () => { throw new Error('no device'); }, close: async () => undefined },
    appInfo: async () => ({ version: '0.1.0', host: 'browser', platform: 'linux' }),
    listUsbDevices: async () => ({ busAvailable: false, devices: [], note: 'no-usb-bus' }),
    connect: async (request) => ({ system: request.system, identity }),
    currentConnection: async () => null,
    readIdentity: async () => identity,
    disconnect: async () => undefined,
    knownDevices: async () => [],
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: async () => undefined,
    emit: (event) => listeners.forEach((l) => l(event)),
  };
}

const TOKEN = 'test-token-' + 'x'.repeat(32);
let root: string;
let host: BrowserHost;
let service: ReturnType<typeof fakeService>;
const sockets: WebSocket[] = [];

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'mxc-host-test-'));
  const rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>MX Commissioner</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET-OUTSIDE-RENDERER');
  symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
  service = fakeService();
  host = await startBrowserHost({ service, rendererDir, token: TOKEN, authDeadlineMs: 300 });
});

after(async () => {
  for (const socket of sockets) socket.terminate();
  await host.close();
  rmSync(root, { recursive: true, force: true });
});

function get(path: string, hostHeader = `127.0.0.1:${host.port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, headers: { Host: hostHeader }, timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

type Opened = { socket: WebSocket; messages: BrowserWireMessage[]; closed: Promise<{ code: number; reason: string }>; next(): Promise<BrowserWireMessage> };

/** Opens /ipc the way the page does (its own Origin), or with what a test overrides. */
function openSocket(options: { origin?: string | null; path?: string; protocols?: string[] } = {}): Promise<Opened> {
  const origin = options.origin === undefined ? `http://127.0.0.1:${host.port}` : options.origin;
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}${options.path ?? '/ipc'}`, options.protocols ?? [], origin === null ? {} : { origin });
  sockets.push(socket);
  const messages: BrowserWireMessage[] = [];
  const waiters: ((m: BrowserWireMessage) => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as BrowserWireMessage;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else messages.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const next = () =>
    new Promise<BrowserWireMessage>((resolve, reject) => {
      const queued = messages.shift();
      if (queued) return resolve(queued);
      const timer = setTimeout(() => reject(new Error('no message within 3 s')), 3000);
      waiters.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, messages, closed, next }));
    socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode })));
    socket.once('error', reject);
  });
}

async function authenticated(): Promise<Opened> {
  const client = await openSocket();
  client.socket.send(TOKEN);
  assert.deepEqual(await client.next(), { ready: true });
  return client;
}

test('the page is served with the CSP and the hardening headers', async () => {
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  const csp = String(page.headers['content-security-policy']);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${host.port}`));
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  assert.equal(page.headers['referrer-policy'], 'no-referrer');
  assert.equal(page.headers['cross-origin-opener-policy'], 'same-origin');
  const script = await get('/assets/app.js');
  assert.match(String(script.headers['content-type']), /^text\/javascript/);
  assert.match(String((await get('/assets/app.css')).headers['content-type']), /^text\/css/);
});

test('the URL carries the token in the fragment only, bound to 127.0.0.1', () => {
  const url = new URL(host.url);
  assert.equal(url.hostname, '127.0.0.1');
  assert.equal(url.search, '');
  assert.equal(url.hash, `#token=${TOKEN}`);
});

test('a request naming another host is refused with 403 (DNS rebinding)', async () => {
  for (const name of [`evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, '127.0.0.1', `localhost.evil.example:${host.port}`]) {
    const response = await get('/', name);
    assert.equal(response.status, 403, name);
    assert.doesNotMatch(response.body, /MX Commissioner/);
  }
  assert.equal((await get('/', `localhost:${host.port}`)).status, 200);
});

test('paths that climb out of the renderer folder are refused', async () => {
  for (const path of ['/assets/link.txt', '/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/..\\secret.txt', '/%00index.html']) {
    const response = await get(path);
    assert.ok([400, 403, 404].includes(response.status), `${path} -> ${response.status}`);
    assert.doesNotMatch(response.body, /TOP-SECRET/, path);
    assert.ok(response.headers['content-security-policy'], 'refusals carry the CSP too');
  }
});

test('a WebSocket whose first message is not the token is closed with the policy code', async () => {
  const noToken = await openSocket();
  noToken.socket.send(JSON.stringify({ id: 1, channel: 'app:info' }));
  assert.equal((await noToken.closed).code, 1008);

  const wrongToken = await openSocket();
  wrongToken.socket.send(TOKEN.slice(0, -1) + 'y');
  assert.equal((await wrongToken.closed).code, 1008);
  assert.equal(wrongToken.messages.length, 0, 'nothing is answered before the token');
});

test('a WebSocket that stays silent is closed with the policy code when its time to authenticate ends', async () => {
  const silent = await openSocket();
  const started = Date.now();
  assert.equal((await silent.closed).code, 1008);
  assert.ok(Date.now() - started < 3000);
});

test('a WebSocket from another origin, with no origin or with the token in the query is refused', async () => {
  await assert.rejects(openSocket({ origin: 'http://evil.example' }), { status: 403 });
  await assert.rejects(openSocket({ origin: `http://127.0.0.1:${host.port + 1}` }), { status: 403 });
  await assert.rejects(openSocket({ origin: null }), { status: 403 });
  await assert.rejects(openSocket({ path: `/ipc?token=${TOKEN}` }), { status: 404 });
});

test('with the token: requests are answered by id, malformed ones get typed errors, events arrive', async () => {
  const client = await authenticated();
  client.socket.send(JSON.stringify({ id: 7, channel: 'app:info' }));
  assert.deepEqual(await client.next(), { id: 7, result: { ok: true, value: { version: '0.1.0', host: 'browser', platform: 'linux' } } });

  client.socket.send('not json');
  const notJson = await client.next();
  assert.ok('result' in notJson && !notJson.result.ok && notJson.result.error.code === 'invalid-payload');

  client.socket.send(JSON.stringify({ id: 8, channel: 'connection:open', payload: { via: 'carrier-pigeon' } }));
  const badPayload = await client.next();
  assert.ok('result' in badPayload && badPayload.id === 8 && !badPayload.result.ok && badPayload.result.error.code === 'invalid-payload');

  client.socket.send(JSON.stringify({ id: 9, channel: 'device:format-everything' }));
  const unknown = await client.next();
  assert.ok('result' in unknown && !unknown.result.ok && unknown.result.error.code === 'unknown-channel');

  client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
  const binary = await client.next();
  assert.ok('result' in binary && !binary.result.ok && binary.result.error.code === 'invalid-payload');

  service.emit({ type: 'connection-closed', reason: 'link-lost' });
  assert.deepEqual(await client.next(), { event: { type: 'connection-closed', reason: 'link-lost' } });

  client.socket.close();
  await client.closed;
});

test('a second client is refused while one is connected; after the first closes, the next one is served', async () => {
  const first = await authenticated();
  const second = await openSocket();
  second.socket.send(TOKEN);
  assert.equal((await second.closed).code, 1013);

  first.socket.close();
  await first.closed;
  // The server sees the close a moment after the client; a reloading page retries the same way.
  let replacement: Opened | undefined;
  for (let attempt = 0; attempt < 20 && !replacement; attempt++) {
    const candidate = await openSocket();
    candidate.socket.send(TOKEN);
    const outcome = await Promise.race([candidate.next(), candidate.closed]);
    if ('ready' in outcome) replacement = candidate;
    else await new Promise((r) => setTimeout(r, 25));
  }
  assert.ok(replacement, 'a new client is accepted once the first has gone');
  replacement.socket.close();
  await replacement.closed;
});

test('eight silent local WebSockets, reopened as soon as they are closed, keep the page with the token out for less than 2 s', async () => {
  let attacking = true;
  const silent = new Set<Opened>();
  const attack = async (): Promise<void> => {
    while (attacking) {
      const s = await openSocket().catch(() => undefined);
      if (!s) continue;
      silent.add(s);
      await s.closed;
      silent.delete(s);
    }
  };
  const attackers = Array.from({ length: 8 }, () => attack());
  await new Promise((r) => setTimeout(r, 200));

  // The page as the renderer does (ws-bridge.ts): the token in the handshake, "busy" retried 20 times 150 ms apart.
  const started = Date.now();
  let page: Opened | undefined;
  for (let attempt = 0; attempt < 20 && !page; attempt++) {
    const candidate = await openSocket({ protocols: [BROWSER_IPC_PROTOCOL, BROWSER_TOKEN_PROTOCOL_PREFIX + TOKEN] });
    const outcome = await Promise.race([candidate.next(), candidate.closed]);
    if ('ready' in outcome) page = candidate;
    else await new Promise((r) => setTimeout(r, 150));
  }
  const waited = Date.now() - started;
  attacking = false;
  for (const s of silent) s.socket.terminate();
  assert.ok(page, 'the page got in');
  assert.ok(waited < 2000, `the page waited ${waited} ms`);
  assert.equal(page.socket.protocol, BROWSER_IPC_PROTOCOL, 'the token is never echoed');
  page.socket.send(JSON.stringify({ id: 1, channel: 'app:info' }));
  assert.ok('result' in (await page.next()));
  page.socket.close();
  await page.closed;
  await Promise.all(attackers);
  for (const s of silent) s.socket.terminate();
});

test('a handshake with a wrong token is closed with the policy code; five silent sockets push out the oldest, not the newcomer', async () => {
  const wrong = await openSocket({ protocols: [BROWSER_IPC_PROTOCOL, BROWSER_TOKEN_PROTOCOL_PREFIX + 'nope'] });
  assert.equal((await wrong.closed).code, 1008);
  const silent: Opened[] = [];
  for (let i = 0; i < 5; i++) silent.push(await openSocket());
  assert.equal((await silent[0]!.closed).code, 1008, 'the oldest silent socket made room');
  const late = await openSocket();
  late.socket.send(TOKEN);
  assert.deepEqual(await late.next(), { ready: true });
  for (const s of silent) s.socket.terminate();
  late.socket.close();
  await late.closed;
});
