// Signed compliance reports. Each installation of MX Commissioner makes its own Ed25519 key; a report is
// signed over a canonical JSON form so that any later edit — a changed verdict, a removed finding, a
// different date — breaks the signature, whatever whitespace or key order the file was saved with.
//
// The public key travels inside the signed report, so `mxc report verify` can check integrity with the file
// alone. Integrity is not origin: anyone can make a key and sign a report; a reader who knows the
// installation's public key (printed in the report and kept by the site) passes it as the trusted key.

import { createHash, createPrivateKey, createPublicKey, generateKeyPair, sign, verify, type KeyObject } from 'node:crypto';
import { CryptoError } from './crypto-error';

export interface InstallationKey {
  publicKeyPem: string;
  /** PKCS#8 PEM. Kept by the host in the OS keychain/file with restricted rights, never in reports or logs. */
  privateKeyPem: string;
  keyId: string;
}

export const SIGNED_REPORT_FORMAT = 'mx-commissioner-signed-report';

export interface SignedReport {
  format: typeof SIGNED_REPORT_FORMAT;
  version: 1;
  algorithm: 'Ed25519';
  /** How `report` is turned into bytes before signing: RFC 8785 JSON Canonicalization Scheme. */
  canonicalization: 'JCS';
  keyId: string;
  publicKeyPem: string;
  report: unknown;
  /** Base64 Ed25519 signature over canonicalize(the whole object without `signature`). */
  signature: string;
}

export interface SignedReportVerdict {
  valid: boolean;
  reason?: 'bad-signature' | 'malformed' | 'unknown-key';
  keyId?: string;
}

/** First 16 bytes of the SHA-256 of the public key's SubjectPublicKeyInfo (DER), as hex. */
export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const spki = (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest().subarray(0, 16).toString('hex');
}

export async function createInstallationKey(): Promise<InstallationKey> {
  const { publicKey, privateKey } = await new Promise<{ publicKey: KeyObject; privateKey: KeyObject }>((resolve, reject) =>
    generateKeyPair('ed25519', {}, (error, pub, priv) => (error ? reject(error) : resolve({ publicKey: pub, privateKey: priv }))),
  );
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

export async function signReport(reportJson: unknown, privateKeyPem: string, keyId: string): Promise<SignedReport> {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch {
    throw new CryptoError('report-signature', 'invalid-key', "The installation's signing key cannot be read. Create a new installation key in the settings.");
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new CryptoError('report-signature', 'invalid-key', 'Reports are signed with an Ed25519 installation key; this key is of another type.');
  }
  const publicKey = createPublicKey(privateKey);
  if (keyIdOf(publicKey) !== keyId) {
    throw new CryptoError('report-signature', 'invalid-key', `The key id ${keyId} does not belong to the installation's signing key. Check the installation key settings.`);
  }
  const unsigned: Omit<SignedReport, 'signature'> = {
    format: SIGNED_REPORT_FORMAT,
    version: 1,
    algorithm: 'Ed25519',
    canonicalization: 'JCS',
    keyId,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    report: reportJson,
  };
  const message = Buffer.from(canonicalize(unsigned), 'utf8');
  const signature = await new Promise<Buffer>((resolve, reject) =>
    sign(null, message, privateKey, (error, value) => (error ? reject(error) : resolve(value))),
  );
  return { ...unsigned, signature: signature.toString('base64') };
}

/**
 * Checks a signed report. Without `trustedPublicKeyPem` it proves integrity only (the report is unchanged
 * since the embedded key signed it); with it, also origin (that key is the installation's).
 */
export function verifySignedReport(signed: SignedReport, trustedPublicKeyPem?: string): SignedReportVerdict {
  const s = signed as Partial<Record<keyof SignedReport, unknown>> | null;
  if (
    typeof s !== 'object' ||
    s === null ||
    s.format !== SIGNED_REPORT_FORMAT ||
    s.version !== 1 ||
    s.algorithm !== 'Ed25519' ||
    s.canonicalization !== 'JCS' ||
    typeof s.keyId !== 'string' ||
    typeof s.publicKeyPem !== 'string' ||
    typeof s.signature !== 'string' ||
    !('report' in s)
  ) {
    return { valid: false, reason: 'malformed' };
  }
  let embedded: KeyObject;
  try {
    embedded = createPublicKey(s.publicKeyPem);
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  if (embedded.asymmetricKeyType !== 'ed25519' || keyIdOf(embedded) !== s.keyId) return { valid: false, reason: 'malformed' };
  const signature = Buffer.from(s.signature, 'base64');
  if (signature.length !== 64 || signature.toString('base64') !== s.signature) return { valid: false, reason: 'malformed' };
  let message: Buffer;
  try {
    const { signature: _omit, ...unsigned } = signed;
    void _omit;
    message = Buffer.from(canonicalize(unsigned), 'utf8');
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  if (!verify(null, message, embedded, signature)) return { valid: false, reason: 'bad-signature', keyId: s.keyId };
  if (trustedPublicKeyPem !== undefined) {
    let trustedId: string;
    try {
      trustedId = keyIdOf(trustedPublicKeyPem);
    } catch {
      return { valid: false, reason: 'unknown-key', keyId: s.keyId };
    }
    if (trustedId !== s.keyId) return { valid: false, reason: 'unknown-key', keyId: s.keyId };
  }
  return { valid: true, keyId: s.keyId };
}

/**
 * Canonical JSON (RFC 8785, JCS): object keys sorted by UTF-16 code units, no whitespace, numbers as
 * ECMAScript prints them, strings escaped as JSON.stringify does. Values are first taken as JSON.stringify
 * would see them (toJSON applied, undefined object members dropped, undefined array items as null), so a
 * report signs the same before and after a JSON round trip. What JSON cannot carry faithfully is refused
 * rather than silently changed: NaN, Infinity, BigInt, lone surrogates, cycles.
 */
export function canonicalize(value: unknown): string {
  return serialize(value, new Set());
}

function serialize(input: unknown, ancestors: Set<object>): string {
  let value = input;
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
      if (/[\uD800-\uDFFF]/.test(value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) invalid('a string holds a lone surrogate');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) invalid(`the number ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return invalid('a BigInt has no JSON form');
    case 'object': {
      if (value === null) return 'null';
      if (ancestors.has(value)) invalid('the value refers to itself');
      ancestors.add(value);
      let out: string;
      if (Array.isArray(value)) {
        out = `[${value.map((item) => (isAbsent(item) ? 'null' : serialize(item, ancestors))).join(',')}]`;
      } else {
        const record = value as Record<string, unknown>;
        const members = Object.keys(record)
          .filter((key) => !isAbsent(record[key]))
          .sort()
          .map((key) => `${serialize(key, ancestors)}:${serialize(record[key], ancestors)}`);
        out = `{${members.join(',')}}`;
      }
      ancestors.delete(value);
      return out;
    }
    default:
      return invalid(`a ${typeof value} has no JSON form`);
  }
}

function isAbsent(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function invalid(detail: string): never {
  throw new CryptoError('report-signature', 'invalid-input', `The report cannot be signed: ${detail}. This is a bug in the report; please report it.`);
}
