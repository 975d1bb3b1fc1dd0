// `mxc profile recommended --model M [--pc-address A]`: prints the profile the app proposes for a new
// device (the guideline's values, and the project's where it gives none), as JSON to edit and keep.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { recommendedProfile, UnknownModelError } from '../commissioning/recommended-profile';
import { GUIDELINE, unknownProfileReferences } from '../commissioning/guideline';
import { AttestationSchema, type SecuritySystem } from '../model/security-settings';
import { ProfileValidationError } from '../commissioning/parse-profile';
import { z } from 'zod';

const HELP = `Usage: mxc profile recommended --model MODEL [--pc-address ADDRESS] [--pc-mac MAC] [--attestations FILE]

Prints the recommended security profile for MODEL as JSON (stdout): MX-R (e.g. MXR300-32), MX-F
(e.g. MXF100-16-N32) or "wlan-adapter". With --pc-address the commissioning PC is pre-allowed in the IP
filter, so it does not lock itself out (2.4.8). Review it, add the attestations and exceptions of your
site, and pass it to "mxc commission --profile FILE". A profile never holds a password.

Options:
  --model MODEL          The device model
  --pc-address ADDRESS   This PC's IPv4 address on the controller's network
  --pc-mac MAC           Wireless LAN adapter: this PC's MAC address, pre-registered in the wired
                         LAN MAC address filter (4.4.3) so the PC does not lock itself out
  --attestations FILE    What the person responsible attests (JSON list), put into the profile:
                         [{"id": "table9.row7", "by": "K. Tanaka", "at": "2026-12-04T09:00:00Z",
                           "text": "What was checked on site"}, ...]
  -h, --help             This text

What the device cannot show, attested by the person responsible (id: what is attested); each one missing
is a deviation in the report:
${attestableRows()}
`;

/** The rows a profile attests, per system, for the help text (the same list the commission run asks for). */
function attestableRows(): string {
  const systems: Array<[SecuritySystem, string]> = [['mx-r', 'MX-R'], ['mx-f', 'MX-F'], ['wlan-adapter', 'wireless LAN adapter']];
  return systems
    .map(([system, name]) => {
      const g = GUIDELINE[system];
      // Everything a missing attestation makes a deviation of (engine/deviations.ts): checklist steps,
      // attestation rows, implementation matters (Tables 10/28, 16/34 rows 2-9 for the controllers).
      const items = [
        ...g.procedure.steps.filter((s) => s.kind === 'operator-checklist').map((s) => ({ id: s.id, text: s.title.en })),
        ...g.settingsTable.filter((r) => r.verification === 'attestation').map((r) => ({ id: r.id, text: r.requirement.en })),
        ...g.implementationMatters.map((i) => ({ id: i.id, text: i.text.en })),
      ];
      return `  ${name}:\n${items.length === 0 ? '    (none)' : items.map((r) => `    ${r.id}  ${r.text}`).join('\n')}`;
    })
    .join('\n');
}

/** Reads the --attestations file: the profile's own attestation shape, so nothing is translated. */
function readAttestations(file: string): z.infer<typeof AttestationSchema>[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliUsageError(`--attestations ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(e as Error).message})`}.`);
  }
  const parsed = z.array(AttestationSchema).safeParse(json);
  if (!parsed.success) {
    throw new CliUsageError(`--attestations ${file}: ${parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join(' ')} Each entry is {"id", "by", "at" (ISO time), "text"}.`);
  }
  return parsed.data;
}

export async function runProfile(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'recommended') throw new CliUsageError(`unknown subcommand "${sub ?? ''}"; the subcommand is "recommended".`);
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: { model: { type: 'string' }, 'pc-address': { type: 'string' }, 'pc-mac': { type: 'string' }, attestations: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  if (!values.model) throw new CliUsageError('--model MODEL is required (e.g. --model MXR300-32).');
  try {
    const pcMac = values['pc-mac']?.toUpperCase();
    if (pcMac !== undefined && !/^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/.test(pcMac)) throw new CliUsageError('--pc-mac is a MAC address, e.g. 00:1A:2B:3C:4D:5E.');
    const profile = recommendedProfile(values.model, { ...(values['pc-address'] ? { pcAddress: values['pc-address'] } : {}), ...(pcMac ? { pcMac } : {}) });
    if (values.attestations) {
      profile.attestations = readAttestations(values.attestations);
      const refs = unknownProfileReferences(profile);
      if (refs.length > 0) throw new CliUsageError(`--attestations ${values.attestations}: ${refs.map((r) => r.message).join(' ')}`);
    }
    io.stdout(JSON.stringify(profile, null, 2));
    return 0;
  } catch (e) {
    if (e instanceof UnknownModelError) throw new CliUsageError(e.message);
    if (e instanceof ProfileValidationError) throw new CliUsageError(e.issues.map((i) => (i.path.includes('ipFilter') ? `--pc-address: ${i.message}` : `${i.path}: ${i.message}`)).join(' '));
    throw e;
  }
}

export const profileCommand: CliCommand = { name: 'profile', summary: 'Print the recommended security profile for a model', help: HELP, run: runProfile };
