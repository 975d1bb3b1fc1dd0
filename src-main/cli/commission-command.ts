// `mxc commission`: runs a whole procedure of the guideline headless against one controller, from a
// profile file and a secrets file, and writes the signed report, its HTML form and the certificate for
// the connection destination devices. Exit 0 only when every row is met and nothing deviates.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { parseTarget, TARGET_HELP } from './endpoint';
import { readSecrets } from './secrets-file';
import { CommissioningEngine, isConnectionLoss, type CommissioningPlan, type ProgressEvent } from '../commissioning/engine/commissioning-engine';
import type { ConnectDriver } from '../commissioning/engine/connect-driver';
import { DeviceRegistry } from '../commissioning/engine/device-registry';
import { EngineError } from '../commissioning/engine/engine-errors';
import type { NetworkProbe } from '../commissioning/engine/network-probe';
import { SecretsFromMap, type BackupChoice, type Operator } from '../commissioning/engine/operator';
import { unknownProfileReferences } from '../commissioning/guideline';
import { Journal } from '../commissioning/journal/journal';
import { FileJournalStore } from '../commissioning/journal/journal-store';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';
import { formatEndpointText, openEndpoint } from '../devices/endpoint';
import { parseProfile, validateProfile, type ControllerProfile } from '../model/security-settings';
import { canonicalize } from '../crypto/report-signature';
import { createConfStore } from '../store/conf-store';
import { buildComplianceReport } from '../report/compliance-report';
import { renderReportHtml, type ReportLanguage } from '../report/report-html';
import { loadOrCreateInstallationKey } from '../report/installation-key';
import { signComplianceReport } from '../report/signed-report-file';

const HELP = `Usage: mxc commission --profile FILE --secrets FILE --target ENDPOINT --out DIR [options]

Runs the guideline's procedure (Figure 8 for MX-R, Figure 22 for MX-F) against one controller: checks
the profile, initializes a used controller (only when confirmed), writes every setting in the order the
rules require and verifies each by reading it back, restarts, reconnects over TLS with the new
certificate pinned, checks errors, diagnoses the network from this PC, and writes into DIR:

  report.json      the compliance report, signed with this installation's key ("mxc report verify")
  report.html      the same, printable (English; --lang ja for Japanese)
  certificate.der  the controller's certificate for the connection destination devices (2.4.7.1 C)
  certificate.pem

Prints one line per step, then the verdict and every deviation from the guideline with its reference.
Exit code 0 only when every row of the settings table is met and nothing deviates from the guideline
("commissioned as the guideline says"); 3 when every row is met with deviations (a step turned off,
"continue operation" on error, an exception, a Table 10/28 item not attested); 1 when a row is not met.
An interrupted run (cable pulled, window closed) resumes from its journal when started again with the
same profile and target.

Options:
  --profile FILE           The security profile (JSON; "mxc profile recommended" makes one)
  --secrets FILE           Passwords (docs/secrets-file.md): "users" for every user of the profile,
                           "logon" for the previous Administrator of a used controller, optional
                           "backupPassword". "-" reads the same JSON from standard input.
                           Passwords are never taken from arguments.
${TARGET_HELP}
  --tls-target HOST:PORT   The controller's SLMP-over-TLS listener, used after the restart
  --pc-address ADDRESS     This PC's address on the controller's network (IP filter guard)
  --out DIR                Where the report and certificate files go
  --data-dir DIR           Journals, device registry and the report signing key
                           (default ~/.config/mx-commissioner)
  --operator NAME          Who commissions (default: the login name)
  --lang en|ja             Language of report.html (default en)
  --confirm-initialize MODEL   Confirms the initialization of all information of a USED controller
                           (clears devices/labels, files, security settings, users, event history,
                           certificates; the SD card is kept)
  --backup-dir DIR         Before initializing, back up the controller into DIR
  --no-backup REASON       ... or decline the backup, saying why
  --run-disruptive-checks  Step 14 also runs the disruptive checks of Table 17/35 (a lockout with a
                           temporary user, backup/restoration attempt, bandwidth on practice devices);
                           without it they are reported "not run — declined by <operator>"
  -h, --help               This text
`;

export interface CommissionOverrides {
  connect?: ConnectDriver<ControllerSecurityDriver>;
  probe?: NetworkProbe;
  reconnect?: { attempts: number; delayMs: number };
}

/** Every row met, but the commissioning deviates from the guideline (deviations.ts). */
export const EXIT_WITH_DEVIATIONS = 3;

// Project choice: a headless run resumes by itself after a dropped link up to 5 times, then stops and
// leaves the journal for the next run.
const MAX_AUTOMATIC_RESUMES = 5;

export async function runCommission(args: string[], io: CliIo, overrides: CommissionOverrides = {}): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        profile: { type: 'string' },
        secrets: { type: 'string' },
        target: { type: 'string' },
        'tls-target': { type: 'string' },
        'pc-address': { type: 'string' },
        out: { type: 'string' },
        'data-dir': { type: 'string' },
        operator: { type: 'string' },
        lang: { type: 'string' },
        'confirm-initialize': { type: 'string' },
        'backup-dir': { type: 'string' },
        'no-backup': { type: 'string' },
        'run-disruptive-checks': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  if (!values.profile) throw new CliUsageError('--profile FILE is required.');
  if (!values.out) throw new CliUsageError('--out DIR is required.');
  if (!values.secrets) throw new CliUsageError('--secrets FILE (or "-" for standard input) is required: passwords are never taken from arguments.');
  const lang = (values.lang ?? 'en') as ReportLanguage;
  if (lang !== 'en' && lang !== 'ja') throw new CliUsageError('--lang is "en" or "ja".');
  const target = parseTarget(values.target);
  let tlsEndpoint: CommissioningPlan['tlsEndpoint'];
  if (values['tls-target']) {
    const m = /^(?:tls:\/\/)?(\[[^\]]+\]|[^:/]+):(\d{1,5})$/.exec(values['tls-target']);
    if (!m) throw new CliUsageError('--tls-target is HOST:PORT (e.g. 192.0.2.10:5011).');
    tlsEndpoint = { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) };
  } else if (target.kind === 'tls') tlsEndpoint = { host: target.host, port: target.port };

  let profileJson: unknown;
  try {
    profileJson = JSON.parse(readFileSync(values.profile, 'utf8'));
  } catch (e) {
    io.stderr(`mxc commission: the profile ${values.profile} cannot be read as JSON (${(e as NodeJS.ErrnoException).code ?? 'syntax error'}).`);
    return 1;
  }
  const v = validateProfile(profileJson);
  if (!v.ok || v.profile.system === 'wlan-adapter') {
    const issues = v.ok ? [{ path: 'system', message: 'This command commissions MX-R and MX-F controllers.' }] : v.issues;
    for (const i of issues) io.stderr(`profile ${i.path || '(profile)'}: ${i.message}`);
    return 1;
  }
  const profile = v.profile as ControllerProfile;
  const refs = unknownProfileReferences(profile);
  if (refs.length) {
    for (const i of refs) io.stderr(`profile ${i.path}: ${i.message}`);
    return 1;
  }
  for (const w of v.warnings) io.stdout(`warning: ${w.path}: ${w.message}`);

  const secrets = await readSecrets(values.secrets, {}, { input: process.stdin, output: process.stderr });
  const dataDir = resolve(values['data-dir'] ?? join(homedir(), '.config', 'mx-commissioner'));
  const outDir = resolve(values.out);
  mkdirSync(outDir, { recursive: true });
  const store = createConfStore({ cwd: dataDir, configName: 'store' });
  const journals = new FileJournalStore(join(dataDir, 'journals'));

  const backup: BackupChoice | undefined = values['backup-dir']
    ? {
        kind: 'to-pc',
        save: async (name, file) => {
          const dir = resolve(values['backup-dir']!);
          mkdirSync(dir, { recursive: true });
          const path = join(dir, name);
          writeFileSync(path, file, { mode: 0o600 });
          return path;
        },
      }
    : values['no-backup'] !== undefined
      ? { kind: 'declined', reason: values['no-backup'] }
      : undefined;
  const operator: Operator = {
    name: values.operator ?? userInfo().username,
    confirmInitialization: async () => values['confirm-initialize'],
    backupBeforeInitialization: async (model) => {
      if (backup) return backup;
      throw new EngineError('INITIALIZATION_NOT_CONFIRMED', `The ${model} is used: give --backup-dir DIR to back it up before its initialization, or --no-backup "REASON" to decline.`);
    },
    // Headless: nobody is at the engineering tool. The step is reported as not performed.
    performManually: async (step, what) => {
      io.stdout(`  operator: step ${step.number}: ${what} (headless: not performed)`);
      return false;
    },
    // Headless: a disruptive check runs only when the command line says so (answers no otherwise).
    confirmDisruptive: async (check) => {
      const run = values['run-disruptive-checks'] === true;
      io.stdout(`  operator: step 14: ${check.rowId} ${check.title.en}: ${run ? 'run (--run-disruptive-checks)' : 'declined (no --run-disruptive-checks)'}`);
      return run;
    },
  };
  const connect: ConnectDriver<ControllerSecurityDriver> =
    overrides.connect ??
    (async (e) => {
      const { MxControllerDriver } = await import('../devices/mx-controller/mx-controller-driver');
      return new MxControllerDriver(await openEndpoint(e, { virtual: e.kind === 'usb-socket' }));
    });
  const plan: CommissioningPlan = { profile, target, ...(tlsEndpoint ? { tlsEndpoint } : {}), ...(values['pc-address'] ? { pcAddress: values['pc-address'] } : {}) };

  // Resume the unfinished session of this device, target and profile, if there is one (another profile
  // starts a new session: the device is read again from the start).
  const digest = canonicalize(parseProfile(profile));
  const targetText = values.target!;
  const previous = Journal.unfinished(journals).find((d) => {
    const s = d.entries.find((e) => e.type === 'session');
    return s && s.type === 'session' && s.model === profile.model && s.target === formatEndpointText(target) && s.profileDigest === digest;
  });
  let journal = previous ? Journal.open(journals, previous.sessionId)! : Journal.create(journals);
  if (previous) io.stdout(`Resuming session ${journal.sessionId} (journal ${journals.location}).`);
  else io.stdout(`Session ${journal.sessionId}: ${profile.model} at ${targetText}; journal in ${journals.location}.`);

  const onProgress = (e: ProgressEvent) => {
    if (e.type === 'step' && e.state !== 'started') io.stdout(`[${String(e.step.number).padStart(2)}] ${e.step.title.en}: ${e.state}${e.detail ? ` — ${e.detail}` : ''}`);
    else if (e.type === 'write' && (e.state === 'verified' || e.state === 'reconciled' || e.state === 'failed')) io.stdout(`     ${e.key}${e.scope ? ` (${e.scope})` : ''}: ${e.state}`);
    else if (e.type === 'info') io.stdout(e.message);
  };
  let outcome;
  for (let attempt = 0; ; attempt++) {
    const engine = new CommissioningEngine(plan, {
      connect,
      journal,
      registry: new DeviceRegistry(store),
      operator,
      secrets: new SecretsFromMap(secrets.users, secrets.logon ? { userName: secrets.logon.user, password: secrets.logon.password } : undefined, secrets.backupPassword),
      onProgress,
      ...(overrides.probe ? { probe: overrides.probe } : {}),
      ...(overrides.reconnect ? { reconnect: overrides.reconnect } : {}),
    });
    try {
      outcome = await engine.run();
      break;
    } catch (error) {
      const linkLost = isConnectionLoss(error) || (error instanceof EngineError && error.code === 'DEVICE_NOT_REACHABLE');
      if (!linkLost || attempt >= MAX_AUTOMATIC_RESUMES) {
        io.stderr(`mxc commission: ${(error as Error).message}`);
        io.stderr(`The session journal is kept in ${journals.location}; run the same command again to resume.`);
        return 1;
      }
      io.stdout(`The connection was lost (${(error as Error).message}); resuming from the journal.`);
      journal = Journal.open(journals, journal.sessionId)!;
    }
  }

  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const report = buildComplianceReport(outcome, { appVersion: version });
  const key = await loadOrCreateInstallationKey(dataDir);
  const signed = await signComplianceReport(report, key);
  writeFileSync(join(outDir, 'report.json'), JSON.stringify(signed, null, 2));
  writeFileSync(join(outDir, 'report.html'), renderReportHtml(report, lang));
  if (outcome.certificate) {
    writeFileSync(join(outDir, 'certificate.der'), outcome.certificate.der);
    writeFileSync(join(outDir, 'certificate.pem'), outcome.certificate.pem);
  }
  const s = report.summary;
  io.stdout(`Report: ${join(outDir, 'report.json')} (signed, key ${key.keyId}), ${join(outDir, 'report.html')}`);
  io.stdout(`Rows: ${s.passed} pass, ${s.attested} attested, ${s.notApplicable} n/a, ${s.failed} fail, ${s.notVerified} not verified${s.excepted ? `, ${s.excepted} with exception` : ''}.`);
  for (const r of report.rows.filter((x) => !['pass', 'attested', 'not-applicable'].includes(x.status))) io.stdout(`  ${r.rowId} ${r.status}: ${r.reason ?? ''}`);
  io.stdout(`Verdict: ${s.verdictText.en}`);
  for (const d of report.deviations) io.stdout(`  deviation, ${d.reference}: ${d.text.en}`);
  return s.verdict === 'as-guideline' ? 0 : s.verdict === 'with-deviations' ? EXIT_WITH_DEVIATIONS : 1;
}

export const commissionCommand: CliCommand = {
  name: 'commission',
  summary: 'Commission a controller headless from a profile; write the signed report',
  help: HELP,
  run: (args, io) => runCommission(args, io),
};
