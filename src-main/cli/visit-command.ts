// `mxc visit`: a maintenance visit to a commissioned controller (lifecycle/visit.ts), headless. Never
// initializes; logs on as the existing Administrator of the secrets file; writes the signed visit report
// chained to the baseline report, the event history export and the fresh encrypted backup.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { parseTarget, TARGET_HELP } from './endpoint';
import { readSecrets } from './secrets-file';
import { defaultConnect, withPin } from './controller-connection';
import { eventsToWatchFor } from '../commissioning/guideline';
import type { ConnectDriver } from '../commissioning/engine/connect-driver';
import { DeviceRegistry, deviceIdOf } from '../commissioning/engine/device-registry';
import { signedDigest } from '../report/report-chain';
import { Journal } from '../commissioning/journal/journal';
import { FileJournalStore } from '../commissioning/journal/journal-store';
import { formatEndpointText } from '../devices/endpoint';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';
import { signReport } from '../crypto/report-signature';
import { installationStore } from '../store/conf-store';
import { eventHistoryCsv } from '../report/event-history-export';
import { loadOrCreateInstallationKey } from '../report/installation-key';
import { readSignedFile, verifySignedDocument } from '../report/signed-document';
import { baselinePin, runVisit } from '../lifecycle/visit';
import { unfinishedSessionAt } from '../lifecycle/unfinished-session';
import { renderVisitReportHtml } from '../report/lifecycle-report-html';
import { writeReportPdf } from './report-pdf';
import { certificateStanding, describeStanding } from '../lifecycle/certificate-calendar';
import { adapterVisitCommand } from './adapter-lifecycle-commands';

const HELP = `Usage: mxc visit --target ENDPOINT --secrets FILE --baseline REPORT --out DIR [options]

A maintenance visit to a controller commissioned before (guideline 2.5; Tables 15, 17, 18 for MX-R and
33, 35, 36 for MX-F), or to a wireless LAN adapter (4.5.1, Table 47: see "The wireless LAN adapter" below). It logs on as an existing Administrator and NEVER initializes or writes settings:

  - reads the device and compares it with the baseline report, setting by setting (drift, both values,
    the guideline rows);
  - Tables 15/33: makes a fresh encrypted backup to DIR and opens it to check it; exports the event
    history (signed) and counts the events to watch since the baseline; checks the certificate (a
    warning from 90 days before it expires, 2.4.7.3);
  - re-runs the Table 17/35 battery (disruptive checks only with --run-disruptive-checks) and the
    Table 18/36 setting checks;
  - writes DIR/visit-report.json, signed and naming the baseline by its hash
    ("mxc report verify DIR/visit-report.json --predecessor REPORT"), DIR/visit-report.html (what an
    auditor reads: drift, checks, the chain link, the verdict), DIR/events.json and events.csv.

${TARGET_HELP}
                       A tls:// target without #sha256= is pinned to the certificate the baseline
                       report recorded (or the one this installation pinned).
  --secrets FILE|-     "logon": an existing Administrator; "backupPassword" for the backup;
                       "users" (optional) for the battery's logon checks
  --baseline REPORT    The report this visit follows: report.json of the commissioning or the
                       visit-report.json of the last visit
  --out DIR            Where the files go
  --pc-address ADDR    This PC's address on the controller's network (IP filter checks)
  --run-disruptive-checks  Also run the disruptive checks of Table 17/35 (the device is put back)
  --data-dir DIR       Registry and report signing key (default ~/.config/mx-commissioner)
  --operator NAME      Who visits (default: the login name)
  --lang en|ja         Language of the advice, of visit-report.html and of events.csv (default en)
  --pdf                Also write DIR/visit-report.pdf, printed by this machine's Chromium
                       (MXC_CHROMIUM or the usual install path)

The wireless LAN adapter (a baseline report of the adapter; --target tls://HOST:PORT, its web interface):
logs in with its password ("logon" of user "admin", or users.admin), never writes; drift against the
baseline; Table 47 row 1: an encrypted settings backup into DIR, opened on this PC (no password or RADIUS
certificate in it, 4.4.7.1); row 2: the logs read out into DIR and checked (every drift must have its
record; failed logins, restorations, initializations, firmware updates since the baseline listed); Table 44
judged again; DIR/visit-report.json signed and chained like a controller's.

Exit code 0: no drift and no failed check; 1: drift or a failed check (the report is still written),
or the visit could not be made; 2: usage.
`;

export interface VisitOverrides {
  connect?: ConnectDriver<ControllerSecurityDriver>;
}

export async function runVisitCommand(args: string[], io: CliIo, overrides: VisitOverrides = {}): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        target: { type: 'string' },
        secrets: { type: 'string' },
        baseline: { type: 'string' },
        out: { type: 'string' },
        'pc-address': { type: 'string' },
        'run-disruptive-checks': { type: 'boolean' },
        'data-dir': { type: 'string' },
        operator: { type: 'string' },
        lang: { type: 'string' },
        pdf: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  const target0 = parseTarget(values.target);
  if (!values.baseline) throw new CliUsageError('--baseline REPORT is required: the report.json of the commissioning or of the last visit.');
  if (!values.out) throw new CliUsageError('--out DIR is required.');
  if (!values.secrets) throw new CliUsageError('--secrets FILE (or "-") is required: the logon of an existing Administrator.');
  const lang = (values.lang ?? 'en') as 'en' | 'ja';
  if (lang !== 'en' && lang !== 'ja') throw new CliUsageError('--lang is "en" or "ja".');

  const baseline = readSignedFile(values.baseline);
  const integrity = verifySignedDocument(baseline);
  if (!integrity.valid) {
    io.stderr(`mxc visit: the baseline ${values.baseline} does not verify: ${integrity.messages.join(' ')}`);
    return 1;
  }
  const dataDir = resolve(values['data-dir'] ?? join(homedir(), '.config', 'mx-commissioner'));
  const registry = new DeviceRegistry(installationStore(dataDir));
  const target = withPin(target0, registry, baselinePin(baseline));
  // The wireless LAN adapter's baseline: its visit (Table 47) is the adapter's kind of the same core.
  const adapter = (baseline.report as { snapshot?: { system?: string } } | undefined)?.snapshot?.system === 'wlan-adapter';
  const secrets = await readSecrets(values.secrets, { logon: adapter ? 'optional' : 'required' }, { input: process.stdin, output: process.stderr });
  const connect = overrides.connect ?? defaultConnect;
  const outDir = resolve(values.out);
  mkdirSync(outDir, { recursive: true });
  const operatorName = values.operator ?? userInfo().username;
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

  if (!secrets.logon && !adapter) throw new CliUsageError('The secrets file needs "logon": an existing Administrator of the controller.');
  const journals = new FileJournalStore(join(dataDir, 'journals'));
  // An unfinished visit of the same device at the same target resumes from its journal.
  const previous = unfinishedSessionAt(journals, 'maintenance-visit', target);
  const journal = previous ? Journal.open(journals, previous.sessionId)! : Journal.create(journals);
  io.stdout(previous ? `Resuming visit ${journal.sessionId} (journal ${journals.location}).` : `Visit ${journal.sessionId}; journal in ${journals.location}.`);
  if (adapter) return adapterVisitCommand({ target, journal, registry, secrets, outDir, operatorName, appVersion: version, key: await loadOrCreateInstallationKey(dataDir), lang, baseline }, io);
  if (!secrets.logon) throw new CliUsageError('The secrets file needs "logon": an existing Administrator of the controller.');
  const outcome = await runVisit({
    target,
    connect,
    journal,
    registry,
    logon: secrets.logon,
    baseline,
    operatorName,
    appVersion: version,
    userPasswords: secrets.users,
    ...(values['pc-address'] ? { pcAddress: values['pc-address'] } : {}),
    ...(secrets.backupPassword
      ? {
          backup: {
            password: secrets.backupPassword,
            save: async (name: string, file: Buffer) => {
              const path = join(outDir, name.replace(/[^\w.-]/g, '_') || 'backup.mxbak');
              writeFileSync(path, file, { mode: 0o600 });
              return path;
            },
          },
        }
      : {}),
    confirmDisruptive: async (c) => {
      const run = values['run-disruptive-checks'] === true;
      io.stdout(`  ${c.rowId} ${c.title[lang]}: ${run ? 'run (--run-disruptive-checks)' : 'not run (no --run-disruptive-checks)'}`);
      return run;
    },
    onProgress: (line) => io.stdout(line),
  });
  const key = await loadOrCreateInstallationKey(dataDir);
  const { report, events } = outcome;
  const signedVisit = await signReport(report, key.privateKeyPem, key.keyId);
  writeFileSync(join(outDir, 'visit-report.json'), JSON.stringify(signedVisit, null, 2));
  const html = renderVisitReportHtml(report, lang);
  writeFileSync(join(outDir, 'visit-report.html'), html);
  if (values.pdf) await writeReportPdf(html, join(outDir, 'visit-report.pdf'), io);
  registry.noteReport(deviceIdOf(report.device.model, report.device.serialNumber), { kind: 'maintenance-visit', at: report.generatedAt, digest: signedDigest(signedVisit) }, report.nextPeriodicCheck?.dueBy);
  writeFileSync(join(outDir, 'events.json'), JSON.stringify(await signReport(events, key.privateKeyPem, key.keyId), null, 2));
  writeFileSync(join(outDir, 'events.csv'), eventHistoryCsv(events, lang));

  io.stdout(report.drift.none ? 'Drift: none — every setting equals the baseline.' : `Drift: ${report.drift.items.length} difference(s) from the baseline:`);
  for (const d of report.drift.items) io.stdout(`  ${d.path}: baseline ${JSON.stringify(d.baseline)}, now ${JSON.stringify(d.now)}${d.references ? ` (${d.references})` : ''}`);
  for (const c of [...report.continuous, ...report.verification, ...report.settingChecks]) {
    if (c.status !== 'pass') io.stdout(`  ${c.table ? `Table ${c.table} row ${c.row}` : c.references} ${c.title[lang]}: ${c.status}${c.reason ? ` — ${c.reason}` : ''}`);
  }
  if (report.certificate && report.certificate.standing !== 'valid') io.stdout(`WARNING: ${describeStanding(certificateStanding(report.certificate, new Date(report.generatedAt)), lang)}`);
  // The events to watch since the baseline (the whole history is in events.json / events.csv).
  for (const w of report.eventHistory?.watched ?? []) {
    const row = eventsToWatchFor(report.device.system).find((r) => r.id === w.row)!;
    io.stdout(`Table ${row.table} row ${row.row} ${row.title[lang]}, since the baseline: ${w.count}`);
    if (w.count > 0) {
      io.stdout(`    ${row.meaning[lang]}`);
      io.stdout(`    ${row.action[lang]}`);
    }
  }
  if (report.nextPeriodicCheck) io.stdout(`Next periodic check due by ${report.nextPeriodicCheck.dueBy.slice(0, 10)} (${report.nextPeriodicCheck.basis}).`);
  const s = report.summary;
  io.stdout(`Visit report: ${join(outDir, 'visit-report.json')} (signed, key ${key.keyId}; follows ${report.predecessor.digest.slice(0, 23)}…). ${s.drift} drift, ${s.failed} failed, ${s.warnings} warning(s), ${s.notRun} not run.`);
  return s.ok ? 0 : 1;
}

export const visitCommand: CliCommand = { name: 'visit', summary: 'Maintenance visit: drift, periodic checks, signed visit report chained to the last report', help: HELP, run: (a, io) => runVisitCommand(a, io) };
