// `mxc report verify FILE [--trusted-key PEM] [--predecessor FILE]`: checks any signed file of MX
// Commissioner (compliance report, visit report, disposal certificate, event history export). Exit 0
// when the signature and every check the file allows hold, 1 when one does not.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { readSignedFile, verifySignedDocument } from '../report/signed-document';

const HELP = `Usage: mxc report verify FILE [--trusted-key PUBLIC_KEY_PEM_FILE] [--predecessor FILE]

Checks a signed file written by mxc: report.json ("mxc commission" or "mxc verify"), visit-report.json ("mxc visit"),
disposal-certificate.json ("mxc dispose") or events.json ("mxc events export"). Any edit of the file
after signing - a verdict, a date, a removed row or event - makes the check fail. Without --trusted-key
the check proves integrity with the public key inside the file; with it, also that the file was signed
by that installation.

An event history export is also checked record by record: its own hash chain, numbers without gaps,
the count the device gave, and the device's own manipulation check at export time.

A visit report and a disposal certificate name the report they follow by its hash. With
--predecessor FILE the command checks that FILE is exactly that report, unchanged, of the same device:
a predecessor changed after signing, or another report, is detected.

Exit code 0: valid; 1: changed, not a report, signed by another key, or not following the predecessor.
`;

export async function runReport(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify') throw new CliUsageError(`unknown subcommand "${sub ?? ''}"; the subcommand is "verify".`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { 'trusted-key': { type: 'string' }, predecessor: { type: 'string' } }, strict: true, allowPositionals: true });
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) throw new CliUsageError('give exactly one report file.');
  const trusted = parsed.values['trusted-key'] ? readFileSync(parsed.values['trusted-key'], 'utf8') : undefined;
  let signed, predecessor;
  try {
    signed = readSignedFile(file);
    predecessor = parsed.values.predecessor ? readSignedFile(parsed.values.predecessor) : undefined;
  } catch (e) {
    io.stderr(`${file}: ${(e as Error).message}`);
    return 1;
  }
  const v = verifySignedDocument(signed, { ...(trusted ? { trustedPublicKeyPem: trusted } : {}), ...(predecessor ? { predecessor } : {}) });
  const facts = describe(signed.report);
  const [first, ...more] = v.messages;
  (v.valid ? io.stdout : io.stderr)(`${file}: ${first ?? ''}${facts ? ` (${facts})` : ''}`);
  for (const m of more) (v.valid ? io.stdout : io.stderr)(`  ${m}`);
  return v.valid ? 0 : 1;
}

function describe(report: unknown): string {
  const r = report as { format?: string; device?: { model?: string }; generatedAt?: string; exportedAt?: string; summary?: { compliant?: boolean; verdictText?: { en?: string }; ok?: boolean; drift?: number } } | undefined;
  if (!r?.device?.model) return '';
  const when = r.generatedAt ?? r.exportedAt ?? '';
  if (r.format === 'mx-commissioner-compliance-report') return `${r.device.model}, ${when}, ${r.summary?.verdictText?.en ?? (r.summary?.compliant ? 'every row met' : 'not every row met')}`;
  if (r.format === 'mx-commissioner-visit-report') return `${r.device.model}, ${when}, ${r.summary?.drift ? `${r.summary.drift} drift` : 'no drift'}${r.summary?.ok ? '' : ', findings'}`;
  return `${r.device.model}, ${when}`;
}

export const reportCommand: CliCommand = { name: 'report', summary: 'Verify a signed report, visit report, disposal certificate or event export', help: HELP, run: runReport };
