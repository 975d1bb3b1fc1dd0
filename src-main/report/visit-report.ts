// The maintenance visit report (lifecycle/visit.ts): what a later visit to a commissioned controller
// found, signed like the compliance report and chained to the report it follows (report-chain.ts).
// It says "no drift" only when every setting read now equals the baseline's reading.
import type { Bilingual } from '../commissioning/guideline';
import type { DeviceSnapshot } from '../model/device-snapshot';
import type { SecuritySystem } from '../model/security-settings';
import type { Attestation, RowException } from '../model/security-settings';
import type { PredecessorLink } from './report-chain';
import type { Message } from '../messages/catalogue';

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
  /** What was read or done, in English; `text` the same as catalogue messages (the HTML says them in its language). */
  evidence: Array<{ what: string; value: string; text?: { what: Message; value: Message } }>;
  reason?: string;
  /** The reason in both languages (the HTML shows the one of its language). */
  reasonText?: Bilingual;
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
  /** Figure 8 step 15 / Figure 22: the next periodic check this visit schedules (2.5.2 / 3.5.2). */
  nextPeriodicCheck?: { dueBy: string; basis: string; section?: string };
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

/** One finding of a visit, as the verdict names it: a drift, a failed check, a warning. */
export interface VisitFinding {
  kind: 'drift' | 'fail' | 'warning';
  /** "Table 15 row 1", or the guideline references of a drifted setting. */
  reference: string;
  drift?: DriftItem;
  check?: VisitCheck;
}

/**
 * Every finding of the visit, in report order: each drift, then each failed check, then each warning.
 * A check not run is not a finding but not a pass either: `notRun` lists them so nothing claims them.
 */
export function visitFindings(r: Pick<VisitReport, 'drift' | 'continuous' | 'verification' | 'settingChecks'>): { findings: VisitFinding[]; notRun: VisitCheck[] } {
  const checks = [...r.continuous, ...r.verification, ...r.settingChecks];
  const ref = (c: VisitCheck) => (c.table ? `Table ${c.table} row ${c.row}` : c.references);
  return {
    findings: [
      ...r.drift.items.map((d): VisitFinding => ({ kind: 'drift', reference: d.references || d.rows.join(', '), drift: d })),
      ...checks.filter((c) => c.status === 'fail').map((c): VisitFinding => ({ kind: 'fail', reference: ref(c), check: c })),
      ...checks.filter((c) => c.status === 'warning').map((c): VisitFinding => ({ kind: 'warning', reference: ref(c), check: c })),
    ],
    notRun: checks.filter((c) => c.status === 'not-run'),
  };
}
