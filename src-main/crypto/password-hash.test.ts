import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatStoredPassword,
  hashPassword,
  parseStoredPassword,
  PasswordHashError,
  PRACTICE_KDF,
  PRODUCTION_KDF,
  verifyPassword,
} from './password-hash';

test('a stored password verifies only with the same password and never contains it', async () => {
  const stored = await hashPassword('Corr3ct-Horse', PRACTICE_KDF);
  assert.equal(await verifyPassword('Corr3ct-Horse', stored), true);
  assert.equal(await verifyPassword('corr3ct-Horse', stored), false);
  assert.ok(!JSON.stringify(stored).includes('Corr3ct'));
});

test('two hashes of one password differ (salted), and both verify', async () => {
  const a = await hashPassword('Same-Pass1', PRACTICE_KDF);
  const b = await hashPassword('Same-Pass1', PRACTICE_KDF);
  assert.notEqual(a.hash, b.hash);
  assert.notEqual(a.salt, b.salt);
  assert.equal(await verifyPassword('Same-Pass1', b), true);
});

test('the cost travels with the hash: a record made at production cost still verifies', async () => {
  const stored = await hashPassword('Pr0duction!', PRODUCTION_KDF);
  assert.deepEqual([stored.N, stored.r, stored.p], [PRODUCTION_KDF.N, PRODUCTION_KDF.r, PRODUCTION_KDF.p]);
  const text = formatStoredPassword(stored);
  assert.match(text, /^scrypt\$16384\$8\$1\$[^$]+\$[^$]+$/);
  assert.equal(await verifyPassword('Pr0duction!', parseStoredPassword(text)), true);
});

test('a damaged or hostile record is refused with a typed error, not treated as a wrong password', async () => {
  assert.throws(() => parseStoredPassword('md5$abc'), (e: unknown) => e instanceof PasswordHashError && e.code === 'PASSWORD_HASH_BAD_RECORD');
  // N = 2^30 would make the device allocate 128 GiB.
  assert.throws(() => parseStoredPassword('scrypt$1073741824$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA=='), (e: unknown) => e instanceof PasswordHashError && e.code === 'PASSWORD_HASH_BAD_PARAMS');
  const stored = await hashPassword('x', PRACTICE_KDF);
  await assert.rejects(verifyPassword('x', { ...stored, N: 1000 }), (e: unknown) => e instanceof PasswordHashError && e.code === 'PASSWORD_HASH_BAD_PARAMS');
});
