// A maintenance visit to a commissioned controller (issue 11; guideline 2.5 / Tables 15, 17, 18 and
// 33, 35, 36): logged on as an existing Administrator, it NEVER initializes or rewrites settings. It reads
// the device and compares it with the report it follows (drift, setting by setting), runs the continuous
// checks (a fresh encrypted backup opened on the PC, the event-history review, the certificate check),
// re-runs the Table 17/35 battery (disruptive checks only when confirmed one by one) and the Table 18/36
// setting checks, and returns the visit report, chained to its predecessor.
//
// It is a kind of session of the one engine (commissioning/family/session-kind.ts MAINTENANCE_VISIT): the
// engine connects, identifies the device against the baseline's profile, journals every step and resumes;
// the handlers below do each step's work.
import { AppError } from '../messages/app-error';
import { openBackupFile } from '../crypto/backup-file';
import { CommissioningEngine } from '../commissioning/engine/commissioning-engine';
import { familyOf } from '../commissioning/families';
import type { ConnectDriver } from '../commissioning/engine/connect-driver';
import type { DeviceRegistry } from '../commissioning/engine/device-registry';
import { SecretsFromMap } from '../commissioning/engine/operator';
import { MAINTENANCE_VISIT, type SessionKind, type StepContext } from '../commissioning/family/session-kind';
import type { Journal } from '../commissioning/journal/journal';
import type { StepState } from '../commissioning/journal/journal-entry';
import type { Endpoint } from '../devices/endpoint';
import type { SignedReport } from '../crypto/report-signature';
import { GUIDELINE, evaluateTable, formatReferences, type PeriodicCheckItem } from '../commissioning/guideline';
import { runVerificationBattery, type DisruptiveCheckView } from '../commissioning/verification/verification-battery';
import type { ControllerCapabilities, ControllerSecurityDriver } from '../devices/controller-security-driver';
import type { ControllerSnapshot, DeviceSnapshot } from '../model/device-snapshot';
import { validateProfile, PROFILE_SCHEMA_VERSION, type Attestation, type ControllerProfile, type RowException, type SecurityProfile } from '../model/security-settings';
import type { EventHistoryExport } from '../report/event-history-export';
import { linkTo } from '../report/report-chain';
import { summarize, VISIT_REPORT_FORMAT, type DriftItem, type VisitCheck, type VisitReport } from '../report/visit-report';
import { certificateStanding, describeStanding } from './certificate-calendar';
import { compareSnapshots } from './drift';
import { exportEventHistory } from './event-history';
import { msg, type Bilingual } from '../messages/catalogue';
import { becauseOfError, evidence, said, verbatimReading } from '../commissioning/verification/verification-check';
import { nextPeriodicCheck } from '../commissioning/guideline/periodic-check-schedule';

/** What a visit follows: a compliance report or an earlier visit report (both carry a snapshot). */
interface BaselineContent {
  format: string;
  generatedAt: string;
  device: { model: string; serialNumber: string | null };
  snapshot: DeviceSnapshot;
  attestations?: Attestation[];
  exceptions?: RowException[];
  certificate?: { fingerprint256: string };
}

export class VisitError extends AppError {
  declare readonly code: 'BASELINE_UNUSABLE' | 'OTHER_DEVICE' | 'NOT_SUPPORTED' | 'NOT_ADMINISTRATOR';
  constructor(code: 'BASELINE_UNUSABLE' | 'OTHER_DEVICE' | 'NOT_SUPPORTED' | 'NOT_ADMINISTRATOR', message: string) {
    super({ code, messageId: `errors.lifecycle.visit.${code}`, englishText: message });
  }
}

export function baselineOf(signed: SignedReport): BaselineContent {
  const r = signed.report as Partial<BaselineContent> | undefined;
  if (!r || (r.format !== 'mx-commissioner-compliance-report' && r.format !== VISIT_REPORT_FORMAT) || !r.snapshot || !r.device)
    throw new VisitError('BASELINE_UNUSABLE', 'The baseline is not a compliance report or visit report of MX Commissioner: give the report.json of the commissioning or the last visit.');
  if (r.snapshot.system !== 'mx-r' && r.snapshot.system !== 'mx-f' && r.snapshot.system !== 'wlan-adapter') throw new VisitError('BASELINE_UNUSABLE', 'The baseline is not a report of an MX controller or of the wireless LAN adapter.');
  return r as BaselineContent;
}

/** The pinned certificate of the baseline, for a tls:// target given without a fingerprint. */
export function baselinePin(signed: SignedReport): string | undefined {
  const r = signed.report as BaselineContent | undefined;
  if (r?.certificate?.fingerprint256) return r.certificate.fingerprint256;
  // The adapter's web interface certificate is what the session saw on its link (its snapshot's handshake).
  if (r?.snapshot?.system === 'wlan-adapter') return r.snapshot.observed?.tlsHandshakes?.find((h) => h.ok && h.peerFingerprint256)?.peerFingerprint256 ?? undefined;
  return r?.snapshot && 'certificate' in r.snapshot ? r.snapshot.certificate?.fingerprint256 : undefined;
}

/**
 * The settings the device held at the baseline, as a profile, so the settings-table checks and the
 * battery judge the device against what was commissioned (and not against a file the technician brings).
 */
export function profileFromBaseline(b: BaselineContent): { ok: true; profile: SecurityProfile } | { ok: false; reason: string } {
  const settings = Object.fromEntries(Object.entries(b.snapshot.settings).map(([k, r]) => [k, (r as { value: unknown }).value]));
  const v = validateProfile({ schemaVersion: PROFILE_SCHEMA_VERSION, system: b.snapshot.system, model: b.device.model, settings, attestations: b.attestations ?? [], exceptions: b.exceptions ?? [] });
  if (!v.ok) return { ok: false, reason: `the baseline's readings do not make a complete profile (${v.issues.slice(0, 3).map((i) => i.path).join(', ')})` };
  return { ok: true, profile: v.profile };
}

export interface VisitInput {
  /** Where the device is: tls:// with the pinned certificate, or the USB cable. */
  target: Endpoint;
  connect: ConnectDriver<ControllerSecurityDriver>;
  journal: Journal;
  registry: DeviceRegistry;
  /** An existing Administrator of the device (the visit logs on as this user only). */
  logon: { user: string; password: string };
  baseline: SignedReport;
  operatorName: string;
  appVersion: string;
  /** Passwords of other users, for the battery's logon checks (optional). */
  userPasswords?: ReadonlyMap<string, string>;
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

const check = (item: PeriodicCheckItem, status: VisitCheck['status'], evidence: VisitCheck['evidence'], reason?: Bilingual): VisitCheck => ({
  id: item.id,
  table: item.table,
  row: item.row,
  title: item.item,
  status,
  evidence,
  ...(reason ? { reason: reason.en, reasonText: reason } : {}),
  references: formatReferences(item.references),
});

// Rows 1 and 2 are not run by the battery; in a visit the reason is the visit's, not the commissioning's.
const VISIT_REASON: Record<number, Bilingual> = {
  1: msg('visitCheck.noInitialization'),
  2: msg('visitCheck.noFirmwareUpdate'),
};

export async function runVisit(input: VisitInput): Promise<VisitOutcome> {
  const now = input.now ?? (() => new Date());
  const say = input.onProgress ?? (() => undefined);
  const base = baselineOf(input.baseline);
  const fromBaseline = profileFromBaseline(base);
  if (!fromBaseline.ok) throw new VisitError('BASELINE_UNUSABLE', `The baseline cannot be visited against: ${fromBaseline.reason}.`);
  if (fromBaseline.profile.system === 'wlan-adapter') throw new VisitError('NOT_SUPPORTED', 'The baseline is a report of the wireless LAN adapter: its visit is lifecycle/adapter-visit.ts.');
  const profile = fromBaseline.profile as ControllerProfile;
  const system = profile.system;
  const g = GUIDELINE[system];
  const tls = input.target.kind === 'tls' && input.target.fingerprint256 ? { host: input.target.host, port: input.target.port, fingerprint256: input.target.fingerprint256 } : undefined;
  const passwords = new Map(input.userPasswords ?? []);
  passwords.set(input.logon.user, input.logon.password);
  const secrets = new SecretsFromMap(passwords);

  let loggedOn: ControllerSecurityDriver | undefined;
  let caps: ControllerCapabilities | undefined;
  /** The engine's driver, logged on as the visit's Administrator (again after a reconnect). */
  const device = async (ctx: StepContext<ControllerSecurityDriver>): Promise<ControllerSecurityDriver> => {
    const d = await ctx.connected();
    if (loggedOn !== d) {
      const r = await d.logon(input.logon.user, input.logon.password);
      if (r.group !== 'Administrators') throw new VisitError('NOT_ADMINISTRATOR', `"${input.logon.user}" is in group "${r.group}": a visit logs on as an Administrator (2.4.4.3).`);
      loggedOn = d;
      caps = await d.capabilities();
      if (caps.mode !== 'full') throw new VisitError('NOT_SUPPORTED', `${caps.model} answers only standard SLMP: its visit is made in the engineering tool.`);
      if ((base.device.serialNumber ?? null) !== (caps.serialNumber ?? null))
        throw new VisitError('OTHER_DEVICE', `The device is ${caps.model} ${caps.serialNumber ?? ''}, but the baseline is a report of ${base.device.model} ${base.device.serialNumber ?? ''}. Connect to the right device or give its report.`);
    }
    return d;
  };

  let snapshot: ControllerSnapshot | undefined;
  let drift: DriftItem[] = [];
  const continuous: VisitCheck[] = [];
  let verification: VisitCheck[] = [];
  const settingChecks: VisitCheck[] = [];
  let events: EventHistoryExport | undefined;
  let certificate: VisitReport['certificate'];
  let watched: Array<{ row: string; count: number }> = [];

  const steps: Record<string, (ctx: StepContext<ControllerSecurityDriver>) => Promise<{ state: StepState; detail?: string }>> = {
    'visit.drift': async (ctx) => {
      await device(ctx);
      snapshot = (await ctx.readSnapshot()) as ControllerSnapshot;
      drift = compareSnapshots(base.snapshot as ControllerSnapshot, snapshot);
      const detail = drift.length ? `${drift.length} setting(s) differ from the baseline: ${drift.slice(0, 5).map((d) => d.path).join(', ')}${drift.length > 5 ? ', …' : ''}.` : 'No drift: every setting equals the baseline.';
      say(detail);
      return { state: drift.length ? 'failed' : 'done', detail };
    },
    'visit.continuous': async (ctx) => {
      const driver = await device(ctx);
      continuous.length = 0;
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
              evidence(said('visitCheck.what.backupFile'), verbatimReading(path)),
              evidence(said('visitCheck.what.size'), said('visitCheck.value.encryptedBytes', { bytes: file.length })),
              evidence(said('visitCheck.what.opened'), said('visitCheck.value.integrityVerified', { entries: opened.entries.length })),
            ]),
          );
        } catch (e) {
          continuous.push(check(backupItem, 'fail', [], becauseOfError('visitCheck.backupDoesNotOpen', e)));
        }
      } else {
        continuous.push(check(backupItem, 'not-run', [], msg('visitCheck.noBackupPassword')));
      }
      say('Reading the event history and the device’s manipulation check…');
      events = await exportEventHistory(driver, { operatorName: input.operatorName, now });
      const since = Date.parse(base.generatedAt);
      const watchedSince = events.records.filter((r) => r.watch && Date.parse(r.at) >= since);
      watched = g.eventsToWatch.map((row) => ({ row: row.id, count: watchedSince.filter((r) => r.watch === row.id).length }));
      const diagnostics = await driver.readDiagnostics();
      const logsEvidence = [
        evidence(said('visitCheck.what.records'), verbatimReading(events.records.length)),
        evidence(said('visitCheck.what.manipulationCheck'), events.deviceCheck.ok ? said('visitCheck.value.passed') : said('visitCheck.value.failed', { reason: events.deviceCheck.reason ?? '' })),
        ...watched.map((w) => evidence(said('visitCheck.what.watched', { row: w.row }), verbatimReading(w.count))),
        evidence(said('visitCheck.what.deviceErrors'), diagnostics.errors.length ? verbatimReading(diagnostics.errors.map((e) => e.code).join(', ')) : said('checkEvidence.value.none')),
      ];
      continuous.push(
        !events.deviceCheck.ok
          ? check(logsItem, 'fail', logsEvidence, msg('visitCheck.manipulated'))
          : watchedSince.length || diagnostics.errors.length
            ? check(logsItem, 'warning', logsEvidence, msg('visitCheck.eventsToWatch', { events: watchedSince.length, errors: diagnostics.errors.length, table: g.eventsToWatch[0]?.table ?? '12' }))
            : check(logsItem, 'pass', logsEvidence),
      );
      const section = system === 'mx-r' ? '2.4.7.3' : '3.4.7.3';
      // Table 33 row 3 for the MX-F; the MX-R's Table 15 has no such row, its check is 2.4.7.3's.
      const certItem: PeriodicCheckItem = g.continuousChecks[2] ?? { id: section, table: '', row: 0, item: msg('visit.certificateCheck'), checks: [], references: [{ doc: 'guideline', section }] };
      const cert = snapshot?.certificate;
      if (cert) {
        const standing = certificateStanding(cert, now());
        certificate = { fingerprint256: cert.fingerprint256, notAfter: standing.notAfter, standing: standing.standing, daysLeft: standing.daysLeft, warnFrom: standing.warnFrom };
        const status = standing.standing === 'valid' ? 'pass' : standing.standing === 'renew-soon' ? 'warning' : 'fail';
        continuous.push(check(certItem, status, [evidence(said('visitCheck.what.certificate'), said('visitCheck.value.validUntil', { fingerprint: cert.fingerprint256.slice(0, 23), notAfter: standing.notAfter }))], status === 'pass' ? undefined : { en: describeStanding(standing, 'en'), ja: describeStanding(standing, 'ja') }));
      } else {
        continuous.push(check(certItem, 'fail', [], msg('visitCheck.noCertificate')));
      }
      const bad = continuous.filter((c) => c.status === 'fail');
      return { state: bad.length ? 'failed' : 'done', detail: continuous.map((c) => `${c.title.en}: ${c.status}`).join('; ') };
    },
    'visit.battery': async (ctx) => {
      const driver = await device(ctx);
      say('Re-running the Table 17/35 verification battery…');
      const results = await runVerificationBattery(
        {
          profile,
          operatorName: input.operatorName,
          capabilities: caps!,
          driver,
          openSession: () => input.connect(input.target),
          ...(tls ? { tls, deviceHost: tls.host } : {}),
          ...(input.pcAddress ? { pcAddress: input.pcAddress } : {}),
          secrets,
          writeOptions: {},
          now,
        },
        { ...(input.confirmDisruptive ? { confirmDisruptive: input.confirmDisruptive } : {}) },
      );
      // A disruptive check may have logged the engine's session off; log on again before the next step.
      loggedOn = undefined;
      verification = results.map((r) => {
        const visitReason = r.status === 'not-run' && !r.disruptive ? VISIT_REASON[r.row] : undefined;
        const reason = visitReason ? { reason: visitReason.en, reasonText: visitReason } : { ...(r.reason ? { reason: r.reason } : {}), ...(r.reasonText ? { reasonText: r.reasonText } : {}) };
        return { id: `${r.rowId}:${r.checkId}`, table: r.table, row: r.row, title: r.title, status: r.status, evidence: r.evidence, ...reason, references: r.references };
      });
      const failed = verification.filter((v) => v.status === 'fail');
      return { state: failed.length ? 'failed' : 'done', detail: `${verification.filter((v) => v.status === 'pass').length} passed, ${failed.length} failed, ${verification.filter((v) => v.status === 'not-run').length} not run.` };
    },
    'visit.setting-checks': async () => {
      settingChecks.length = 0;
      const now_ = snapshot!;
      const drifted = (setting: string) => drift.filter((d) => d.setting === setting);
      const [usersItem, portsItem, ipItem] = g.settingChecks as [PeriodicCheckItem, PeriodicCheckItem, PeriodicCheckItem];
      const users = now_.settings.users?.value;
      const ports = now_.settings.defaultOpenPorts?.value as Record<string, Record<string, string>> | undefined;
      const ipFilter = now_.settings.ipFilter?.value as { enabled?: boolean; mode?: string; entries?: Array<{ address: string }> } | undefined;
      const settingCheck = (item: PeriodicCheckItem, setting: string, evidence: VisitCheck['evidence']) => {
        const d = drifted(setting);
        return check(item, d.length ? 'fail' : 'pass', evidence, d.length ? msg('visitCheck.changedSinceBaseline', { count: d.length, paths: d.map((x) => x.path).join(', ') }) : undefined);
      };
      settingChecks.push(
        settingCheck(usersItem, 'users', [evidence(said('visitCheck.what.users'), users ? verbatimReading(users.users.map((u: { name: string; group: string }) => `${u.name} (${u.group})`).join(', ')) : said('visitCheck.value.notRead'))]),
        settingCheck(portsItem, 'defaultOpenPorts', [
          evidence(said('visitCheck.what.openPorts'), ports ? ((open) => (open ? verbatimReading(open) : said('checkEvidence.value.none')))(Object.entries(ports).flatMap(([p, s]) => Object.entries(s).filter(([, st]) => st === 'open').map(([svc]) => `${p} ${svc}`)).join(', ')) : said('visitCheck.value.notRead')),
        ]),
        settingCheck(ipItem, 'ipFilter', [evidence(said('visitCheck.what.ipFilter'), ipFilter ? said(ipFilter.enabled ? 'visitCheck.value.filterOn' : 'visitCheck.value.filterOff', { mode: ipFilter.mode ?? '-', entries: (ipFilter.entries ?? []).map((e) => e.address).join(', ') || '-' }) : said('visitCheck.value.notRead'))]),
      );
      // The settings-table rows the device no longer meets are findings too (beside the drift that caused them).
      for (const v of evaluateTable(g.settingsTable, profile, now_).filter((x) => x.status === 'fail')) {
        const row = g.settingsTable.find((r) => r.id === v.rowId)!;
        settingChecks.push({ id: v.rowId, table: row.table, row: row.row, title: row.item, status: 'fail', evidence: v.evidence.map((e) => ({ what: e.what, value: JSON.stringify(e.value) })), ...(v.reason ? { reason: v.reason } : {}), ...(v.reasonText ? { reasonText: v.reasonText } : {}), references: formatReferences(row.references) });
      }
      const failed = settingChecks.filter((c) => c.status === 'fail');
      return { state: failed.length ? 'failed' : 'done', detail: failed.length ? `${failed.length} finding(s): ${failed.map((f) => f.id).join(', ')}` : 'Users, open ports and allowed addresses as at the baseline.' };
    },
  };

  const kind: SessionKind = {
    ...MAINTENANCE_VISIT,
    steps: {
      connect: async (ctx) => {
        const d = await device(ctx);
        return { state: 'done', detail: `Connected over ${d.link.description}; logged on as ${input.logon.user} (Administrators). Nothing is written in a visit.` };
      },
      // A step with findings is journaled 'failed' and the visit goes on: the findings go into the report.
      verification: (ctx) => steps[ctx.step.id]!(ctx),
      report: async () => ({ state: 'done', detail: 'Visit report issued, chained to the baseline.' }),
    },
  };
  const engine = new CommissioningEngine(
    { profile, target: input.target, ...(tls ? { tlsEndpoint: { host: tls.host, port: tls.port } } : {}), ...(input.pcAddress ? { pcAddress: input.pcAddress } : {}) },
    {
      connect: input.connect,
      family: familyOf(profile.system),
      kind,
      journal: input.journal,
      registry: input.registry,
      operator: { name: input.operatorName, confirmInitialization: async () => undefined, backupBeforeInitialization: async () => ({ kind: 'declined', reason: 'a visit never initializes' }), performManually: async () => false },
      secrets,
      now,
    },
  );
  const outcome = await engine.run();

  const partial = { drift: { none: drift.length === 0, items: drift }, continuous, verification, settingChecks };
  const generatedAt = now().toISOString();
  const report: VisitReport = {
    format: VISIT_REPORT_FORMAT,
    version: 1,
    generatedAt,
    app: { name: 'MX Commissioner', version: input.appVersion },
    operator: { name: input.operatorName },
    session: { id: outcome.sessionId, startedAt: outcome.startedAt, finishedAt: outcome.finishedAt, resumedTimes: outcome.resumedTimes },
    device: { system, model: outcome.capabilities.model, serialNumber: outcome.capabilities.serialNumber, firmwareVersion: outcome.capabilities.firmwareVersion },
    link: { kind: outcome.linkFinal.kind, description: outcome.linkFinal.description, ...(tls ? { pinnedFingerprint256: tls.fingerprint256 } : {}) },
    predecessor: linkTo(input.baseline),
    logon: { user: input.logon.user, initialized: false },
    attestations: base.attestations ?? [],
    exceptions: base.exceptions ?? [],
    ...partial,
    ...(certificate ? { certificate } : {}),
    eventHistory: { total: events?.records.length ?? 0, deviceCheckOk: events?.deviceCheck.ok ?? false, watched },
    snapshot: snapshot!,
    // Figure 8 / 22 step 15 again: the visit schedules the next periodic check (2.5.2 / 3.5.2).
    nextPeriodicCheck: nextPeriodicCheck(generatedAt, system),
    summary: summarize(partial),
  };
  return { report, events: events! };
}
