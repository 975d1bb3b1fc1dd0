// Bad input on the wire: random and mutated frames sent to a running virtual controller (with its security
// functions installed) over real loopback sockets: SLMP over TCP, over TLS and the virtual USB cable.
// Nothing may crash it or hang it: every reply must be a valid SLMP response frame, or the connection
// closes; afterwards the controller still answers. Bounded in count and time.
//
// Each run uses a new seed (printed; MXC_FUZZ_SEED=<seed> replays a run exactly), so CI runs add up: at
// 40,000 frames a run, a few runs a day pass 1,000,000 frames within a week. Every run also replays the
// corpus kept in the repository (fuzz-corpus/frames.hex: frames that once mattered, one hex frame a line)
// and every seed that ever failed (fuzz-corpus/regression-seeds.txt, one seed a line, with a comment).
// A failing run's message names its seed: add it to regression-seeds.txt with the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { seededRandom as prng } from '../testing/seeded-random';
import net from 'node:net';
import { DEFAULT_ROUTE, decodeResponse, encodeRequest, frameLength, type FrameFormat } from '../slmp/frame';
import { Command } from '../slmp/commands';
import { SecurityCommand } from '../slmp/security-commands';
import { VirtualController } from './virtual-controller';
import { installSecurity } from './install-security';
import { controllerCertificate } from './crypto-functions/testing/test-certificates';
import { writeStoredCertificate } from './crypto-functions/certificate-store';
import { TLS_SERVICE } from './crypto-functions/tls-listener';

// Project choice: 40,000 frames a run across the three transports (a few seconds), seeded per run.
const FRAMES_PER_RUN = 40_000;
const REGRESSION_FRAMES = 2_000;
const TIME_BUDGET_MS = 150_000;
const BATCH = 50;
const CORPUS = new URL('./fuzz-corpus/', import.meta.url);

function runSeed(): number {
  const fromEnv = process.env.MXC_FUZZ_SEED;
  if (fromEnv !== undefined && fromEnv !== '') {
    const seed = Number(fromEnv);
    if (!Number.isSafeInteger(seed)) throw new Error(`MXC_FUZZ_SEED must be an integer (got "${fromEnv}")`);
    return seed;
  }
  return randomInt(0, 2 ** 32);
}

/** Lines of a corpus file without comments and blank lines. */
function corpusLines(name: string): string[] {
  return readFileSync(new URL(name, CORPUS), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l.length > 0);
}

// Commands that restart or wipe the controller answer nothing (RESET) or end the connection on
// purpose; the fuzzer leaves them to their own tests so "no answer" keeps meaning "hang".
const EXCLUDED = new Set<number>([Command.RemoteReset, SecurityCommand.Initialize]);
const KNOWN = [...Object.values(Command), ...Object.values(SecurityCommand)].filter((c) => !EXCLUDED.has(c));

function wellFramed(rand: () => number): Buffer {
  const format: FrameFormat = rand() < 0.5 ? '3E' : '4E';
  let command = rand() < 0.8 ? KNOWN[Math.floor(rand() * KNOWN.length)]! : Math.floor(rand() * 0x10000);
  if (EXCLUDED.has(command)) command = Command.ReadTypeName;
  const size = rand() < 0.95 ? Math.floor(rand() * 64) : Math.floor(rand() * 2048);
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = Math.floor(rand() * 256);
  if (rand() < 0.2 && size >= 2) data.write('{"', 0, 'latin1'); // nudge the JSON parsers of the security commands
  const route = rand() < 0.9 ? DEFAULT_ROUTE : { network: Math.floor(rand() * 256), station: Math.floor(rand() * 256), moduleIo: Math.floor(rand() * 0x10000), multidrop: Math.floor(rand() * 256) };
  return encodeRequest({
    format,
    serial: format === '4E' ? Math.floor(rand() * 0x10000) : 0,
    route,
    timer: Math.floor(rand() * 0x10000),
    command,
    subcommand: rand() < 0.7 ? [0, 2, 3, 1, 4, 5][Math.floor(rand() * 6)]! : Math.floor(rand() * 0x10000),
    data,
  });
}

/** A frame that may break the framing itself: bit flips anywhere, truncation, or plain garbage. */
function wild(rand: () => number): Buffer {
  const base = wellFramed(rand);
  const kind = rand();
  if (kind < 0.4) {
    for (let flips = 1 + Math.floor(rand() * 4); flips > 0; flips--) {
      const i = Math.floor(rand() * base.length);
      base[i] = base[i]! ^ (1 << Math.floor(rand() * 8));
    }
    return base;
  }
  if (kind < 0.7) return base.subarray(0, Math.floor(rand() * base.length));
  const garbage = Buffer.alloc(1 + Math.floor(rand() * 128));
  for (let i = 0; i < garbage.length; i++) garbage[i] = Math.floor(rand() * 256);
  return garbage;
}

interface BatchResult {
  replies: number;
  closedByDevice: boolean;
}

/** How to reach one transport: a new connection, and the event that says it is ready for bytes. */
interface Transport {
  name: string;
  open(): net.Socket;
  ready: 'connect' | 'secureConnect';
}

function sendBatch(transport: Transport, frames: Buffer[], tail: Buffer | undefined, expected: number): Promise<BatchResult> {
  return new Promise((resolve, reject) => {
    const socket = transport.open();
    let buffer = Buffer.alloc(0);
    let replies = 0;
    let settled = false;
    let ready = false;
    socket.once(transport.ready, () => (ready = true));
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve({ replies, closedByDevice: true });
    };
    // A controller that neither answers nor closes within this time has hung on the input.
    const timer = setTimeout(() => finish(new Error(`no answer and no close after ${replies}/${expected} replies`)), 5000);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        let length: number | undefined;
        try {
          length = frameLength(buffer, 'response');
        } catch (e) {
          return finish(new Error(`invalid reply framing: ${(e as Error).message}`));
        }
        if (length === undefined || buffer.length < length) break;
        try {
          decodeResponse(buffer.subarray(0, length));
        } catch (e) {
          return finish(new Error(`invalid reply frame: ${(e as Error).message}`));
        }
        buffer = buffer.subarray(length);
        replies++;
        if (tail === undefined && replies === expected) {
          settled = true;
          clearTimeout(timer);
          socket.destroy();
          resolve({ replies, closedByDevice: false });
          return;
        }
      }
    });
    socket.on('close', () => {
      if (buffer.length > 0 && !settled) return finish(new Error(`connection closed with ${buffer.length} bytes of a partial reply`));
      // Closed before it was ready: a refused connection or a reset handshake, not an answer to input.
      if (!ready && !settled) return finish(new Error(`${transport.name}: the connection closed before it was ready (handshake reset)`));
      finish();
    });
    socket.once(transport.ready, () => {
      socket.write(Buffer.concat(frames));
      if (tail) socket.end(tail);
    });
  });
}

async function startFuzzTarget(root: string): Promise<{ controller: VirtualController; transports: Transport[] }> {
  const cert = await controllerCertificate(new Date());
  const usbPath = join(root, 'usb.sock');
  const controller = new VirtualController({
    model: 'MXR300-32',
    stateDir: join(root, 'state'),
    listeners: [
      { service: 'slmp', transport: 'tcp', host: '127.0.0.1', port: 0 },
      { service: 'usb', transport: 'usb', path: usbPath },
    ],
  });
  // The device's own SLMP over TLS service, with a certificate in effect from the first boot.
  writeStoredCertificate(controller.stateDir, { version: 1, certificatePem: cert.certificatePem, privateKeyPem: cert.privateKeyPem, writtenAt: new Date().toISOString() });
  installSecurity(controller, { sdCardDir: join(root, 'sd'), tls: { host: '127.0.0.1', port: 0 } });
  await controller.start();
  const portOf = (service: string): number => {
    const l = controller.listeners.list().find((x) => x.service === service);
    assert.ok(l && l.transport === 'tcp', `${service} is open`);
    return l.port;
  };
  const tcpPort = portOf('slmp');
  const tlsPort = portOf(TLS_SERVICE);
  return {
    controller,
    transports: [
      { name: 'TCP', open: () => net.connect(tcpPort, '127.0.0.1'), ready: 'connect' },
      { name: 'TLS', open: () => tls.connect({ host: '127.0.0.1', port: tlsPort, ca: cert.certificatePem, checkServerIdentity: () => undefined }), ready: 'secureConnect' },
      { name: 'virtual USB', open: () => net.connect(usbPath), ready: 'connect' },
    ],
  };
}

interface Tally {
  sent: number;
  replies: number;
  closes: number;
}

/** Sends `count` frames of seed `seed` over `transport` in batches; throws on a hang or a bad reply. */
async function fuzz(transport: Transport, seed: number, count: number, tally: Tally, recent: string[], deadline: number): Promise<void> {
  const rand = prng(seed);
  let sent = 0;
  while (sent < count) {
    assert.ok(Date.now() < deadline, `time budget exceeded after ${tally.sent} frames`);
    const frames = Array.from({ length: Math.min(BATCH, count - sent) }, () => wellFramed(rand));
    const tail = rand() < 0.5 ? wild(rand) : undefined;
    const result = await sendBatch(transport, frames, tail, frames.length);
    sent += frames.length + (tail ? 1 : 0);
    tally.sent += frames.length + (tail ? 1 : 0);
    tally.replies += result.replies;
    if (result.closedByDevice) tally.closes++;
    // Well-framed requests are each answered (with data or an end code) unless the wild tail closed the
    // connection first; they always precede the tail, so all of them must have been answered.
    assert.ok(result.replies >= frames.length, `${transport.name}: only ${result.replies} of ${frames.length} well-framed requests answered; first unanswered: ${frames[result.replies]?.subarray(0, 40).toString('hex')} events: ${recent.join(' | ')}`);
  }
}

test('the virtual controller survives random and mutated frames over TCP, TLS and the virtual USB cable: every reply a valid frame or a closed connection', { timeout: TIME_BUDGET_MS + 30_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'mxc-fuzz-'));
  const { controller, transports } = await startFuzzTarget(root);
  t.after(async () => {
    await controller.stop();
    rmSync(root, { recursive: true, force: true });
  });
  const internalErrors: unknown[] = [];
  const recent: string[] = [];
  controller.onEvent((e) => {
    if (e.type === 'internal-error') internalErrors.push(e.error);
    recent.push(e.type === 'request' ? `req ${e.command.toString(16)} ${e.endCode.toString(16)}` : `${e.type} ${(e as { message?: string }).message ?? ''}`);
    if (recent.length > 12) recent.shift();
  });
  const seed = runSeed();
  const replay = `replay with MXC_FUZZ_SEED=${seed}; once fixed, add the seed to src-main/simulator/fuzz-corpus/regression-seeds.txt`;
  t.diagnostic(`fuzz seed ${seed} (MXC_FUZZ_SEED=${seed} replays this run)`);
  console.log(`frame fuzz seed: ${seed}`);
  const started = Date.now();
  const deadline = started + TIME_BUDGET_MS;
  const tally: Tally = { sent: 0, replies: 0, closes: 0 };

  // The corpus: every frame alone, on every transport.
  const corpus = corpusLines('frames.hex').map((hex) => Buffer.from(hex, 'hex'));
  for (const transport of transports) {
    for (const frame of corpus) {
      const result = await sendBatch(transport, [], frame, 0).catch((e: Error) => assert.fail(`${transport.name}: corpus frame ${frame.toString('hex').slice(0, 40)}: ${e.message}`));
      tally.sent++;
      if (result.closedByDevice) tally.closes++;
    }
  }
  // Every seed that once failed, then this run's seed, split over the transports.
  for (const line of corpusLines('regression-seeds.txt')) {
    const old = Number(line);
    for (const transport of transports) await fuzz(transport, old, REGRESSION_FRAMES, tally, recent, deadline).catch((e: Error) => assert.fail(`regression seed ${old}: ${e.message}`));
  }
  for (const [i, transport] of transports.entries()) {
    await fuzz(transport, seed + i, Math.ceil(FRAMES_PER_RUN / transports.length), tally, recent, deadline).catch((e: Error) => assert.fail(`${e.message} (${replay})`));
  }
  assert.deepEqual(internalErrors, [], `the controller reported internal errors (${replay})`);
  // Still alive and correct after the storm, on every transport.
  for (const transport of transports) {
    const check = await sendBatch(transport, [encodeRequest({ format: '4E', serial: 7, route: DEFAULT_ROUTE, timer: 16, command: Command.ReadTypeName, subcommand: 0, data: Buffer.alloc(0) })], undefined, 1);
    assert.equal(check.replies, 1, transport.name);
  }
  t.diagnostic(`${tally.sent} frames sent, ${tally.replies} replies, ${tally.closes} connections ended, ${Date.now() - started} ms`);
});
