// Removal and disposal of the wireless LAN adapter (Table 45 row 1, 4.4.8), a kind of session of the one
// engine (session-kind.ts DISPOSAL; the family's procedure DISPOSAL_WLAN_ADAPTER). 4.4.8: the initialization
// restores the factory settings and password but keeps the logs, which "must be deleted individually using
// the logging function". A factory-password session may only set a new password (4.4.5), so to delete the
// logs and to READ the result the app sets a one-time password (random, in memory only), deletes the logs,
// reads the settings and the logs back, then initializes once more so the adapter leaves with its factory
// password — and proves that over the link (the one-time and the site's passwords refused, the factory one
// answering "set a new password"). The disposal certificate says what each reading showed.
import { randomBytes, randomInt } from 'node:crypto';
import { openBackupFile } from '../crypto/backup-file';
import { CommissioningEngine } from '../commissioning/engine/commissioning-engine';
import type { ConnectDriver } from '../commissioning/engine/connect-driver';
import { deviceIdOf, type DeviceRegistry } from '../commissioning/engine/device-registry';
import { SecretsFromMap } from '../commissioning/engine/operator';
import { adapterOf } from '../commissioning/families/wlan-adapter/adapter-settings-writers';
import { connectAdapter, WLAN_ADAPTER_FAMILY } from '../commissioning/families/wlan-adapter/wlan-adapter-family';
import { DISPOSAL, type SessionKind, type StepContext } from '../commissioning/family/session-kind';
import { checkRule, formatReferences } from '../commissioning/guideline';
import { ADAPTER_DISPOSAL_STEP } from '../commissioning/guideline/procedures/adapter-later-life';
import { ref } from '../commissioning/guideline/references';
import type { Journal } from '../commissioning/journal/journal';
import type { StepState } from '../commissioning/journal/journal-entry';
import { recommendedProfile } from '../commissioning/recommended-profile';
import type { SignedReport } from '../crypto/report-signature';
import type { AdapterSessionDriver } from '../devices/wlan-adapter/adapter-session-driver';
import { isDeviceOperationError } from '../devices/device-error';
import type { Endpoint } from '../devices/endpoint';
import { ADAPTER_ACCOUNT } from '../devices/wlan-adapter/adapter-session-driver';
import type { WlanAdapterDriver } from '../devices/wlan-adapter/wlan-adapter-driver';
import type { AdapterProfile, AdapterSettings } from '../model/security-settings';
import { ADAPTER_LOG_PATTERN, type AdapterStatusAnswer } from '../model/wlan-adapter-api';
import { ADAPTER_DESTRUCTION_ADVICE, CLEARED_ON_THE_ADAPTER, DISPOSAL_CERTIFICATE_FORMAT, type Destination, type DisposalCertificate, type FactoryStateReading } from '../report/disposal-certificate';
import { linkTo } from '../report/report-chain';
import { DisposalError } from './disposal';

export interface AdapterDisposalInput {
  /** The web interface: tls://HOST:PORT, the certificate pinned. */
  target: Endpoint;
  connect?: ConnectDriver<AdapterSessionDriver>;
  journal: Journal;
  registry: DeviceRegistry;
  /** The adapter's current login password (the site's). */
  password: string;
  /** The factory password from the adapter's manual: it logs in after the initialization. */
  factoryPassword: string;
  /** The model typed back: confirms the initialization. */
  confirmModel: string;
  operatorName: string;
  appVersion: string;
  destination: Destination;
  predecessor?: SignedReport;
  /** Where the last log read-out (and the final backup, when asked) is saved on this PC. */
  save?: (name: string, data: Buffer) => Promise<string>;
  finalBackup?: boolean;
  onProgress?: (line: string) => void;
  now?: () => Date;
}

export interface AdapterDisposalOutcome {
  certificate: DisposalCertificate;
  /** The logs as read out before they were deleted (the last record of the adapter's life). */
  lastLogText: string;
}

/** A password the adapter's rule accepts (upper, lower, digit, symbol; 24 characters), never kept or shown. */
function oneTimePassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?@'];
  const chars = sets.map((s) => s[randomInt(s.length)]!);
  const all = sets.join('');
  for (const b of randomBytes(20)) chars.push(all[b % all.length]!);
  return chars.join('');
}

// Project choice (as the controllers' disposal): after an initialization the adapter is given 40 attempts,
// 250 ms apart (10 s), to answer a logon again before the app says it did not come back.
const RETRY = { attempts: 40, delayMs: 250 };

async function logonAfterInitialization(a: WlanAdapterDriver, password: string): Promise<{ mustChangePassword: boolean }> {
  let last: unknown;
  for (let i = 0; i < RETRY.attempts; i++) {
    try {
      return await a.logon(password);
    } catch (e) {
      if (!isDeviceOperationError(e, 'link-lost') && !isDeviceOperationError(e, 'timeout')) throw e;
      last = e;
      await new Promise((r) => setTimeout(r, RETRY.delayMs));
    }
  }
  throw new DisposalError('DEVICE_DID_NOT_RETURN', `The adapter did not answer after its initialization (${(last as Error)?.message ?? 'no answer'}). ${ADAPTER_DESTRUCTION_ADVICE}`);
}

const refused = async (a: WlanAdapterDriver, password: string): Promise<boolean> =>
  a.logon(password).then(
    () => false,
    (e: unknown) => {
      if (isDeviceOperationError(e, 'wrong-credentials')) return true;
      throw e;
    },
  );

export async function runAdapterDisposal(input: AdapterDisposalInput): Promise<AdapterDisposalOutcome> {
  const now = input.now ?? (() => new Date());
  const say = input.onProgress ?? (() => undefined);
  // The engine identifies the adapter against a profile of its model; the disposal writes none of it.
  const profile = { ...(recommendedProfile('wlan-adapter') as AdapterProfile), model: input.confirmModel };
  const stamp = () => now().toISOString().replace(/[:.]/g, '-');

  let loggedOn: AdapterSessionDriver | undefined;
  let site: { settings: AdapterSettings; status: AdapterStatusAnswer } | undefined;
  const adapter = async (ctx: StepContext<AdapterSessionDriver>): Promise<WlanAdapterDriver> => {
    const d = await ctx.connected();
    const a = adapterOf(d);
    if (loggedOn !== d) {
      const r = await a.logon(input.password).catch((e: unknown) => {
        if (isDeviceOperationError(e, 'wrong-credentials')) throw new DisposalError('NOT_SUPPORTED', 'The adapter refuses the password given: give its current login password (secrets file "logon").');
        throw e;
      });
      if (r.mustChangePassword) throw new DisposalError('NOT_SUPPORTED', 'The adapter already has its factory password: it was initialized. Set a password on its web page to delete its logs, or dispose of it from there.');
      site = await a.readSettings();
      loggedOn = d;
    }
    return a;
  };

  let lastLogText = '';
  let finalBackup: DisposalCertificate['sanitization']['finalBackup'] = { taken: false, reason: 'not asked for' };
  let performedAt: string | undefined;
  let oneTime: string | undefined;
  let firstSeqAfterDeletion: number | undefined;
  let logsDeleted = false;
  let settingsCleared = false;
  const readings: FactoryStateReading[] = [];
  let linkDescription = '';

  const handlers: Record<string, (ctx: StepContext<AdapterSessionDriver>) => Promise<{ state: StepState; detail?: string }>> = {
    [ADAPTER_DISPOSAL_STEP.readOut]: async (ctx) => {
      const a = await adapter(ctx);
      say('Reading the logs out to this PC before they are deleted…');
      lastLogText = await a.exportLogs();
      const logPath = input.save ? await input.save(`${a.model}-log-before-disposal-${stamp()}.txt`, Buffer.from(lastLogText, 'utf8')) : undefined;
      if (input.finalBackup && input.save) {
        const file = await a.backup(input.password);
        await openBackupFile(file, input.password);
        finalBackup = { taken: true, file: await input.save(`${a.model}-settings-final-${stamp()}.bak`, file) };
      } else finalBackup = { taken: false, reason: input.finalBackup ? 'no folder on this PC was given' : 'not asked for' };
      return { state: 'done', detail: `Logs read out${logPath ? ` to ${logPath}` : ''}; ${finalBackup.taken ? `final backup ${finalBackup.file}` : `no final backup (${finalBackup.reason})`}.` };
    },
    [ADAPTER_DISPOSAL_STEP.factoryState]: async (ctx) => {
      const a = adapterOf(await ctx.connected());
      linkDescription = `web interface https://${a.endpoint.host}:${a.endpoint.port} (certificate ${a.fingerprint256 ?? 'not seen'})`;
      if (!oneTime) throw new DisposalError('NOT_FACTORY_STATE', `The session that deleted the logs was lost (its one-time password is never kept). Press the adapter's reset as its manual says and dispose of it again; ${ADAPTER_DESTRUCTION_ADVICE}`);
      readings.length = 0;
      const was = site?.settings;
      const { settings, status } = await a.readSettings();
      const logs = await a.readLogs();
      readings.push({ what: 'SSID', value: settings.ssid, factory: !was || settings.ssid !== was.ssid });
      readings.push({ what: 'wireless passphrase', value: status.passphraseIsFactory ? 'the factory one' : 'not the factory one', factory: status.passphraseIsFactory });
      const entries = [...settings.macFilter.wired.entries, ...settings.macFilter.wireless.entries];
      const siteEntries = was ? [...was.macFilter.wired.entries, ...was.macFilter.wireless.entries] : [];
      readings.push({ what: 'MAC address filter entries', value: entries.join(', ') || 'none', factory: !entries.some((e) => siteEntries.includes(e)) });
      readings.push({ what: 'RADIUS server certificate', value: status.radiusCertificate ? status.radiusCertificate.fingerprint256 : 'none', factory: status.radiusCertificate === null });
      settingsCleared = readings.every((r) => r.factory);
      // Only records written since the deletion may remain: the deletion's own and this session's.
      const first = logs[0];
      logsDeleted = !!first && ADAPTER_LOG_PATTERN.logsDeleted.test(first.text) && (firstSeqAfterDeletion === undefined || first.seq === firstSeqAfterDeletion);
      readings.push({ what: 'logs', value: `${logs.length} record(s), the first: ${first ? `"${first.text}" at ${first.at}` : 'none'}`, factory: logsDeleted });
      // Back to the factory password: the adapter leaves with no password of the site's or the app's.
      say('Initializing once more so the adapter leaves with its factory password…');
      ctx.journal.append({ type: 'operation', stepId: ctx.step.id, operation: 'initialize', state: 'intended' });
      await a.initialize();
      ctx.journal.append({ type: 'operation', stepId: ctx.step.id, operation: 'initialize', state: 'done', detail: 'Factory password back.' });
      const oneTimeRefused = await refused(a, oneTime);
      const siteRefused = await refused(a, input.password);
      const factory = await logonAfterInitialization(a, input.factoryPassword);
      oneTime = undefined;
      readings.push({ what: "the site's login password", value: siteRefused ? 'refused' : 'ACCEPTED', factory: siteRefused });
      readings.push({ what: 'the one-time password the app used', value: oneTimeRefused ? 'refused' : 'ACCEPTED', factory: oneTimeRefused });
      readings.push({ what: 'the factory password', value: factory.mustChangePassword ? 'accepted only to set a new password' : 'opens a full session', factory: factory.mustChangePassword });
      readings.push({ what: 'model (web interface identity)', value: (await a.identity()).model, factory: true });
      const bad = readings.filter((r) => !r.factory);
      return { state: bad.length ? 'failed' : 'done', detail: bad.length ? `Not factory state: ${bad.map((r) => `${r.what} ${r.value}`).join('; ')}` : "No setting, password or log of the site remains; the factory password only sets a new one." };
    },
  };

  const kind: SessionKind = {
    ...DISPOSAL,
    steps: {
      connect: async (ctx) => {
        const a = await adapter(ctx);
        return { state: 'done', detail: `Connected to ${a.model} ${site?.status.serial ?? ''} over its web interface; logged in.` };
      },
      verification: (ctx) => handlers[ctx.step.id]!(ctx),
      'device-operation': async (ctx) => {
        if (ctx.step.id === ADAPTER_DISPOSAL_STEP.initialize) {
          const a = await adapter(ctx);
          if (input.confirmModel !== a.model) throw new DisposalError('NOT_CONFIRMED', `Type the model of the adapter to confirm its initialization: this adapter is ${a.model}, "${input.confirmModel}" was given. Nothing was changed.`);
          say(`Initializing the ${a.model} (factory settings and password; the logs are kept, 4.4.8)…`);
          performedAt = now().toISOString();
          ctx.journal.append({ type: 'operation', stepId: ctx.step.id, operation: 'initialize', state: 'intended' });
          await a.initialize();
          loggedOn = undefined;
          ctx.journal.append({ type: 'operation', stepId: ctx.step.id, operation: 'initialize', state: 'done', detail: performedAt });
          return { state: 'done', detail: `Initialized at ${performedAt}; the logs are deleted in the next step.` };
        }
        // The logs: deleted with the logging function in a session the one-time password opens.
        const a = adapterOf(await ctx.connected());
        const r = await logonAfterInitialization(a, input.factoryPassword).catch((e: unknown) => {
          if (isDeviceOperationError(e, 'wrong-credentials')) throw new DisposalError('NOT_FACTORY_STATE', `The adapter refuses its factory password after the initialization: it was not initialized. ${ADAPTER_DESTRUCTION_ADVICE}`);
          throw e;
        });
        if (!r.mustChangePassword) throw new DisposalError('NOT_FACTORY_STATE', `The factory password opens a full session after the initialization: the adapter did not return to its factory password. ${ADAPTER_DESTRUCTION_ADVICE}`);
        oneTime = oneTimePassword();
        await a.changePassword(input.factoryPassword, oneTime);
        say('Deleting the logs with the logging function…');
        ctx.journal.append({ type: 'operation', stepId: ctx.step.id, operation: 'delete-logs', state: 'intended' });
        await a.deleteLogs();
        const after = await a.readLogs();
        firstSeqAfterDeletion = after[0]?.seq;
        ctx.journal.append({ type: 'operation', stepId: ctx.step.id, operation: 'delete-logs', state: 'done', detail: `${after.length} record(s) after the deletion.` });
        return { state: 'done', detail: `Logs deleted with the logging function; ${after.length} record(s) written since (the deletion's own).` };
      },
      report: async () => ({ state: 'done', detail: 'Disposal certificate issued.' }),
    },
  };
  const outcome = await new CommissioningEngine(
    { profile, target: input.target },
    {
      connect: input.connect ?? connectAdapter,
      family: WLAN_ADAPTER_FAMILY as never,
      kind,
      journal: input.journal,
      registry: input.registry,
      operator: { name: input.operatorName, confirmInitialization: async () => input.confirmModel, backupBeforeInitialization: async () => ({ kind: 'declined', reason: 'handled by the disposal' }), performManually: async () => false },
      secrets: new SecretsFromMap(new Map([[ADAPTER_ACCOUNT, input.password]])),
      now,
    },
  ).run();
  performedAt ??= [...input.journal.entries].reverse().find((e) => e.type === 'operation' && e.operation === 'initialize')?.at ?? now().toISOString();
  const factoryState = readings.length > 0 && readings.every((r) => r.factory);
  const certificate: DisposalCertificate = {
    format: DISPOSAL_CERTIFICATE_FORMAT,
    version: 1,
    generatedAt: now().toISOString(),
    app: { name: 'MX Commissioner', version: input.appVersion },
    device: { system: 'wlan-adapter', model: outcome.capabilities.model, serialNumber: site?.status.serial ?? null, firmwareVersion: site?.status.firmware ?? null },
    sanitization: {
      method: 'adapter-initialization-and-log-deletion',
      category: 'clear',
      cleared: CLEARED_ON_THE_ADAPTER,
      performedAt,
      finalBackup,
      sdCard: 'no-card-slot',
      references: formatReferences([ref.table('45', 1), ref.section('4.4.8'), ref.section('4.4.6')]),
    },
    verification: { method: 'read back over the web interface after the initialization and the log deletion; then initialized again and the passwords tried', link: linkDescription, readAt: now().toISOString(), readings, factoryState },
    destination: input.destination,
    order: { ruleId: 'order.disposal', status: checkRule('order.disposal', { system: 'wlan-adapter', backupTakenOrDeclined: true, initializedAll: settingsCleared, logsDeleted }).status },
    operator: { name: input.operatorName },
    advice: ADAPTER_DESTRUCTION_ADVICE,
    ...(input.predecessor ? { predecessor: linkTo(input.predecessor) } : {}),
    // Only a pin this installation holds for the adapter is named (the caller removes it); none: null.
    pinRemoved: { fingerprint256: (input.registry.get(deviceIdOf(outcome.capabilities.model, site?.status.serial ?? null)) ?? input.registry.get(deviceIdOf(outcome.capabilities.model, null)))?.fingerprint256 ?? null },
  };
  if (!factoryState) {
    const bad = readings.filter((r) => !r.factory).map((r) => `${r.what}: ${r.value}`);
    throw Object.assign(new DisposalError('NOT_FACTORY_STATE', `The adapter does not read as factory state after its disposal (${bad.join('; ')}). Do not release it; ${ADAPTER_DESTRUCTION_ADVICE}`), { certificate });
  }
  return { certificate, lastLogText };
}
