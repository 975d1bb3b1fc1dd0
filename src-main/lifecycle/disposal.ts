// Removal and disposal of a controller (2.6 / Figure 16 for MX-R, 3.6 / Figure 30 for MX-F): an optional
// final backup and event-history export, the initialization of all information (only with the model
// typed back), then PROOF over the link that the device is in factory state — no users (user
// authentication off), no certificate, no parameters written, and what the event history still holds —
// the SD card's fate as the operator states it (initialization does not erase the card), and a signed
// disposal certificate (report/disposal-certificate.ts). The caller removes the pin.
//
// A kind of session of the one engine (commissioning/family/session-kind.ts DISPOSAL, procedure data in
// commissioning/guideline/procedures/later-life.ts): the engine connects, identifies the device against
// the typed model, journals each step (an interrupted disposal resumes: a finished initialization is
// never repeated, the factory state is read again); the handlers below do each step's work.
import { AppError } from '../messages/app-error';
import { openBackupFile } from '../crypto/backup-file';
import { CommissioningEngine } from '../commissioning/engine/commissioning-engine';
import { familyOf } from '../commissioning/families';
import type { ConnectDriver } from '../commissioning/engine/connect-driver';
import { deviceIdOf, type DeviceRegistry } from '../commissioning/engine/device-registry';
import { SecretsFromMap } from '../commissioning/engine/operator';
import { DISPOSAL, type SessionKind, type StepContext } from '../commissioning/family/session-kind';
import type { Journal } from '../commissioning/journal/journal';
import type { StepState } from '../commissioning/journal/journal-entry';
import { recommendedProfile } from '../commissioning/recommended-profile';
import type { Endpoint } from '../devices/endpoint';
import type { ControllerProfile } from '../model/security-settings';
import { baselineOf, profileFromBaseline } from './visit';
import type { SignedReport } from '../crypto/report-signature';
import type { ControllerCapabilities, ControllerSecurityDriver } from '../devices/controller-security-driver';
import { checkRule, formatReferences } from '../commissioning/guideline';
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
import { exportEventHistory, readWholeEventHistory } from './event-history';

export class DisposalError extends AppError {
  declare readonly code: 'NOT_CONFIRMED' | 'NOT_SUPPORTED' | 'NOT_FACTORY_STATE' | 'DEVICE_DID_NOT_RETURN';
  constructor(code: 'NOT_CONFIRMED' | 'NOT_SUPPORTED' | 'NOT_FACTORY_STATE' | 'DEVICE_DID_NOT_RETURN', message: string) {
    super({ code, messageId: `errors.lifecycle.disposal.${code}`, englishText: message });
  }
}

export interface DisposalInput {
  target: Endpoint;
  connect: ConnectDriver<ControllerSecurityDriver>;
  journal: Journal;
  registry: DeviceRegistry;
  /** An existing Administrator (initialization is theirs alone, 2.4.1). */
  logon: { user: string; password: string };
  /** The model name the operator typed to confirm the initialization. */
  confirmModel: string;
  /** After the initialization the link drops and TLS is gone: a new link (no logon: authentication is off). */
  reconnect: () => Promise<ControllerSecurityDriver>;
  operatorName: string;
  appVersion: string;
  sdCard: SdCardFate;
  destination: Destination;
  /** The device's last report (commissioning or visit), to chain the certificate to. */
  predecessor?: SignedReport;
  finalBackup?: { password: string; save: (name: string, file: Buffer) => Promise<string> } | { declined: string };
  onProgress?: (line: string) => void;
  now?: () => Date;
}

export interface DisposalOutcome {
  certificate: DisposalCertificate;
  /** The history as it was just before the initialization (the last evidence of the device's life). */
  finalEvents?: EventHistoryExport;
}

// Project choice: after the initialization the device restarts; the app tries to reach it 40 times,
// 250 ms apart (10 s), before it says the device did not come back.
const RECONNECT = { attempts: 40, delayMs: 250 };

export async function runDisposal(input: DisposalInput): Promise<DisposalOutcome> {
  const now = input.now ?? (() => new Date());
  const say = input.onProgress ?? (() => undefined);
  const predecessorProfile = input.predecessor ? tryProfile(input.predecessor) : undefined;
  const profile = (predecessorProfile ?? recommendedProfile(input.confirmModel)) as ControllerProfile;
  if (profile.system !== 'mx-r' && profile.system !== 'mx-f') throw new DisposalError('NOT_SUPPORTED', `${input.confirmModel} is not an MX controller.`);
  const system = profile.system;
  const section = system === 'mx-r' ? '2.6' : '3.6';
  const figure = system === 'mx-r' ? '16' : '30';

  let caps: ControllerCapabilities | undefined;
  let loggedOn: ControllerSecurityDriver | undefined;
  const device = async (ctx: StepContext<ControllerSecurityDriver>): Promise<ControllerSecurityDriver> => {
    const d = await ctx.connected();
    if (loggedOn !== d) {
      caps = await d.capabilities();
      if (caps.mode !== 'full' || !caps.operations.has('initialize'))
        throw new DisposalError('NOT_SUPPORTED', `${caps.model} cannot be initialized through the app: initialize it in the engineering tool. ${DESTRUCTION_ADVICE}`);
      const r = await d.logon(input.logon.user, input.logon.password);
      if (r.group !== 'Administrators') throw new DisposalError('NOT_SUPPORTED', `"${input.logon.user}" is in group "${r.group}": only an Administrator initializes (2.4.1).`);
      loggedOn = d;
    }
    return d;
  };

  let finalBackup: DisposalCertificate['sanitization']['finalBackup'] = { taken: false, reason: 'not asked for' };
  let finalEvents: EventHistoryExport | undefined;
  let performedAt: string | undefined;
  const readings: FactoryStateReading[] = [];
  let linkDescription = '';

  const handlers: Record<string, (ctx: StepContext<ControllerSecurityDriver>) => Promise<{ state: StepState; detail?: string }>> = {
    'disposal.backup': async (ctx) => {
      const driver = await device(ctx);
      if (input.finalBackup && 'password' in input.finalBackup) {
        say('Final backup to this PC (encrypted)…');
        const made = await driver.createBackup({ destination: 'pc', password: input.finalBackup.password });
        await openBackupFile(made.file!, input.finalBackup.password);
        finalBackup = { taken: true, file: await input.finalBackup.save(made.name, made.file!) };
      } else if (input.finalBackup && 'declined' in input.finalBackup) {
        finalBackup = { taken: false, reason: input.finalBackup.declined };
      }
      say('Exporting the event history before it is deleted…');
      finalEvents = await exportEventHistory(driver, { operatorName: input.operatorName, now });
      return { state: 'done', detail: `${finalBackup.taken ? `Final backup: ${finalBackup.file}` : `No final backup (${finalBackup.reason})`}; ${finalEvents.records.length} event records exported.` };
    },
    'disposal.factory-state': async (ctx) => {
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
      readings.length = 0;
      try {
        const identity = await after.readIdentity();
        linkDescription = identity.linkDescription;
        readings.push({ what: 'model (SLMP Read Type Name)', value: identity.model, factory: identity.model === input.confirmModel });
        const ua = await after.readUserAuthentication();
        readings.push({ what: 'user authentication', value: ua.enabled ? 'on' : 'off', factory: !ua.enabled });
        readings.push({ what: 'registered users', value: ua.users.length ? ua.users.map((u) => u.name).join(', ') : 'none', factory: ua.users.length === 0 });
        const cert = await after.readCertificate();
        readings.push({ what: 'certificate', value: cert ? cert.fingerprint256 : 'none', factory: cert === null });
        const params = await after.readParameters();
        const written = Object.keys(params.written).filter((k) => params.written[k as keyof typeof params.written] !== undefined);
        readings.push({ what: 'parameters written', value: written.length ? written.join(', ') : 'none', factory: written.length === 0 });
        const history = await readWholeEventHistory(after);
        // The initialization deletes the history; the device's first record of the new one says it was
        // initialized (2.4.1). Anything older left on the device would show before that record.
        const first = history.records[0];
        readings.push({ what: 'event history', value: `${history.total} record(s)${first ? `, the first: ${first.name} at ${first.at}` : ''}`, factory: !first || first.code === 0x5009 });
      } finally {
        await after.close().catch(() => undefined);
      }
      const bad = readings.filter((r) => !r.factory);
      return { state: bad.length ? 'failed' : 'done', detail: bad.length ? `Not factory state: ${bad.map((r) => `${r.what} ${r.value}`).join('; ')}` : 'Factory state read back: no users, user authentication off, no certificate, no parameters.' };
    },
  };

  const kind: SessionKind = {
    ...DISPOSAL,
    steps: {
      connect: async (ctx) => {
        const d = await device(ctx);
        return { state: 'done', detail: `Connected over ${d.link.description}; logged on as ${input.logon.user} (Administrators).` };
      },
      verification: (ctx) => handlers[ctx.step.id]!(ctx),
      'device-operation': async (ctx) => {
        const driver = await device(ctx);
        if (input.confirmModel !== caps!.model)
          throw new DisposalError('NOT_CONFIRMED', `Type the model of the device to confirm the initialization of all information: this device is ${caps!.model}, "${input.confirmModel}" was given. Nothing was changed.`);
        say(`Initializing all information of the ${caps!.model}…`);
        performedAt = now().toISOString();
        ctx.journal.append({ type: 'operation', stepId: ctx.step.id, operation: 'initialize', state: 'intended' });
        await driver.initializeAll(input.confirmModel);
        await driver.close().catch(() => undefined);
        loggedOn = undefined;
        ctx.journal.append({ type: 'operation', stepId: ctx.step.id, operation: 'initialize', state: 'done', detail: performedAt });
        return { state: 'done', detail: `Initialization of all information requested at ${performedAt}; proven by the next step.` };
      },
      'operator-checklist': async () => ({ state: 'operator-performed', detail: SD_TEXT[input.sdCard] }),
      report: async () => ({ state: 'done', detail: 'Disposal certificate issued.' }),
    },
  };
  const engine = new CommissioningEngine(
    { profile, target: input.target },
    {
      connect: input.connect,
      family: familyOf(profile.system),
      kind,
      journal: input.journal,
      registry: input.registry,
      operator: { name: input.operatorName, confirmInitialization: async () => input.confirmModel, backupBeforeInitialization: async () => ({ kind: 'declined', reason: 'handled by the disposal' }), performManually: async () => false },
      secrets: new SecretsFromMap(new Map([[input.logon.user, input.logon.password]])),
      now,
    },
  );
  await engine.run();
  // On a resume the initialization step is not repeated: its time is the journal's.
  performedAt ??= [...input.journal.entries].reverse().find((e) => e.type === 'operation' && e.operation === 'initialize')?.at ?? now().toISOString();
  const c = caps!;
  const factoryState = readings.length > 0 && readings.every((r) => r.factory);
  const pinned = input.registry.get(deviceIdOf(c.model, c.serialNumber))?.fingerprint256 ?? (input.target.kind === 'tls' ? (input.target.fingerprint256 ?? null) : null);
  const certificate: DisposalCertificate = {
    format: DISPOSAL_CERTIFICATE_FORMAT,
    version: 1,
    generatedAt: now().toISOString(),
    app: { name: 'MX Commissioner', version: input.appVersion },
    device: { system, model: c.model, serialNumber: c.serialNumber, firmwareVersion: c.firmwareVersion },
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
    // Every step of the kind ran in the guideline's order; the rule judges the facts it produced.
    order: { ruleId: 'order.disposal', status: checkRule('order.disposal', { system, backupTakenOrDeclined: true, initializedAll: factoryState, sdCardHandled: true }).status },
    operator: { name: input.operatorName },
    advice: DESTRUCTION_ADVICE,
    ...(input.predecessor ? { predecessor: linkTo(input.predecessor) } : {}),
    pinRemoved: { fingerprint256: pinned },
  };
  if (!factoryState) {
    const bad = readings.filter((r) => !r.factory).map((r) => `${r.what}: ${r.value}`);
    throw Object.assign(new DisposalError('NOT_FACTORY_STATE', `The device does not read as factory state after its initialization (${bad.join('; ')}). Do not release it; ${DESTRUCTION_ADVICE}`), { certificate, finalEvents });
  }
  return { certificate, ...(finalEvents ? { finalEvents } : {}) };
}

const SD_TEXT: Record<SdCardFate, string> = {
  'removed-kept': 'The SD memory card was removed and is kept safe (operator); the initialization does not erase it.',
  'removed-destroyed': 'The SD memory card was removed and destroyed (operator).',
  'none-inserted': 'No SD memory card was inserted (operator).',
  'no-card-slot': 'The device has no SD memory card.',
};

function tryProfile(signed: SignedReport): ControllerProfile | undefined {
  try {
    const r = profileFromBaseline(baselineOf(signed));
    return r.ok && r.profile.system !== 'wlan-adapter' ? r.profile : undefined;
  } catch {
    return undefined;
  }
}
