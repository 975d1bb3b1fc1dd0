// The controller's server certificate and private key in its non-volatile state (the state directory;
// every record there is written with file mode 0600). The key is stored here and nowhere else: 7E06 read
// returns the certificate only, events and errors name the fingerprint, never the key.
//
// Project choice: a written or deleted certificate takes effect at the next restart (remote RESET or
// process restart), like the parameters (docs/protocol.md "Parameters take effect at restart"): the TLS
// service a technician is connected through never changes under them mid-procedure.

import { parseCertificate, type ParsedCertificate } from '../../crypto/certificate';
import type { StateDirectory } from '../state-directory';

export const CERTIFICATE_RECORD = 'server-certificate';

export interface StoredCertificate {
  readonly version: 1;
  readonly certificatePem: string;
  /** PKCS#8/PKCS#1 PEM as written. Never leaves the device except inside an encrypted backup. */
  readonly privateKeyPem: string;
  /** Device clock time of the write. */
  readonly writtenAt: string;
}

export interface CertificateInUse {
  readonly stored: StoredCertificate;
  readonly parsed: ParsedCertificate;
}

export function readStoredCertificate(dir: StateDirectory): CertificateInUse | undefined {
  const stored = dir.read<StoredCertificate>(CERTIFICATE_RECORD);
  if (!stored || stored.version !== 1 || typeof stored.certificatePem !== 'string' || typeof stored.privateKeyPem !== 'string') return undefined;
  try {
    return { stored, parsed: parseCertificate(stored.certificatePem) };
  } catch {
    // Checked when written; an unreadable record (edited by hand) is treated as no certificate.
    return undefined;
  }
}

export function writeStoredCertificate(dir: StateDirectory, value: StoredCertificate): void {
  dir.write(CERTIFICATE_RECORD, value);
}

export function removeStoredCertificate(dir: StateDirectory): void {
  dir.remove(CERTIFICATE_RECORD);
}
