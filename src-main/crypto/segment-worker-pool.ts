// Seals and opens a backup's body segments (gcm-segments.ts) on every core the machine offers. A large backup
// (PARALLEL_MIN_SEGMENTS and more) is split into tasks of TASK_SEGMENTS segments that worker threads take in
// turn, reading and writing the caller's SharedArrayBuffers directly (no copies); the event loop only hands
// out tasks, so a controller served by the same process keeps answering. A small body, a machine with one
// core, or a pool whose workers cannot start runs the same code on the event loop with a yield between
// segments: same bytes, just slower.

import { availableParallelism } from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { openSegmentRange, sealSegmentRange, segmentCount, type SegmentKeys } from './gcm-segments';
import type { SegmentTask, SegmentTaskResult, SharedView } from './segment-task';

// Project choice: bodies of 8 MiB and more go to the workers; below that, starting a task costs more than it
// saves. Tasks of 4 segments (4 MiB) keep both cores busy to the end of a 64 MiB body. At most 4 workers: the
// machines this runs on have 2-8 cores, and the memory bus, not the cores, limits beyond that.
export const PARALLEL_MIN_SEGMENTS = 8;
const TASK_SEGMENTS = 4;
const MAX_WORKERS = 4;
/** Idle workers end after this long, so a backup made once an hour does not keep threads around. */
const IDLE_MS = 10_000;

/** A buffer the workers can write into: shared memory when the body is large enough to go to them. */
export function allocateBodyBuffer(length: number, plainLength: number): Buffer {
  if (!usesWorkers(plainLength)) return Buffer.alloc(length);
  return Buffer.from(new SharedArrayBuffer(length), 0, length);
}

/** `bytes` where the workers can read it: as it is, or copied into shared memory when they will be used. */
export function shareWithWorkers(bytes: Uint8Array, plainLength: number): Uint8Array {
  if (!usesWorkers(plainLength) || bytes.buffer instanceof SharedArrayBuffer) return bytes;
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  copy.set(bytes);
  return copy;
}

function usesWorkers(plainLength: number): boolean {
  return segmentCount(plainLength) >= PARALLEL_MIN_SEGMENTS && workerCount() > 1;
}

function workerCount(): number {
  return Math.min(MAX_WORKERS, availableParallelism());
}

function sharedView(bytes: Uint8Array): SharedView | undefined {
  return bytes.buffer instanceof SharedArrayBuffer ? { buffer: bytes.buffer, offset: bytes.byteOffset, length: bytes.byteLength } : undefined;
}

/** Seals `plain` into `sealed` (sealedLength(plain.length) bytes). */
export async function sealBody(keys: SegmentKeys, plain: Uint8Array, sealed: Uint8Array): Promise<void> {
  const count = segmentCount(plain.length);
  if (usesWorkers(plain.length)) {
    const shared = { plain: sharedView(plain), sealed: sharedView(sealed) };
    if (shared.plain && shared.sealed && (await pool().runAll('seal', keys, shared.plain, shared.sealed, count)) !== undefined) return;
  }
  for (let index = 0; index < count; index++) {
    sealSegmentRange(keys, plain, sealed, index, index + 1);
    await yieldToEventLoop();
  }
}

/** Opens `sealed` into `plain`; returns the first segment that fails authentication, or -1. */
export async function openBody(keys: SegmentKeys, sealed: Uint8Array, plain: Uint8Array): Promise<number> {
  const count = segmentCount(plain.length);
  if (usesWorkers(plain.length)) {
    const shared = { plain: sharedView(plain), sealed: sharedView(sealed) };
    if (shared.plain && shared.sealed) {
      const failed = await pool().runAll('open', keys, shared.plain, shared.sealed, count);
      if (failed !== undefined) return failed;
    }
  }
  for (let index = 0; index < count; index++) {
    const failed = openSegmentRange(keys, sealed, plain, index, index + 1);
    if (failed >= 0) return failed;
    await yieldToEventLoop();
  }
  return -1;
}

interface Pending {
  task: SegmentTask;
  resolve: (result: SegmentTaskResult) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  current: Pending | undefined;
  timer: NodeJS.Timeout | undefined;
}

/** A task that has not come back in this long means a stuck worker: the body is redone on the event loop. */
const TASK_TIMEOUT_MS = 30_000;

function startWorker(): Worker {
  // In a bundle (scripts/build.mjs) segment-worker.js is emitted beside the bundle that contains this code.
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./segment-worker.js', import.meta.url));
  // From the TypeScript sources (tests, tsx): Node does not carry tsx's loader into a worker, so the worker
  // registers it before it imports segment-worker.ts. A failed import is rethrown so that 'error' fires.
  const loader = import.meta.resolve('tsx/esm/api');
  const source = new URL('./segment-worker.ts', import.meta.url).href;
  return new Worker(
    `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); })` +
      '.catch((error) => process.nextTick(() => { throw error; }));',
    { eval: true },
  );
}

class SegmentWorkerPool {
  private readonly workers: PoolWorker[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Set once workers failed to start: every later body runs on the event loop. */
  private broken = false;

  /**
   * Runs every segment through the workers. Returns the first failing segment (opening) or -1, or
   * undefined when the workers cannot be used (the caller then does the work on the event loop).
   */
  async runAll(kind: 'seal' | 'open', keys: SegmentKeys, plain: SharedView, sealed: SharedView, count: number): Promise<number | undefined> {
    if (this.broken) return undefined;
    const runs: Array<Promise<SegmentTaskResult>> = [];
    for (let from = 0; from < count; from += TASK_SEGMENTS) {
      const task: SegmentTask = {
        id: this.nextId++,
        kind,
        key: Uint8Array.from(keys.key),
        nonce: Uint8Array.from(keys.nonce),
        aad: Uint8Array.from(keys.aad),
        plain,
        sealed,
        from,
        to: Math.min(from + TASK_SEGMENTS, count),
      };
      runs.push(new Promise((resolve, reject) => this.queue.push({ task, resolve, reject })));
    }
    this.dispatch();
    let results: SegmentTaskResult[];
    try {
      results = await Promise.all(runs);
    } catch (error) {
      // A worker died or could not start: the rest of the queue is dropped and the body is redone in-thread,
      // once every worker has ended (none may still be writing into the buffers).
      this.broken = true;
      await this.stop();
      warnFallback(error instanceof Error ? error.message : String(error));
      return undefined;
    }
    const failedTask = results.find((r) => r.error !== undefined);
    if (failedTask) {
      warnFallback(failedTask.error!);
      return undefined;
    }
    const failed = results.map((r) => r.failedSegment).filter((s) => s >= 0);
    return failed.length > 0 ? Math.min(...failed) : -1;
  }

  private dispatch(): void {
    clearTimeout(this.idleTimer);
    while (this.workers.length < workerCount() && this.workers.length < this.queue.length + this.busyCount()) this.workers.push(this.spawn());
    for (const w of this.workers) {
      if (w.current) continue;
      const next = this.queue.shift();
      if (!next) break;
      w.current = next;
      w.worker.ref();
      w.timer = setTimeout(() => w.worker.emit('error', new Error('a backup encryption worker did not answer')), TASK_TIMEOUT_MS);
      w.worker.postMessage(next.task);
    }
    if (this.busyCount() === 0 && this.queue.length === 0) {
      for (const w of this.workers) w.worker.unref();
      this.idleTimer = setTimeout(() => void this.stop(), IDLE_MS);
      this.idleTimer.unref();
    }
  }

  private busyCount(): number {
    return this.workers.filter((w) => w.current).length;
  }

  private spawn(): PoolWorker {
    const entry: PoolWorker = { worker: startWorker(), current: undefined, timer: undefined };
    entry.worker.on('message', (result: SegmentTaskResult) => {
      if (result.error === undefined) tasksDoneByWorkers++;
      clearTimeout(entry.timer);
      const done = entry.current;
      entry.current = undefined;
      done?.resolve(result);
      this.dispatch();
    });
    const fail = (error: Error): void => {
      clearTimeout(entry.timer);
      const index = this.workers.indexOf(entry);
      if (index >= 0) this.workers.splice(index, 1);
      const lost = [entry.current, ...this.queue.splice(0)].filter((p): p is Pending => p !== undefined);
      entry.current = undefined;
      for (const p of lost) p.reject(error);
    };
    entry.worker.on('error', fail);
    entry.worker.on('exit', (code) => {
      if (entry.current || this.workers.includes(entry)) fail(new Error(`a backup encryption worker stopped (exit code ${code})`));
    });
    return entry;
  }

  async stop(): Promise<void> {
    clearTimeout(this.idleTimer);
    await Promise.all(this.workers.splice(0).map((w) => w.worker.terminate()));
  }
}

let shared: SegmentWorkerPool | undefined;

// Said once on stderr (Node's warning channel), because the fallback is correct but slower, and a packaging
// mistake (segment-worker.js missing beside a bundle) should not go unnoticed. Messages carry no key material.
function warnFallback(reason: string): void {
  process.emitWarning(`Backup encryption worker threads are unavailable (${reason}); sealing on the main thread instead.`, { code: 'MXC_BACKUP_WORKERS' });
}
let tasksDoneByWorkers = 0;

/** How many tasks worker threads have completed in this process (tests check that large bodies use them). */
export function segmentTasksDoneByWorkers(): number {
  return tasksDoneByWorkers;
}

function pool(): SegmentWorkerPool {
  shared ??= new SegmentWorkerPool();
  return shared;
}

/** Ends the worker threads now (tests; an app about to quit). The next large body starts them again. */
export async function stopSegmentWorkers(): Promise<void> {
  const stopping = shared;
  shared = undefined;
  await stopping?.stop();
}
