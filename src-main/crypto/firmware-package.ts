// The firmware and add-on package of the virtual devices (guideline 2.4.2, 2.4.3; Table 17 row 2: an update
// file for the controller succeeds, one for another model fails and leaves the version unchanged). Specified
// in docs/firmware-package-format.md.
//
// The vendor signs the header and the payload's SHA-256, not the payload itself: a device can check the
// signature and the target model before it reads or hashes a large image, and refuse early.

import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CryptoError, type FirmwarePackageErrorCode } from './crypto-error';
import { keyIdOf } from './report-signature';

export type PackageKind = 'firmware' | 'add-on';

export interface FirmwarePackageInput {
  kind: PackageKind;
  /** Type names the package is for, e.g. ["MXR300-32"]. */
  targetModels: string[];
  /** Version the device reports after the update, e.g. "1.003". */
  version: string;
  /** Add-on name (add-ons only; firmware has none). */
  name?: string;
  createdAt?: Date;
  payload: Uint8Array;
}

export interface VerifiedPackage {
  kind: PackageKind;
  targetModels: string[];
  version: string;
  name: string | undefined;
  createdAt: Date;
  /** The image, as a view into the package buffer. */
  payload: Buffer;
  payloadSha256: string;
  vendorKeyId: string;
}

export const PACKAGE_MAGIC = Buffer.from('MXCPKG\r\n', 'latin1');
export const PACKAGE_FORMAT_VERSION = 1;

const OFF = { version: 8, headerLength: 10, header: 14 } as const;
const DIGEST_BYTES = 32;
const SIGNATURE_BYTES = 64;
const MAX_HEADER_BYTES = 16 * 1024;
const PIECE_BYTES = 1024 * 1024;

function fail(code: FirmwarePackageErrorCode, message: string): never {
  throw new CryptoError('firmware-package', code, message, { reference: '2.4.2.1' });
}

export async function createFirmwarePackage(input: FirmwarePackageInput, vendorPrivateKey: KeyObject | string): Promise<Buffer> {
  const privateKey = typeof vendorPrivateKey === 'string' ? readKey(() => createPrivateKey(vendorPrivateKey)) : vendorPrivateKey;
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    fail('invalid-input', 'Packages are signed with an Ed25519 vendor private key; this key is of another type.');
  }
  if (input.kind !== 'firmware' && input.kind !== 'add-on') fail('invalid-input', 'A package is either firmware or an add-on.');
  if (input.targetModels.length === 0 || input.targetModels.some((m) => m.trim() === '')) {
    fail('invalid-input', 'A package must name the models it is for.');
  }
  if (input.version.trim() === '' || input.version.length > 64) fail('invalid-input', 'A package needs a version of 1 to 64 characters.');
  const createdAt = input.createdAt ?? new Date();
  const header = Buffer.from(
    JSON.stringify({
      kind: input.kind,
      targetModels: input.targetModels.map((m) => m.trim()),
      version: input.version,
      ...(input.name === undefined ? {} : { name: input.name }),
      createdAt: createdAt.toISOString(),
      payloadLength: input.payload.length,
      payloadDigest: 'sha-256',
      signature: 'ed25519',
      vendorKeyId: keyIdOf(privateKey),
    }),
    'utf8',
  );
  if (header.length > MAX_HEADER_BYTES) fail('invalid-input', 'The package header is too long (too many target models?).');
  const digest = await sha256Pieces(input.payload);
  const signedLength = OFF.header + header.length + DIGEST_BYTES;
  const out = Buffer.alloc(signedLength + SIGNATURE_BYTES + input.payload.length);
  PACKAGE_MAGIC.copy(out, 0);
  out.writeUInt16BE(PACKAGE_FORMAT_VERSION, OFF.version);
  out.writeUInt32BE(header.length, OFF.headerLength);
  header.copy(out, OFF.header);
  digest.copy(out, OFF.header + header.length);
  const signature = await new Promise<Buffer>((resolve, reject) =>
    sign(null, out.subarray(0, signedLength), privateKey, (error, value) => (error ? reject(error) : resolve(value))),
  );
  signature.copy(out, signedLength);
  out.set(input.payload, signedLength + SIGNATURE_BYTES);
  return out;
}

/**
 * Checks a package the way a device does before installing it: readable, signed by a trusted vendor key,
 * made for this model, and the image unchanged. Throws a CryptoError with the first check that fails.
 */
export async function verifyFirmwarePackage(
  pkg: Uint8Array,
  options: { vendorPublicKeys: Array<KeyObject | string>; model: string },
): Promise<VerifiedPackage> {
  const file = Buffer.from(pkg.buffer, pkg.byteOffset, pkg.byteLength);
  const parsed = parse(file);
  const { header } = parsed;

  const trusted = options.vendorPublicKeys.map((k) => {
    const key = typeof k === 'string' || k.type === 'private' ? readKey(() => createPublicKey(k)) : k;
    if (key.asymmetricKeyType !== 'ed25519') fail('invalid-input', 'Trusted vendor keys must be Ed25519 public keys.');
    return key;
  });
  const vendorKey = trusted.find((k) => keyIdOf(k) === header.vendorKeyId);
  if (!vendorKey) {
    fail(
      'unknown-vendor-key',
      `This package is signed with a key (${header.vendorKeyId}) this device does not trust. Use only update files ` +
        'downloaded from the vendor\'s website for this device.',
    );
  }
  const signatureValid = await new Promise<boolean>((resolve, reject) =>
    verify(null, parsed.signed, vendorKey, parsed.signature, (error, ok) => (error ? reject(error) : resolve(ok))),
  );
  if (!signatureValid) {
    fail(
      'bad-signature',
      "The package's vendor signature does not verify: the file was changed after the vendor signed it, or it " +
        'was not signed by the vendor. Do not install it; download the update file again from the vendor.',
    );
  }
  const wanted = options.model.trim().toUpperCase();
  if (!header.targetModels.some((m) => m.toUpperCase() === wanted)) {
    fail(
      'wrong-model',
      `This ${header.kind === 'firmware' ? 'firmware update' : 'add-on package'} is for ${header.targetModels.join(', ')}, ` +
        `not for ${options.model.trim()}. Nothing was changed. Download the file for ${options.model.trim()}.`,
    );
  }
  const digest = await sha256Pieces(parsed.payload);
  if (!digest.equals(parsed.digest)) {
    fail(
      'digest-mismatch',
      "The package's image does not match the digest the vendor signed: the file was modified or damaged. " +
        'Do not install it; download the update file again from the vendor.',
    );
  }
  return {
    kind: header.kind,
    targetModels: header.targetModels,
    version: header.version,
    name: header.name,
    createdAt: new Date(header.createdAt),
    payload: parsed.payload,
    payloadSha256: digest.toString('hex'),
    vendorKeyId: header.vendorKeyId,
  };
}

function readKey(read: () => KeyObject): KeyObject {
  try {
    return read();
  } catch {
    // OpenSSL's own message is dropped: it could quote part of the key.
    return fail('invalid-input', 'A vendor key cannot be read (expected an Ed25519 key in PEM). Check the key file.');
  }
}

interface PackageHeader {
  kind: PackageKind;
  targetModels: string[];
  version: string;
  name: string | undefined;
  createdAt: string;
  payloadLength: number;
  vendorKeyId: string;
}

function malformed(detail: string): never {
  fail('malformed', `This is not a readable firmware or add-on package (${detail}). Download the update file again from the vendor.`);
}

function parse(file: Buffer): { header: PackageHeader; signed: Buffer; digest: Buffer; signature: Buffer; payload: Buffer } {
  if (file.length < OFF.header || !file.subarray(0, PACKAGE_MAGIC.length).equals(PACKAGE_MAGIC)) malformed('wrong file signature');
  const version = file.readUInt16BE(OFF.version);
  if (version !== PACKAGE_FORMAT_VERSION) malformed(`package format version ${version}; this version of MX Commissioner reads ${PACKAGE_FORMAT_VERSION}`);
  const headerLength = file.readUInt32BE(OFF.headerLength);
  if (headerLength > MAX_HEADER_BYTES) malformed('header too long');
  const signedLength = OFF.header + headerLength + DIGEST_BYTES;
  if (file.length < signedLength + SIGNATURE_BYTES) malformed('the file is cut short');
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(file.subarray(OFF.header, OFF.header + headerLength).toString('utf8')) as Record<string, unknown>;
  } catch {
    malformed('the header cannot be read');
  }
  const { kind, targetModels, version: v, name, createdAt, payloadLength, vendorKeyId, payloadDigest, signature } = raw ?? {};
  if (
    (kind !== 'firmware' && kind !== 'add-on') ||
    !Array.isArray(targetModels) ||
    targetModels.length === 0 ||
    !targetModels.every((m): m is string => typeof m === 'string') ||
    typeof v !== 'string' ||
    (name !== undefined && typeof name !== 'string') ||
    typeof createdAt !== 'string' ||
    Number.isNaN(new Date(createdAt).getTime()) ||
    typeof payloadLength !== 'number' ||
    !Number.isSafeInteger(payloadLength) ||
    payloadLength < 0 ||
    typeof vendorKeyId !== 'string' ||
    payloadDigest !== 'sha-256' ||
    signature !== 'ed25519'
  ) {
    malformed('the header is incomplete');
  }
  if (file.length !== signedLength + SIGNATURE_BYTES + payloadLength) malformed('its length does not match its header');
  return {
    header: { kind, targetModels, version: v, name, createdAt, payloadLength, vendorKeyId },
    signed: file.subarray(0, signedLength),
    digest: file.subarray(signedLength - DIGEST_BYTES, signedLength),
    signature: file.subarray(signedLength, signedLength + SIGNATURE_BYTES),
    payload: file.subarray(signedLength + SIGNATURE_BYTES),
  };
}

async function sha256Pieces(data: Uint8Array): Promise<Buffer> {
  const hash = createHash('sha256');
  for (let at = 0; at < data.length; at += PIECE_BYTES) {
    hash.update(data.subarray(at, at + PIECE_BYTES));
    if (at + PIECE_BYTES < data.length) await yieldToEventLoop();
  }
  return hash.digest();
}
