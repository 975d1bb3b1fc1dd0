// Test support: certificates for the virtual controller, made on the DEVICE clock as the engineering tool
// does (2.4.7.3), with ECDSA P-256 keys (milliseconds to make, unlike RSA).
import { createSelfSignedCertificate, type CreatedCertificate } from '../../../crypto/certificate';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A certificate for 127.0.0.1 whose validity starts `startedDaysAgo` days before `deviceNow`. */
export function controllerCertificate(deviceNow: Date, options: { startedDaysAgo?: number; validityDays?: number; commonName?: string } = {}): Promise<CreatedCertificate> {
  return createSelfSignedCertificate({
    commonName: options.commonName ?? '127.0.0.1',
    notBefore: new Date(deviceNow.getTime() - (options.startedDaysAgo ?? 0) * DAY_MS),
    validityDays: options.validityDays ?? 365,
    keyType: 'ec-p256',
  });
}

export const days = (n: number): number => n * DAY_MS;
