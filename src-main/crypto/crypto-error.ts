// The one error type the crypto building blocks throw. `code` is stable (the UI translates it, tests assert
// it, the commissioning engine branches on it); `message` is for the technician: what happened, then what
// to do. Messages never contain passwords, keys or decrypted bytes — only names, versions and fingerprints.

import { AppError } from '../messages/app-error';
import { isMessageId } from '../messages/catalogue';

export type BackupErrorCode =
  /** The bytes do not start with the backup file's magic: a different file was chosen. */
  | 'not-a-backup'
  /** A newer format version, or key-derivation parameters this version does not accept. */
  | 'unsupported-version'
  /** The backup is encrypted and no password was given. */
  | 'password-required'
  /** The password check value in the header does not match the password entered. */
  | 'wrong-password'
  /** The file was damaged or modified (header, body, or the SHA-256 of an unencrypted backup). */
  | 'integrity-failed'
  /** The caller asked for something contradictory (e.g. encryption without a password). */
  | 'invalid-input';

export type CertificateErrorCode = 'invalid-certificate' | 'invalid-key' | 'invalid-input';

export type FirmwarePackageErrorCode =
  /** Not a package, truncated, or its header cannot be read. */
  | 'malformed'
  /** The package is authentic but made for other models. */
  | 'wrong-model'
  /** The vendor signature does not verify: header or digest changed, or a forged package. */
  | 'bad-signature'
  /** The payload does not hash to the signed digest: the firmware image itself was changed. */
  | 'digest-mismatch'
  /** The package names a signing key that is not among the trusted vendor keys. */
  | 'unknown-vendor-key'
  | 'invalid-input';

export type ReportSignatureErrorCode = 'invalid-input' | 'invalid-key';

export type CryptoErrorCode = BackupErrorCode | CertificateErrorCode | FirmwarePackageErrorCode | ReportSignatureErrorCode;

export type CryptoErrorArea = 'backup' | 'certificate' | 'firmware-package' | 'report-signature';

/** The headline of each area and code is the catalogue's `errors.crypto.<area>.<code>`; `message` keeps the specifics. */
export class CryptoError<C extends CryptoErrorCode = CryptoErrorCode> extends AppError {
  declare readonly code: C;
  readonly area: CryptoErrorArea;
  /** Guideline section the check comes from, e.g. "2.4.6.2", when one applies. */
  readonly reference: string | undefined;

  constructor(area: CryptoErrorArea, code: C, message: string, options?: { cause?: unknown; reference?: string }) {
    const id = `errors.crypto.${area}.${code}`;
    super({
      code,
      // An area without its own words for this code says what the request was about.
      messageId: isMessageId(id) ? id : 'errors.requestFailed',
      englishText: message,
      ...(options?.reference ? { guidelineRefs: [options.reference] } : {}),
      ...(options?.cause !== undefined ? { cause: options.cause } : {}),
    });
    this.area = area;
    this.reference = options?.reference;
  }
}

export type BackupFileError = CryptoError<BackupErrorCode>;
export type CertificateError = CryptoError<CertificateErrorCode>;
export type FirmwarePackageError = CryptoError<FirmwarePackageErrorCode>;

export function isCryptoError(error: unknown, code?: CryptoErrorCode): error is CryptoError {
  return error instanceof CryptoError && (code === undefined || error.code === code);
}
