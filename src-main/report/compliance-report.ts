// The compliance report: what was commissioned, over which link, by whom, when each step finished, and
// for every row of the settings table its status with the evidence read from the device, the
// attestations, the exceptions with their justification, and the IEC 62443-4-2 requirements the rows
// serve ("best fit" marked where the mapping is an interpretation). Plain JSON: it is signed as is.
import type { CommissioningOutcome } from '../commissioning/engine/commissioning-engine';
import { rowAccepted } from '../commissioning/engine/commissioning-engine';
import { findDeviations, verdictOf, VERDICT_TEXT, type Deviation, type Verdict } from '../commissioning/engine/deviations';
import { familyOf } from '../commissioning/families';
import { GUIDELINE, formatReferences, type Bilingual, type IecMapping, type RowStatus } from '../commissioning/guideline';
import type { Attestation, RowException } from '../model/security-settings';
import type { DeviceSnapshot } from '../model/device-snapshot';
import { countProvenance, provenanceOf, type Provenance } from '../model/provenance';
import type { Message } from '../messages/catalogue';
import type { VerificationEvidence } from '../commissioning/verification/verification-check';

export const REPORT_FORMAT = 'mx-commissioner-compliance-report';
export const REPORT_VERSION = 1;

export interface ReportRow {
  rowId: string;
  table: string;
  row: number;
  item: Bilingual;
  requirement: Bilingual;
  guidelineValue: Bilingual;
  verification: 'device' | 'attestation';
  status: RowStatus;
  /** How the row was established: on the device, from the network, by an imported file, by a named person. */
  provenance: Provenance;
  /** pass, attested or not applicable — or not met but covered by an exception with a justification. */
  accepted: boolean;
  evidence: Array<{ what: string; value: unknown }>;
  reason?: string;
  /** The reason in both languages (the HTML shows the one of its language). */
  reasonText?: Bilingual;
  exception?: RowException;
  references: string;
  iec: IecMapping[];
}

export interface IecCoverage {
  id: string;
  title: string;
  rows: string[];
  /** True when every row citing it does so as a best fit (an interpretation, not the text). */
  bestFit: boolean;
  status: 'met' | 'not-met';
}

export interface ComplianceReport {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  generatedAt: string;
  app: { name: 'MX Commissioner'; version: string };
  session: { id: string; startedAt: string; finishedAt: string; resumedTimes: number };
  operator: { name: string };
  device: { system: string; model: string; modelCode: number | null; serialNumber: string | null; firmwareVersion: string | null; driverMode: string };
  link: { initial: { kind: string; description: string }; final: { kind: string; description: string }; trustBoundaryAttestation?: Attestation };
  certificate?: { fingerprint256: string; notBefore: string; notAfter: string; pinned: boolean };
  procedure: { id: string; figure: string; title: Bilingual; reconstructed: boolean; notice?: Bilingual };
  /** `detail` is English; `messages` the same from the catalogue, for the report in either language. */
  steps: Array<{ id: string; number: number; title: Bilingual; kind: string; state: string; startedAt?: string; finishedAt?: string; detail?: string; messages?: Message[]; references: string }>;
  writes: CommissioningOutcome['writes'];
  rows: ReportRow[];
  attestations: Attestation[];
  exceptions: RowException[];
  recommendations: Array<{ ruleId: string; status: string; message?: Bilingual; references: string }>;
  /** Every departure from the guideline's recommendations, one by one with its reference. */
  deviations: Deviation[];
  diagnostics?: CommissioningOutcome['diagnostics'];
  iec62443: IecCoverage[];
  summary: {
    rows: number; passed: number; attested: number; notApplicable: number; failed: number; notVerified: number; excepted: number;
    /** 'as-guideline' only when every row is met and nothing deviates (deviations). */
    verdict: Verdict;
    /** The verdict in words, English and Japanese. */
    verdictText: Bilingual;
    /** The verdict is 'as-guideline': every row passed, was attested or does not apply, and nothing deviates. */
    compliant: boolean;
    /** At least one row is covered by an exception, and every other row is met. */
    acceptedWithExceptions: boolean;
    /** Rows per provenance. */
    provenance: Record<Provenance, number>;
  };
  /** The readings the rows were judged on. */
  snapshot: DeviceSnapshot;
  /** Step 14's test operation: the operation verification items of Table 17 (MX-R) / Table 35 (MX-F). */
  testOperation?: TestOperationSection;
}

export interface TestOperationItem {
  checkId: string;
  rowId: string;
  row: number;
  title: Bilingual;
  references: string;
  disruptive: boolean;
  status: 'pass' | 'fail' | 'not-run';
  /** For 'not-run' the reason; a declined disruptive check reads "not run — declined by <operator>". */
  reason?: string;
  /** The reason in both languages (the HTML shows the one of its language). */
  reasonText?: Bilingual;
  declinedBy?: string;
  /** English `what` / `value`; `text` the same as catalogue messages (the HTML says them in its language). */
  evidence: VerificationEvidence[];
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}

export interface TestOperationSection {
  table: '17' | '35';
  items: TestOperationItem[];
  summary: { passed: number; failed: number; notRun: number; durationMs: number };
}

function testOperationSection(results: NonNullable<CommissioningOutcome['testOperation']>): TestOperationSection {
  const items: TestOperationItem[] = results.map((r) => ({
    checkId: r.checkId,
    rowId: r.rowId,
    row: r.row,
    title: r.title,
    references: r.references,
    disruptive: r.disruptive,
    status: r.status,
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.reasonText ? { reasonText: r.reasonText } : {}),
    ...(r.declinedBy ? { declinedBy: r.declinedBy } : {}),
    evidence: r.evidence,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    durationMs: r.durationMs,
  }));
  return {
    table: results[0]?.table ?? '17',
    items,
    summary: {
      passed: items.filter((i) => i.status === 'pass').length,
      failed: items.filter((i) => i.status === 'fail').length,
      notRun: items.filter((i) => i.status === 'not-run').length,
      durationMs: items.reduce((n, i) => n + i.durationMs, 0),
    },
  };
}

export function buildComplianceReport(outcome: CommissioningOutcome, options: { appVersion: string; now?: Date }): ComplianceReport {
  const g = GUIDELINE[outcome.profile.system];
  const byId = new Map(g.settingsTable.map((r) => [r.id, r]));
  const rows: ReportRow[] = outcome.verdicts.map((v) => {
    const r = byId.get(v.rowId)!;
    return {
      rowId: v.rowId,
      table: r.table,
      row: r.row,
      item: r.item,
      requirement: r.requirement,
      guidelineValue: r.guidelineValue,
      verification: r.verification,
      status: v.status,
      provenance: provenanceOf(v, r.verification),
      accepted: rowAccepted(v),
      evidence: v.evidence,
      ...(v.reason ? { reason: v.reason } : {}),
      ...(v.reasonText ? { reasonText: v.reasonText } : {}),
      ...(v.exception ? { exception: v.exception } : {}),
      references: formatReferences(r.references),
      iec: r.iec,
    };
  });
  const iec = new Map<string, IecCoverage & { fits: boolean[] }>();
  for (const row of rows) {
    for (const m of row.iec) {
      const c = iec.get(m.id) ?? { id: m.id, title: m.title, rows: [], bestFit: true, status: 'met' as const, fits: [] };
      c.rows.push(row.rowId);
      c.fits.push(m.bestFit);
      if (!row.accepted) c.status = 'not-met';
      iec.set(m.id, c);
    }
  }
  const count = (s: RowStatus) => rows.filter((r) => r.status === s).length;
  const excepted = rows.filter((r) => r.exception && !['pass', 'attested', 'not-applicable'].includes(r.status)).length;
  const deviations = outcome.deviations ?? findDeviations({ profile: outcome.profile, family: familyOf(outcome.profile.system), steps: outcome.steps, verdicts: outcome.verdicts, recommendations: outcome.recommendations });
  const verdict = verdictOf(outcome.verdicts, deviations);
  // Only a controller's snapshot carries a certificate (the adapter's web certificate is pinned, not reported).
  const snapshotCertificate = 'certificate' in outcome.snapshot ? outcome.snapshot.certificate : undefined;
  const certificate = outcome.certificate ?? (snapshotCertificate ? { ...snapshotCertificate } : undefined);
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    generatedAt: (options.now ?? new Date()).toISOString(),
    app: { name: 'MX Commissioner', version: options.appVersion },
    session: { id: outcome.sessionId, startedAt: outcome.startedAt, finishedAt: outcome.finishedAt, resumedTimes: outcome.resumedTimes },
    operator: { name: outcome.operatorName },
    device: {
      system: outcome.profile.system,
      model: outcome.capabilities.model,
      modelCode: outcome.snapshot.identity.modelCode,
      serialNumber: outcome.capabilities.serialNumber,
      firmwareVersion: outcome.capabilities.firmwareVersion,
      driverMode: outcome.capabilities.mode,
    },
    link: { initial: outcome.linkInitial, final: outcome.linkFinal, ...(outcome.trustBoundaryAttestation ? { trustBoundaryAttestation: outcome.trustBoundaryAttestation } : {}) },
    ...(certificate
      ? { certificate: { fingerprint256: certificate.fingerprint256, notBefore: certificate.notBefore, notAfter: certificate.notAfter, pinned: outcome.pinned?.fingerprint256 === certificate.fingerprint256 } }
      : {}),
    procedure: {
      id: outcome.procedure.id,
      figure: outcome.procedure.figure,
      title: outcome.procedure.title,
      reconstructed: outcome.procedure.reconstructed,
      ...(outcome.procedure.notice ? { notice: outcome.procedure.notice } : {}),
    },
    steps: outcome.steps.map((s) => {
      const step = outcome.procedure.steps.find((x) => x.id === s.id)!;
      return { ...s, title: step.title, references: formatReferences(step.references) };
    }),
    writes: outcome.writes,
    rows,
    attestations: outcome.profile.attestations,
    exceptions: outcome.profile.exceptions,
    recommendations: outcome.recommendations.map((r) => ({ ruleId: r.ruleId, status: r.status, ...(r.message ? { message: r.message } : {}), references: formatReferences(r.references) })),
    deviations,
    ...(outcome.diagnostics ? { diagnostics: outcome.diagnostics } : {}),
    iec62443: [...iec.values()]
      .map(({ fits, ...c }) => ({ ...c, bestFit: fits.every(Boolean) }))
      .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })),
    summary: {
      rows: rows.length,
      passed: count('pass'),
      attested: count('attested'),
      notApplicable: count('not-applicable'),
      failed: count('fail'),
      notVerified: count('not-verified'),
      excepted,
      verdict,
      verdictText: VERDICT_TEXT[verdict],
      compliant: verdict === 'as-guideline',
      acceptedWithExceptions: excepted > 0 && rows.every((r) => r.accepted),
      provenance: countProvenance(rows),
    },
    snapshot: outcome.snapshot,
    ...(outcome.testOperation ? { testOperation: testOperationSection(outcome.testOperation) } : {}),
  };
}
