// A bounded IPC fuzz over the browser host's WebSocket, against the real main service (a temporary data
// folder): random and mutated messages on every channel of the contract and on unknown ones. Every
// request gets exactly one answer with its id, none is an internal error, none echoes a secret it was
// sent, and the socket stays usable. A new seed each run (printed; MXC_IPC_FUZZ_SEED=<seed> replays it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { BROWSER_IPC_PROTOCOL, BROWSER_TOKEN_PROTOCOL_PREFIX, channels, type BrowserWireMessage } from '../ipc/contract';
import { createMainService } from '../services/create-main-service';
import { memoryStore } from '../commissioning/engine/device-registry';
import { seededRandom } from '../testing/seeded-random';
import { startBrowserHost } from './browser-host';

// Project choice: 1,500 messages a run, 25 in flight at once (a few seconds).
const MESSAGES = 1_500;
const IN_FLIGHT = 25;
const TOKEN = 'fuzz-token-' + 'y'.repeat(32);
const CANARY = 'Canary-Secret-7!x';
const NAMES = Object.keys(channels);

function randomValue(rand: () => number, depth = 0): unknown {
  const pick = rand();
  if (pick < 0.12) return null;
  if (pick < 0.24) return rand() < 0.5;
  if (pick < 0.4) return [0, -1, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, Math.floor(rand() * 70000)][Math.floor(rand() * 6)];
  if (pick < 0.65) return [CANARY, '', 'a'.repeat(Math.floor(rand() * 5000)), '../../etc/passwd', '<script>x</script>', 'practice', 'mx-r', 'MXR300-32', '127.0.0.1', '\u0000\uffff', 'admin1'][Math.floor(rand() * 11)];
  if (depth > 3) return {};
  if (pick < 0.8) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const keys = ['via', 'system', 'model', 'host', 'port', 'userName', 'password', 'confirmation', 'id', 'sessionId', 'stepId', 'answer', 'settings', 'purpose', 'kind', '__proto__', 'constructor'];
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 5); i > 0; i--) out[keys[Math.floor(rand() * keys.length)]!] = randomValue(rand, depth + 1);
  return out;
}

function message(rand: () => number, id: number): string {
  const r = rand();
  if (r < 0.05) return 'not json {' + CANARY;
  if (r < 0.08) return JSON.stringify([id, CANARY]);
  const channel = rand() < 0.85 ? NAMES[Math.floor(rand() * NAMES.length)]! : `fuzz:${Math.floor(rand() * 1000)}`;
  const body: Record<string, unknown> = { id, channel };
  if (rand() < 0.8) body.payload = randomValue(rand);
  // Never reach a real network: a connect request over Ethernet is pointed at a closed loopback port.
  if (channel === 'connection:open' && typeof body.payload === 'object' && body.payload !== null && (body.payload as { via?: unknown }).via === 'ethernet') {
    (body.payload as Record<string, unknown>).host = '127.0.0.1';
    (body.payload as Record<string, unknown>).port = 9;
  }
  return JSON.stringify(body);
}

test('IPC fuzz over the browser host WebSocket: every message answered once by id, no internal error, no secret echoed', { timeout: 120_000 }, async (t) => {
  const seedText = process.env.MXC_IPC_FUZZ_SEED;
  const seed = seedText ? Number(seedText) : randomInt(0, 2 ** 32);
  t.diagnostic(`IPC fuzz seed ${seed} (MXC_IPC_FUZZ_SEED=${seed} replays this run)`);
  const root = mkdtempSync(join(tmpdir(), 'mxc-ipc-fuzz-'));
  const rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
  const service = await createMainService({ host: 'browser', store: memoryStore(), dataDir: join(root, 'data') });
  const host = await startBrowserHost({ service, rendererDir, token: TOKEN });
  try {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, [BROWSER_IPC_PROTOCOL, BROWSER_TOKEN_PROTOCOL_PREFIX + TOKEN], { origin: `http://127.0.0.1:${host.port}` });
    const answers = new Map<number | string | null, BrowserWireMessage[]>();
    const waiting = new Map<number, () => void>();
    let raw = '';
    socket.on('message', (data) => {
      const text = data.toString();
      raw += text.length > 2000 ? text.slice(0, 2000) : text;
      if (raw.length > 1_000_000) raw = raw.slice(-500_000);
      assert.ok(!text.includes(CANARY), `an answer echoed a secret it was sent: ${text.slice(0, 300)} (seed ${seed})`);
      assert.ok(!text.includes(TOKEN), 'an answer carried the launch token');
      const m = JSON.parse(text) as BrowserWireMessage;
      if ('ready' in m || 'event' in m) return;
      const list = answers.get(m.id) ?? [];
      list.push(m);
      answers.set(m.id, list);
      if (typeof m.id === 'number') waiting.get(m.id)?.();
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('message', () => resolve());
      socket.once('error', reject);
    });
    const rand = seededRandom(seed);
    let next = 1;
    const worker = async (): Promise<void> => {
      while (next <= MESSAGES) {
        const id = next++;
        const text = message(rand, id);
        // A message that is not an object with an id is answered with id null, not with this id.
        if (!text.startsWith('{')) {
          socket.send(text);
          continue;
        }
        const answered = new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no answer to ${text.slice(0, 200)} within 10 s (seed ${seed})`)), 10_000);
          waiting.set(id, () => {
            clearTimeout(timer);
            resolve();
          });
        });
        socket.send(text);
        await answered;
        waiting.delete(id);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    for (const [id, list] of answers) {
      if (id === null) continue;
      assert.equal(list.length, 1, `request ${id} answered ${list.length} times`);
      const result = (list[0] as { result: { ok: boolean; error?: { code: string } } }).result;
      assert.ok(result.ok || result.error?.code !== 'internal', `request ${id} failed inside the app (seed ${seed}): ${JSON.stringify(list[0]).slice(0, 300)}`);
    }
    // Still usable.
    socket.send(JSON.stringify({ id: 'after', channel: 'app:info' }));
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (answers.has('after')) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    assert.equal((answers.get('after')![0] as { result: { ok: boolean } }).result.ok, true);
    socket.close();
  } finally {
    await host.close();
    await service.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});
