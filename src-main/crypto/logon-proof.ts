// Challenge-response logon in the structure of SCRAM-SHA-256 (RFC 5802, RFC 7677), so the password
// never crosses the link and the device never stores anything a thief could log on with.
//
//   SaltedPassword = scrypt(password, salt)            (SCRAM uses PBKDF2 "Hi"; scrypt is the one change)
//   ClientKey      = HMAC(SaltedPassword, "Client Key")
//   StoredKey      = SHA-256(ClientKey)                 -- kept by the device
//   ServerKey      = HMAC(SaltedPassword, "Server Key") -- kept by the device
//   AuthMessage    = client-first-bare "," server-first "," client-final-without-proof
//   ClientProof    = ClientKey XOR HMAC(StoredKey, AuthMessage)   -- sent by the client
//   ServerSignature= HMAC(ServerKey, AuthMessage)                 -- sent by the device, checked by the client
//
// Decision (one stored record): the device's per-user password record IS the SCRAM verifier below
// (kdf parameters + salt + StoredKey + ServerKey). It is a salted slow one-way hash like password-hash.ts
// produces (scrypt, then HMAC/SHA-256 on top), so a separate StoredPassword would only add a second thing
// to keep in step. A plaintext candidate (a password change over a trusted link, the "no reuse" rule) is
// checked with verifyPasswordAgainstVerifier. Trade-off accepted: whoever steals StoredKey+ServerKey can
// impersonate the device to a client, but cannot log on to it (that needs ClientKey), and must still run
// the slow KDF per guess to recover the password.

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { deriveKey, SALT_BYTES, type KdfParams } from './password-hash';

export interface ScramVerifier {
  readonly kdf: KdfParams;
  /** base64 */
  readonly salt: string;
  /** base64 SHA-256(ClientKey) */
  readonly storedKey: string;
  /** base64 HMAC(SaltedPassword, "Server Key") */
  readonly serverKey: string;
}

export interface ClientProofResult {
  /** base64; what the client sends to the device */
  readonly clientProof: string;
  /** base64; what the device must answer with, for the client to accept the device */
  readonly expectedServerSignature: string;
}

export const NONCE_BYTES = 18;

function hmac(key: Uint8Array, data: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

function keysFromSaltedPassword(salted: Buffer): { clientKey: Buffer; storedKey: Buffer; serverKey: Buffer } {
  const clientKey = hmac(salted, 'Client Key');
  return { clientKey, storedKey: sha256(clientKey), serverKey: hmac(salted, 'Server Key') };
}

/** A fresh random nonce, printable as SCRAM requires (base64 has no ','). */
export function createNonce(): string {
  return randomBytes(NONCE_BYTES).toString('base64');
}

/** What the device stores when a password is set. */
export async function createVerifier(password: string, kdf: KdfParams, salt: Uint8Array = randomBytes(SALT_BYTES)): Promise<ScramVerifier> {
  const salted = await deriveKey(password, salt, kdf);
  const { storedKey, serverKey } = keysFromSaltedPassword(salted);
  return { kdf: { N: kdf.N, r: kdf.r, p: kdf.p }, salt: Buffer.from(salt).toString('base64'), storedKey: storedKey.toString('base64'), serverKey: serverKey.toString('base64') };
}

/** True when `password` is the one the verifier was made from (slow: runs the KDF once). */
export async function verifyPasswordAgainstVerifier(password: string, verifier: ScramVerifier): Promise<boolean> {
  const salted = await deriveKey(password, Buffer.from(verifier.salt, 'base64'), verifier.kdf);
  const { storedKey } = keysFromSaltedPassword(salted);
  const expected = Buffer.from(verifier.storedKey, 'base64');
  return expected.length === storedKey.length && timingSafeEqual(storedKey, expected);
}

/** SCRAM's saslname escaping, so a user name with ',' or '=' cannot forge message attributes. */
function saslName(userName: string): string {
  return userName.replaceAll('=', '=3D').replaceAll(',', '=2C');
}

export interface AuthMessageParts {
  readonly userName: string;
  readonly clientNonce: string;
  /** client nonce + server nonce, as the device returns it */
  readonly combinedNonce: string;
  /** base64 */
  readonly salt: string;
  readonly kdf: KdfParams;
}

/**
 * The exact text both sides sign. SCRAM's server-first carries `i=` (PBKDF2 iterations); this design
 * carries the scrypt parameters instead (`N=`, `rb=` for r — SCRAM reserves `r=` for the nonce — `p=`).
 * No channel binding (`c=biws` = "n,,"): the TLS link, where used, is pinned separately.
 */
export function buildAuthMessage(parts: AuthMessageParts): string {
  if (!parts.combinedNonce.startsWith(parts.clientNonce) || parts.combinedNonce.length <= parts.clientNonce.length) {
    throw new LogonProofError('LOGON_PROOF_BAD_NONCE', 'The device answered with a nonce that does not extend ours; the logon was stopped. Check that you are connected to the intended device.');
  }
  const clientFirstBare = `n=${saslName(parts.userName)},r=${parts.clientNonce}`;
  const serverFirst = `r=${parts.combinedNonce},s=${parts.salt},N=${parts.kdf.N},rb=${parts.kdf.r},p=${parts.kdf.p}`;
  const clientFinalWithoutProof = `c=biws,r=${parts.combinedNonce}`;
  return `${clientFirstBare},${serverFirst},${clientFinalWithoutProof}`;
}

export class LogonProofError extends Error {
  readonly code: 'LOGON_PROOF_BAD_NONCE';
  constructor(code: LogonProofError['code'], message: string) {
    super(message);
    this.name = 'LogonProofError';
    this.code = code;
  }
}

/** Client side: the proof to send, and the signature the device must answer with. */
export async function computeClientProof(password: string, salt: string, kdf: KdfParams, authMessage: string): Promise<ClientProofResult> {
  const salted = await deriveKey(password, Buffer.from(salt, 'base64'), kdf);
  const { clientKey, storedKey, serverKey } = keysFromSaltedPassword(salted);
  const clientSignature = hmac(storedKey, authMessage);
  const proof = Buffer.alloc(clientKey.length);
  for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i]! ^ clientSignature[i]!;
  return { clientProof: proof.toString('base64'), expectedServerSignature: hmac(serverKey, authMessage).toString('base64') };
}

/** Device side: fast (no KDF), constant-time. */
export function verifyClientProof(stored: ScramVerifier, authMessage: string, clientProof: string): boolean {
  const storedKey = Buffer.from(stored.storedKey, 'base64');
  const proof = Buffer.from(clientProof, 'base64');
  if (proof.length !== storedKey.length) return false;
  const clientSignature = hmac(storedKey, authMessage);
  const clientKey = Buffer.alloc(proof.length);
  for (let i = 0; i < proof.length; i++) clientKey[i] = proof[i]! ^ clientSignature[i]!;
  return timingSafeEqual(sha256(clientKey), storedKey);
}

/** Device side: the signature that proves to the client that the device holds this user's verifier. */
export function computeServerSignature(stored: ScramVerifier, authMessage: string): string {
  return hmac(Buffer.from(stored.serverKey, 'base64'), authMessage).toString('base64');
}

/** Client side: constant-time check of the device's answer. */
export function verifyServerSignature(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'base64');
  const b = Buffer.from(received, 'base64');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}
