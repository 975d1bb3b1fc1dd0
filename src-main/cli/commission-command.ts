// `mxc commission`: runs a whole procedure of the guideline headless against one controller, from a
// profile file and a secrets file, and writes the signed report, its HTML form and the certificate for
// the connection destination devices. Exit 0 only when every row is met and nothing deviates.
// A thin adapter of the session core (session/): it reads the command line, answers the operator's
// questions from it, prints the progress and writes the files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { COMMISSION_HELP } from './commission-help';
import { headlessConsole } from './headless-console';
import { parseTarget } from './endpoint';
import { readSecrets } from './secrets-file';
import type { ConnectDriver } from '../commissioning/engine/connect-driver';
import type { NetworkProbe } from '../commissioning/engine/network-probe';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';
import { renderReportHtml, type ReportLanguage } from '../report/report-html';
import { checkProfile } from '../session/checked-profile';
import { CommissioningSession, type SessionDevice } from '../session/commissioning-session';
import { SessionSecrets } from '../session/session-secrets';
import { installationStore } from '../store/conf-store';

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
const S = { type: 'string' } as const;
const OPTIONS = { profile: S, secrets: S, target: S, 'tls-target': S, 'pc-address': S, out: S, 'data-dir': S, operator: S, lang: S, 'confirm-initialize': S, 'backup-dir': S, 'no-backup': S, 'pc-mac': S, 'pc-side': S, 'run-disruptive-checks': { type: 'boolean' } } as const;

export async function runCommission(args: string[], io: CliIo, overrides: CommissionOverrides = {}): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  if (!values.profile) throw new CliUsageError('--profile FILE is required.');
  if (!values.out) throw new CliUsageError('--out DIR is required.');
  if (!values.secrets) throw new CliUsageError('--secrets FILE (or "-" for standard input) is required: passwords are never taken from arguments.');
  const lang = (values.lang ?? 'en') as ReportLanguage;
  if (lang !== 'en' && lang !== 'ja') throw new CliUsageError('--lang is "en" or "ja".');
  const target = parseTarget(values.target);
  let tlsEndpoint: SessionDevice['tlsEndpoint'];
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
  const checked = checkProfile(profileJson);
  if (!checked.ok) {
    for (const i of checked.issues) io.stderr(`profile ${i.path || '(profile)'}: ${i.message}`);
    return 1;
  }
  for (const w of checked.warnings) io.stdout(`warning: ${w.path}: ${w.message}`);

  const secrets = await readSecrets(values.secrets, {}, { input: process.stdin, output: process.stderr });
  const dataDir = resolve(values['data-dir'] ?? join(homedir(), '.config', 'mx-commissioner'));
  const outDir = resolve(values.out);
  mkdirSync(outDir, { recursive: true });

  const { ask, onProgress } = headlessConsole(io, { confirmInitialize: values['confirm-initialize'], backupDir: values['backup-dir'], noBackup: values['no-backup'], runDisruptiveChecks: values['run-disruptive-checks'] === true });
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const host = { dataDir, store: installationStore(dataDir), appVersion: version, operatorName: values.operator ?? userInfo().username, ask, onProgress, ...(values['backup-dir'] ? { backupDir: resolve(values['backup-dir']) } : {}), ...overrides };
  const pcSide = values['pc-side'] ?? 'wired';
  if (pcSide !== 'wired' && pcSide !== 'wireless') throw new CliUsageError('--pc-side is "wired" or "wireless".');
  const pcMac = values['pc-mac']?.toUpperCase();
  if (pcMac !== undefined && !/^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/.test(pcMac)) throw new CliUsageError('--pc-mac is a MAC address, e.g. 00:1A:2B:3C:4D:5E.');
  const device: SessionDevice = {
    target,
    ...(tlsEndpoint ? { tlsEndpoint } : {}),
    ...(values['pc-address'] ? { pcAddress: values['pc-address'] } : {}),
    ...(pcMac ? { pcMac, pcSide } : {}),
  };
  const sessionSecrets = new SessionSecrets({ users: secrets.users, ...(secrets.logon ? { previousAdministrator: { userName: secrets.logon.user, password: secrets.logon.password } } : {}), ...(secrets.backupPassword ? { backupPassword: secrets.backupPassword } : {}) });
  // Resume the unfinished session of this device, target and profile, if there is one (another profile
  // starts a new session: the device is read again from the start).
  const session = CommissioningSession.open(host, device, checked.profile, { resume: 'matching', secrets: sessionSecrets });
  if (session.resumed) io.stdout(`Resuming session ${session.sessionId} (journal ${session.journalLocation}).`);
  else io.stdout(`Session ${session.sessionId}: ${checked.profile.model} at ${values.target}; journal in ${session.journalLocation}.`);

  let outcome;
  try {
    outcome = await session.runToEnd({ maxAutomaticResumes: MAX_AUTOMATIC_RESUMES, onLinkLost: (e) => io.stdout(`The connection was lost (${e.message}); resuming from the journal.`) });
  } catch (error) {
    io.stderr(`mxc commission: ${(error as Error).message}`);
    io.stderr(`The session journal is kept in ${session.journalLocation}; run the same command again to resume.`);
    return 1;
  }
  const report = session.report!;
  const { signed, key } = await session.signedReport();
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

export const commissionCommand: CliCommand = { name: 'commission', summary: 'Commission a controller or the wireless LAN adapter headless from a profile; write the signed report', help: COMMISSION_HELP, run: (args, io) => runCommission(args, io) };
