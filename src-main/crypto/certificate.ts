// Server certificates for the controller's encrypted communication (guideline 2.4.7.2, 2.4.7.3).
//
// Who does what: Node generates the key pair (crypto.generateKeyPair, in the thread pool) and signs
// (crypto.sign with a callback, in the thread pool); node-forge only assembles the X.509 structure, which
// Node has no API for. Forge is not asked to sign because it signs RSA in JavaScript on the event loop and
// cannot sign ECDSA at all; building the TBSCertificate with forge's ASN.1 helpers and signing its DER with
// Node gives both key types, keeps the private key inside a Node KeyObject, and keeps the loop free.

import {
  X509Certificate,
  createHash,
  createPrivateKey,
  generateKeyPair,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';
import { CryptoError, type CertificateErrorCode } from './crypto-error';

export type CertificateKeyType = 'rsa-2048' | 'ec-p256';

export interface SubjectAltName {
  ip?: string;
  dns?: string;
}

export interface CreateCertificateOptions {
  commonName: string;
  /** Default 365: the guideline's one year, which IEC 62443 use must not change (2.4.7.2). */
  validityDays?: number;
  /** Start of validity, taken from the device clock (2.4.7.3); default: this computer's clock. */
  notBefore?: Date;
  keyType?: CertificateKeyType;
  /** Default: the common name, as an IP address or DNS name when it is one. */
  subjectAltNames?: SubjectAltName[];
}

export interface CreatedCertificate {
  certificatePem: string;
  certificateDer: Buffer;
  /** PKCS#8 PEM. For the device only: never log it, store it in the app, or send it to the renderer. */
  privateKeyPem: string;
  fingerprint256: string;
  notBefore: Date;
  notAfter: Date;
}

export interface ParsedCertificate {
  /** Upper-case, colon-separated SHA-256 of the DER, as Node's X509Certificate prints it. */
  fingerprint256: string;
  subject: string;
  issuer: string;
  subjectAltName: string | undefined;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** 'rsa-2048', 'ec-p256', ... or the key algorithm's name for other keys. */
  publicKeyType: string;
  selfSigned: boolean;
  der: Buffer;
  pem: string;
}

export type CertificateStatus = 'not-yet-valid' | 'valid' | 'expiring-soon' | 'expired';

// Project choice: RSA-2048 is the default key type. HMIs, SCADA OPC clients and older TLS stacks met on
// plant floors accept it universally, while ECDSA server certificates are still refused by some of them.
// 'ec-p256' is offered for clients that take it (smaller, faster handshakes).
export const DEFAULT_CERTIFICATE_KEY_TYPE: CertificateKeyType = 'rsa-2048';
/** The guideline's default expiration period of one year (2.4.7.2). */
export const DEFAULT_VALIDITY_DAYS = 365;
/** 2.4.7.3: the device raises an event when the expiration date is within 90 days. */
export const EXPIRY_WARNING_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;
const OID = {
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
} as const;

function fail(code: CertificateErrorCode, message: string, cause?: unknown): never {
  throw new CryptoError('certificate', code, message, { reference: '2.4.7.2', ...(cause === undefined ? {} : { cause }) });
}

// forge's runtime has these, its type definitions do not.
interface ForgeAsn1Extras {
  fromDer(bytes: string, options: { strict?: boolean; decodeBitStrings?: boolean }): forge.asn1.Asn1;
}
interface ForgePkiExtras {
  certificateExtensionsToAsn1(extensions: unknown[]): forge.asn1.Asn1;
}
const asn1 = forge.asn1;
const asn1Extras = forge.asn1 as unknown as ForgeAsn1Extras;
const pkiExtras = forge.pki as unknown as ForgePkiExtras;

export async function createSelfSignedCertificate(options: CreateCertificateOptions): Promise<CreatedCertificate> {
  const keyType = options.keyType ?? DEFAULT_CERTIFICATE_KEY_TYPE;
  const validityDays = options.validityDays ?? DEFAULT_VALIDITY_DAYS;
  const commonName = options.commonName.trim();
  if (commonName === '' || commonName.length > 64) {
    fail('invalid-input', 'The certificate needs a common name of 1 to 64 characters (for example the controller name or its IP address).');
  }
  if (!Number.isInteger(validityDays) || validityDays < 1 || validityDays > 3650) {
    fail('invalid-input', `The validity period must be a whole number of days from 1 to 3650 (the guideline's default is ${DEFAULT_VALIDITY_DAYS}).`);
  }
  const start = options.notBefore ?? new Date();
  if (Number.isNaN(start.getTime())) fail('invalid-input', 'The device clock time given for the start of validity is not a valid date.');
  // X.509 times have whole seconds; round down so notBefore is never later than the device clock.
  const notBefore = new Date(Math.floor(start.getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + validityDays * DAY_MS);
  const altNames = options.subjectAltNames ?? defaultAltNames(commonName);
  const altNamesAsn1 = altNames.map(altNameEntry);

  const { publicKey, privateKey } = await generateKeys(keyType);
  const spkiDer = publicKey.export({ type: 'spki', format: 'der' });
  const spki = asn1Extras.fromDer(spkiDer.toString('binary'), { strict: true, decodeBitStrings: false });

  const name = distinguishedName(commonName);
  const signatureAlgorithm = algorithmIdentifier(keyType);
  const extensions: unknown[] = [
    { name: 'basicConstraints', cA: false, critical: true },
    keyType === 'rsa-2048'
      ? { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true }
      : { name: 'keyUsage', critical: true, digitalSignature: true },
    { name: 'extKeyUsage', serverAuth: true },
    { id: OID.subjectKeyIdentifier, value: octetString(subjectKeyIdentifier(spki)) },
  ];
  if (altNamesAsn1.length > 0) extensions.push({ name: 'subjectAltName', altNames: altNamesAsn1 });
  // Fills in the extension values forge knows how to encode (keyUsage bits, SAN, ...).
  const scratch = forge.pki.createCertificate();
  scratch.setExtensions(extensions as never[]);

  const tbs = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [integer(Buffer.from([2]))]), // v3
    integer(serialNumber()),
    signatureAlgorithm,
    name,
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [x509Time(notBefore), x509Time(notAfter)]),
    name,
    spki,
    pkiExtras.certificateExtensionsToAsn1(scratch.extensions),
  ]);
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = await new Promise<Buffer>((resolve, reject) =>
    // ECDSA signatures come out DER-encoded (Node's default dsaEncoding), which is what X.509 wants.
    sign('sha256', tbsDer, privateKey, (error, value) => (error ? reject(error) : resolve(value))),
  );
  const certificate = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    tbs,
    algorithmIdentifier(keyType),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, '\x00' + signature.toString('binary')),
  ]);
  // The check below proves, for every certificate made, that the signed bytes are the encoded TBS.
  const certificateDer = Buffer.from(asn1.toDer(certificate).getBytes(), 'binary');
  const x509 = new X509Certificate(certificateDer);
  if (!x509.verify(publicKey)) fail('invalid-certificate', 'The new certificate does not verify with its own key; nothing was written. Try again.');
  return {
    certificatePem: toPem(certificateDer),
    certificateDer,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    fingerprint256: x509.fingerprint256,
    notBefore,
    notAfter,
  };
}

function generateKeys(keyType: CertificateKeyType): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, publicKey: KeyObject, privateKey: KeyObject): void =>
      error ? reject(error) : resolve({ publicKey, privateKey });
    if (keyType === 'rsa-2048') generateKeyPair('rsa', { modulusLength: 2048, publicExponent: 0x10001 }, done);
    else if (keyType === 'ec-p256') generateKeyPair('ec', { namedCurve: 'P-256' }, done);
    else fail('invalid-input', `Unknown key type "${String(keyType)}": choose rsa-2048 or ec-p256.`);
  });
}

function defaultAltNames(commonName: string): SubjectAltName[] {
  if (isIP(commonName)) return [{ ip: commonName }];
  if (/^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(commonName)) {
    return [{ dns: commonName }];
  }
  return [];
}

function altNameEntry(altName: SubjectAltName): { type: number; ip?: string; value?: string } {
  if (altName.ip !== undefined && altName.dns === undefined) {
    if (!isIP(altName.ip)) fail('invalid-input', `"${altName.ip}" is not an IPv4 or IPv6 address.`);
    return { type: 7, ip: altName.ip };
  }
  if (altName.dns !== undefined && altName.ip === undefined) {
    if (!/^[\x21-\x7e]{1,253}$/.test(altName.dns)) fail('invalid-input', `"${altName.dns}" is not a DNS name.`);
    return { type: 2, value: altName.dns };
  }
  return fail('invalid-input', 'Each subject alternative name is either an IP address or a DNS name.');
}

function distinguishedName(commonName: string): forge.asn1.Asn1 {
  // UTF8String, as RFC 5280 asks: a PrintableString cannot hold "_" or non-ASCII names.
  return forge.pki.distinguishedNameToAsn1({
    attributes: [{ type: forge.pki.oids['commonName'] as string, value: commonName, valueTagClass: asn1.Type.UTF8 } as never],
  });
}

function algorithmIdentifier(keyType: CertificateKeyType): forge.asn1.Asn1 {
  // RFC 4055: sha256WithRSAEncryption carries NULL parameters; RFC 5758: ecdsa-with-SHA256 carries none.
  return keyType === 'rsa-2048'
    ? asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        oid(OID.sha256WithRSA),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
      ])
    : asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [oid(OID.ecdsaWithSHA256)]);
}

function oid(value: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
}

function integer(bytes: Buffer): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, bytes.toString('binary'));
}

function octetString(bytes: Buffer): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes.toString('binary'));
}

/** 16 random bytes, positive and minimally encoded (first byte 0x40..0x7F), as RFC 5280 4.1.2.2 asks. */
function serialNumber(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x3f) | 0x40;
  return serial;
}

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's value. */
function subjectKeyIdentifier(spki: forge.asn1.Asn1): Buffer {
  const bitString = (spki.value as forge.asn1.Asn1[])[1]?.value;
  if (typeof bitString !== 'string') fail('invalid-key', 'The generated public key has an unexpected shape.');
  return createHash('sha1').update(Buffer.from(bitString.slice(1), 'binary')).digest();
}

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
function x509Time(date: Date): forge.asn1.Asn1 {
  const year = date.getUTCFullYear();
  return year < 2050
    ? asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(date))
    : asn1.create(asn1.Class.UNIVERSAL, asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
}

// ---------------------------------------------------------------------------------------------------------
// Reading, status, export

export function parseCertificate(pemOrDer: string | Uint8Array): ParsedCertificate {
  const der = toDer(pemOrDer);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch (error) {
    fail('invalid-certificate', 'This is not a readable X.509 certificate (PEM or DER). Export the certificate again from the device.', error);
  }
  return {
    fingerprint256: x509.fingerprint256,
    subject: x509.subject,
    issuer: x509.issuer,
    subjectAltName: x509.subjectAltName,
    serialNumber: x509.serialNumber,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    publicKeyType: publicKeyType(x509.publicKey),
    selfSigned: x509.subject === x509.issuer && x509.verify(x509.publicKey),
    der,
    pem: toPem(der),
  };
}

function publicKeyType(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return `rsa-${details.modulusLength ?? 0}`;
  if (key.asymmetricKeyType === 'ec') {
    const curves: Record<string, string> = { prime256v1: 'p256', secp384r1: 'p384', secp521r1: 'p521' };
    return `ec-${curves[details.namedCurve ?? ''] ?? details.namedCurve ?? 'unknown'}`;
  }
  return key.asymmetricKeyType ?? 'unknown';
}

/**
 * Where a certificate stands on the device clock (2.4.7.3): the device warns from 90 days before expiry and
 * stops encrypted communication once it has expired, so the app warns at the same moments.
 */
export function certificateStatus(cert: string | Uint8Array | ParsedCertificate, deviceNow: Date): CertificateStatus {
  const { notBefore, notAfter } = isParsed(cert) ? cert : parseCertificate(cert);
  const now = deviceNow.getTime();
  if (now < notBefore.getTime()) return 'not-yet-valid';
  // RFC 5280: the certificate is valid through notAfter inclusive.
  if (now > notAfter.getTime()) return 'expired';
  if (notAfter.getTime() - now <= EXPIRY_WARNING_DAYS * DAY_MS) return 'expiring-soon';
  return 'valid';
}

function isParsed(cert: string | Uint8Array | ParsedCertificate): cert is ParsedCertificate {
  return typeof cert === 'object' && !(cert instanceof Uint8Array);
}

/** True when the private key belongs to the certificate. Throws 'invalid-key'/'invalid-certificate' on unreadable input. */
export function certificateMatchesKey(certPem: string | Uint8Array, keyPem: string): boolean {
  const x509 = new X509Certificate(parseCertificate(certPem).der);
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (error) {
    // The cause is dropped on purpose: OpenSSL's message could quote part of the key.
    void error;
    fail('invalid-key', 'This is not a readable private key (PEM). Check that the key file belongs to this certificate.');
  }
  return x509.checkPrivateKey(key);
}

/** DER for HMIs that import binary certificates (.cer/.der). Accepts PEM or DER. */
export function toDer(pemOrDer: string | Uint8Array): Buffer {
  if (typeof pemOrDer !== 'string') return Buffer.from(pemOrDer);
  const match = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(pemOrDer);
  if (!match) fail('invalid-certificate', 'This text is not a PEM certificate (no BEGIN CERTIFICATE block). Export the certificate again.');
  return Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
}

/** PEM for HMIs that import text certificates (.pem/.crt). Accepts PEM or DER. */
export function toPem(derOrPem: string | Uint8Array): string {
  const der = toDer(derOrPem);
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
