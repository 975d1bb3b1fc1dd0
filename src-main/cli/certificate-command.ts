// `mxc certificate renew`: the 2.4.7.3 renewal headless (lifecycle/certificate-renewal.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { parseTarget, TARGET_HELP } from './endpoint';
import { readSecrets } from './secrets-file';
import { connectAndLogOn, defaultConnect, withPin } from './controller-connection';
import type { ConnectDriver } from '../commissioning/engine/connect-driver';
import { DeviceRegistry } from '../commissioning/engine/device-registry';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';
import { installationStore } from '../store/conf-store';
import { certificateStanding, describeStanding } from '../lifecycle/certificate-calendar';
import { renewCertificate } from '../lifecycle/certificate-renewal';

const HELP = `Usage: mxc certificate renew --target ENDPOINT --tls-target HOST:PORT --secrets FILE --out DIR [options]

Renews the controller's certificate as 2.4.7.3 says (before it expires; the device warns from 90 days):
  1) deletes the certificate on the device, 2) creates a new one (valid from the device clock) and
  writes it, restarts the controller, connects over TLS pinned to the NEW certificate and only then
  replaces this installation's pin (the old pin is kept until the new certificate is proven),
  3) writes DIR/certificate.der and certificate.pem for the connection destination devices.

${TARGET_HELP}
  --tls-target HOST:PORT   The controller's SLMP-over-TLS listener (where the new certificate is proven)
  --secrets FILE|-         "logon": an existing Administrator
  --out DIR                Where the new certificate files go
  --data-dir DIR           The registry of pins (default ~/.config/mx-commissioner)

Exit code 0: renewed and proven; 1: not renewed or not proven (the old pin is kept); 2: usage.
`;

export async function runCertificate(args: string[], io: CliIo, overrides: { connect?: ConnectDriver<ControllerSecurityDriver> } = {}): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'renew') throw new CliUsageError('Give the subcommand "renew".');
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: { target: { type: 'string' }, 'tls-target': { type: 'string' }, secrets: { type: 'string' }, out: { type: 'string' }, 'data-dir': { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  if (!values.out) throw new CliUsageError('--out DIR is required.');
  if (!values.secrets) throw new CliUsageError('--secrets FILE (or "-") is required.');
  const m = /^(\[[^\]]+\]|[^:/]+):(\d{1,5})$/.exec(values['tls-target'] ?? '');
  if (!m) throw new CliUsageError('--tls-target HOST:PORT is required (where the new certificate is proven).');
  const tlsEndpoint = { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) };
  const registry = new DeviceRegistry(installationStore(resolve(values['data-dir'] ?? join(homedir(), '.config', 'mx-commissioner'))));
  const target = withPin(parseTarget(values.target), registry);
  const secrets = await readSecrets(values.secrets, { logon: 'required' }, { input: process.stdin, output: process.stderr });
  const connect = overrides.connect ?? defaultConnect;
  const { driver } = await connectAndLogOn(target, secrets, connect);
  const current = await driver.readCertificate();
  if (current) io.stdout(describeStanding(certificateStanding(current, new Date())));
  const r = await renewCertificate({ driver, registry, tlsEndpoint, connectPinned: async (fp) => {
      // A commissioned controller answers the proof's read only after a logon (C816 before it).
      const d = await connect({ kind: 'tls', ...tlsEndpoint, fingerprint256: fp });
      if (secrets.logon) await d.logon(secrets.logon.user, secrets.logon.password).catch(async (e: unknown) => { await d.close().catch(() => undefined); throw e; });
      return d;
    }, onProgress: (l) => io.stdout(l) }).finally(() => driver.close().catch(() => undefined));
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'certificate.der'), r.renewed.der);
  writeFileSync(join(out, 'certificate.pem'), r.renewed.pem);
  io.stdout(`New certificate ${r.renewed.fingerprint256} valid until ${r.renewed.notAfter}; pinned. Set ${join(out, 'certificate.der')} on the connection destination devices.`);
  return 0;
}

export const certificateCommand: CliCommand = { name: 'certificate', summary: 'Renew the device certificate (2.4.7.3): delete, create, prove, re-pin, export', help: HELP, run: (a, io) => runCertificate(a, io) };
