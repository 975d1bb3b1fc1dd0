// `mxc dispose`: removal and disposal of a controller (2.6 / 3.6, lifecycle/disposal.ts), headless:
// optional final backup, the initialization of all information (the model typed back), proof over the
// link that the device is in factory state, the signed disposal certificate, and the pin removed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { parseTarget, TARGET_HELP } from './endpoint';
import { readSecrets } from './secrets-file';
import { defaultConnect, withPin } from './controller-connection';
import { Journal } from '../commissioning/journal/journal';
import { FileJournalStore } from '../commissioning/journal/journal-store';
import { formatEndpointText } from '../devices/endpoint';
import type { ConnectDriver } from '../commissioning/engine/connect-driver';
import { DeviceRegistry, deviceIdOf } from '../commissioning/engine/device-registry';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';
import { signReport } from '../crypto/report-signature';
import { installationStore } from '../store/conf-store';
import { loadOrCreateInstallationKey } from '../report/installation-key';
import { readSignedFile } from '../report/signed-document';
import type { Destination, SdCardFate } from '../report/disposal-certificate';
import { DisposalError, runDisposal } from '../lifecycle/disposal';
import { baselinePin } from '../lifecycle/visit';
import type { DisposalCertificate } from '../report/disposal-certificate';
import { renderDisposalCertificateHtml } from '../report/lifecycle-report-html';
import { writeReportPdf } from './report-pdf';
import { adapterDisposeCommand } from './adapter-lifecycle-commands';

const SD: Record<string, SdCardFate> = { removed: 'removed-kept', destroyed: 'removed-destroyed', none: 'none-inserted' };
const DESTINATIONS: readonly Destination[] = ['disposal', 'transfer', 'reuse-in-plant', 'return-to-vendor'];

const HELP = `Usage: mxc dispose --target ENDPOINT --secrets FILE --out DIR --confirm-initialize MODEL --sd-card removed|destroyed|none [options]

Removal and disposal of a controller (guideline 2.6 / Figure 16 for MX-R, 3.6 / Figure 30 for MX-F):

  1. logs on as an existing Administrator; with --backup, makes a final encrypted backup into DIR;
  2. exports the event history into DIR (the last record of the device's life);
  3. INITIALIZES ALL INFORMATION (devices/labels, files, security settings, users, event history,
     certificates) - only when --confirm-initialize names the device's model;
  4. reconnects and reads the device to prove it is in factory state (no users, user authentication
     off, no certificate, no parameters written, what the event history still holds);
  5. writes DIR/disposal-certificate.json, signed ("mxc report verify"), carrying the device, the method,
     the SD card's fate, what the verification read, the destination, who and when, and the same
     certificate to read or print as DIR/disposal-certificate.html;
  6. removes the device's certificate pin from this installation.

The SD memory card is NOT erased by the initialization: remove it and keep or destroy it (--sd-card).
If the initialization cannot be used (a malfunction), crush or magnetically destroy the product.

The wireless LAN adapter (--confirm-initialize wlan-adapter, --target tls://HOST:PORT its web interface;
Table 45 row 1, 4.4.8): reads the logs out into DIR (and with --backup the settings, encrypted), initializes
it, logs in with its factory password (secrets users.factory) and sets a one-time password (never kept) to
delete the logs with the logging function and read the settings and logs back, initializes it again so its
factory password is back, proves the site's password refused; --sd-card is not asked (it has none).

${TARGET_HELP}
  --verify-target ENDPOINT  Where the device is reached after the initialization (its certificate is
                       gone, so TLS is not possible): tcp://HOST:PORT or usb-socket:PATH. Default: the
                       --target when it is not tls://
  --secrets FILE|-     "logon": an existing Administrator; "backupPassword" for --backup
  --out DIR            Where the files go
  --confirm-initialize MODEL  The device's model, typed back: confirms the initialization
  --sd-card removed|destroyed|none   What was done with the SD memory card (operator's statement)
  --destination disposal|transfer|reuse-in-plant|return-to-vendor   Where the device goes (default disposal)
  --backup             Make a final encrypted backup first
  --predecessor REPORT The device's last report (commissioning or visit), to chain the certificate to
  --data-dir DIR       Registry and signing key (default ~/.config/mx-commissioner)
  --operator NAME      Who disposes (default: the login name)
  --lang en|ja         Language of disposal-certificate.html (default en)
  --pdf                Also write DIR/disposal-certificate.pdf, printed by this machine's Chromium
                       (MXC_CHROMIUM or the usual install path)

Exit code 0: initialized and proven in factory state; 1: not proven (a certificate is still written,
saying so), or the disposal failed; 2: usage.
`;

export interface DisposeOverrides {
  connect?: ConnectDriver<ControllerSecurityDriver>;
}

export async function runDispose(args: string[], io: CliIo, overrides: DisposeOverrides = {}): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        target: { type: 'string' },
        'verify-target': { type: 'string' },
        secrets: { type: 'string' },
        out: { type: 'string' },
        'confirm-initialize': { type: 'string' },
        'sd-card': { type: 'string' },
        destination: { type: 'string' },
        backup: { type: 'boolean' },
        predecessor: { type: 'string' },
        'data-dir': { type: 'string' },
        operator: { type: 'string' },
        lang: { type: 'string' },
        pdf: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  const target0 = parseTarget(values.target);
  if (!values.out) throw new CliUsageError('--out DIR is required.');
  if (!values.secrets) throw new CliUsageError('--secrets FILE (or "-") is required: the logon of an existing Administrator.');
  if (!values['confirm-initialize']) throw new CliUsageError('--confirm-initialize MODEL is required: type the model of the device to confirm the initialization of all information.');
  const sdCard = SD[values['sd-card'] ?? ''] ?? (/wlan|wireless/i.test(values['confirm-initialize']) ? 'no-card-slot' : undefined);
  if (!sdCard) throw new CliUsageError('--sd-card is required: "removed" (kept safe), "destroyed", or "none" (no card inserted). Initialization does not erase the card (2.6).');
  const destination = (values.destination ?? 'disposal') as Destination;
  if (!DESTINATIONS.includes(destination)) throw new CliUsageError(`--destination is one of ${DESTINATIONS.join(', ')}.`);
  const lang = (values.lang ?? 'en') as 'en' | 'ja';
  if (lang !== 'en' && lang !== 'ja') throw new CliUsageError('--lang is "en" or "ja".');
  // The wireless LAN adapter (its model typed back): Table 45 row 1 and 4.4.8, reached at its web interface.
  const adapter = /wlan|wireless/i.test(values['confirm-initialize']);
  const verifyTarget = values['verify-target'] ? parseTarget(values['verify-target']) : target0;
  if (verifyTarget.kind === 'tls' && !adapter) throw new CliUsageError('After the initialization the device has no certificate: give --verify-target tcp://HOST:PORT or usb-socket:PATH.');

  const predecessor = values.predecessor ? readSignedFile(values.predecessor) : undefined;
  const dataDir = resolve(values['data-dir'] ?? join(homedir(), '.config', 'mx-commissioner'));
  const registry = new DeviceRegistry(installationStore(dataDir));
  const target = withPin(target0, registry, predecessor ? baselinePin(predecessor) : undefined);
  const secrets = await readSecrets(values.secrets, { logon: adapter ? 'optional' : 'required', ...(values.backup && !adapter ? { backupPassword: 'existing' as const } : {}) }, { input: process.stdin, output: process.stderr });
  const connect = overrides.connect ?? defaultConnect;
  const outDir = resolve(values.out);
  mkdirSync(outDir, { recursive: true });
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  if (!secrets.logon && !adapter) throw new CliUsageError('The secrets file needs "logon": an existing Administrator of the controller.');
  const key = await loadOrCreateInstallationKey(dataDir);
  const journals = new FileJournalStore(join(dataDir, 'journals'));
  // An unfinished disposal of the same target resumes: a finished initialization is never repeated.
  const previous = Journal.unfinished(journals).find((d) => {
    const s = d.entries.find((e) => e.type === 'session');
    return s && s.type === 'session' && s.kind === 'disposal' && s.target === formatEndpointText(target);
  });
  const journal = previous ? Journal.open(journals, previous.sessionId)! : Journal.create(journals);
  io.stdout(previous ? `Resuming disposal ${journal.sessionId} (journal ${journals.location}).` : `Disposal ${journal.sessionId}; journal in ${journals.location}.`);
  /** The signed certificate and the same as HTML (and PDF with --pdf), also when it says "not factory state". */
  const writeCertificate = async (c: DisposalCertificate) => {
    writeFileSync(join(outDir, 'disposal-certificate.json'), JSON.stringify(await signReport(c, key.privateKeyPem, key.keyId), null, 2));
    const html = renderDisposalCertificateHtml(c, lang);
    writeFileSync(join(outDir, 'disposal-certificate.html'), html);
    if (values.pdf) await writeReportPdf(html, join(outDir, 'disposal-certificate.pdf'), io);
  };
  if (adapter)
    return adapterDisposeCommand(
      { target, journal, registry, secrets, outDir, operatorName: values.operator ?? userInfo().username, appVersion: version, key, lang, confirmModel: values['confirm-initialize'], destination, ...(predecessor ? { predecessor } : {}), finalBackup: values.backup === true },
      io,
    );
  if (!secrets.logon) throw new CliUsageError('The secrets file needs "logon": an existing Administrator of the controller.');
  let outcome;
  try {
    outcome = await runDisposal({
      target,
      connect,
      journal,
      registry,
      logon: secrets.logon,
      confirmModel: values['confirm-initialize'],
      reconnect: () => connect(verifyTarget),
      operatorName: values.operator ?? userInfo().username,
      appVersion: version,
      sdCard,
      destination,
      ...(predecessor ? { predecessor } : {}),
      ...(values.backup
        ? {
            finalBackup: {
              password: secrets.backupPassword!,
              save: async (name: string, file: Buffer) => {
                const path = join(outDir, name.replace(/[^\w.-]/g, '_') || 'final-backup.mxbak');
                writeFileSync(path, file, { mode: 0o600 });
                return path;
              },
            },
          }
        : { finalBackup: { declined: 'not asked for (no --backup)' } }),
      onProgress: (l) => io.stdout(l),
    });
  } catch (e) {
    const partial = (e as { certificate?: unknown }).certificate;
    if (e instanceof DisposalError && partial) {
      await writeCertificate(partial as DisposalCertificate);
      io.stderr(`mxc dispose: ${e.message} The certificate written says so; the pin is kept.`);
      return 1;
    }
    throw e;
  }
  const { model, serialNumber } = outcome.certificate.device;
  const deviceId = deviceIdOf(model, serialNumber);
  if (outcome.finalEvents) writeFileSync(join(outDir, 'events-before-initialization.json'), JSON.stringify(await signReport(outcome.finalEvents, key.privateKeyPem, key.keyId), null, 2));
  await writeCertificate(outcome.certificate);
  const removed = registry.remove(deviceId);
  for (const r of outcome.certificate.verification.readings) io.stdout(`  ${r.what}: ${r.value}${r.factory ? '' : '  <- NOT factory state'}`);
  io.stdout(`${model} is in factory state. Disposal certificate: ${join(outDir, 'disposal-certificate.json')} (signed, key ${key.keyId}).`);
  io.stdout(removed ? `The certificate pin ${removed.fingerprint256.slice(0, 23)}… was removed from this installation.` : 'This installation kept no pin for the device.');
  io.stdout(sdCard === 'none-inserted' ? 'No SD memory card was inserted (operator).' : `SD memory card: ${sdCard === 'removed-kept' ? 'removed and kept safe' : 'removed and destroyed'} (operator). Initialization does not erase it.`);
  return 0;
}

export const disposeCommand: CliCommand = { name: 'dispose', summary: 'Dispose of a controller: initialize, prove factory state, signed disposal certificate', help: HELP, run: (a, io) => runDispose(a, io) };
