// A worker thread of segment-worker-pool.ts: seals or opens a range of backup body segments in shared memory.
// It holds a body key only while a task runs; the buffers are SharedArrayBuffers owned by the caller.

import { parentPort } from 'node:worker_threads';
import { openSegmentRange, sealSegmentRange } from './gcm-segments';
import type { SegmentTask, SegmentTaskResult } from './segment-task';

const port = parentPort;
if (!port) throw new Error('segment-worker.ts runs only as a worker thread');

port.on('message', (task: SegmentTask) => {
  const keys = { key: Buffer.from(task.key), nonce: task.nonce, aad: task.aad };
  let result: SegmentTaskResult;
  try {
    const plain = new Uint8Array(task.plain.buffer, task.plain.offset, task.plain.length);
    const sealed = new Uint8Array(task.sealed.buffer, task.sealed.offset, task.sealed.length);
    if (task.kind === 'seal') {
      sealSegmentRange(keys, plain, sealed, task.from, task.to);
      result = { id: task.id, failedSegment: -1 };
    } else {
      result = { id: task.id, failedSegment: openSegmentRange(keys, sealed, plain, task.from, task.to) };
    }
  } catch (error) {
    result = { id: task.id, failedSegment: -1, error: error instanceof Error ? error.message : String(error) };
  } finally {
    keys.key.fill(0);
    task.key.fill(0);
  }
  port.postMessage(result);
});
