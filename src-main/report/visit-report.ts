// The maintenance visit report (lifecycle/visit.ts): what a later visit to a commissioned controller
// found, signed like the compliance report and chained to the report it follows (report-chain.ts).
// It says "no drift" only when every setting read now equals the baseline's reading.
import type { Bilingual } from '../commissioning/guideline';
import type { DeviceSnapshot } from '../model/device-snapshot';
import type { SecuritySystem } from '../model/security-settings';
import type { Attestation, RowException } from '../model/security-settings';
import type { PredecessorLink } from './report-chain';

export const VISIT_REPORT_FORMAT = 'mx-commissioner-visit-report';

export interface DriftItem {
  /** The setting ("ipFilter") and the path inside it ("ipFilter.rules.0.address"). */
  setting: string;
  path: string;
  baseline: unknown;
  now: unknown;
  /** The settings-table rows of the setting and their guideline references. */
  rows: string[];
  references: string;
}

export type CheckStatus = 'pass' | 'fail' | 'warning' | 'not-run';

export interface VisitCheck {
  id: string;
  table: string;
  row: number;
  title: Bilingual;
  status: CheckStatus;
  /** What was read or done, in the technician's words. */
  evidence: Array<{ what: string; value: string }>;
  reason?: string;
  references: string;
}

export interface VisitReport {
  format: typeof VISIT_REPORT_FORMAT;
  version: 1;
  generatedAt: string;
  app: { name: 'MX Commissioner'; version: string };
  operator: { name: string };
  /** The engine session of the visit (its journal). */
  session: { id: string; startedAt: string; finishedAt: string; resumedTimes: number };
  device: { system: SecuritySystem; model: string; serialNumber: string | null; firmwareVersion: string | null };
  link: { kind: string; description: string; pinnedFingerprint256?: string };
  /** The report this visit follows (the commissioning report or the previous visit). */
  predecessor: PredecessorLink;
  /** The visit logged on as this existing Administrator (the adapter: its one account) and never initialized the device. */
  logon: { user: string; initialized: false };
  /** Carried over from the baseline, so the next visit judges the device against the same profile. */
  attestations: Attestation[];
  exceptions: RowException[];
  drift: { none: boolean; items: DriftItem[] };
  /** Tables 15/33 (backup, event-history review) and the 2.4.7.3 certificate check; Table 47 for the adapter. */
  continuous: VisitCheck[];
  /** Tables 17/35, re-run: the non-disruptive checks, and the disruptive ones the operator confirmed (none for the adapter: Table 47 is its whole periodic list). */
  verification: VisitCheck[];
  /** Tables 18/36: users and authorities, open ports, allowed addresses; the adapter: Table 44 judged again. */
  settingChecks: VisitCheck[];
  certificate?: { fingerprint256: string; notAfter: string; standing: string; daysLeft: number; warnFrom: string };
  eventHistory?: { total: number; deviceCheckOk: boolean; watched: Array<{ row: string; count: number }>; exportDigest?: string };
  snapshot: DeviceSnapshot;
  summary: { drift: number; failed: number; warnings: number; notRun: number; ok: boolean };
}

export function summarize(r: Pick<VisitReport, 'drift' | 'continuous' | 'verification' | 'settingChecks'>): VisitReport['summary'] {
  const all = [...r.continuous, ...r.verification, ...r.settingChecks];
  const failed = all.filter((c) => c.status === 'fail').length;
  return {
    drift: r.drift.items.length,
    failed,
    warnings: all.filter((c) => c.status === 'warning').length,
    notRun: all.filter((c) => c.status === 'not-run').length,
    ok: r.drift.none && failed === 0,
  };
}
