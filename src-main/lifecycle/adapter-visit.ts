// A maintenance visit to a commissioned wireless LAN adapter (4.5 / 4.5.1, Table 47), a kind of session of
// the one engine (session-kind.ts MAINTENANCE_VISIT; the adapter family's procedure
// MAINTENANCE_VISIT_WLAN_ADAPTER). Logged in with the password set at commissioning, it NEVER initializes and
// never writes a setting. It reads the adapter and compares it with the report it follows (drift), runs
// every row of Table 47 — row 1 an encrypted settings backup opened on this PC, row 2 the logs read out to
// this PC and checked (each drift must have its record; failed logins, restorations, initializations and
// firmware updates since the baseline are listed for review) — judges Table 44 again on the device, and
// returns the visit report, chained to its predecessor like the controllers' (report/report-chain.ts).
import { openBackupFile } from '../crypto/backup-file';
import { CommissioningEngine, rowAccepted } from '../commissioning/engine/commissioning-engine';
import type { ConnectDriver } from '../commissioning/engine/connect-driver';
import type { DeviceRegistry } from '../commissioning/engine/device-registry';
import { SecretsFromMap } from '../commissioning/engine/operator';
import { adapterOf } from '../commissioning/families/wlan-adapter/adapter-settings-writers';
import { connectAdapter, WLAN_ADAPTER_FAMILY } from '../commissioning/families/wlan-adapter/wlan-adapter-family';
import { MAINTENANCE_VISIT, type SessionKind, type StepContext } from '../commissioning/family/session-kind';
import { GUIDELINE, formatReferences, type PeriodicCheckItem } from '../commissioning/guideline';
import { ADAPTER_VISIT_STEP } from '../commissioning/guideline/procedures/adapter-later-life';
import type { Journal } from '../commissioning/journal/journal';
import type { StepState } from '../commissioning/journal/journal-entry';
import type { SignedReport } from '../crypto/report-signature';
import type { AdapterSessionDriver } from '../devices/wlan-adapter/adapter-session-driver';
import { isDeviceOperationError } from '../devices/device-error';
import type { Endpoint } from '../devices/endpoint';
import { ADAPTER_ACCOUNT } from '../devices/wlan-adapter/adapter-session-driver';
import type { WlanAdapterDriver } from '../devices/wlan-adapter/wlan-adapter-driver';
import type { AdapterSnapshot } from '../model/device-snapshot';
import type { AdapterProfile } from '../model/security-settings';
import { ADAPTER_LOG_PATTERN, type AdapterLogEntry, type AdapterStatusAnswer } from '../model/wlan-adapter-api';
import { linkTo } from '../report/report-chain';
import { summarize, VISIT_REPORT_FORMAT, type DriftItem, type VisitCheck, type VisitReport } from '../report/visit-report';
import { compareSnapshots } from './drift';
import { baselineOf, profileFromBaseline, VisitError } from './visit';

export interface AdapterVisitInput {
  /** The web interface: tls://HOST:PORT with the certificate pinned at commissioning. */
  target: Endpoint;
  /** Default: the adapter family's own (HTTPS to the web interface). */
  connect?: ConnectDriver<AdapterSessionDriver>;
  journal: Journal;
  registry: DeviceRegistry;
  /** The login password set at commissioning (the web interface's one account). */
  password: string;
  baseline: SignedReport;
  operatorName: string;
  appVersion: string;
  /** Table 47 rows 1 and 2 go to this PC: where the backup and the log read-out are saved. Absent = not run. */
  save?: (name: string, data: Buffer) => Promise<string>;
  onProgress?: (line: string) => void;
  now?: () => Date;
}

export interface AdapterVisitOutcome {
  report: VisitReport;
  /** The logs as read out to this PC (also saved through `save`). */
  logText: string;
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

/** What Table 47 row 2 asks to look for in the logs since the baseline. */
export interface LogReview {
  records: number;
  since: number;
  settingChanges: string[];
  failedLogins: number;
  restorations: number;
  initializations: number;
  firmwareUpdates: number;
  connectionRecords: string[];
  /** Drifted settings with no record of a change, restoration or initialization since the baseline. */
  unrecorded: string[];
  /** The oldest record is after the baseline and not the first the adapter wrote: older ones were overwritten or deleted. */
  gapBefore: string | null;
}

/** Reads the logs against the drift found (pure: the visit's log check and its tests). */
export function reviewLogs(entries: readonly AdapterLogEntry[], sinceIso: string, drift: readonly DriftItem[]): LogReview {
  const since = Date.parse(sinceIso);
  const recent = entries.filter((e) => Date.parse(e.at) >= since);
  const changed = new Set(recent.map((e) => ADAPTER_LOG_PATTERN.settingChanged.exec(e.text)?.[1]).filter((k): k is string => !!k));
  const count = (p: RegExp) => recent.filter((e) => p.test(e.text)).length;
  const restorations = count(ADAPTER_LOG_PATTERN.restored);
  const initializations = count(ADAPTER_LOG_PATTERN.initialized);
  // A drift of a setting must show in the history of setting changes (Table 47 row 2); a restoration or an
  // initialization changes settings wholesale and is its own record. The status readings are not settings.
  const settingsDrifted = [...new Set(drift.map((d) => d.setting))].filter((s) => s !== 'initialPasswordReplaced' && s !== 'radiusCertificate' && s !== '(more)');
  const unrecorded = restorations || initializations ? [] : settingsDrifted.filter((s) => !changed.has(s));
  const first = entries[0];
  return {
    records: entries.length,
    since: recent.length,
    settingChanges: [...changed].sort(),
    failedLogins: count(ADAPTER_LOG_PATTERN.loginFailed),
    restorations,
    initializations,
    firmwareUpdates: count(ADAPTER_LOG_PATTERN.firmwareUpdated),
    connectionRecords: recent.filter((e) => e.kind === 'connection').map((e) => e.text).slice(-20),
    unrecorded,
    gapBefore: first && first.seq > 1 && Date.parse(first.at) > since ? first.at : null,
  };
}

export async function runAdapterVisit(input: AdapterVisitInput): Promise<AdapterVisitOutcome> {
  const now = input.now ?? (() => new Date());
  const say = input.onProgress ?? (() => undefined);
  const base = baselineOf(input.baseline);
  const fromBaseline = profileFromBaseline(base);
  if (!fromBaseline.ok) throw new VisitError('BASELINE_UNUSABLE', `The baseline cannot be visited against: ${fromBaseline.reason}.`);
  if (fromBaseline.profile.system !== 'wlan-adapter' || base.snapshot.system !== 'wlan-adapter') throw new VisitError('BASELINE_UNUSABLE', 'The baseline is not a report of the wireless LAN adapter.');
  const profile = fromBaseline.profile as AdapterProfile;
  const baseSnapshot = base.snapshot as AdapterSnapshot;
  const g = GUIDELINE['wlan-adapter'];
  const [backupItem, logsItem] = g.continuousChecks as [PeriodicCheckItem, PeriodicCheckItem];
  const stamp = () => now().toISOString().replace(/[:.]/g, '-');

  let loggedOn: AdapterSessionDriver | undefined;
  let status: AdapterStatusAnswer | undefined;
  /** The engine's driver, logged in with the visit's password (again after a reconnect). */
  const adapter = async (ctx: StepContext<AdapterSessionDriver>): Promise<WlanAdapterDriver> => {
    const d = await ctx.connected();
    const a = adapterOf(d);
    if (loggedOn !== d) {
      let r;
      try {
        r = await a.logon(input.password);
      } catch (e) {
        if (isDeviceOperationError(e, 'wrong-credentials'))
          throw new VisitError('NOT_ADMINISTRATOR', 'The adapter refuses the password set at commissioning: it was changed, or the adapter was initialized, since the baseline. Check its web page; a visit never sets a password.');
        throw e;
      }
      if (r.mustChangePassword) throw new VisitError('NOT_ADMINISTRATOR', 'The adapter answers as initialized (its factory password is back): its settings are gone since the baseline. Commission it again.');
      status = (await a.readSettings()).status;
      const expected = baseSnapshot.identity.serial;
      if (expected && status.serial !== expected) throw new VisitError('OTHER_DEVICE', `The adapter is ${status.model} ${status.serial}, but the baseline is a report of ${base.device.model} ${expected}. Connect to the right adapter or give its report.`);
      loggedOn = d;
    }
    return a;
  };

  let snapshot: AdapterSnapshot | undefined;
  let drift: DriftItem[] = [];
  const continuous: VisitCheck[] = [];
  const settingChecks: VisitCheck[] = [];
  let logText = '';

  const handlers: Record<string, (ctx: StepContext<AdapterSessionDriver>) => Promise<{ state: StepState; detail?: string }>> = {
    [ADAPTER_VISIT_STEP.drift]: async (ctx) => {
      await adapter(ctx);
      snapshot = (await ctx.readSnapshot()) as AdapterSnapshot;
      drift = compareSnapshots(baseSnapshot, snapshot);
      const detail = drift.length ? `${drift.length} setting(s) differ from the baseline: ${drift.slice(0, 5).map((d) => d.path).join(', ')}${drift.length > 5 ? ', …' : ''}.` : 'No drift: every setting equals the baseline.';
      say(detail);
      return { state: drift.length ? 'failed' : 'done', detail };
    },
    [ADAPTER_VISIT_STEP.backup]: async (ctx) => {
      const a = await adapter(ctx);
      const i = continuous.findIndex((c) => c.id === backupItem.id);
      if (i >= 0) continuous.splice(i, 1);
      if (!input.save) {
        continuous.push(check(backupItem, 'not-run', [], 'No folder on this PC was given for the backup (mxc visit --out DIR).'));
        return { state: 'failed', detail: 'Table 47 row 1 not run: no folder for the backup.' };
      }
      say('Backing the settings up to this PC (encrypted with the login password) and opening the file…');
      const file = await a.backup(input.password);
      const path = await input.save(`${a.model}-settings-${stamp()}.bak`, file);
      const evidence: VisitCheck['evidence'] = [
        { what: 'backup file', value: path },
        { what: 'size', value: `${file.length} bytes` },
      ];
      let problem: string | undefined;
      try {
        const opened = await openBackupFile(file, input.password);
        const content = Buffer.concat(opened.entries.map((e) => Buffer.from(e.data)));
        evidence.push({ what: 'opened on this PC with the login password', value: `integrity verified; ${opened.entries.length} entr${opened.entries.length === 1 ? 'y' : 'ies'}, ${content.length} bytes of settings` });
        // 4.4.7.1: the file holds neither the login password nor the RADIUS server's certificate.
        const holdsPassword = content.includes(Buffer.from(input.password, 'utf8')) || file.includes(Buffer.from(input.password, 'utf8'));
        const holdsCertificate = /BEGIN CERTIFICATE/.test(content.toString('latin1'));
        evidence.push({ what: 'login password or RADIUS certificate in the file', value: holdsPassword || holdsCertificate ? `FOUND (${[holdsPassword ? 'password' : '', holdsCertificate ? 'certificate' : ''].filter(Boolean).join(', ')})` : 'none' });
        if (opened.entries.length === 0 || content.length === 0) problem = 'The backup opens but holds no settings: it cannot restore the adapter.';
        else if (holdsPassword || holdsCertificate) problem = 'The backup holds the login password or the RADIUS certificate, which it must not (4.4.7.1): keep it out of reach and report this to the vendor.';
      } catch (e) {
        problem = `The backup made now does not open on this PC with the login password: ${(e as Error).message}`;
      }
      continuous.push(check(backupItem, problem ? 'fail' : 'pass', evidence, problem));
      return { state: problem ? 'failed' : 'done', detail: problem ?? `Encrypted settings backup saved to ${path} and opened on this PC.` };
    },
    [ADAPTER_VISIT_STEP.logs]: async (ctx) => {
      const a = await adapter(ctx);
      const i = continuous.findIndex((c) => c.id === logsItem.id);
      if (i >= 0) continuous.splice(i, 1);
      say('Reading the logs out to this PC…');
      logText = await a.exportLogs();
      const path = input.save ? await input.save(`${a.model}-log-${stamp()}.txt`, Buffer.from(logText, 'utf8')) : undefined;
      const entries = await a.readLogs();
      const review = reviewLogs(entries, base.generatedAt, drift);
      const peers = (await a.readSettings()).status.wireless;
      const evidence: VisitCheck['evidence'] = [
        { what: 'log read out to this PC', value: path ?? 'not saved (no folder given)' },
        { what: 'records on the adapter', value: `${review.records}, of which ${review.since} since the baseline` },
        { what: 'setting changes since the baseline', value: review.settingChanges.join(', ') || 'none' },
        { what: 'failed logins since the baseline', value: String(review.failedLogins) },
        { what: 'restorations, initializations, firmware updates since the baseline', value: `${review.restorations}, ${review.initializations}, ${review.firmwareUpdates}` },
        { what: 'connections recorded since the baseline', value: review.connectionRecords.length ? review.connectionRecords.slice(-5).join(' | ') : 'none' },
        { what: peers.role === 'AP' ? 'stations associated now' : 'access point connected now', value: peers.peers.join(', ') || 'none' },
      ];
      const toReview = [
        review.failedLogins ? `${review.failedLogins} failed login(s)` : '',
        review.restorations ? `${review.restorations} restoration(s)` : '',
        review.initializations ? `${review.initializations} initialization(s)` : '',
        review.firmwareUpdates ? `${review.firmwareUpdates} firmware update(s)` : '',
        review.gapBefore ? `no record before ${review.gapBefore} (older ones were overwritten or deleted: read the logs out more often, Table 44 row 8)` : '',
      ].filter(Boolean);
      const result = review.unrecorded.length
        ? check(logsItem, 'fail', evidence, `The logs show no record of the change of ${review.unrecorded.join(', ')} found as drift: the history of setting changes cannot be checked (4.4.6). Check the adapter's logging function.`)
        : toReview.length
          ? check(logsItem, 'warning', evidence, `Since the baseline: ${toReview.join('; ')}. Check each against the work done on the adapter and act as its manual says.`)
          : check(logsItem, 'pass', evidence);
      continuous.push(result);
      return { state: result.status === 'fail' ? 'failed' : 'done', detail: `${review.since} record(s) since the baseline; ${result.status}${result.reason ? `: ${result.reason}` : ''}` };
    },
    [ADAPTER_VISIT_STEP.table44]: async (ctx) => {
      settingChecks.length = 0;
      const verdicts = ctx.evaluate(g.settingsTable.map((r) => r.id));
      for (const v of verdicts) {
        const row = g.settingsTable.find((r) => r.id === v.rowId)!;
        const status: VisitCheck['status'] = v.status === 'not-applicable' ? 'pass' : rowAccepted(v) ? 'pass' : 'fail';
        settingChecks.push({
          id: v.rowId,
          table: row.table,
          row: row.row,
          title: row.item,
          status,
          evidence: v.evidence.map((e) => ({ what: e.what, value: typeof e.value === 'string' ? e.value : JSON.stringify(e.value) })),
          ...(status === 'fail' ? { reason: v.reason ?? 'Not met on the adapter now.' } : v.status === 'not-applicable' ? { reason: 'Not applicable to this adapter (as at commissioning).' } : {}),
          references: formatReferences(row.references),
        });
      }
      const failed = settingChecks.filter((c) => c.status === 'fail');
      return { state: failed.length ? 'failed' : 'done', detail: failed.length ? `Table 44 rows no longer met: ${failed.map((f) => f.id).join(', ')}` : `Every row of Table 44 is still met on the adapter (${settingChecks.length}).` };
    },
  };

  const kind: SessionKind = {
    ...MAINTENANCE_VISIT,
    steps: {
      connect: async (ctx) => {
        const a = await adapter(ctx);
        return { state: 'done', detail: `Connected to ${a.model} ${status?.serial ?? ''} over its web interface (certificate ${a.fingerprint256 ?? 'not seen'}); logged in. Nothing is written in a visit.` };
      },
      // A step with findings is journaled 'failed' and the visit goes on: the findings go into the report.
      verification: (ctx) => handlers[ctx.step.id]!(ctx),
      report: async () => ({ state: 'done', detail: 'Visit report issued, chained to the baseline.' }),
    },
  };
  const engine = new CommissioningEngine(
    { profile, target: input.target },
    {
      connect: input.connect ?? connectAdapter,
      family: WLAN_ADAPTER_FAMILY as never,
      kind,
      journal: input.journal,
      registry: input.registry,
      operator: { name: input.operatorName, confirmInitialization: async () => undefined, backupBeforeInitialization: async () => ({ kind: 'declined', reason: 'a visit never initializes' }), performManually: async () => false },
      secrets: new SecretsFromMap(new Map([[ADAPTER_ACCOUNT, input.password]])),
      now,
    },
  );
  const outcome = await engine.run();
  const order = (c: VisitCheck) => (c.id === backupItem.id ? 0 : 1);
  continuous.sort((a, b) => order(a) - order(b));
  const partial = { drift: { none: drift.length === 0, items: drift }, continuous, verification: [] as VisitCheck[], settingChecks };
  const last = snapshot ?? (outcome.snapshot as AdapterSnapshot);
  const report: VisitReport = {
    format: VISIT_REPORT_FORMAT,
    version: 1,
    generatedAt: now().toISOString(),
    app: { name: 'MX Commissioner', version: input.appVersion },
    operator: { name: input.operatorName },
    session: { id: outcome.sessionId, startedAt: outcome.startedAt, finishedAt: outcome.finishedAt, resumedTimes: outcome.resumedTimes },
    device: { system: 'wlan-adapter', model: outcome.capabilities.model, serialNumber: last.identity.serial ?? status?.serial ?? null, firmwareVersion: last.identity.firmware ?? status?.firmware ?? null },
    link: { kind: outcome.linkFinal.kind, description: outcome.linkFinal.description, ...(input.target.kind === 'tls' && input.target.fingerprint256 ? { pinnedFingerprint256: input.target.fingerprint256 } : {}) },
    predecessor: linkTo(input.baseline),
    logon: { user: ADAPTER_ACCOUNT, initialized: false },
    attestations: base.attestations ?? [],
    exceptions: base.exceptions ?? [],
    ...partial,
    snapshot: last,
    summary: summarize(partial),
  };
  return { report, logText };
}
