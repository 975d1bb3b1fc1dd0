// `mxc firmware update`: the firmware or add-on update of 2.4.2 / 2.4.3 headless (lifecycle/firmware-update.ts).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { parseTarget, TARGET_HELP } from './endpoint';
import { readSecrets } from './secrets-file';
import { defaultConnect } from './controller-connection';
import type { ConnectDriver } from '../commissioning/engine/connect-driver';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';
import { PRACTICE_VENDOR_PUBLIC_KEY_PEM } from '../crypto/practice-vendor-key';
import { updateFirmwareSafely } from '../lifecycle/firmware-update';

const HELP = `Usage: mxc firmware update --target ENDPOINT --secrets FILE --package FILE --confirm-disconnected [options]

Updates the firmware or an add-on of a controller (guideline 2.4.2 / 2.4.3, Table 17/35 row 2):
  - logs on as the Administrator of the secrets file ("logon");
  - refuses unless the controller is in STOP (read from the device) and you confirm, with
    --confirm-disconnected, that the system is disconnected from other networks;
  - checks the package on this PC (vendor signature, model, image) BEFORE sending anything;
  - reads the version back; with --rollback-package, goes back to that version if it is not the
    package's.

${TARGET_HELP}
  --secrets FILE|-          "logon": an existing Administrator
  --package FILE            The vendor's update file for this model
  --rollback-package FILE   The package of the version to go back to (optional)
  --vendor-key PEM_FILE     The vendor public key to trust; without it only the PRACTICE vendor key
                            is trusted, which practice (virtual) devices use and no real device accepts
  --confirm-disconnected    You confirm the system is stopped and disconnected from other networks

Exit code 0: updated and the version read back is the package's; 1: refused or not updated; 2: usage.
`;

export async function runFirmware(args: string[], io: CliIo, overrides: { connect?: ConnectDriver<ControllerSecurityDriver> } = {}): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'update') throw new CliUsageError('Give the subcommand "update".');
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: { target: { type: 'string' }, secrets: { type: 'string' }, package: { type: 'string' }, 'rollback-package': { type: 'string' }, 'vendor-key': { type: 'string' }, 'confirm-disconnected': { type: 'boolean' } }, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  const target = parseTarget(values.target);
  if (!values.package) throw new CliUsageError('--package FILE is required.');
  if (!values.secrets) throw new CliUsageError('--secrets FILE (or "-") is required.');
  const secrets = await readSecrets(values.secrets, { logon: 'required' }, { input: process.stdin, output: process.stderr });
  const driver = await (overrides.connect ?? defaultConnect)(target);
  try {
    const logon = await driver.logon(secrets.logon!.user, secrets.logon!.password);
    const r = await updateFirmwareSafely({
      driver,
      loggedOnGroup: logon.group,
      pkg: readFileSync(values.package),
      ...(values['rollback-package'] ? { rollbackPackage: readFileSync(values['rollback-package']) } : {}),
      vendorPublicKeys: [values['vendor-key'] ? readFileSync(values['vendor-key'], 'utf8') : PRACTICE_VENDOR_PUBLIC_KEY_PEM],
      disconnectedFromOtherNetworks: values['confirm-disconnected'] === true,
      onProgress: (l) => io.stdout(l),
    });
    const what = r.kind === 'firmware' ? 'Firmware' : `Add-on ${r.name}`;
    if (r.ok) io.stdout(`${what}: ${r.before} -> ${r.after} (read back from the device).`);
    else io.stderr(`${what}: the device reports ${r.after}, not ${r.expected}.${r.rolledBack ? ` Rolled back: ${r.rolledBack.ok ? `the device reports ${r.rolledBack.to} again` : `FAILED (${r.rolledBack.to}); contact the vendor`}.` : ' Give --rollback-package to go back.'}`);
    return r.ok ? 0 : 1;
  } finally {
    await driver.close().catch(() => undefined);
  }
}

export const firmwareCommand: CliCommand = { name: 'firmware', summary: 'Update firmware or an add-on safely (2.4.2): guard, package check, version read back', help: HELP, run: (a, io) => runFirmware(a, io) };
