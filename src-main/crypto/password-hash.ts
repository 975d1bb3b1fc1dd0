// Salted, deliberately slow password hashing with scrypt (RFC 7914), run on libuv's thread pool through
// Node's async crypto.scrypt so a logon never blocks the event loop that serves other connections.
// The cost parameters travel with every stored hash, so raising the production cost later does not
// invalidate what was stored before: each hash is checked with the parameters it was made with.

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost: N (CPU/memory cost, a power of two), r (block size), p (parallelism). */
export interface KdfParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * Production cost: about 50 ms per hash on the team's 2-core machine (measured: N=2^14, r=8 -> 53 ms)
 * and 16 MiB of memory, the OWASP minimum for scrypt. Use it for anything that protects a real secret.
 */
export const PRODUCTION_KDF: KdfParams = Object.freeze({ N: 16384, r: 8, p: 1 });

/**
 * Practice-device cost: about 4 ms per hash. The virtual devices are training and test targets that
 * protect no real asset, and a test suite that logs on hundreds of times must stay fast; the design
 * (salt + slow KDF + parameters stored) is the same as production, only the cost differs.
 */
export const PRACTICE_KDF: KdfParams = Object.freeze({ N: 1024, r: 8, p: 1 });

export const SALT_BYTES = 16;
export const DERIVED_KEY_BYTES = 32;

/** One stored password: never the password itself, only what is needed to check a candidate. */
export interface StoredPassword {
  readonly algorithm: 'scrypt';
  readonly N: number;
  readonly r: number;
  readonly p: number;
  /** base64 */
  readonly salt: string;
  /** base64 of the scrypt output */
  readonly hash: string;
}

export class PasswordHashError extends Error {
  readonly code: 'PASSWORD_HASH_BAD_PARAMS' | 'PASSWORD_HASH_BAD_RECORD';
  constructor(code: PasswordHashError['code'], message: string) {
    super(message);
    this.name = 'PasswordHashError';
    this.code = code;
  }
}

function checkParams(params: KdfParams): void {
  const { N, r, p } = params;
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  // Upper bounds keep a tampered stored record from making the device allocate gigabytes.
  if (!powerOfTwo || N > 1 << 20 || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) {
    throw new PasswordHashError(
      'PASSWORD_HASH_BAD_PARAMS',
      `The password hashing cost (N=${N}, r=${r}, p=${p}) is not acceptable: N must be a power of two up to 2^20, r 1-32, p 1-16.`,
    );
  }
}

/** The slow step: scrypt(password, salt). Exported because the logon proof (SCRAM) is built on it. */
export async function deriveKey(password: string, salt: Uint8Array, params: KdfParams, length = DERIVED_KEY_BYTES): Promise<Buffer> {
  checkParams(params);
  // 128 * N * r bytes of working memory, plus headroom; Node's default cap (32 MiB) is too small for N=2^15.
  const maxmem = 128 * params.N * params.r * params.p + 32 * 1024 * 1024;
  return await new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, { N: params.N, r: params.r, p: params.p, maxmem }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

export async function hashPassword(password: string, params: KdfParams = PRODUCTION_KDF): Promise<StoredPassword> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await deriveKey(password, salt, params);
  return { algorithm: 'scrypt', N: params.N, r: params.r, p: params.p, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

/** Constant-time comparison of the derived key; a malformed record is an error, not a "wrong password". */
export async function verifyPassword(password: string, stored: StoredPassword): Promise<boolean> {
  if (stored.algorithm !== 'scrypt') {
    throw new PasswordHashError('PASSWORD_HASH_BAD_RECORD', 'The stored password record uses an unknown algorithm; set the password again.');
  }
  const expected = Buffer.from(stored.hash, 'base64');
  const salt = Buffer.from(stored.salt, 'base64');
  if (expected.length < 16 || salt.length < 8) {
    throw new PasswordHashError('PASSWORD_HASH_BAD_RECORD', 'The stored password record is damaged; set the password again.');
  }
  const actual = await deriveKey(password, salt, stored, expected.length);
  return timingSafeEqual(actual, expected);
}

/** Compact text form `scrypt$N$r$p$salt$hash`, for stores that keep one string per password. */
export function formatStoredPassword(stored: StoredPassword): string {
  return ['scrypt', stored.N, stored.r, stored.p, stored.salt, stored.hash].join('$');
}

export function parseStoredPassword(text: string): StoredPassword {
  const parts = text.split('$');
  const [algorithm, n, r, p, salt, hash] = parts;
  if (parts.length !== 6 || algorithm !== 'scrypt' || !salt || !hash) {
    throw new PasswordHashError('PASSWORD_HASH_BAD_RECORD', 'The stored password record is not in the form scrypt$N$r$p$salt$hash; set the password again.');
  }
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  checkParams(params);
  return { algorithm: 'scrypt', ...params, salt, hash };
}
