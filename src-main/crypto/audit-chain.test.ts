import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendRecord, chainHead, dropOldest, GENESIS_ANCHOR, verifyChain, type ChainAnchor, type Sealed } from './audit-chain';

type Rec = { code: string; at: string; detail?: string };
const key = randomBytes(32);

function chainOf(n: number): { records: Sealed<Rec>[]; anchor: ChainAnchor } {
  const records: Sealed<Rec>[] = [];
  for (let i = 0; i < n; i++) appendRecord(records, { code: `E${i}`, at: `2026-01-01T00:00:0${i}Z` }, key, GENESIS_ANCHOR);
  return { records, anchor: GENESIS_ANCHOR };
}

test('2.4.5 manipulation check: an untouched history verifies', () => {
  const { records, anchor } = chainOf(6);
  assert.deepEqual(verifyChain(records, key, anchor, chainHead(records, anchor)), { ok: true });
});

test('2.4.5 manipulation check: an edited record is detected and located', () => {
  const { records, anchor } = chainOf(6);
  records[3] = { ...records[3]!, detail: 'nothing happened here' };
  const result = verifyChain(records, key, anchor);
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.firstBadIndex === 3 && result.reason === 'edited');
});

test('2.4.5 manipulation check: a deleted record is detected at the record after it', () => {
  const { records, anchor } = chainOf(6);
  records.splice(2, 1);
  const result = verifyChain(records, key, anchor);
  assert.ok(!result.ok && result.firstBadIndex === 2 && result.reason === 'deleted');
});

test('2.4.5 manipulation check: reordered records are detected', () => {
  const { records, anchor } = chainOf(6);
  [records[1], records[4]] = [records[4]!, records[1]!];
  const result = verifyChain(records, key, anchor);
  assert.ok(!result.ok && result.firstBadIndex === 1 && result.reason === 'reordered');
});

test('2.4.5 manipulation check: an inserted record is detected, even with a plausible sequence number', () => {
  const { records, anchor } = chainOf(6);
  const forged = { code: 'E-forged', at: '2026-01-01T00:00:02Z', seq: 3, mac: 'ab'.repeat(32) };
  records.splice(2, 0, forged);
  const result = verifyChain(records, key, anchor);
  assert.ok(!result.ok && result.firstBadIndex === 2 && result.reason === 'inserted');
});

test('2.4.5 manipulation check: records sealed with another key do not pass', () => {
  const { records, anchor } = chainOf(3);
  const result = verifyChain(records, randomBytes(32), anchor);
  assert.ok(!result.ok && result.firstBadIndex === 0);
});

test('2.4.5 manipulation check: deleting the newest records is caught with the remembered head', () => {
  const { records, anchor } = chainOf(6);
  const head = chainHead(records, anchor);
  records.pop();
  assert.equal(verifyChain(records, key, anchor).ok, true, 'the records alone cannot show a truncation');
  const result = verifyChain(records, key, anchor, head);
  assert.ok(!result.ok && result.reason === 'truncated' && result.firstBadIndex === 5);
});

test('Table 9 row 11: when the oldest records are overwritten the rest still verifies from the new anchor', () => {
  const { records } = chainOf(8);
  const anchor = dropOldest(records, 3, GENESIS_ANCHOR);
  assert.equal(records.length, 5);
  assert.equal(anchor.seq, 3);
  assert.deepEqual(verifyChain(records, key, anchor), { ok: true });
  appendRecord(records, { code: 'E8', at: 'later' }, key, anchor);
  assert.deepEqual(verifyChain(records, key, anchor), { ok: true });
  assert.equal(verifyChain(records, key, GENESIS_ANCHOR).ok, false, 'the old anchor no longer fits');
});
