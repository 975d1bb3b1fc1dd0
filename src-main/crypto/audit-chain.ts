// The event history's manipulation check (guideline 2.4.5 / 3.4.5, Table 9 row 13): every record carries
//   mac = HMAC-SHA256(deviceKey, prevMac || canonical(record))
// so editing, deleting, reordering or inserting a record breaks the chain at that record, and whoever
// lacks the device key cannot repair it. Records also carry a sequence number inside the MAC, which tells
// the kinds of damage apart (a gap = deleted, an earlier number = reordered).
//
// A ring buffer overwrites its oldest records; the chain stays verifiable because the MAC and sequence
// number of the last dropped record become the new anchor (`dropOldest`). Deleting the newest records
// cannot be seen from the records alone; pass the head the device remembers (`expectedHead`) to catch it.

import { createHmac, timingSafeEqual } from 'node:crypto';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

/** Where a chain starts: the genesis anchor, or the last record that was overwritten. */
export interface ChainAnchor {
  /** hex, 32 bytes */
  readonly mac: string;
  readonly seq: number;
}

export type Sealed<T> = T & { readonly seq: number; readonly mac: string };

export const GENESIS_ANCHOR: ChainAnchor = Object.freeze({ mac: '0'.repeat(64), seq: 0 });

export type ChainProblem = 'edited' | 'deleted' | 'reordered' | 'inserted' | 'truncated' | 'malformed';

export type ChainVerification =
  | { readonly ok: true }
  | { readonly ok: false; readonly firstBadIndex: number; readonly reason: ChainProblem; readonly message: string };

/** Deterministic JSON: keys sorted, undefined members left out, so both sides MAC the same bytes. */
export function canonicalJson(value: JsonValue | undefined): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite');
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

function bodyOf(record: Sealed<Record<string, unknown>>): JsonValue {
  const { mac: _mac, ...body } = record;
  return body as JsonValue;
}

export function computeMac(key: Uint8Array, prevMac: string, body: JsonValue): string {
  return createHmac('sha256', key).update(Buffer.from(prevMac, 'hex')).update(canonicalJson(body), 'utf8').digest('hex');
}

function macMatches(key: Uint8Array, prevMac: string, record: Sealed<Record<string, unknown>>): boolean {
  if (typeof record.mac !== 'string' || !/^[0-9a-f]{64}$/.test(record.mac)) return false;
  const expected = Buffer.from(computeMac(key, prevMac, bodyOf(record)), 'hex');
  return timingSafeEqual(expected, Buffer.from(record.mac, 'hex'));
}

/** Seals `record` after the last one (or the anchor) and appends it in place; returns the sealed record. */
export function appendRecord<T extends Record<string, JsonValue | undefined>>(
  records: Sealed<T>[],
  record: T,
  key: Uint8Array,
  anchor: ChainAnchor,
): Sealed<T> {
  const last = records[records.length - 1];
  const prev = last ? { mac: last.mac, seq: last.seq } : anchor;
  const body = { ...record, seq: prev.seq + 1 };
  delete (body as { mac?: unknown }).mac;
  const sealed = { ...body, mac: computeMac(key, prev.mac, body as JsonValue) } as Sealed<T>;
  records.push(sealed);
  return sealed;
}

/** Removes the oldest `count` records in place; returns the anchor the rest must be verified from. */
export function dropOldest<T>(records: Sealed<T>[], count: number, anchor: ChainAnchor): ChainAnchor {
  let next = anchor;
  for (let i = 0; i < count && records.length > 0; i++) {
    const dropped = records.shift()!;
    next = { mac: dropped.mac, seq: dropped.seq };
  }
  return next;
}

/** The head of a chain: what the device keeps beside the records to detect truncation. */
export function chainHead<T>(records: readonly Sealed<T>[], anchor: ChainAnchor): ChainAnchor {
  const last = records[records.length - 1];
  return last ? { mac: last.mac, seq: last.seq } : anchor;
}

const MESSAGES: Record<ChainProblem, string> = {
  edited: 'was changed after it was recorded',
  deleted: 'follows one or more records that were deleted',
  reordered: 'is out of order (records were moved)',
  inserted: 'was inserted; the device never recorded it',
  truncated: 'is missing: the newest records were deleted',
  malformed: 'is damaged (no valid sequence number or check code)',
};

export function verifyChain<T>(
  records: readonly Sealed<T>[],
  key: Uint8Array,
  anchor: ChainAnchor,
  expectedHead?: ChainAnchor,
): ChainVerification {
  const list = records as readonly Sealed<Record<string, unknown>>[];
  const fail = (index: number, reason: ChainProblem): ChainVerification => ({
    ok: false,
    firstBadIndex: index,
    reason,
    message: `Event history record ${index + 1} ${MESSAGES[reason]}. The history cannot be trusted from this record on; keep a copy as evidence and investigate who had access.`,
  });
  let prev: ChainAnchor = anchor;
  for (let i = 0; i < list.length; i++) {
    const record = list[i]!;
    if (!Number.isSafeInteger(record.seq) || typeof record.mac !== 'string') return fail(i, 'malformed');
    if (record.seq === prev.seq + 1 && macMatches(key, prev.mac, record)) {
      prev = { mac: record.mac, seq: record.seq };
      continue;
    }
    // A genuine record in the wrong place still verifies against its true predecessor.
    const truePrev = record.seq - 1 === anchor.seq ? anchor : list.find((r) => r !== record && r.seq === record.seq - 1);
    if (record.seq !== prev.seq + 1 && truePrev && macMatches(key, truePrev.mac, record)) return fail(i, 'reordered');
    const next = list[i + 1];
    if (next && next.seq === prev.seq + 1 && macMatches(key, prev.mac, next)) return fail(i, 'inserted');
    if (record.seq <= prev.seq) return fail(i, 'reordered');
    if (record.seq > prev.seq + 1) return fail(i, 'deleted');
    return fail(i, 'edited');
  }
  if (expectedHead && (expectedHead.seq !== prev.seq || expectedHead.mac !== prev.mac)) return fail(list.length, 'truncated');
  return { ok: true };
}
