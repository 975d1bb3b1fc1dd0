// The worker pool's promise: the same bytes whether the workers seal a body or the event loop does, even
// when the workers go away in the middle of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { openSegmentRange, sealedLength, sealSegmentRange, segmentCount } from './gcm-segments';
import { allocateBodyBuffer, sealBody, segmentTasksDoneByWorkers, stopSegmentWorkers } from './segment-worker-pool';

const BODY = 24 * 1024 * 1024 + 5;

function body(): { keys: { key: Buffer; nonce: Buffer; aad: Buffer }; plain: Buffer; sealed: Buffer } {
  const plain = allocateBodyBuffer(BODY, BODY);
  plain.set(randomBytes(BODY));
  return { keys: { key: randomBytes(32), nonce: randomBytes(12), aad: randomBytes(100) }, plain, sealed: allocateBodyBuffer(sealedLength(BODY), BODY) };
}

test('workers ended in the middle of sealing: the body is sealed on the event loop instead, byte for byte, and a warning says so', async (t) => {
  if (availableParallelism() < 2) {
    t.skip('one core: bodies are sealed on the event loop only, there are no workers to end');
    return;
  }
  const warnings: string[] = [];
  const onWarning = (w: Error & { code?: string }) => {
    if (w.code === 'MXC_BACKUP_WORKERS') warnings.push(w.message);
  };
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));

  // Warm up: the workers start and seal one body.
  const first = body();
  await sealBody(first.keys, first.plain, first.sealed);
  const done = segmentTasksDoneByWorkers();
  assert.ok(done > 0, 'the workers sealed the first body');

  const b = body();
  // The tasks are handed out synchronously; ending the workers before the event loop turns means no task
  // can have come back yet.
  const sealing = sealBody(b.keys, b.plain, b.sealed);
  const ending = stopSegmentWorkers();
  await ending;
  await sealing;
  const expected = Buffer.alloc(sealedLength(BODY));
  sealSegmentRange(b.keys, b.plain, expected, 0, segmentCount(BODY));
  assert.ok(expected.equals(b.sealed), 'the same bytes as a seal on one thread');
  const reopened = Buffer.alloc(BODY);
  assert.equal(openSegmentRange(b.keys, b.sealed, reopened, 0, segmentCount(BODY)), -1);
  await yieldToEventLoop();
  assert.equal(warnings.length, 1, `one warning: ${warnings.join(' | ')}`);
  assert.match(warnings[0]!, /worker threads are unavailable .*sealing on the main thread/);

  // A later body starts new workers.
  const later = body();
  await sealBody(later.keys, later.plain, later.sealed);
  assert.ok(segmentTasksDoneByWorkers() > done, 'workers sealed again afterwards');
  await stopSegmentWorkers();
});
