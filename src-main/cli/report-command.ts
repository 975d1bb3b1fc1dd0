// `mxc report verify FILE [--trusted-key PEM]`: checks a signed compliance report. Exit 0 when the
// signature holds (and, with --trusted-key, was made by that installation), 1 when it does not.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { verifyReportFile } from '../report/signed-report-file';

const HELP = `Usage: mxc report verify FILE [--trusted-key PUBLIC_KEY_PEM_FILE]

Checks the signature of a compliance report (report.json written by "mxc commission"). Any edit of the
file after signing - a verdict, a date, a removed row - makes the check fail. Without --trusted-key the
check proves integrity with the public key inside the report; with it, also that the report was signed
by that installation.

Exit code 0: valid; 1: changed, not a report, or signed by another key.
`;

export async function runReport(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify') throw new CliUsageError(`unknown subcommand "${sub ?? ''}"; the subcommand is "verify".`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { 'trusted-key': { type: 'string' } }, strict: true, allowPositionals: true });
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) throw new CliUsageError('give exactly one report file.');
  const trusted = parsed.values['trusted-key'] ? readFileSync(parsed.values['trusted-key'], 'utf8') : undefined;
  const v = verifyReportFile(file, trusted);
  (v.valid ? io.stdout : io.stderr)(`${file}: ${v.message}${v.model ? ` (${v.model}, ${v.generatedAt}, ${v.verdict ?? (v.compliant ? 'every row met' : 'not every row met')})` : ''}`);
  return v.valid ? 0 : 1;
}

export const reportCommand: CliCommand = { name: 'report', summary: 'Verify the signature of a compliance report', help: HELP, run: runReport };
