// The encrypted body of a backup (format version 2, docs/backup-format.md "Body"): the archive cut into
// segments of SEGMENT_BYTES, each sealed on its own with AES-256-GCM under the file's body key, with a nonce
// that names the segment's place and whether it is the last (the STREAM construction of Hoang, Reyhanitabar,
// Rogaway and Vizár, as age and Tink's streaming AEAD use it). Why segments instead of one GCM stream over the
// whole body: segments can be sealed and opened on several cores at once (segment-worker-pool.ts), and a
// modified byte is pinned to its segment; the nonce stops segments from being reordered, dropped or cut off.
//
// This module is pure and synchronous over ranges of segments, so the same code runs on the event loop (small
// bodies, a yield between segments) and in the worker threads (large bodies).

import { createCipheriv, createDecipheriv } from 'node:crypto';

/** Plaintext bytes per segment; part of the format. */
export const SEGMENT_BYTES = 1024 * 1024;
export const SEGMENT_TAG_BYTES = 16;
const SEGMENT_NONCE_BYTES = 12;
/**
 * Bytes handed to one cipher.update(). Node allocates a new output buffer per call; measured here (Node 20,
 * glibc, 2 cores): 16 KiB outputs are recycled by malloc without page faults, larger ones are not always.
 */
const UPDATE_BYTES = 16 * 1024;

/** What sealing or opening a range of segments needs; the buffers are the whole body, not the range. */
export interface SegmentKeys {
  readonly key: Uint8Array;
  /** The file's 12-byte nonce (header offset 36). */
  readonly nonce: Uint8Array;
  /** Additional authenticated data of every segment: the header and its check. */
  readonly aad: Uint8Array;
}

/** A body of `plainLength` bytes has at least one segment (an empty body is one empty, final segment). */
export function segmentCount(plainLength: number): number {
  return Math.max(1, Math.ceil(plainLength / SEGMENT_BYTES));
}

/** Bytes of the sealed body: the ciphertext plus one tag per segment. */
export function sealedLength(plainLength: number): number {
  return plainLength + SEGMENT_TAG_BYTES * segmentCount(plainLength);
}

/** nonce_i = file nonce XOR (7 zero bytes || uint32_be(i) || 0x01 for the last segment, else 0x00). */
export function segmentNonce(nonce: Uint8Array, index: number, last: boolean): Buffer {
  if (nonce.length !== SEGMENT_NONCE_BYTES) throw new RangeError('the file nonce must be 12 bytes');
  const out = Buffer.from(nonce);
  out[7]! ^= (index >>> 24) & 0xff;
  out[8]! ^= (index >>> 16) & 0xff;
  out[9]! ^= (index >>> 8) & 0xff;
  out[10]! ^= index & 0xff;
  if (last) out[11]! ^= 0x01;
  return out;
}

function bounds(index: number, plainLength: number): { plainFrom: number; plainTo: number; sealedFrom: number } {
  const plainFrom = index * SEGMENT_BYTES;
  return { plainFrom, plainTo: Math.min(plainFrom + SEGMENT_BYTES, plainLength), sealedFrom: plainFrom + index * SEGMENT_TAG_BYTES };
}

/** Seals segments [from, to) of `plain` into `sealed` (whose length is sealedLength(plain.length)). */
export function sealSegmentRange(keys: SegmentKeys, plain: Uint8Array, sealed: Uint8Array, from: number, to: number): void {
  const count = segmentCount(plain.length);
  for (let index = from; index < to; index++) {
    const { plainFrom, plainTo, sealedFrom } = bounds(index, plain.length);
    const cipher = createCipheriv('aes-256-gcm', keys.key, segmentNonce(keys.nonce, index, index === count - 1), { authTagLength: SEGMENT_TAG_BYTES });
    cipher.setAAD(keys.aad);
    let at = sealedFrom;
    for (let p = plainFrom; p < plainTo; p += UPDATE_BYTES) {
      const part = cipher.update(plain.subarray(p, Math.min(p + UPDATE_BYTES, plainTo)));
      sealed.set(part, at);
      at += part.length;
    }
    const rest = cipher.final();
    sealed.set(rest, at);
    sealed.set(cipher.getAuthTag(), at + rest.length);
  }
}

/**
 * Opens segments [from, to) of `sealed` into `plain` (whose length is the body length). Returns the index of
 * the first segment whose tag fails (its plaintext is zeroed), or -1 when every segment is authentic.
 */
export function openSegmentRange(keys: SegmentKeys, sealed: Uint8Array, plain: Uint8Array, from: number, to: number): number {
  const count = segmentCount(plain.length);
  for (let index = from; index < to; index++) {
    const { plainFrom, plainTo, sealedFrom } = bounds(index, plain.length);
    const cipherFrom = sealedFrom;
    const cipherTo = sealedFrom + (plainTo - plainFrom);
    const decipher = createDecipheriv('aes-256-gcm', keys.key, segmentNonce(keys.nonce, index, index === count - 1), { authTagLength: SEGMENT_TAG_BYTES });
    decipher.setAAD(keys.aad);
    decipher.setAuthTag(sealed.subarray(cipherTo, cipherTo + SEGMENT_TAG_BYTES));
    let at = plainFrom;
    for (let c = cipherFrom; c < cipherTo; c += UPDATE_BYTES) {
      const part = decipher.update(sealed.subarray(c, Math.min(c + UPDATE_BYTES, cipherTo)));
      plain.set(part, at);
      at += part.length;
    }
    try {
      decipher.final();
    } catch {
      plain.fill(0, plainFrom, plainTo);
      return index;
    }
  }
  return -1;
}
