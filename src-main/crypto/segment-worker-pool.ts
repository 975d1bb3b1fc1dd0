// Seals and opens a backup's body segments (gcm-segments.ts) on every core the machine offers. A large backup
// (PARALLEL_MIN_SEGMENTS and more) is split into tasks of TASK_SEGMENTS segments that worker threads take in
// turn, reading and writing the caller's SharedArrayBuffers directly (no copies); the event loop only hands
// out tasks, so a controller served by the same process keeps answering. A small body, a machine with one
// core, or a pool whose workers cannot start runs the same code on the event loop with a yield between
// segments: same bytes, just slower.

import { availableParallelism } from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { startBundledWorker } from './bundled-worker';
import { openSegmentRange, sealSegmentRange, segmentCount, type SegmentKeys } from './gcm-segments';
import type { SegmentTask, SegmentTaskResult, SharedView } from './segment-task';

// Project choice: bodies of 8 MiB and more go to the workers; below that, starting a task costs more than it
// saves. Tasks of 4 segments (4 MiB) keep both cores busy to the end of a 64 MiB body. At most 4 workers: the
// machines this runs on have 2-8 cores, and the memory bus, not the cores, limits beyond that.
const PARALLEL_MIN_SEGMENTS = 8;
const TASK_SEGMENTS = 4;
const MAX_WORKERS = 4;
/** Idle workers end after this long, so a backup made once an hour does not keep threads around. */
const IDLE_MS = 10_000;

/** A buffer the workers can write into: shared memory when the body is large enough to go to them. */
export function allocateBodyBuffer(length: number, plainLength: number): Buffer {
  if (!usesWorkers(plainLength)) return Buffer.alloc(length);
  return Buffer.from(new SharedArrayBuffer(length), 0, length);
}

/** Bytes copied or zeroed between two yields to the event loop (well under a millisecond of memory work). */
const SLICE_BYTES = 4 * 1024 * 1024;

/** `bytes` where the workers can read it: as it is, or copied into shared memory when they will be used. */
export async function shareWithWorkers(bytes: Uint8Array, plainLength: number): Promise<Uint8Array> {
  if (!usesWorkers(plainLength) || bytes.buffer instanceof SharedArrayBuffer) return bytes;
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  for (let at = 0; at < bytes.byteLength; at += SLICE_BYTES) {
    copy.set(bytes.subarray(at, at + SLICE_BYTES), at);
    await yieldToEventLoop();
  }
  return copy;
}

/** Fills `bytes` with zeros in slices, so wiping a large body does not stall the event loop. */
export async function zeroInSlices(bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.byteLength; at += SLICE_BYTES) {
    bytes.fill(0, at, Math.min(at + SLICE_BYTES, bytes.byteLength));
    if (at + SLICE_BYTES < bytes.byteLength) await yieldToEventLoop();
  }
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
  /** The worker has started (its script loaded): a failure before that means workers cannot run here. */
  online: boolean;
}

/** A task that has not come back in this long means a stuck worker: the body is redone on the event loop. */
const TASK_TIMEOUT_MS = 30_000;

function startWorker(): Worker {
  return startBundledWorker('segment-worker', new URL('./segment-worker.ts', import.meta.url));
}

class SegmentWorkerPool {
  private readonly workers: PoolWorker[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Set once a worker failed to start: workers cannot run here, every later body runs on the event loop. */
  private broken = false;
  /** Workers being terminated after a failure: stop() waits for them too. */
  private readonly ending = new Set<Promise<number>>();

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
        // Its own copy, transferred to the worker (detached here) and zeroed there when the task ends.
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
      // A worker died, hung or could not start: the rest of the queue is dropped and the body is redone
      // in-thread once every worker has ended (none may still be writing into the buffers). Only a worker
      // that never started disables the workers for good; a later body tries them again.
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
      w.timer = setTimeout(() => this.fail(w, new Error(`a backup encryption worker did not answer within ${TASK_TIMEOUT_MS / 1000} s`)), TASK_TIMEOUT_MS);
      w.worker.postMessage(next.task, [next.task.key.buffer as ArrayBuffer]);
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
    const entry: PoolWorker = { worker: startWorker(), current: undefined, timer: undefined, online: false };
    entry.worker.once('online', () => (entry.online = true));
    entry.worker.on('message', (result: SegmentTaskResult) => {
      if (result.error === undefined) tasksDoneByWorkers++;
      clearTimeout(entry.timer);
      const done = entry.current;
      entry.current = undefined;
      done?.resolve(result);
      this.dispatch();
    });
    entry.worker.on('error', (error) => this.fail(entry, error));
    entry.worker.on('exit', (code) => {
      if (entry.current || this.workers.includes(entry)) this.fail(entry, new Error(`a backup encryption worker stopped (exit code ${code})`));
    });
    return entry;
  }

  /** Ends a worker that failed, hung or died, and rejects its task and every queued one. */
  private fail(entry: PoolWorker, error: Error): void {
    clearTimeout(entry.timer);
    if (!entry.online) this.broken = true;
    const index = this.workers.indexOf(entry);
    if (index >= 0) this.workers.splice(index, 1);
    const ending = entry.worker.terminate();
    this.ending.add(ending);
    void ending.finally(() => this.ending.delete(ending));
    const current = entry.current;
    entry.current = undefined;
    const queued = this.queue.splice(0);
    // Keys of tasks never sent are still here: zero them (a sent task's key was transferred away).
    for (const p of queued) p.task.key.fill(0);
    for (const p of current ? [current, ...queued] : queued) p.reject(error);
  }

  async stop(): Promise<void> {
    clearTimeout(this.idleTimer);
    await Promise.all([...this.workers.splice(0).map((w) => w.worker.terminate()), ...this.ending]);
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
