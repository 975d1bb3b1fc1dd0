// The backup file of the virtual controller's backup/restoration function (guideline 2.4.6). The format is
// specified byte for byte in docs/backup-format.md so that an independent tool can read it; this file is
// one implementation of that document, and a change here is a change there.
//
// Why the checks are layered (password check, header MAC, GCM tag) instead of relying on the GCM tag alone:
// AES-GCM cannot tell a wrong password from a modified file, and the technician needs to know which one
// happened — retype the password, or stop using this backup (2.4.6.2). A password check value derived from
// the scrypt key answers the first question before anything else is touched; the header MAC and the GCM tag,
// keyed from the same (now known right) password, then can only fail because the file was modified.
//
// Everything heavy runs off the event loop or in slices: scrypt and HKDF in libuv's thread pool, AES-GCM over
// 1 MiB segments on worker threads for large bodies (segment-worker-pool.ts) or with a yield between segments
// for small ones, SHA-256 over 1 MiB pieces with a yield between pieces, so a controller serving SLMP in the
// same process keeps answering while a large backup is written or read.

import {
  createHash,
  createHmac,
  hkdf,
  randomBytes,
  scrypt,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CryptoError, type BackupErrorCode } from './crypto-error';
import { SEGMENT_BYTES, sealedLength, type SegmentKeys } from './gcm-segments';
import { allocateBodyBuffer, openBody, sealBody, shareWithWorkers, zeroInSlices } from './segment-worker-pool';

export interface BackupEntry {
  /** Relative path inside the controller, '/'-separated, e.g. "program/MAIN.prg". */
  name: string;
  data: Uint8Array;
}

export interface BackupMetadata {
  /** Type name of the controller, e.g. "MXR300-32". Stored in clear. */
  model: string;
  /** Serial number. Stored inside the encrypted body. */
  serial: string;
  /** Firmware version, e.g. "1.002". Stored inside the encrypted body. */
  firmware: string;
  /** The device clock when the backup was made (not this computer's clock). Stored in clear. */
  createdAt: Date;
  /** Whether the backup is encrypted with a password (2.4.6.1). Must agree with the password option. */
  encryption: boolean;
}

export interface ScryptParams {
  /** log2 of scrypt's cost N. */
  log2N: number;
  r: number;
  p: number;
}

/** What can be read from a backup without its password. Nothing here is authenticated until it is opened. */
export interface BackupHeaderInfo {
  formatVersion: number;
  encrypted: boolean;
  kdf: { id: 'scrypt'; N: number; log2N: number; r: number; p: number; saltHex: string } | { id: 'none' };
  cipher: 'aes-256-gcm' | 'none';
  model: string;
  createdAt: Date;
  /** Size of the body (entries and private metadata), in bytes. */
  bodyBytes: number;
}

export interface OpenedBackup {
  metadata: BackupMetadata;
  entries: BackupEntry[];
}

// Project choice: scrypt N = 2^17, r = 8, p = 1 (128 MiB, about 0.3–0.6 s on a laptop core). This is the
// "interactive login" strength recommended for file encryption keys since 2017 (RFC 7914 §2 discusses N, r;
// OWASP's scrypt minimum is N=2^17, r=8, p=1). Restoration is rare, so the delay costs nothing, and an
// offline guesser pays 128 MiB per guess.
export const DEFAULT_SCRYPT: Readonly<ScryptParams> = Object.freeze({ log2N: 17, r: 8, p: 1 });

// Project choice: the parameter range a file may ask for. The floor keeps files made with test parameters
// honest (2^14 is scrypt's 2009 interactive setting); the ceilings stop a crafted header from making the
// app allocate gigabytes or spin for minutes before it can even check the password.
const SCRYPT_LIMITS = { minLog2N: 14, maxLog2N: 20, maxR: 32, maxP: 16, maxMemoryBytes: 512 * 1024 * 1024 };

export const BACKUP_MAGIC = Buffer.from('MXCBAK\r\n', 'latin1');
// Version 2: the encrypted body is sealed in 1 MiB segments (gcm-segments.ts); version 1 sealed it as one
// GCM stream and was never released.
export const BACKUP_FORMAT_VERSION = 2;

/** HKDF-SHA256 info strings; part of the format (docs/backup-format.md). */
export const BACKUP_HKDF_INFO = Object.freeze({
  passwordCheck: 'MX Commissioner backup v1 password check',
  headerMac: 'MX Commissioner backup v1 header MAC',
  bodyKey: 'MX Commissioner backup v1 body AES-256-GCM key',
});

const PROTECTION_NONE = 0;
const PROTECTION_PASSWORD = 1;
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const SHA256_BYTES = 32;
/** Offsets of the fixed part of the header (docs/backup-format.md, "Header"). */
const OFF = {
  version: 8,
  protection: 10,
  log2N: 11,
  r: 12,
  p: 16,
  salt: 20,
  nonce: 36,
  passwordCheck: 48,
  bodyLength: 80,
  metadataLength: 88,
  metadata: 92,
} as const;
const MAX_CLEAR_METADATA_BYTES = 64 * 1024;
const MAX_NAME_BYTES = 1024;
/** Bytes SHA-256 processes between two yields to the event loop (about 1 ms of work). */
const PIECE_BYTES = 1024 * 1024;

const REF_ENCRYPTION = '2.4.6.1';
const REF_INTEGRITY = '2.4.6.2';

function fail(code: BackupErrorCode, message: string, reference?: string, cause?: unknown): never {
  throw new CryptoError('backup', code, message, {
    ...(reference === undefined ? {} : { reference }),
    ...(cause === undefined ? {} : { cause }),
  });
}

// ---------------------------------------------------------------------------------------------------------
// Writing

export async function createBackupFile(
  entries: BackupEntry[],
  options: { password?: string; metadata: BackupMetadata; kdf?: ScryptParams },
): Promise<Buffer> {
  const { metadata } = options;
  const password = options.password;
  if (metadata.encryption && (password === undefined || password === '')) {
    fail(
      'password-required',
      'Encryption of the backup is on, but no password was given. Enter a password for the backup ' +
        '(keep it safe: an encrypted backup cannot be restored without it).',
      REF_ENCRYPTION,
    );
  }
  if (!metadata.encryption && password !== undefined) {
    // Silently ignoring the password would hand the technician an unencrypted file they believe is protected.
    fail('invalid-input', 'A password was given for a backup whose encryption is off. Turn encryption on, or leave the password empty.');
  }
  if (!(metadata.createdAt instanceof Date) || Number.isNaN(metadata.createdAt.getTime())) {
    fail('invalid-input', 'The backup needs the device clock time it was made at; the time given is not a valid date.');
  }
  checkEntryNames(entries.map((e) => e.name), (message) => fail('invalid-input', message));

  const privateMetadata = Buffer.from(JSON.stringify({ serial: metadata.serial, firmware: metadata.firmware }), 'utf8');
  const clearMetadata = Buffer.from(JSON.stringify({ model: metadata.model, createdAt: metadata.createdAt.toISOString() }), 'utf8');
  if (clearMetadata.length > MAX_CLEAR_METADATA_BYTES) fail('invalid-input', 'The model name is too long for a backup header.');
  const bodyLength = archiveLength(privateMetadata, entries);

  const encrypted = metadata.encryption;
  const kdf = encrypted ? checkScryptParams(options.kdf ?? DEFAULT_SCRYPT, (m) => fail('invalid-input', m)) : undefined;
  const salt = encrypted ? randomBytes(SALT_BYTES) : Buffer.alloc(SALT_BYTES);
  const nonce = encrypted ? randomBytes(NONCE_BYTES) : Buffer.alloc(NONCE_BYTES);
  const keys = encrypted && kdf ? await deriveKeys(password as string, salt, kdf) : undefined;

  const headerLength = OFF.metadata + clearMetadata.length;
  // Encrypted: the sealed segments carry their own tags; unencrypted: the body, then its SHA-256.
  const storedBodyLength = encrypted ? sealedLength(bodyLength) : bodyLength + SHA256_BYTES;
  const out = allocateBodyBuffer(headerLength + SHA256_BYTES + storedBodyLength, encrypted ? bodyLength : 0);
  BACKUP_MAGIC.copy(out, 0);
  out.writeUInt16BE(BACKUP_FORMAT_VERSION, OFF.version);
  out.writeUInt8(encrypted ? PROTECTION_PASSWORD : PROTECTION_NONE, OFF.protection);
  out.writeUInt8(kdf?.log2N ?? 0, OFF.log2N);
  out.writeUInt32BE(kdf?.r ?? 0, OFF.r);
  out.writeUInt32BE(kdf?.p ?? 0, OFF.p);
  salt.copy(out, OFF.salt);
  nonce.copy(out, OFF.nonce);
  if (keys) keys.passwordCheck.copy(out, OFF.passwordCheck);
  out.writeBigUInt64BE(BigInt(bodyLength), OFF.bodyLength);
  out.writeUInt32BE(clearMetadata.length, OFF.metadataLength);
  clearMetadata.copy(out, OFF.metadata);
  const header = out.subarray(0, headerLength);
  const headerCheck = keys ? createHmac('sha256', keys.headerMac).update(header).digest() : sha256(header);
  headerCheck.copy(out, headerLength);

  const bodyStart = headerLength + SHA256_BYTES;
  const pieces = archivePieces(privateMetadata, entries);
  if (keys) {
    const plain = allocateBodyBuffer(bodyLength, bodyLength);
    try {
      let at = 0;
      for (const piece of pieces) {
        plain.set(piece, at);
        at += piece.length;
        await yieldToEventLoop();
      }
      await sealBody({ key: keys.body, nonce, aad: out.subarray(0, bodyStart) }, plain, out.subarray(bodyStart));
    } finally {
      await zeroInSlices(plain);
      wipe(keys);
    }
  } else {
    const hash = createHash('sha256').update(out.subarray(0, bodyStart));
    let at = bodyStart;
    for (const piece of pieces) {
      out.set(piece, at);
      hash.update(piece);
      at += piece.length;
      await yieldToEventLoop();
    }
    hash.digest().copy(out, bodyStart + bodyLength);
  }
  return out;
}

function archiveLength(privateMetadata: Buffer, entries: BackupEntry[]): number {
  let length = 4 + privateMetadata.length + 4;
  for (const entry of entries) length += 2 + Buffer.byteLength(entry.name, 'utf8') + 8 + entry.data.length;
  return length;
}

/** The body's plaintext as pieces of at most PIECE_BYTES, without copying the entries into one buffer. */
function* archivePieces(privateMetadata: Buffer, entries: BackupEntry[]): Generator<Uint8Array> {
  const head = Buffer.alloc(4 + privateMetadata.length + 4);
  head.writeUInt32BE(privateMetadata.length, 0);
  privateMetadata.copy(head, 4);
  head.writeUInt32BE(entries.length, 4 + privateMetadata.length);
  yield head;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const entryHead = Buffer.alloc(2 + name.length + 8);
    entryHead.writeUInt16BE(name.length, 0);
    name.copy(entryHead, 2);
    entryHead.writeBigUInt64BE(BigInt(entry.data.length), 2 + name.length);
    yield entryHead;
    for (let at = 0; at < entry.data.length; at += PIECE_BYTES) {
      yield entry.data.subarray(at, Math.min(at + PIECE_BYTES, entry.data.length));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading

interface ParsedHeader {
  info: BackupHeaderInfo;
  kdf: ScryptParams | undefined;
  salt: Buffer;
  nonce: Buffer;
  passwordCheck: Buffer;
  /** Bytes covered by the header check. */
  header: Buffer;
  headerCheck: Buffer;
  body: Buffer;
  trailer: Buffer;
}

/** Reads what a backup says about itself, without a password: to list backups and pick the right one. */
export function inspectBackupFile(file: Uint8Array): BackupHeaderInfo {
  const parsed = parseHeader(Buffer.from(file.buffer, file.byteOffset, file.byteLength));
  if (!parsed.kdf && !timingSafeEqual(sha256(parsed.header), parsed.headerCheck)) headerModified(false);
  return parsed.info;
}

export async function openBackupFile(file: Uint8Array, password?: string): Promise<OpenedBackup> {
  const parsed = parseHeader(Buffer.from(file.buffer, file.byteOffset, file.byteLength));
  const { info } = parsed;
  const aad = Buffer.from(file.buffer, file.byteOffset, parsed.header.length + SHA256_BYTES);
  let plain: Buffer;
  if (parsed.kdf) {
    if (password === undefined || password === '') {
      fail(
        'password-required',
        'This backup is encrypted. Enter the password that was set when the backup was made.',
        REF_ENCRYPTION,
      );
    }
    const keys = await deriveKeys(password, parsed.salt, parsed.kdf);
    try {
      plain = await decryptBody(parsed, keys, aad);
    } finally {
      // A best effort in JavaScript: copies may remain in the heap until it is reused.
      wipe(keys);
    }
  } else {
    if (!timingSafeEqual(sha256(parsed.header), parsed.headerCheck)) headerModified(false);
    const hash = createHash('sha256').update(aad);
    for (let from = 0; from < parsed.body.length; from += PIECE_BYTES) {
      hash.update(parsed.body.subarray(from, from + PIECE_BYTES));
      await yieldToEventLoop();
    }
    if (!timingSafeEqual(hash.digest(), parsed.trailer)) {
      fail(
        'integrity-failed',
        "This unencrypted backup's contents do not match its SHA-256 checksum: the file was modified or damaged " +
          'after it was written. Do not use this backup; restore another one.',
        REF_INTEGRITY,
      );
    }
    plain = parsed.body;
  }
  let archive: ReturnType<typeof parseArchive>;
  try {
    archive = parseArchive(plain);
  } catch (error) {
    // Refused after decryption: the plaintext goes no further than this function.
    if (parsed.kdf) await zeroInSlices(plain);
    throw error;
  }
  const { privateMetadata, entries } = archive;
  return {
    metadata: {
      model: info.model,
      serial: privateMetadata.serial,
      firmware: privateMetadata.firmware,
      createdAt: info.createdAt,
      encryption: info.encrypted,
    },
    entries,
  };
}

/** Password check, header MAC, then AES-GCM over the body: each failure has its own meaning (see the top). */
async function decryptBody(parsed: ParsedHeader, keys: BackupKeys, aad: Buffer): Promise<Buffer> {
  if (!timingSafeEqual(keys.passwordCheck, parsed.passwordCheck)) {
    fail(
      'wrong-password',
      'The password is wrong: it is not the one this backup was encrypted with. Enter it again (check Caps Lock ' +
        'and the keyboard layout). A forgotten password cannot be recovered. If you are sure the password is ' +
        "right, the backup's header was altered: do not use this backup, restore another one.",
      REF_ENCRYPTION,
    );
  }
  if (!timingSafeEqual(createHmac('sha256', keys.headerMac).update(parsed.header).digest(), parsed.headerCheck)) {
    headerModified(true);
  }
  const bodyLength = parsed.info.bodyBytes;
  const plain = allocateBodyBuffer(bodyLength, bodyLength);
  const segmentKeys: SegmentKeys = { key: keys.body, nonce: parsed.nonce, aad };
  const failedSegment = await openBody(segmentKeys, await shareWithWorkers(parsed.body, bodyLength), plain);
  if (failedSegment >= 0) {
    await zeroInSlices(plain);
    fail(
      'integrity-failed',
      "The backup's contents were modified or damaged after it was written: the password is right, but the " +
        `contents fail the integrity check (from byte ${failedSegment * SEGMENT_BYTES} of the contents on). ` +
        'Do not use this backup; restore another one.',
      REF_INTEGRITY,
    );
  }
  return plain;
}

function headerModified(encrypted: boolean): never {
  fail(
    'integrity-failed',
    encrypted
      ? "The backup's header was modified after it was written: the password is right, but the header check " +
          'fails. Do not use this backup; restore another one.'
      : "This unencrypted backup's header does not match its SHA-256 checksum: the file was modified or damaged. " +
          'Do not use this backup; restore another one.',
    REF_INTEGRITY,
  );
}

function damaged(detail: string): never {
  fail('integrity-failed', `The backup file is damaged (${detail}). Do not use this backup; restore another one.`, REF_INTEGRITY);
}

function parseHeader(file: Buffer): ParsedHeader {
  if (file.length < BACKUP_MAGIC.length || !file.subarray(0, BACKUP_MAGIC.length).equals(BACKUP_MAGIC)) {
    fail('not-a-backup', 'This file is not an MX Commissioner backup (it does not start with the backup file signature). Choose a backup file written by a controller.');
  }
  if (file.length < OFF.metadata) damaged('it ends inside the header');
  const version = file.readUInt16BE(OFF.version);
  if (version !== BACKUP_FORMAT_VERSION) {
    fail(
      'unsupported-version',
      `This backup is in format version ${version}; this version of MX Commissioner reads version ${BACKUP_FORMAT_VERSION}. ` +
        'Update MX Commissioner, or restore it with the version that wrote it.',
    );
  }
  const protection = file.readUInt8(OFF.protection);
  if (protection !== PROTECTION_NONE && protection !== PROTECTION_PASSWORD) {
    fail('unsupported-version', `This backup uses a protection method (${protection}) this version of MX Commissioner does not know. Update MX Commissioner.`);
  }
  const encrypted = protection === PROTECTION_PASSWORD;
  const kdf = encrypted
    ? checkScryptParams({ log2N: file.readUInt8(OFF.log2N), r: file.readUInt32BE(OFF.r), p: file.readUInt32BE(OFF.p) }, (m) =>
        fail('unsupported-version', `This backup asks for key-derivation parameters this version does not accept (${m}). Restore another backup.`),
      )
    : undefined;
  const bodyLength64 = file.readBigUInt64BE(OFF.bodyLength);
  const metadataLength = file.readUInt32BE(OFF.metadataLength);
  if (metadataLength > MAX_CLEAR_METADATA_BYTES) damaged('its header is too long');
  const headerLength = OFF.metadata + metadataLength;
  // A body length beyond what a file on this computer can hold is damage, not a reason to overflow.
  if (bodyLength64 > BigInt(file.length)) damaged('it is shorter than its header says; it may have been cut off while copying');
  const bodyLength = Number(bodyLength64);
  const storedBodyLength = encrypted ? sealedLength(bodyLength) : bodyLength;
  const trailerLength = encrypted ? 0 : SHA256_BYTES;
  const expected = headerLength + SHA256_BYTES + storedBodyLength + trailerLength;
  if (file.length < expected) damaged('it is shorter than its header says; it may have been cut off while copying');
  if (file.length > expected) damaged('it has extra bytes at its end');

  let clear: unknown;
  try {
    clear = JSON.parse(file.subarray(OFF.metadata, headerLength).toString('utf8'));
  } catch {
    damaged('its header cannot be read');
  }
  const { model, createdAt } = (clear ?? {}) as { model?: unknown; createdAt?: unknown };
  const created = typeof createdAt === 'string' ? new Date(createdAt) : new Date(NaN);
  if (typeof model !== 'string' || Number.isNaN(created.getTime())) damaged('its header lacks the model or the date');

  const bodyStart = headerLength + SHA256_BYTES;
  return {
    info: {
      formatVersion: version,
      encrypted,
      kdf: kdf
        ? { id: 'scrypt', N: 2 ** kdf.log2N, log2N: kdf.log2N, r: kdf.r, p: kdf.p, saltHex: file.subarray(OFF.salt, OFF.salt + SALT_BYTES).toString('hex') }
        : { id: 'none' },
      cipher: encrypted ? 'aes-256-gcm' : 'none',
      model,
      createdAt: created,
      bodyBytes: bodyLength,
    },
    kdf,
    salt: file.subarray(OFF.salt, OFF.salt + SALT_BYTES),
    nonce: file.subarray(OFF.nonce, OFF.nonce + NONCE_BYTES),
    passwordCheck: file.subarray(OFF.passwordCheck, OFF.passwordCheck + SHA256_BYTES),
    header: file.subarray(0, headerLength),
    headerCheck: file.subarray(headerLength, bodyStart),
    body: file.subarray(bodyStart, bodyStart + storedBodyLength),
    trailer: file.subarray(bodyStart + storedBodyLength),
  };
}

function parseArchive(plain: Buffer): { privateMetadata: { serial: string; firmware: string }; entries: BackupEntry[] } {
  // The body is authenticated at this point, so a malformed archive means it was written wrongly (or by
  // someone holding the password); it is refused all the same rather than half restored.
  let at = 0;
  const need = (n: number): void => {
    if (at + n > plain.length) damaged('its contents end early');
  };
  need(4);
  const metaLength = plain.readUInt32BE(at);
  at += 4;
  need(metaLength);
  let meta: { serial?: unknown; firmware?: unknown };
  try {
    meta = JSON.parse(plain.subarray(at, at + metaLength).toString('utf8')) as typeof meta;
  } catch {
    damaged('its private metadata cannot be read');
  }
  at += metaLength;
  if (typeof meta?.serial !== 'string' || typeof meta.firmware !== 'string') damaged('its private metadata is incomplete');
  need(4);
  const count = plain.readUInt32BE(at);
  at += 4;
  const entries: BackupEntry[] = [];
  for (let i = 0; i < count; i++) {
    need(2);
    const nameLength = plain.readUInt16BE(at);
    at += 2;
    need(nameLength + 8);
    const name = plain.subarray(at, at + nameLength).toString('utf8');
    at += nameLength;
    const dataLength = plain.readBigUInt64BE(at);
    at += 8;
    if (dataLength > BigInt(plain.length - at)) damaged('an entry is longer than the file');
    const data = plain.subarray(at, at + Number(dataLength));
    at += data.length;
    entries.push({ name, data });
  }
  if (at !== plain.length) damaged('it has unexpected bytes after its last entry');
  checkEntryNames(entries.map((e) => e.name), (m) => damaged(m));
  return { privateMetadata: { serial: meta.serial, firmware: meta.firmware }, entries };
}

/**
 * Entry names become file paths when a backup is restored to a folder, so they must not climb out of it
 * ("../"), be absolute, or collide.
 */
function checkEntryNames(names: string[], reject: (message: string) => never): void {
  const seen = new Set<string>();
  for (const name of names) {
    const bytes = Buffer.byteLength(name, 'utf8');
    const segments = name.split('/');
    if (
      bytes === 0 ||
      bytes > MAX_NAME_BYTES ||
      name.includes('\0') ||
      name.includes('\\') ||
      segments.some((s) => s === '' || s === '.' || s === '..')
    ) {
      reject(`the entry name "${name.slice(0, 80)}" is not a safe relative path`);
    }
    if (seen.has(name)) reject(`the entry name "${name.slice(0, 80)}" appears twice`);
    seen.add(name);
  }
}

function checkScryptParams(params: ScryptParams, reject: (message: string) => never): ScryptParams {
  const { log2N, r, p } = params;
  const L = SCRYPT_LIMITS;
  if (!Number.isInteger(log2N) || log2N < L.minLog2N || log2N > L.maxLog2N) reject(`scrypt log2(N) ${log2N} outside ${L.minLog2N}..${L.maxLog2N}`);
  if (!Number.isInteger(r) || r < 1 || r > L.maxR) reject(`scrypt r ${r} outside 1..${L.maxR}`);
  if (!Number.isInteger(p) || p < 1 || p > L.maxP) reject(`scrypt p ${p} outside 1..${L.maxP}`);
  if (scryptMemory(params) > L.maxMemoryBytes) reject(`scrypt would need ${Math.round(scryptMemory(params) / 2 ** 20)} MiB`);
  return { log2N, r, p };
}

/** OpenSSL's own estimate (EVP_PBE_scrypt): 128·r·(N+2) for V plus 128·r·p for B. */
function scryptMemory({ log2N, r, p }: ScryptParams): number {
  return 128 * r * (2 ** log2N + 2) + 128 * r * p;
}

interface BackupKeys {
  passwordCheck: Buffer;
  headerMac: Buffer;
  body: Buffer;
}

async function deriveKeys(password: string, salt: Buffer, params: ScryptParams): Promise<BackupKeys> {
  // NFC so that the same password typed on two keyboards (composed vs decomposed accents) opens the file.
  const secret = Buffer.from(password.normalize('NFC'), 'utf8');
  const scryptOptions: ScryptOptions = {
    N: 2 ** params.log2N,
    r: params.r,
    p: params.p,
    maxmem: scryptMemory(params) + 1024 * 1024,
  };
  const master = await new Promise<Buffer>((resolve, reject) =>
    scrypt(secret, salt, 32, scryptOptions, (error, key) => (error ? reject(error) : resolve(key))),
  );
  secret.fill(0);
  const derive = (info: string): Promise<Buffer> =>
    new Promise((resolve, reject) =>
      hkdf('sha256', master, Buffer.alloc(0), info, 32, (error, key) => (error ? reject(error) : resolve(Buffer.from(key)))),
    );
  const [passwordCheck, headerMac, body] = await Promise.all([
    derive(BACKUP_HKDF_INFO.passwordCheck),
    derive(BACKUP_HKDF_INFO.headerMac),
    derive(BACKUP_HKDF_INFO.bodyKey),
  ]);
  master.fill(0);
  return { passwordCheck, headerMac, body };
}

function wipe(keys: BackupKeys): void {
  keys.passwordCheck.fill(0);
  keys.headerMac.fill(0);
  keys.body.fill(0);
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}
