// A device this installation knows, as the home screen lists it (lifecycle/known-devices.ts builds it from
// the registry of pins). Plain data: it crosses to the renderer.
export type CertificateStanding = 'valid' | 'renew-soon' | 'expired' | 'not-yet-valid';

export interface KnownDevice {
  deviceId: string;
  model: string;
  serial: string | null;
  /** When this installation pinned the device's certificate. */
  pinnedAt: string;
  certificate: { fingerprint256: string; notAfter: string; standing: CertificateStanding; daysLeft: number };
  lastReport: { kind: 'commissioning' | 'maintenance-visit'; at: string } | null;
  /** Figure 8 / 22 step 15 and 2.5.2: due by; 'due-soon' from 30 days before (project choice), then overdue. */
  nextCheck: { due: string; overdue: boolean; dueSoon: boolean };
}
