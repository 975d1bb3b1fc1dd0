// `mxc events export`: the controller's event history to the PC (Table 9 row 11 / Table 27 row 10), as a
// signed JSON file whose chain `mxc report verify` checks, and as CSV for a spreadsheet; the Table 12/30
// events to watch are counted with what each means and what to do.
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { parseTarget, TARGET_HELP } from './endpoint';
import { readSecrets } from './secrets-file';
import { connectAndLogOn, defaultConnect } from './controller-connection';
import type { ConnectDriver } from '../commissioning/engine/connect-driver';
import { eventsToWatchFor } from '../commissioning/guideline';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';
import { exportEventHistory } from '../lifecycle/event-history';
import { signReport } from '../crypto/report-signature';
import { eventHistoryCsv, type EventHistoryExport } from '../report/event-history-export';
import { loadOrCreateInstallationKey } from '../report/installation-key';

const HELP = `Usage: mxc events export --target ENDPOINT --secrets FILE --out DIR [options]

Logs on to the controller, asks its own manipulation check (Table 9 row 13 / Table 27 row 12), reads the
whole event history and writes into DIR:

  events.json   the history, signed with this installation's key, each record chained to the one before
                ("mxc report verify DIR/events.json" checks signature, chain, numbering and the device's check)
  events.csv    the same records for a spreadsheet (UTF-8; --lang ja for Japanese column names)

Then prints, for each security event to watch for (Table 12 / Table 30), how many records fall under it,
what it means and what to do.

${TARGET_HELP}
  --secrets FILE|-     The secrets file: "logon" (an existing user of the controller)
  --out DIR            Where the files go
  --data-dir DIR       The report signing key (default ~/.config/mx-commissioner)
  --operator NAME      Who exports (default: the login name)
  --lang en|ja         Language of the CSV column names and of the advice (default en)

Exit code 0: exported and every check held; 1: exported but the device's manipulation check failed (the
files are still written, as evidence), or the export failed; 2: usage.
`;

export interface EventsOverrides {
  connect?: ConnectDriver<ControllerSecurityDriver>;
}

export async function runEvents(args: string[], io: CliIo, overrides: EventsOverrides = {}): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'export') throw new CliUsageError(sub === undefined ? 'Give the subcommand "export".' : `Unknown subcommand "${sub}": use export.`);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { target: { type: 'string' }, secrets: { type: 'string' }, out: { type: 'string' }, 'data-dir': { type: 'string' }, operator: { type: 'string' }, lang: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  const target = parseTarget(values.target);
  if (!values.out) throw new CliUsageError('--out DIR is required.');
  if (!values.secrets) throw new CliUsageError('--secrets FILE (or "-") is required: the logon of an existing user.');
  const lang = (values.lang ?? 'en') as 'en' | 'ja';
  if (lang !== 'en' && lang !== 'ja') throw new CliUsageError('--lang is "en" or "ja".');
  const secrets = await readSecrets(values.secrets, { logon: 'required' }, { input: process.stdin, output: process.stderr });
  const { driver } = await connectAndLogOn(target, secrets, overrides.connect ?? defaultConnect);
  let doc: EventHistoryExport;
  try {
    doc = await exportEventHistory(driver, { operatorName: values.operator ?? userInfo().username });
    await driver.logoff().catch(() => undefined);
  } finally {
    await driver.close().catch(() => undefined);
  }
  const outDir = resolve(values.out);
  mkdirSync(outDir, { recursive: true });
  const key = await loadOrCreateInstallationKey(resolve(values['data-dir'] ?? join(homedir(), '.config', 'mx-commissioner')));
  const signed = await signReport(doc, key.privateKeyPem, key.keyId);
  writeFileSync(join(outDir, 'events.json'), JSON.stringify(signed, null, 2));
  const rows = eventsToWatchFor(doc.device.system);
  writeFileSync(join(outDir, 'events.csv'), eventHistoryCsv(doc, lang, (id) => rows.find((r) => r.id === id)?.title[lang]));
  io.stdout(`${doc.records.length} records of ${doc.device.model} written to ${join(outDir, 'events.json')} (signed, key ${key.keyId}) and events.csv.`);
  for (const line of watchSummary(doc, lang)) io.stdout(line);
  if (!doc.deviceCheck.ok) {
    io.stderr(`The device's manipulation check FAILED (${doc.deviceCheck.reason ?? 'no reason given'}, record ${(doc.deviceCheck.firstBadIndex ?? 0) + 1}): the history on the device cannot be trusted (Table 9 row 13). Keep these files as evidence.`);
    return 1;
  }
  io.stdout("The device's manipulation check passed.");
  return 0;
}

/** One line per Table 12/30 row: count, then what it means and what to do when there are any. */
export function watchSummary(doc: EventHistoryExport, lang: 'en' | 'ja'): string[] {
  const out: string[] = [];
  for (const row of eventsToWatchFor(doc.device.system)) {
    const n = doc.records.filter((r) => r.watch === row.id).length;
    out.push(`Table ${row.table} row ${row.row} ${row.title[lang]}: ${n}`);
    if (n > 0) out.push(`    ${row.meaning[lang]}`, `    ${row.action[lang]}`);
  }
  return out;
}

export const eventsCommand: CliCommand = { name: 'events', summary: 'Export the event history (signed JSON and CSV) and list the events to watch', help: HELP, run: (a, io) => runEvents(a, io) };
