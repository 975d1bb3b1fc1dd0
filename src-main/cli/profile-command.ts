// `mxc profile recommended --model M [--pc-address A]`: prints the profile the app proposes for a new
// device (the guideline's values, and the project's where it gives none), as JSON to edit and keep.
import { parseArgs } from 'node:util';
import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { recommendedProfile, UnknownModelError } from '../commissioning/recommended-profile';
import { ProfileValidationError } from '../model/security-settings';

const HELP = `Usage: mxc profile recommended --model MODEL [--pc-address ADDRESS]

Prints the recommended security profile for MODEL as JSON (stdout): MX-R (e.g. MXR300-32), MX-F
(e.g. MXF100-16-N32) or "wlan-adapter". With --pc-address the commissioning PC is pre-allowed in the IP
filter, so it does not lock itself out (2.4.8). Review it, add the attestations and exceptions of your
site, and pass it to "mxc commission --profile FILE". A profile never holds a password.

Options:
  --model MODEL          The device model
  --pc-address ADDRESS   This PC's IPv4 address on the controller's network
  -h, --help             This text
`;

export async function runProfile(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'recommended') throw new CliUsageError(`unknown subcommand "${sub ?? ''}"; the subcommand is "recommended".`);
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: { model: { type: 'string' }, 'pc-address': { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  if (!values.model) throw new CliUsageError('--model MODEL is required (e.g. --model MXR300-32).');
  try {
    const profile = recommendedProfile(values.model, values['pc-address'] ? { pcAddress: values['pc-address'] } : {});
    io.stdout(JSON.stringify(profile, null, 2));
    return 0;
  } catch (e) {
    if (e instanceof UnknownModelError) throw new CliUsageError(e.message);
    if (e instanceof ProfileValidationError) throw new CliUsageError(e.issues.map((i) => (i.path.includes('ipFilter') ? `--pc-address: ${i.message}` : `${i.path}: ${i.message}`)).join(' '));
    throw e;
  }
}

export const profileCommand: CliCommand = { name: 'profile', summary: 'Print the recommended security profile for a model', help: HELP, run: runProfile };
