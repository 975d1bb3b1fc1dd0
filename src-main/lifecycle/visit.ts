// A maintenance visit to a commissioned controller (issue 11; guideline 2.5 / Tables 15, 17, 18 and
// 33, 35, 36): logged on as an existing Administrator, it NEVER initializes or rewrites settings. It reads
// the device and compares it with the report it follows (drift, setting by setting), runs the continuous
// checks (a fresh encrypted backup opened on the PC, the event-history review, the certificate check),
// re-runs the Table 17/35 battery (disruptive checks only when confirmed one by one) and the Table 18/36
// setting checks, and returns the visit report, chained to its predecessor.
import { openBackupFile } from '../crypto/backup-file';
import type { SignedReport } from '../crypto/report-signature';
import { GUIDELINE, evaluateTable, formatReferences, type PeriodicCheckItem } from '../commissioning/guideline';
import { readControllerSnapshot } from '../commissioning/families/mx-controller/controller-snapshot-reader';
import type { CommissioningSecrets } from '../commissioning/engine/operator';
import { runVerificationBattery, type DisruptiveCheckView } from '../commissioning/verification/verification-battery';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';
import type { ControllerSnapshot } from '../model/device-snapshot';
import { validateProfile, PROFILE_SCHEMA_VERSION, type Attestation, type ControllerProfile, type RowException } from '../model/security-settings';
import type { EventHistoryExport } from '../report/event-history-export';
import { linkTo } from '../report/report-chain';
import { summarize, VISIT_REPORT_FORMAT, type VisitCheck, type VisitReport } from '../report/visit-report';
import { certificateStanding, describeStanding } from './certificate-calendar';
import { compareSnapshots } from './drift';
import { exportEventHistory, systemOf } from './event-history';

/** What a visit follows: a compliance report or an earlier visit report (both carry a snapshot). */
interface BaselineContent {
  format: string;
  generatedAt: string;
  device: { model: string; serialNumber: string | null };
  snapshot: ControllerSnapshot;
  attestations?: Attestation[];
  exceptions?: RowException[];
  certificate?: { fingerprint256: string };
}

export class VisitError extends Error {
  constructor(
    readonly code: 'BASELINE_UNUSABLE' | 'OTHER_DEVICE' | 'NOT_SUPPORTED',
    message: string,
  ) {
    super(message);
    this.name = 'VisitError';
  }
}

export function baselineOf(signed: SignedReport): BaselineContent {
  const r = signed.report as Partial<BaselineContent> | undefined;
  if (!r || (r.format !== 'mx-commissioner-compliance-report' && r.format !== VISIT_REPORT_FORMAT) || !r.snapshot || !r.device)
    throw new VisitError('BASELINE_UNUSABLE', 'The baseline is not a compliance report or visit report of MX Commissioner: give the report.json of the commissioning or the last visit.');
  if (r.snapshot.system !== 'mx-r' && r.snapshot.system !== 'mx-f') throw new VisitError('BASELINE_UNUSABLE', 'The baseline is not a report of an MX controller.');
  return r as BaselineContent;
}

/** The pinned certificate of the baseline, for a tls:// target given without a fingerprint. */
export function baselinePin(signed: SignedReport): string | undefined {
  return (signed.report as BaselineContent | undefined)?.certificate?.fingerprint256 ?? (signed.report as BaselineContent | undefined)?.snapshot?.certificate?.fingerprint256;
}

/**
 * The settings the device held at the baseline, as a profile, so the settings-table checks and the
 * battery judge the device against what was commissioned (and not against a file the technician brings).
 */
export function profileFromBaseline(b: BaselineContent): { ok: true; profile: ControllerProfile } | { ok: false; reason: string } {
  const settings = Object.fromEntries(Object.entries(b.snapshot.settings).map(([k, r]) => [k, (r as { value: unknown }).value]));
  const v = validateProfile({ schemaVersion: PROFILE_SCHEMA_VERSION, system: b.snapshot.system, model: b.device.model, settings, attestations: b.attestations ?? [], exceptions: b.exceptions ?? [] });
  if (!v.ok) return { ok: false, reason: `the baseline's readings do not make a complete profile (${v.issues.slice(0, 3).map((i) => i.path).join(', ')})` };
  return { ok: true, profile: v.profile as ControllerProfile };
}

export interface VisitInput {
  /** Logged on as `logonUser`, an existing Administrator. */
  driver: ControllerSecurityDriver;
  logonUser: string;
  baseline: SignedReport;
  operatorName: string;
  appVersion: string;
  /** A second session for the battery's logon checks (same endpoint, same pin). */
  openSession: () => Promise<ControllerSecurityDriver>;
  secrets: CommissioningSecrets;
  tls?: { host: string; port: number; fingerprint256: string };
  pcAddress?: string;
  /** Tables 15/33 row 1: where the fresh encrypted backup goes; absent = the backup is reported not run. */
  backup?: { password: string; save: (name: string, file: Buffer) => Promise<string> };
  confirmDisruptive?: (check: DisruptiveCheckView) => Promise<boolean>;
  onProgress?: (line: string) => void;
  now?: () => Date;
}

export interface VisitOutcome {
  report: VisitReport;
  events: EventHistoryExport;
}

const check = (item: PeriodicCheckItem, status: VisitCheck['status'], evidence: VisitCheck['evidence'], reason?: string): VisitCheck => ({
  id: item.id,
  table: item.table,
  row: item.row,
  title: item.item,
  status,
  evidence,
  ...(reason ? { reason } : {}),
  references: formatReferences(item.references),
});

export async function runVisit(input: VisitInput): Promise<VisitOutcome> {
  const now = input.now ?? (() => new Date());
  const say = input.onProgress ?? (() => undefined);
  const base = baselineOf(input.baseline);
  const driver = input.driver;
  const caps = await driver.capabilities();
  if (caps.mode !== 'full') throw new VisitError('NOT_SUPPORTED', `${caps.model} answers only standard SLMP: its visit is made in the engineering tool.`);
  if (caps.model !== base.device.model || (base.device.serialNumber ?? null) !== (caps.serialNumber ?? null))
    throw new VisitError('OTHER_DEVICE', `The device is ${caps.model} ${caps.serialNumber ?? ''}, but the baseline is a report of ${base.device.model} ${base.device.serialNumber ?? ''}. Connect to the right device or give its report.`);
  const system = systemOf(caps);
  const g = GUIDELINE[system];

  // 1. Read and compare.
  say('Reading the device and comparing it with the baseline…');
  const snapshot = await readControllerSnapshot(driver, { system, capabilities: caps, now });
  const drift = compareSnapshots(base.snapshot, snapshot);
  say(drift.length ? `${drift.length} setting(s) differ from the baseline.` : 'No drift: every setting equals the baseline.');

  // 2. Tables 15/33: backup, event-history review; 2.4.7.3 certificate check.
  const continuous: VisitCheck[] = [];
  const [backupItem, logsItem] = g.continuousChecks as [PeriodicCheckItem, PeriodicCheckItem];
  if (input.backup) {
    say('Backing up to this PC (encrypted) and opening the file to check it…');
    const made = await driver.createBackup({ destination: 'pc', password: input.backup.password });
    const file = made.file!;
    try {
      const opened = await openBackupFile(file, input.backup.password);
      const path = await input.backup.save(made.name, file);
      continuous.push(
        check(backupItem, 'pass', [
          { what: 'backup file', value: path },
          { what: 'size', value: `${file.length} bytes, encrypted` },
          { what: 'opened on this PC with the backup password', value: `integrity verified; ${opened.entries.length} entries` },
        ]),
      );
    } catch (e) {
      continuous.push(check(backupItem, 'fail', [], `The backup made now does not open on this PC: ${(e as Error).message}`));
    }
  } else {
    continuous.push(check(backupItem, 'not-run', [], 'No backup password was given (secrets file "backupPassword"): a backup must be encrypted (2.4.6.1).'));
  }
  say('Reading the event history and the device’s manipulation check…');
  const events = await exportEventHistory(driver, { operatorName: input.operatorName, now });
  const since = Date.parse(base.generatedAt);
  const watchedSince = events.records.filter((r) => r.watch && Date.parse(r.at) >= since);
  const watched = g.eventsToWatch.map((row) => ({ row: row.id, count: watchedSince.filter((r) => r.watch === row.id).length }));
  const diagnostics = await driver.readDiagnostics();
  const logsEvidence = [
    { what: 'records on the device', value: String(events.records.length) },
    { what: "the device's manipulation check", value: events.deviceCheck.ok ? 'passed' : `FAILED (${events.deviceCheck.reason ?? ''})` },
    ...watched.map((w) => ({ what: `events to watch since the baseline (${w.row})`, value: String(w.count) })),
    { what: 'errors on the device (self-diagnosis)', value: diagnostics.errors.length ? diagnostics.errors.map((e) => e.code).join(', ') : 'none' },
  ];
  continuous.push(
    !events.deviceCheck.ok
      ? check(logsItem, 'fail', logsEvidence, 'The event history was manipulated (Table 9 row 13): keep the export as evidence and investigate.')
      : watchedSince.length || diagnostics.errors.length
        ? check(logsItem, 'warning', logsEvidence, `${watchedSince.length} event(s) to watch and ${diagnostics.errors.length} error(s) since the baseline: read what each means and do what it says (Table ${g.eventsToWatch[0]?.table ?? '12'}).`)
        : check(logsItem, 'pass', logsEvidence),
  );
  let certificate: VisitReport['certificate'];
  const certItem: PeriodicCheckItem = {
    id: `${system === 'mx-r' ? '2' : '3'}.4.7.3`,
    table: '',
    row: 0,
    item: { en: 'Certificate check', ja: '証明書の確認' },
    checks: [],
    references: [{ doc: 'guideline', section: system === 'mx-r' ? '2.4.7.3' : '3.4.7.3' }],
  };
  if (snapshot.certificate) {
    const standing = certificateStanding(snapshot.certificate, now());
    certificate = { fingerprint256: snapshot.certificate.fingerprint256, notAfter: standing.notAfter, standing: standing.standing, daysLeft: standing.daysLeft, warnFrom: standing.warnFrom };
    const status = standing.standing === 'valid' ? 'pass' : standing.standing === 'renew-soon' ? 'warning' : 'fail';
    continuous.push({ ...check(certItem, status, [{ what: 'certificate', value: `${snapshot.certificate.fingerprint256.slice(0, 23)}…, valid until ${standing.notAfter}` }], status === 'pass' ? undefined : describeStanding(standing)) });
  } else {
    continuous.push(check(certItem, 'fail', [], 'The device holds no certificate: encrypted communication cannot work.'));
  }

  // 3. Tables 17/35 (battery) and the settings table, judged against the baseline's settings.
  const profile = profileFromBaseline(base);
  let verification: VisitCheck[] = [];
  const settingsTable = profile.ok ? evaluateTable(g.settingsTable, profile.profile, snapshot) : [];
  if (profile.ok) {
    say('Re-running the Table 17/35 verification battery…');
    const results = await runVerificationBattery(
      {
        profile: profile.profile,
        operatorName: input.operatorName,
        capabilities: caps,
        driver,
        openSession: input.openSession,
        ...(input.tls ? { tls: input.tls, deviceHost: input.tls.host } : {}),
        ...(input.pcAddress ? { pcAddress: input.pcAddress } : {}),
        secrets: input.secrets,
        writeOptions: {},
        now,
      },
      { ...(input.confirmDisruptive ? { confirmDisruptive: input.confirmDisruptive } : {}) },
    );
    // Rows 1 and 2 are not run by the battery; in a visit the reason is the visit's, not the commissioning's.
    const VISIT_REASON: Record<number, string> = {
      1: 'Not run in a visit: a visit never initializes. The initialization is run and proven at disposal ("mxc dispose", 2.6).',
      2: 'Not run in a visit: the firmware update is its own operation when an update is due, with the vendor\'s update file (2.4.2).',
    };
    verification = results.map((r) => {
      const reason = r.status === 'not-run' && !r.disruptive && VISIT_REASON[r.row] ? VISIT_REASON[r.row] : r.reason;
      return { id: `${r.rowId}:${r.checkId}`, table: r.table, row: r.row, title: r.title, status: r.status, evidence: r.evidence, ...(reason ? { reason } : {}), references: r.references };
    });
  } else {
    verification = g.periodicVerification.map((item) => check(item, 'not-run', [], `Not run: ${profile.reason}.`));
  }

  // 4. Tables 18/36: users and authorities, open ports, allowed addresses — shown for review, and
  // failed when they drifted from the baseline.
  const drifted = (setting: string) => drift.filter((d) => d.setting === setting);
  const [usersItem, portsItem, ipItem] = g.settingChecks as [PeriodicCheckItem, PeriodicCheckItem, PeriodicCheckItem];
  const users = snapshot.settings.users?.value;
  const ports = snapshot.settings.defaultOpenPorts?.value as Record<string, Record<string, string>> | undefined;
  const ipFilter = snapshot.settings.ipFilter?.value as { enabled?: boolean; mode?: string; entries?: Array<{ address: string }> } | undefined;
  const settingCheck = (item: PeriodicCheckItem, setting: string, evidence: VisitCheck['evidence']) => {
    const d = drifted(setting);
    return check(item, d.length ? 'fail' : 'pass', evidence, d.length ? `${d.length} change(s) since the baseline: ${d.map((x) => x.path).join(', ')}. Check that each was intended.` : undefined);
  };
  const settingChecks = [
    settingCheck(usersItem, 'users', [{ what: 'users (group)', value: users ? users.users.map((u) => `${u.name} (${u.group})`).join(', ') : 'not read' }]),
    settingCheck(portsItem, 'defaultOpenPorts', [
      { what: 'open default ports', value: ports ? Object.entries(ports).flatMap(([p, s]) => Object.entries(s).filter(([, st]) => st === 'open').map(([svc]) => `${p} ${svc}`)).join(', ') || 'none' : 'not read' },
    ]),
    settingCheck(ipItem, 'ipFilter', [{ what: 'IP filter', value: ipFilter ? `${ipFilter.enabled ? 'on' : 'off'}${ipFilter.mode ? `, ${ipFilter.mode}` : ''}: ${(ipFilter.entries ?? []).map((e) => e.address).join(', ') || 'no entries'}` : 'not read' }]),
  ];
  // The settings table rows the device no longer meets are findings too (beside the drift that caused them).
  for (const v of settingsTable.filter((x) => x.status === 'fail')) {
    const row = g.settingsTable.find((r) => r.id === v.rowId)!;
    settingChecks.push({ id: v.rowId, table: row.table, row: row.row, title: row.item, status: 'fail', evidence: v.evidence.map((e) => ({ what: e.what, value: JSON.stringify(e.value) })), ...(v.reason ? { reason: v.reason } : {}), references: formatReferences(row.references) });
  }

  const identity = await driver.readIdentity();
  const partial = {
    drift: { none: drift.length === 0, items: drift },
    continuous,
    verification,
    settingChecks,
  };
  const report: VisitReport = {
    format: VISIT_REPORT_FORMAT,
    version: 1,
    generatedAt: now().toISOString(),
    app: { name: 'MX Commissioner', version: input.appVersion },
    operator: { name: input.operatorName },
    device: { system, model: caps.model, serialNumber: caps.serialNumber, firmwareVersion: caps.firmwareVersion },
    link: { kind: identity.linkKind, description: identity.linkDescription, ...(input.tls ? { pinnedFingerprint256: input.tls.fingerprint256 } : {}) },
    predecessor: linkTo(input.baseline),
    logon: { user: input.logonUser, initialized: false },
    attestations: base.attestations ?? [],
    exceptions: base.exceptions ?? [],
    ...partial,
    ...(certificate ? { certificate } : {}),
    eventHistory: { total: events.records.length, deviceCheckOk: events.deviceCheck.ok, watched },
    snapshot,
    summary: summarize(partial),
  };
  return { report, events };
}
