// The certificate calendar (2.4.7.3): a device certificate that expires stops encrypted communication;
// the device warns from 90 days before its expiry and the certificate is renewed by that day. The app
// shows the same standing for every known device and `mxc visit` warns the same way.
import { EXPIRY_WARNING_DAYS } from '../crypto/certificate';

/** The device's own 90-day warning (2.4.7.3), the same number as crypto/certificate.ts. */
export const RENEWAL_WARNING_DAYS = EXPIRY_WARNING_DAYS;
const DAY_MS = 86_400_000;

import type { CertificateStanding } from '../model/known-device';

export type { CertificateStanding };

export interface CertificateCalendarEntry {
  standing: CertificateStanding;
  notAfter: string;
  /** Whole days left until expiry (negative once expired), counted on the clock given. */
  daysLeft: number;
  /** The first day of the 2.4.7.3 warning: 90 days before expiry. */
  warnFrom: string;
}

export function certificateStanding(cert: { notBefore?: string; notAfter: string }, now: Date): CertificateCalendarEntry {
  const end = Date.parse(cert.notAfter);
  if (!Number.isFinite(end)) throw new RangeError(`The certificate's expiry "${cert.notAfter}" is not a date.`);
  const left = end - now.getTime();
  const standing: CertificateStanding =
    cert.notBefore && Date.parse(cert.notBefore) > now.getTime() ? 'not-yet-valid' : left <= 0 ? 'expired' : left <= RENEWAL_WARNING_DAYS * DAY_MS ? 'renew-soon' : 'valid';
  return { standing, notAfter: new Date(end).toISOString(), daysLeft: Math.floor(left / DAY_MS), warnFrom: new Date(end - RENEWAL_WARNING_DAYS * DAY_MS).toISOString() };
}

export function describeStanding(e: CertificateCalendarEntry, lang: 'en' | 'ja' = 'en'): string {
  const day = e.notAfter.slice(0, 10);
  if (lang === 'ja') {
    switch (e.standing) {
      case 'valid': return `証明書は${day}まで有効です（残り${e.daysLeft}日）。`;
      case 'renew-soon': return `証明書は${day}に期限切れになります（残り${e.daysLeft}日）。期限日までに更新してください（2.4.7.3）。`;
      case 'expired': return `証明書は${day}に期限切れになりました。暗号化通信はできません。今すぐ更新してください（2.4.7.3）。`;
      case 'not-yet-valid': return '証明書はまだ有効期間前です。コントローラの時計を確認してください（2.4.7.3）。';
    }
  }
  switch (e.standing) {
    case 'valid': return `The certificate is valid until ${day} (${e.daysLeft} days left).`;
    case 'renew-soon': return `The certificate expires on ${day} (${e.daysLeft} days left). Renew it by that day (2.4.7.3).`;
    case 'expired': return `The certificate expired on ${day}: encrypted communication stops. Renew it now (2.4.7.3).`;
    case 'not-yet-valid': return "The certificate is not valid yet: check the controller's clock (2.4.7.3).";
  }
}
