// Removal and disposal of a controller (2.6 / Figure 16 for MX-R, 3.6 / Figure 30 for MX-F): an optional
// final backup and event-history export, the initialization of all information (only with the model
// typed back), then PROOF over the link that the device is in factory state — no users (user
// authentication off), no certificate, no parameters written, and what the event history still holds —
// the SD card's fate as the operator states it (initialization does not erase the card), and a signed
// disposal certificate (report/disposal-certificate.ts). The caller removes the pin.
import { openBackupFile } from '../crypto/backup-file';
import type { SignedReport } from '../crypto/report-signature';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';
import { formatReferences } from '../commissioning/guideline';
import {
  CLEARED_BY_INITIALIZATION,
  DESTRUCTION_ADVICE,
  DISPOSAL_CERTIFICATE_FORMAT,
  type Destination,
  type DisposalCertificate,
  type FactoryStateReading,
  type SdCardFate,
} from '../report/disposal-certificate';
import type { EventHistoryExport } from '../report/event-history-export';
import { linkTo } from '../report/report-chain';
import { exportEventHistory, readWholeEventHistory, systemOf } from './event-history';

export class DisposalError extends Error {
  constructor(
    readonly code: 'NOT_CONFIRMED' | 'NOT_SUPPORTED' | 'NOT_FACTORY_STATE' | 'DEVICE_DID_NOT_RETURN',
    message: string,
  ) {
    super(message);
    this.name = 'DisposalError';
  }
}

export interface DisposalInput {
  /** Logged on as an Administrator (initialization is theirs alone, 2.4.1). */
  driver: ControllerSecurityDriver;
  /** The model name the operator typed to confirm the initialization. */
  confirmModel: string;
  /** After the initialization the link drops: a new link to the device (no logon: authentication is off). */
  reconnect: () => Promise<ControllerSecurityDriver>;
  operatorName: string;
  appVersion: string;
  sdCard: SdCardFate;
  destination: Destination;
  /** The device's last report (commissioning or visit), to chain the certificate to. */
  predecessor?: SignedReport;
  /** The pin this installation kept for the device (removed by the caller after the certificate). */
  pinnedFingerprint256: string | null;
  finalBackup?: { password: string; save: (name: string, file: Buffer) => Promise<string> } | { declined: string };
  onProgress?: (line: string) => void;
  now?: () => Date;
}

export interface DisposalOutcome {
  certificate: DisposalCertificate;
  /** The history as it was just before the initialization (the last evidence of the device's life). */
  finalEvents: EventHistoryExport;
}

// Project choice: after the initialization the device restarts; the app tries to reach it 40 times,
// 250 ms apart (10 s), before it says the device did not come back.
const RECONNECT = { attempts: 40, delayMs: 250 };

export async function runDisposal(input: DisposalInput): Promise<DisposalOutcome> {
  const now = input.now ?? (() => new Date());
  const say = input.onProgress ?? (() => undefined);
  const caps = await input.driver.capabilities();
  if (caps.mode !== 'full' || !caps.operations.has('initialize'))
    throw new DisposalError('NOT_SUPPORTED', `${caps.model} cannot be initialized through the app: initialize it in the engineering tool. ${DESTRUCTION_ADVICE}`);
  if (input.confirmModel !== caps.model)
    throw new DisposalError('NOT_CONFIRMED', `Type the model of the device to confirm the initialization of all information: this device is ${caps.model}, "${input.confirmModel}" was given. Nothing was changed.`);
  const system = systemOf(caps);
  const section = system === 'mx-r' ? '2.6' : '3.6';
  const figure = system === 'mx-r' ? '16' : '30';

  let finalBackup: DisposalCertificate['sanitization']['finalBackup'] = { taken: false, reason: 'not asked for' };
  if (input.finalBackup && 'password' in input.finalBackup) {
    say('Final backup to this PC (encrypted)…');
    const made = await input.driver.createBackup({ destination: 'pc', password: input.finalBackup.password });
    await openBackupFile(made.file!, input.finalBackup.password);
    finalBackup = { taken: true, file: await input.finalBackup.save(made.name, made.file!) };
  } else if (input.finalBackup && 'declined' in input.finalBackup) {
    finalBackup = { taken: false, reason: input.finalBackup.declined };
  }
  say('Exporting the event history before it is deleted…');
  const finalEvents = await exportEventHistory(input.driver, { operatorName: input.operatorName, now });

  say(`Initializing all information of the ${caps.model}…`);
  const performedAt = now().toISOString();
  await input.driver.initializeAll(input.confirmModel);
  await input.driver.close().catch(() => undefined);

  let after: ControllerSecurityDriver | undefined;
  let last: unknown;
  for (let i = 0; i < RECONNECT.attempts && !after; i++) {
    try {
      const d = await input.reconnect();
      await d.readIdentity();
      after = d;
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, RECONNECT.delayMs));
    }
  }
  if (!after) throw new DisposalError('DEVICE_DID_NOT_RETURN', `The device did not answer after its initialization (${(last as Error)?.message ?? 'no answer'}). Check it in the engineering tool; ${DESTRUCTION_ADVICE}`);

  say('Reading the device to prove factory state…');
  const readings: FactoryStateReading[] = [];
  let linkDescription = '';
  try {
    const identity = await after.readIdentity();
    linkDescription = identity.linkDescription;
    readings.push({ what: 'model (SLMP Read Type Name)', value: identity.model, factory: identity.model === caps.model });
    const ua = await after.readUserAuthentication();
    readings.push({ what: 'user authentication', value: ua.enabled ? 'on' : 'off', factory: !ua.enabled });
    readings.push({ what: 'registered users', value: ua.users.length ? ua.users.map((u) => u.name).join(', ') : 'none', factory: ua.users.length === 0 });
    const cert = await after.readCertificate();
    readings.push({ what: 'certificate', value: cert ? cert.fingerprint256 : 'none', factory: cert === null });
    const params = await after.readParameters();
    const written = Object.keys(params.written).filter((k) => params.written[k as keyof typeof params.written] !== undefined);
    readings.push({ what: 'parameters written', value: written.length ? written.join(', ') : 'none', factory: written.length === 0 });
    const history = await readWholeEventHistory(after);
    // The device records its own initialization as the first record of the new history (2.4.1).
    const onlyInit = history.records.every((r) => r.seq <= 3 || r.code === 0x5009);
    readings.push({ what: 'event history', value: `${history.total} record(s): ${history.records.map((r) => r.name).join(', ') || 'empty'}`, factory: onlyInit });
  } finally {
    await after.close().catch(() => undefined);
  }
  const factoryState = readings.every((r) => r.factory);
  const identity = { system, model: caps.model, serialNumber: caps.serialNumber, firmwareVersion: caps.firmwareVersion };
  const certificate: DisposalCertificate = {
    format: DISPOSAL_CERTIFICATE_FORMAT,
    version: 1,
    generatedAt: now().toISOString(),
    app: { name: 'MX Commissioner', version: input.appVersion },
    device: identity,
    sanitization: {
      method: 'initialization-of-all-information',
      category: 'clear',
      cleared: CLEARED_BY_INITIALIZATION,
      performedAt,
      finalBackup,
      sdCard: input.sdCard,
      references: formatReferences([
        { doc: 'guideline', section },
        { doc: 'guideline', figure },
        { doc: 'guideline', table: system === 'mx-r' ? '17' : '35', row: 1 },
      ]),
    },
    verification: { method: 'read back over the link after the initialization', link: linkDescription, readAt: now().toISOString(), readings, factoryState },
    destination: input.destination,
    operator: { name: input.operatorName },
    advice: DESTRUCTION_ADVICE,
    ...(input.predecessor ? { predecessor: linkTo(input.predecessor) } : {}),
    pinRemoved: { fingerprint256: input.pinnedFingerprint256 },
  };
  if (!factoryState) {
    const bad = readings.filter((r) => !r.factory).map((r) => `${r.what}: ${r.value}`);
    throw Object.assign(new DisposalError('NOT_FACTORY_STATE', `The device does not read as factory state after its initialization (${bad.join('; ')}). Do not release it; ${DESTRUCTION_ADVICE}`), { certificate, finalEvents });
  }
  return { certificate, finalEvents };
}
