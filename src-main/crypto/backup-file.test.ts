import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv, createHash, hkdfSync, randomBytes, scryptSync } from 'node:crypto';
import {
  BACKUP_HKDF_INFO,
  DEFAULT_SCRYPT,
  createBackupFile,
  inspectBackupFile,
  openBackupFile,
  type BackupEntry,
  type BackupMetadata,
} from './backup-file';
import { CryptoError } from './crypto-error';
import { segmentTasksDoneByWorkers } from './segment-worker-pool';
import { availableParallelism } from 'node:os';

// The tests use scrypt's floor (2^14) to stay fast; one test checks that the default is the strong one.
const FAST = { log2N: 14, r: 8, p: 1 };
const PASSWORD = 'Correct-Horse-7-Battery';
const createdAt = new Date('2026-03-01T09:30:00.000Z');

function metadata(encryption: boolean): BackupMetadata {
  return { model: 'MXR300-32', serial: 'SN-0012345678', firmware: '1.002', createdAt, encryption };
}

function sampleEntries(): BackupEntry[] {
  return [
    { name: 'program/MAIN.prg', data: Buffer.from('LD X0\nOUT Y0\n') },
    { name: 'parameter/system.prm', data: randomBytes(3000) },
    { name: 'devices/D.bin', data: Buffer.alloc(0) },
  ];
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<CryptoError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CryptoError, `expected a CryptoError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}, but it succeeded`);
}

function throwsWith(fn: () => unknown, code: string): CryptoError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CryptoError, `expected a CryptoError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}, but it succeeded`);
}

test('an encrypted backup restores every entry byte for byte with the right password', async () => {
  const entries = sampleEntries();
  const file = await createBackupFile(entries, { password: PASSWORD, metadata: metadata(true), kdf: FAST });
  const opened = await openBackupFile(file, PASSWORD);
  assert.deepEqual(opened.metadata, metadata(true));
  assert.equal(opened.entries.length, entries.length);
  for (const [i, entry] of entries.entries()) {
    assert.equal(opened.entries[i]?.name, entry.name);
    assert.ok(Buffer.from(entry.data).equals(Buffer.from(opened.entries[i]!.data)));
  }
});

test('a backup opened with the wrong password fails with wrong-password and returns nothing', async () => {
  const file = await createBackupFile(sampleEntries(), { password: PASSWORD, metadata: metadata(true), kdf: FAST });
  const error = await rejectsWith(openBackupFile(file, 'correct-horse-7-battery'), 'wrong-password');
  assert.equal(error.reference, '2.4.6.1');
  assert.match(error.message, /password is wrong/);
  assert.ok(!error.message.includes('correct-horse'), 'the message must not echo the password');
});

test('an encrypted backup asks for its password instead of failing obscurely', async () => {
  const file = await createBackupFile(sampleEntries(), { password: PASSWORD, metadata: metadata(true), kdf: FAST });
  await rejectsWith(openBackupFile(file), 'password-required');
  await rejectsWith(openBackupFile(file, ''), 'password-required');
});

test('a modified body with the right password is reported as tampering, not as a wrong password', async () => {
  const file = await createBackupFile(sampleEntries(), { password: PASSWORD, metadata: metadata(true), kdf: FAST });
  const tampered = Buffer.from(file);
  tampered[tampered.length - 100]! ^= 0x01;
  const error = await rejectsWith(openBackupFile(tampered, PASSWORD), 'integrity-failed');
  assert.equal(error.reference, '2.4.6.2');
  assert.match(error.message, /password is right/);
  const tagChanged = Buffer.from(file);
  tagChanged[tagChanged.length - 1]! ^= 0x80;
  await rejectsWith(openBackupFile(tagChanged, PASSWORD), 'integrity-failed');
});

test('a backup whose clear model name was edited is refused with integrity-failed when opened', async () => {
  const file = await createBackupFile(sampleEntries(), { password: PASSWORD, metadata: metadata(true), kdf: FAST });
  const edited = Buffer.from(file.toString('latin1').replace('MXR300-32', 'MXR300-64'), 'latin1');
  assert.equal(inspectBackupFile(edited).model, 'MXR300-64', 'inspect cannot check the header without the password');
  const error = await rejectsWith(openBackupFile(edited, PASSWORD), 'integrity-failed');
  assert.match(error.message, /header/);
});

test('the backup list shows model, device date and KDF without the password, but not serial or firmware', async () => {
  const file = await createBackupFile(sampleEntries(), { password: PASSWORD, metadata: metadata(true), kdf: FAST });
  const info = inspectBackupFile(file);
  assert.equal(info.formatVersion, 2);
  assert.equal(info.encrypted, true);
  assert.equal(info.cipher, 'aes-256-gcm');
  assert.equal(info.model, 'MXR300-32');
  assert.equal(info.createdAt.toISOString(), createdAt.toISOString());
  assert.deepEqual(
    info.kdf.id === 'scrypt' ? [info.kdf.N, info.kdf.r, info.kdf.p, info.kdf.saltHex.length] : [],
    [2 ** 14, 8, 1, 32],
  );
  const text = file.toString('latin1');
  assert.ok(!text.includes('SN-0012345678'), 'the serial number is encrypted');
  assert.ok(!text.includes('1.002'), 'the firmware version is encrypted');
  assert.ok(!text.includes('OUT Y0'), 'the program is encrypted');
  assert.ok(!text.includes('MAIN.prg'), 'entry names are encrypted');
});

test('a new backup uses scrypt N=2^17, r=8, p=1 unless told otherwise', async () => {
  assert.deepEqual({ ...DEFAULT_SCRYPT }, { log2N: 17, r: 8, p: 1 });
  const file = await createBackupFile(sampleEntries(), { password: PASSWORD, metadata: metadata(true) });
  const info = inspectBackupFile(file);
  assert.ok(info.kdf.id === 'scrypt' && info.kdf.N === 2 ** 17 && info.kdf.r === 8 && info.kdf.p === 1);
  assert.equal((await openBackupFile(file, PASSWORD)).entries.length, 3);
});

test('two backups of the same data with the same password look unrelated (fresh salt and nonce)', async () => {
  const entries = sampleEntries();
  const a = await createBackupFile(entries, { password: PASSWORD, metadata: metadata(true), kdf: FAST });
  const b = await createBackupFile(entries, { password: PASSWORD, metadata: metadata(true), kdf: FAST });
  assert.equal(a.length, b.length);
  assert.ok(!a.subarray(200).equals(b.subarray(200)));
  const salts = [a, b].map((f) => {
    const { kdf } = inspectBackupFile(f);
    return kdf.id === 'scrypt' ? kdf.saltHex : '';
  });
  assert.notEqual(salts[0], salts[1]);
});

test('a password typed with a decomposed accent opens a backup made with the composed one', async () => {
  const file = await createBackupFile(sampleEntries(), { password: 'Sécurité-2026', metadata: metadata(true), kdf: FAST });
  const decomposed = 'Sécurité-2026'.normalize('NFD');
  assert.notEqual(decomposed, 'Sécurité-2026');
  assert.equal((await openBackupFile(file, decomposed)).entries.length, 3);
});

test('an unencrypted backup opens without a password and detects a changed byte', async () => {
  const file = await createBackupFile(sampleEntries(), { metadata: metadata(false) });
  const info = inspectBackupFile(file);
  assert.equal(info.encrypted, false);
  assert.deepEqual(info.kdf, { id: 'none' });
  const opened = await openBackupFile(file);
  assert.deepEqual(opened.metadata, metadata(false));
  assert.equal(opened.entries[0]?.name, 'program/MAIN.prg');

  const body = Buffer.from(file);
  body[body.length - 200]! ^= 0x04;
  const error = await rejectsWith(openBackupFile(body), 'integrity-failed');
  assert.match(error.message, /SHA-256/);

  const header = Buffer.from(file.toString('latin1').replace('MXR300-32', 'MXR300-64'), 'latin1');
  throwsWith(() => inspectBackupFile(header), 'integrity-failed');
  await rejectsWith(openBackupFile(header), 'integrity-failed');
});

test('choosing a file that is not a backup says so', async () => {
  throwsWith(() => inspectBackupFile(Buffer.from('%PDF-1.7 not a backup at all')), 'not-a-backup');
  await rejectsWith(openBackupFile(Buffer.alloc(0), PASSWORD), 'not-a-backup');
});

test('a backup from a newer format version is refused as unsupported, not as damaged', async () => {
  const file = await createBackupFile(sampleEntries(), { metadata: metadata(false) });
  const newer = Buffer.from(file);
  newer.writeUInt16BE(3, 8);
  const error = throwsWith(() => inspectBackupFile(newer), 'unsupported-version');
  assert.match(error.message, /version 3/);
});

test('a header asking for absurd scrypt memory is refused before any key derivation', async () => {
  const file = await createBackupFile(sampleEntries(), { password: PASSWORD, metadata: metadata(true), kdf: FAST });
  const greedy = Buffer.from(file);
  greedy.writeUInt8(30, 11); // log2(N) = 30: 128 GiB
  const started = Date.now();
  await rejectsWith(openBackupFile(greedy, PASSWORD), 'unsupported-version');
  assert.ok(Date.now() - started < 1000);
});

test('a backup cut off while copying is reported as damaged', async () => {
  const file = await createBackupFile(sampleEntries(), { password: PASSWORD, metadata: metadata(true), kdf: FAST });
  const error = await rejectsWith(openBackupFile(file.subarray(0, file.length - 10), PASSWORD), 'integrity-failed');
  assert.match(error.message, /cut off/);
  await rejectsWith(openBackupFile(Buffer.concat([file, Buffer.from([0])]), PASSWORD), 'integrity-failed');
  await rejectsWith(openBackupFile(file.subarray(0, 40), PASSWORD), 'integrity-failed');
});

test('asking for encryption without a password, or a password without encryption, is refused', async () => {
  await rejectsWith(createBackupFile(sampleEntries(), { metadata: metadata(true) }), 'password-required');
  await rejectsWith(createBackupFile(sampleEntries(), { password: '', metadata: metadata(true) }), 'password-required');
  await rejectsWith(createBackupFile(sampleEntries(), { password: PASSWORD, metadata: metadata(false) }), 'invalid-input');
});

test('entry names that would escape the restore folder are refused', async () => {
  for (const name of ['../etc/passwd', '/abs', 'a//b', 'a\\b', '', 'x/./y']) {
    await rejectsWith(createBackupFile([{ name, data: Buffer.alloc(1) }], { metadata: metadata(false) }), 'invalid-input');
  }
  await rejectsWith(
    createBackupFile(
      [
        { name: 'same', data: Buffer.alloc(1) },
        { name: 'same', data: Buffer.alloc(2) },
      ],
      { metadata: metadata(false) },
    ),
    'invalid-input',
  );
});

test('a backup larger than one cipher piece (several MiB) round-trips', async () => {
  const big = randomBytes(3 * 1024 * 1024 + 17);
  const file = await createBackupFile([{ name: 'filereg/R.bin', data: big }], { password: PASSWORD, metadata: metadata(true), kdf: FAST });
  const opened = await openBackupFile(file, PASSWORD);
  assert.ok(Buffer.from(opened.entries[0]!.data).equals(big));
});

/** An independent reader: offsets, derivations and segments as docs/backup-format.md states them, no code shared with the module. */
function decryptByTheDocument(file: Buffer, password: string): Buffer {
  assert.equal(file.subarray(0, 8).toString('latin1'), 'MXCBAK\r\n');
  assert.equal(file.readUInt16BE(8), 2);
  const log2N = file.readUInt8(11);
  const r = file.readUInt32BE(12);
  const p = file.readUInt32BE(16);
  const salt = file.subarray(20, 36);
  const nonce = file.subarray(36, 48);
  const check = file.subarray(48, 80);
  const L = Number(file.readBigUInt64BE(80));
  const M = file.readUInt32BE(88);
  const master = scryptSync(password, salt, 32, { N: 2 ** log2N, r, p, maxmem: 64 * 2 ** 20 });
  const hk = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  assert.ok(hk('MX Commissioner backup v1 password check').equals(check));
  const bodyStart = 92 + M + 32;
  const S = 1024 * 1024;
  const n = Math.max(1, Math.ceil(L / S));
  assert.equal(file.length, bodyStart + L + 16 * n, 'the file ends after the last segment');
  const parts: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const segmentNonce = Buffer.from(nonce);
    segmentNonce.writeUInt32BE((segmentNonce.readUInt32BE(7) ^ i) >>> 0, 7);
    if (i === n - 1) segmentNonce[11]! ^= 1;
    const from = bodyStart + i * (S + 16);
    const length = Math.min(S, L - i * S);
    const decipher = createDecipheriv('aes-256-gcm', hk('MX Commissioner backup v1 body AES-256-GCM key'), segmentNonce);
    decipher.setAAD(file.subarray(0, bodyStart));
    decipher.setAuthTag(file.subarray(from + length, from + length + 16));
    parts.push(decipher.update(file.subarray(from, from + length)), decipher.final());
  }
  return Buffer.concat(parts);
}

test('a backup can be decrypted by following docs/backup-format.md alone', async () => {
  const entries = [...sampleEntries(), { name: 'filereg/R.bin', data: randomBytes(2 * 1024 * 1024 + 5) }];
  const file = await createBackupFile(entries, { password: PASSWORD, metadata: metadata(true), kdf: FAST });
  assert.equal(BACKUP_HKDF_INFO.bodyKey, 'MX Commissioner backup v1 body AES-256-GCM key');
  const plain = decryptByTheDocument(file, PASSWORD);
  const metaLength = plain.readUInt32BE(0);
  assert.deepEqual(JSON.parse(plain.subarray(4, 4 + metaLength).toString()), { serial: 'SN-0012345678', firmware: '1.002' });
  assert.equal(plain.readUInt32BE(4 + metaLength), 4);
  assert.ok(plain.subarray(plain.length - entries[3]!.data.length).equals(entries[3]!.data));
  // The unencrypted variant's trailer is the SHA-256 of everything before it.
  const clear = await createBackupFile(sampleEntries(), { metadata: metadata(false) });
  const digest = createHash('sha256').update(clear.subarray(0, clear.length - 32)).digest();
  assert.ok(digest.equals(clear.subarray(clear.length - 32)));
});

test('a large backup sealed on the worker threads reads the same as the document says, and opens again', async (t) => {
  if (availableParallelism() < 2) {
    t.skip('this machine has one core: large backups are sealed on the event loop, which the other tests cover');
    return;
  }
  // 9 MiB: above PARALLEL_MIN_SEGMENTS, so the workers seal and open it.
  const data = randomBytes(9 * 1024 * 1024 + 123);
  const before = segmentTasksDoneByWorkers();
  const file = await createBackupFile([{ name: 'filereg/R.bin', data }], { password: PASSWORD, metadata: metadata(true), kdf: FAST });
  const sealedByWorkers = segmentTasksDoneByWorkers() - before;
  assert.ok(sealedByWorkers >= 3, `the workers sealed ${sealedByWorkers} tasks`);
  const plain = decryptByTheDocument(Buffer.from(file), PASSWORD);
  assert.ok(plain.subarray(plain.length - data.length).equals(data));
  const opened = await openBackupFile(file, PASSWORD);
  assert.ok(segmentTasksDoneByWorkers() - before >= 2 * sealedByWorkers, 'the workers opened it too');
  assert.ok(Buffer.from(opened.entries[0]!.data).equals(data));
});

test('segments swapped or a changed byte in the middle of a large backup are refused as modified, naming where', async () => {
  const data = randomBytes(9 * 1024 * 1024);
  const file = Buffer.from(await createBackupFile([{ name: 'filereg/R.bin', data }], { password: PASSWORD, metadata: metadata(true), kdf: FAST }));
  const bodyStart = 92 + file.readUInt32BE(88) + 32;
  const segment = 1024 * 1024 + 16;
  const flipped = Buffer.from(file);
  flipped[bodyStart + 5 * segment + 100]! ^= 0x01;
  const error = await rejectsWith(openBackupFile(flipped, PASSWORD), 'integrity-failed');
  assert.match(error.message, new RegExp(`from byte ${5 * 1024 * 1024} `));
  assert.match(error.message, /password is right/);
  const swapped = Buffer.from(file);
  file.copy(swapped, bodyStart + 2 * segment, bodyStart + 3 * segment, bodyStart + 4 * segment);
  file.copy(swapped, bodyStart + 3 * segment, bodyStart + 2 * segment, bodyStart + 3 * segment);
  await rejectsWith(openBackupFile(swapped, PASSWORD), 'integrity-failed');
});
