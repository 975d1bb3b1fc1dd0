// The key derivation of the virtual air, from the passphrase to the keys that encrypt data frames:
// - WPA2-Personal: PMK = PBKDF2-SHA1(passphrase, SSID, 4096, 32) (IEEE 802.11-2020 J.4), then the 4-way
//   handshake's PTK = PRF-384 (HMAC-SHA1) over the two addresses and nonces (12.7.1.3), MIC HMAC-SHA1-128.
// - WPA3-Personal: SAE (12.4) on the P-256 group with the hash-to-element password element; the curve
//   arithmetic is @noble/curves' (never hand-written), the key schedule KDF-SHA256 (12.7.1.7.2).
// - Enhanced Open: OWE (RFC 8110), an ECDH P-256 exchange in association, PMK by HKDF-SHA256.
// - Data frames: CCMP-like AES-128-CCM with the TK, a 48-bit packet number in the nonce, replay-checked.
// This is a faithful model of the key schedule, not a bit-exact 802.11 implementation (frames are JSON).
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { p256, p256_hasher } from '@noble/curves/nist.js';

export type Akm = 'psk' | 'sae' | 'owe' | 'open';

const Point = p256.Point;
const Q = Point.Fn.ORDER;
const SCALAR_BYTES = 32;

export const macBytes = (mac: string): Buffer => Buffer.from(mac.replace(/:/g, ''), 'hex');
const minMax = (a: Buffer, b: Buffer): Buffer[] => (Buffer.compare(a, b) <= 0 ? [a, b] : [b, a]);
const toBig = (b: Uint8Array): bigint => BigInt('0x' + (Buffer.from(b).toString('hex') || '0'));
const fromBig = (n: bigint): Buffer => Buffer.from(n.toString(16).padStart(SCALAR_BYTES * 2, '0'), 'hex');
const randomScalar = (): bigint => {
  // Bounded: a 256-bit draw is below Q with probability ~1 - 2^-32; 8 draws never all fail in practice.
  for (let i = 0; i < 8; i++) {
    const n = toBig(randomBytes(SCALAR_BYTES));
    if (n > 1n && n < Q) return n;
  }
  throw new Error('no random scalar');
};

/** WPA2-Personal: the PMK from the passphrase and the SSID. */
export function pskPmk(passphrase: string, ssid: string): Buffer {
  return pbkdf2Sync(Buffer.from(passphrase, 'utf8'), Buffer.from(ssid, 'utf8'), 4096, 32, 'sha1');
}

/** IEEE 802.11 PRF-n (HMAC-SHA1), used by WPA2. */
function prfSha1(key: Buffer, label: string, data: Buffer, bytes: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 20 < bytes; i++) out.push(createHmac('sha1', key).update(Buffer.concat([Buffer.from(label, 'latin1'), Buffer.of(0), data, Buffer.of(i)])).digest());
  return Buffer.concat(out).subarray(0, bytes);
}

/** IEEE 802.11 KDF-SHA256-n (12.7.1.7.2), used by SAE and OWE. */
function kdfSha256(key: Buffer, label: string, context: Buffer, bytes: number): Buffer {
  const out: Buffer[] = [];
  const bits = Buffer.alloc(2);
  bits.writeUInt16LE(bytes * 8);
  for (let i = 1; out.length * 32 < bytes; i++) {
    const counter = Buffer.alloc(2);
    counter.writeUInt16LE(i);
    out.push(createHmac('sha256', key).update(Buffer.concat([counter, Buffer.from(label, 'latin1'), context, bits])).digest());
  }
  return Buffer.concat(out).subarray(0, bytes);
}

export interface PairwiseKeys {
  kck: Buffer;
  kek: Buffer;
  tk: Buffer;
}

/** The PTK of the 4-way handshake (12.7.1.3), split into KCK, KEK and the temporal key of the data frames. */
export function pairwiseKeys(akm: Akm, pmk: Buffer, apMac: string, staMac: string, aNonce: Buffer, sNonce: Buffer): PairwiseKeys {
  const data = Buffer.concat([...minMax(macBytes(apMac), macBytes(staMac)), ...minMax(aNonce, sNonce)]);
  const ptk = akm === 'psk' ? prfSha1(pmk, 'Pairwise key expansion', data, 48) : kdfSha256(pmk, 'Pairwise key expansion', data, 48);
  return { kck: ptk.subarray(0, 16), kek: ptk.subarray(16, 32), tk: ptk.subarray(32, 48) };
}

/** The EAPOL-Key MIC: HMAC-SHA1-128 for WPA2 (AKM 2), HMAC-SHA256-128 for the SAE/OWE key schedule. */
export function eapolMic(akm: Akm, kck: Buffer, body: string): string {
  return createHmac(akm === 'psk' ? 'sha1' : 'sha256', kck).update(body, 'utf8').digest().subarray(0, 16).toString('hex');
}

export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

// ------------------------------------------------------------------------------------------------
// SAE (WPA3-Personal), 12.4.4.2.3 hash-to-element on group 19 (P-256)

/** PT: the password element before the addresses are mixed in (hash-to-curve of the passphrase, SSID as salt). */
function passwordToken(passphrase: string, ssid: string) {
  return p256_hasher.hashToCurve(Buffer.from(passphrase, 'utf8'), { DST: Buffer.from(`SAE Hash to Element u1 P1|${ssid}`, 'utf8') });
}

/** PWE = val * PT with val = H(min(MAC) || max(MAC)) mod (q-1) + 1 (12.4.4.2.3). */
function passwordElement(passphrase: string, ssid: string, macA: string, macB: string) {
  const h = createHmac('sha256', Buffer.alloc(32)).update(Buffer.concat(minMax(macBytes(macA), macBytes(macB)))).digest();
  const val = (toBig(h) % (Q - 1n)) + 1n;
  return passwordToken(passphrase, ssid).multiply(val);
}

export interface SaeCommit {
  scalar: string;
  element: string;
}

/** One side of an SAE exchange: commit, then confirm; derives the PMK only if the peer knew the same passphrase. */
export class SaeParty {
  private readonly pwe;
  private readonly rand = randomScalar();
  private readonly commitValue: SaeCommit;
  private keys: { kck: Buffer; pmk: Buffer; peer: SaeCommit } | undefined;

  constructor(passphrase: string, ssid: string, ownMac: string, peerMac: string) {
    this.pwe = passwordElement(passphrase, ssid, ownMac, peerMac);
    const mask = randomScalar();
    const scalar = (this.rand + mask) % Q;
    const element = this.pwe.multiply(mask).negate();
    this.commitValue = { scalar: fromBig(scalar).toString('hex'), element: element.toHex(false) };
  }

  commit(): SaeCommit {
    return this.commitValue;
  }

  /** Processes the peer's commit; throws on an invalid one (scalar out of range, element not on the curve, a reflection). */
  receiveCommit(peer: SaeCommit): void {
    const peerScalar = toBig(Buffer.from(peer.scalar, 'hex'));
    if (peerScalar <= 1n || peerScalar >= Q) throw new Error('SAE commit scalar out of range');
    if (peer.scalar === this.commitValue.scalar && peer.element === this.commitValue.element) throw new Error('SAE commit reflected');
    const peerElement = Point.fromHex(peer.element); // checks that the point is on the curve
    const k = this.pwe.multiply(peerScalar).add(peerElement).multiply(this.rand);
    if (k.equals(Point.ZERO)) throw new Error('SAE shared secret is the identity');
    const keyseed = createHmac('sha256', Buffer.alloc(32)).update(fromBig(k.toAffine().x)).digest();
    const context = fromBig((toBig(Buffer.from(this.commitValue.scalar, 'hex')) + peerScalar) % Q);
    const out = kdfSha256(keyseed, 'SAE KCK and PMK', context, 64);
    this.keys = { kck: out.subarray(0, 32), pmk: out.subarray(32, 64), peer };
  }

  private confirmOver(first: SaeCommit, second: SaeCommit): string {
    if (!this.keys) throw new Error('SAE confirm before commit');
    return createHmac('sha256', this.keys.kck).update(`1|${first.scalar}|${second.scalar}|${first.element}|${second.element}`).digest('hex');
  }

  confirm(): string {
    return this.confirmOver(this.commitValue, this.keys!.peer);
  }

  /** The PMK, only once the peer's confirm proves it derived the same keys (same passphrase). */
  verifyConfirm(peerConfirm: string): Buffer | null {
    if (!this.keys) return null;
    return sameHex(peerConfirm, this.confirmOver(this.keys.peer, this.commitValue)) ? this.keys.pmk : null;
  }
}

// ------------------------------------------------------------------------------------------------
// OWE (Enhanced Open), RFC 8110 section 4.4, group 19

export function oweKeyPair(): { secret: Uint8Array; publicHex: string } {
  const { secretKey, publicKey } = p256.keygen();
  return { secret: secretKey, publicHex: Buffer.from(publicKey).toString('hex') };
}

/** PMK = HKDF-SHA256(salt = C | A | group, z = ECDH x-coordinate, info "OWE Key Generation"). */
export function owePmk(ownSecret: Uint8Array, peerPublicHex: string, clientPublicHex: string, apPublicHex: string): Buffer {
  const shared = p256.getSharedSecret(ownSecret, Buffer.from(peerPublicHex, 'hex'));
  const z = Buffer.from(shared).subarray(1); // x-coordinate
  const salt = Buffer.concat([Buffer.from(clientPublicHex, 'hex'), Buffer.from(apPublicHex, 'hex'), Buffer.from([0x13, 0x00])]);
  return Buffer.from(hkdfSync('sha256', z, salt, 'OWE Key Generation', 32));
}

// ------------------------------------------------------------------------------------------------
// Data frames: AES-128-CCM with the TK (CCMP: 8-byte MIC, 13-byte nonce = priority | A2 | PN)

function ccmNonce(transmitter: string, pn: number): Buffer {
  const n = Buffer.alloc(13);
  macBytes(transmitter).copy(n, 1);
  n.writeUIntBE(pn, 7, 6);
  return n;
}

export function sealData(tk: Buffer, transmitter: string, receiver: string, pn: number, plaintext: Buffer): { pn: number; ciphertext: string; mic: string } {
  const c = createCipheriv('aes-128-ccm', tk, ccmNonce(transmitter, pn), { authTagLength: 8 });
  c.setAAD(Buffer.concat([macBytes(receiver), macBytes(transmitter)]), { plaintextLength: plaintext.length });
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return { pn, ciphertext: ct.toString('hex'), mic: c.getAuthTag().toString('hex') };
}

/** The plaintext, or null when the frame was not sealed with this TK or was changed. */
export function openData(tk: Buffer, transmitter: string, receiver: string, frame: { pn: number; ciphertext: string; mic: string }): Buffer | null {
  try {
    const ct = Buffer.from(frame.ciphertext, 'hex');
    const d = createDecipheriv('aes-128-ccm', tk, ccmNonce(transmitter, frame.pn), { authTagLength: 8 });
    d.setAuthTag(Buffer.from(frame.mic, 'hex'));
    d.setAAD(Buffer.concat([macBytes(receiver), macBytes(transmitter)]), { plaintextLength: ct.length });
    return Buffer.concat([d.update(ct), d.final()]);
  } catch {
    return null;
  }
}

export const nonce32 = (): Buffer => randomBytes(32);
