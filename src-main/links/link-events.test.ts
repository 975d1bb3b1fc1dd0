import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LinkEvents, MAX_UNCLAIMED_BYTES } from './link-events';

test('bytes before the first listener are delivered in order; a flood nobody reads closes the link', async () => {
  let overflowed = 0;
  const events = new LinkEvents(() => overflowed++);
  events.emitData(Buffer.from('a'));
  events.emitData(Buffer.from('b'));
  const got: string[] = [];
  events.onData((c) => got.push(c.toString()));
  events.emitData(Buffer.from('c'));
  await Promise.resolve();
  assert.deepEqual(got, ['a', 'b', 'c']);

  const flood = new LinkEvents(() => overflowed++);
  flood.emitData(Buffer.alloc(MAX_UNCLAIMED_BYTES + 1));
  assert.equal(overflowed, 1);
});

test('close is reported once, also to listeners that come late', async () => {
  const events = new LinkEvents(() => {});
  const seen: Array<Error | undefined> = [];
  events.onClose((e) => seen.push(e));
  const error = new Error('gone');
  events.emitClose(error);
  events.emitClose(undefined);
  const late = await new Promise<Error | undefined>((resolve) => events.onClose(resolve));
  assert.deepEqual(seen, [error]);
  assert.equal(late, error);
  assert.equal(events.closed, true);
});
