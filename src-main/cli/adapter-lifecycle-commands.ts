// `mxc visit` and `mxc dispose` when the device is the wireless LAN adapter (the commands choose this by
// the baseline's system, or by the model typed for the disposal): the same kinds of session of the one core
// (lifecycle/adapter-visit.ts, lifecycle/adapter-disposal.ts), the same signed files, the same chain.
// The adapter's secrets: its login password under "logon" (user "admin") or users.admin, and for the
// disposal the factory password from its manual under users.factory.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIo } from './cli-command';
import type { Secrets } from './secrets-file';
import { CliUsageError } from './cli-command';
import { DeviceRegistry, deviceIdOf } from '../commissioning/engine/device-registry';
import { FACTORY_SECRET } from '../commissioning/families/wlan-adapter/adapter-steps';
import type { Journal } from '../commissioning/journal/journal';
import { signReport, type SignedReport } from '../crypto/report-signature';
import type { Endpoint } from '../devices/endpoint';
import { ADAPTER_ACCOUNT } from '../devices/wlan-adapter/adapter-session-driver';
import type { Destination } from '../report/disposal-certificate';
import { signedDigest } from '../report/report-chain';
import { runAdapterDisposal } from '../lifecycle/adapter-disposal';
import { runAdapterVisit } from '../lifecycle/adapter-visit';
import { DisposalError } from '../lifecycle/disposal';

interface Common {
  target: Endpoint;
  journal: Journal;
  registry: DeviceRegistry;
  secrets: Secrets;
  outDir: string;
  operatorName: string;
  appVersion: string;
  key: { privateKeyPem: string; keyId: string };
  lang: 'en' | 'ja';
}

/** The adapter's login password from the secrets file: "logon" of user admin, or users.admin. */
export function adapterPassword(secrets: Secrets): string {
  if (secrets.logon && secrets.logon.user !== ADAPTER_ACCOUNT) throw new CliUsageError(`The adapter's web interface has one account, "${ADAPTER_ACCOUNT}": give its password as "logon": {"user": "${ADAPTER_ACCOUNT}", ...}.`);
  const password = secrets.logon?.password ?? secrets.users.get(ADAPTER_ACCOUNT);
  if (!password) throw new CliUsageError(`The secrets file needs the adapter's login password ("logon" with user "${ADAPTER_ACCOUNT}", or users.${ADAPTER_ACCOUNT}).`);
  return password;
}

const saver = (outDir: string) => async (name: string, data: Buffer) => {
  const path = join(outDir, name.replace(/[^\w.-]/g, '_'));
  writeFileSync(path, data, { mode: 0o600 });
  return path;
};

export async function adapterVisitCommand(c: Common & { baseline: SignedReport }, io: CliIo): Promise<number> {
  const { report } = await runAdapterVisit({
    target: c.target,
    journal: c.journal,
    registry: c.registry,
    password: adapterPassword(c.secrets),
    baseline: c.baseline,
    operatorName: c.operatorName,
    appVersion: c.appVersion,
    save: saver(c.outDir),
    onProgress: (l) => io.stdout(l),
  });
  const signed = await signReport(report, c.key.privateKeyPem, c.key.keyId);
  const path = join(c.outDir, 'visit-report.json');
  writeFileSync(path, JSON.stringify(signed, null, 2));
  c.registry.noteReport(deviceIdOf(report.device.model, report.device.serialNumber), { kind: 'maintenance-visit', at: report.generatedAt, digest: signedDigest(signed) });
  io.stdout(report.drift.none ? 'Drift: none — every setting equals the baseline.' : `Drift: ${report.drift.items.length} difference(s) from the baseline:`);
  for (const d of report.drift.items) io.stdout(`  ${d.path}: baseline ${JSON.stringify(d.baseline)}, now ${JSON.stringify(d.now)}${d.references ? ` (${d.references})` : ''}`);
  for (const x of [...report.continuous, ...report.settingChecks]) io.stdout(`  Table ${x.table} row ${x.row} ${x.title[c.lang]}: ${x.status}${x.reason ? ` — ${x.reason}` : ''}`);
  const s = report.summary;
  io.stdout(`Visit report: ${path} (signed, key ${c.key.keyId}; follows ${report.predecessor.digest.slice(0, 23)}…). ${s.drift} drift, ${s.failed} failed, ${s.warnings} warning(s), ${s.notRun} not run.`);
  return s.ok ? 0 : 1;
}

export async function adapterDisposeCommand(c: Common & { confirmModel: string; destination: Destination; predecessor?: SignedReport; finalBackup: boolean }, io: CliIo): Promise<number> {
  const factoryPassword = c.secrets.users.get(FACTORY_SECRET);
  if (!factoryPassword) throw new CliUsageError(`The secrets file needs the adapter's factory password from its manual (users.${FACTORY_SECRET}): the app logs in with it after the initialization to delete the logs (4.4.8).`);
  const certificatePath = join(c.outDir, 'disposal-certificate.json');
  let outcome;
  try {
    outcome = await runAdapterDisposal({
      target: c.target,
      journal: c.journal,
      registry: c.registry,
      password: adapterPassword(c.secrets),
      factoryPassword,
      confirmModel: c.confirmModel,
      operatorName: c.operatorName,
      appVersion: c.appVersion,
      destination: c.destination,
      ...(c.predecessor ? { predecessor: c.predecessor } : {}),
      save: saver(c.outDir),
      finalBackup: c.finalBackup,
      onProgress: (l) => io.stdout(l),
    });
  } catch (e) {
    const partial = (e as { certificate?: unknown }).certificate;
    if (e instanceof DisposalError && partial) {
      writeFileSync(certificatePath, JSON.stringify(await signReport(partial, c.key.privateKeyPem, c.key.keyId), null, 2));
      io.stderr(`mxc dispose: ${e.message} The certificate written says so; the pin is kept.`);
      return 1;
    }
    throw e;
  }
  const { certificate } = outcome;
  writeFileSync(certificatePath, JSON.stringify(await signReport(certificate, c.key.privateKeyPem, c.key.keyId), null, 2));
  const removed = c.registry.remove(deviceIdOf(certificate.device.model, certificate.device.serialNumber)) ?? c.registry.remove(deviceIdOf(certificate.device.model, null));
  for (const r of certificate.verification.readings) io.stdout(`  ${r.what}: ${r.value}${r.factory ? '' : '  <- NOT factory state'}`);
  io.stdout(`${certificate.device.model} is in factory state with its logs deleted. Disposal certificate: ${certificatePath} (signed, key ${c.key.keyId}).`);
  io.stdout(removed ? `The certificate pin ${removed.fingerprint256.slice(0, 23)}… was removed from this installation.` : 'This installation kept no pin for the adapter.');
  return 0;
}
