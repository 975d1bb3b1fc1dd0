// Bad input on the wire: at least 100,000 random and mutated frames sent to a running virtual controller
// (with its security functions installed) over real loopback sockets. Nothing may crash it or hang it:
// every reply must be a valid SLMP response frame, or the connection closes; afterwards the controller
// still answers. Seeded, so a failure can be replayed; bounded in count and time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom as prng } from '../testing/seeded-random';
import net from 'node:net';
import { DEFAULT_ROUTE, decodeResponse, encodeRequest, frameLength, type FrameFormat } from '../slmp/frame';
import { Command } from '../slmp/commands';
import { SecurityCommand } from '../slmp/security-commands';
import { startVirtualController, type RunningController } from './start-virtual-controller';

const TOTAL_FRAMES = 100_000;
const TIME_BUDGET_MS = 150_000;
const BATCH = 50;
const SEED = 0x5eed_2026;

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

function sendBatch(port: number, frames: Buffer[], tail: Buffer | undefined, expected: number): Promise<BatchResult> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let replies = 0;
    let settled = false;
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
      finish();
    });
    socket.once('connect', () => {
      socket.write(Buffer.concat(frames));
      if (tail) socket.end(tail);
    });
  });
}

test(`the virtual controller survives ${TOTAL_FRAMES} random and mutated frames: every reply a valid frame or a closed connection`, { timeout: TIME_BUDGET_MS + 30_000 }, async (t) => {
  const running: RunningController = await startVirtualController({ model: 'MXR300-32', host: '127.0.0.1', slmpPort: 0, security: true });
  t.after(() => running.stop());
  const internalErrors: unknown[] = [];
  const recent: string[] = [];
  running.controller.onEvent((e) => {
    if (e.type === 'internal-error') internalErrors.push(e.error);
    recent.push(e.type === 'request' ? `req ${e.command.toString(16)} ${e.endCode.toString(16)}` : `${e.type} ${(e as { message?: string }).message ?? ''}`);
    if (recent.length > 12) recent.shift();
  });
  const slmp = running.listeners.find((l) => l.service === 'slmp');
  assert.ok(slmp && 'port' in slmp, 'the SLMP TCP service is open');
  const port = slmp.port;
  const rand = prng(SEED);
  const started = Date.now();
  let sent = 0;
  let replies = 0;
  let closes = 0;
  while (sent < TOTAL_FRAMES) {
    assert.ok(Date.now() - started < TIME_BUDGET_MS, `time budget exceeded after ${sent} frames`);
    const frames = Array.from({ length: Math.min(BATCH, TOTAL_FRAMES - sent) }, () => wellFramed(rand));
    const tail = rand() < 0.5 ? wild(rand) : undefined;
    const result = await sendBatch(port, frames, tail, frames.length);
    sent += frames.length + (tail ? 1 : 0);
    replies += result.replies;
    if (result.closedByDevice) closes++;
    // Well-framed requests are each answered (with data or an end code) unless the wild tail closed the
    // connection first; they always precede the tail, so all of them must have been answered.
    assert.ok(result.replies >= frames.length, `only ${result.replies} of ${frames.length} well-framed requests answered; first unanswered: ${frames[result.replies]?.subarray(0, 40).toString("hex")} events: ${recent.join(' | ')}`);
  }
  assert.deepEqual(internalErrors, [], 'the controller reported internal errors');
  // Still alive and correct after the storm.
  const check = await sendBatch(port, [encodeRequest({ format: '4E', serial: 7, route: DEFAULT_ROUTE, timer: 16, command: Command.ReadTypeName, subcommand: 0, data: Buffer.alloc(0) })], undefined, 1);
  assert.equal(check.replies, 1);
  t.diagnostic(`${sent} frames sent, ${replies} replies, ${closes} connections ended, ${Date.now() - started} ms`);
});
