// The steps of Figure 36 the engine does not run itself, contributed by the adapter family: the
// initialization of a reused unit (4.4.8), the replacement of the initial password (4.4.5), the firmware
// check (4.4.9), the encrypted settings backup (4.4.7), the connection check (Table 44 on the device and
// the pair on the air) and the test operation (Table 45 attestations). The engine's own connect, write
// (with ADAPTER_WRITERS and the ordering rules), checklist and report steps run the rest; the restart is
// the shared family step (family/restart-step.ts).
import { isDeviceOperationError } from '../../../devices/device-error';
import { ADAPTER_ACCOUNT } from '../../../devices/wlan-adapter/adapter-session-driver';
import type { AdapterStatusReading, WlanAdapterDriver } from '../../../devices/wlan-adapter/wlan-adapter-driver';
import type { AdapterProfile } from '../../../model/security-settings';
import { EngineError } from '../../engine/engine-errors';
import { unknownProfileReferences } from '../../guideline';
import { ref } from '../../guideline/references';
import { TABLE_45_WLAN_ADAPTER } from '../../guideline/tables/implementation-matters';
import type { AdapterSessionDriver } from '../../../devices/wlan-adapter/adapter-session-driver';
import type { StepContext as SessionStepContext, StepHandler } from '../../family/session-kind';

type StepContext = SessionStepContext<AdapterSessionDriver>;
import type { StepKind } from '../../guideline/types';
import { adapterOf } from './adapter-settings-writers';
import { said } from '../../family/step-result';
import { isMessageId, render, type Message } from '../../../messages/catalogue';

/** The secrets-file name of the factory password (from the adapter's manual) of a new or initialized unit. */
export const FACTORY_SECRET = 'factory';

/** Figure 36's steps by their stable ids (journals and reports refer to them). */
export const FIG36 = {
  initialize: 'fig36.step3',
  password: 'fig36.step4',
  firmware: 'fig36.step5',
  backup: 'fig36.step12',
  connectionCheck: 'fig36.step15',
  testOperation: 'fig36.step16',
} as const;

const adapter = async (ctx: StepContext): Promise<WlanAdapterDriver> => adapterOf(await ctx.connected());
const secret = (ctx: StepContext, name: string, what: string): string => {
  const v = ctx.secrets.userPassword(name);
  if (v === undefined) throw new EngineError('SECRET_MISSING', `Enter ${what} (secrets file "users" → "${name}"); it is never kept.`, [ref.section('4.4.5')]);
  return v;
};

/** Which password the adapter has now: its factory one, the profile's new one, or another (a reused unit). */
async function currentPassword(ctx: StepContext, d: WlanAdapterDriver): Promise<'factory' | 'new' | 'other'> {
  const tryLogon = async (password: string | undefined): Promise<{ mustChangePassword: boolean } | undefined> => {
    if (!password) return undefined;
    try {
      return await d.logon(password);
    } catch (e) {
      if (isDeviceOperationError(e, 'wrong-credentials')) return undefined;
      throw e;
    }
  };
  const mine = ctx.secrets.userPassword(ADAPTER_ACCOUNT);
  if (mine && (await tryLogon(mine))?.mustChangePassword === false) return 'new';
  if ((await tryLogon(ctx.secrets.userPassword(FACTORY_SECRET)))?.mustChangePassword) return 'factory';
  return 'other';
}

async function initializeReused(ctx: StepContext) {
  const d = await adapter(ctx);
  const state = await currentPassword(ctx, d);
  if (state === 'factory') return said('not-applicable', { id: 'step.result.adapter.factoryNothingToInitialize' });
  if (state === 'new') return said('not-applicable', { id: 'step.result.adapter.alreadyNewPassword' });
  // A reused unit: it needs the operator's confirmation and its current password.
  const previous = ctx.secrets.previousAdministrator();
  if (!previous) throw new EngineError('SECRET_MISSING', 'This adapter was used before: give its current login password (secrets file "logon") to initialize it (4.4.8).', [ref.section('4.4.8')]);
  const confirmed = await ctx.operator.confirmInitialization(d.model, ['the settings (factory defaults)', 'the login password (set again next)', 'the RADIUS certificate']);
  if (confirmed !== d.model) throw new EngineError('INITIALIZATION_NOT_CONFIRMED', `The adapter was used before: confirm its initialization by typing its model (${d.model}).`, [ref.section('4.4.8')]);
  const r = await d.logon(previous.password);
  if (r.mustChangePassword) return said('not-applicable', { id: 'step.result.adapter.factoryState' });
  ctx.journal.append({ type: 'operation', stepId: ctx.step.id, operation: 'initialize', state: 'intended' });
  await d.initialize();
  ctx.journal.append({ type: 'operation', stepId: ctx.step.id, operation: 'initialize', state: 'done', detail: 'Settings initialized to the factory defaults; the logs are kept (4.4.8).' });
  return said('done', { id: 'step.result.adapter.initialized' });
}

async function replaceInitialPassword(ctx: StepContext) {
  const d = await adapter(ctx);
  const next = secret(ctx, ADAPTER_ACCOUNT, 'the new login password of the web interface');
  const state = await currentPassword(ctx, d);
  if (state === 'new') return said('done', { id: 'step.result.adapter.passwordAlreadyReplaced' });
  if (state === 'other') throw new EngineError('PROFILE_NOT_FOR_DEVICE', 'The adapter accepts neither its factory password nor the new one: it was used before; run step 3 (initialization) with its current password.', [ref.section('4.4.8')]);
  const factory = secret(ctx, FACTORY_SECRET, 'the factory login password from the adapter manual');
  await d.changePassword(factory, next);
  // The factory password must be refused now (Table 44 rows 6, 7): prove it, do not assume it.
  const proof = await d.logon(factory).then(
    () => false,
    (e: unknown) => isDeviceOperationError(e, 'wrong-credentials'),
  );
  await d.logon(next);
  if (!proof) throw new EngineError('READ_BACK_MISMATCH', 'The adapter still accepts its factory password after the change; replace it again on its web page.', [ref.table('44', 7)]);
  ctx.journal.append({ type: 'operation', stepId: ctx.step.id, operation: 'logon', state: 'done', detail: 'Initial password replaced; the factory password is refused.' });
  return said('done', { id: 'step.result.adapter.passwordReplaced' });
}

function profileSet(ctx: StepContext) {
  const profile = ctx.profile as AdapterProfile;
  const problems = unknownProfileReferences(profile);
  if (problems.length) throw new EngineError('PROFILE_NOT_FOR_DEVICE', problems.map((p) => `${p.path}: ${p.message}`).join(' | '));
  const missing = ctx.step.writes.filter((k) => !(k in profile.settings));
  if (missing.length) throw new EngineError('PROFILE_NOT_FOR_DEVICE', `The profile lacks ${missing.join(', ')} set by step ${ctx.step.number}.`);
  const titles = ctx.step.writes.map((key) => `setting.title.${key}`).filter(isMessageId);
  return titles.length ? said('profile-set', { id: 'step.result.profileSet', params: { settings: { list: titles } } }) : said('profile-set', { id: 'step.result.profileSetNothing' });
}

async function firmware(ctx: StepContext) {
  await ctx.logonAsAdministrator();
  const { status } = await (await adapter(ctx)).readSettings();
  return said('done', { id: 'step.result.adapter.firmwareRead', params: { version: status.firmware } });
}

async function backup(ctx: StepContext) {
  await ctx.logonAsAdministrator();
  const d = await adapter(ctx);
  // The session's one backup question (to this PC, or declined with a reason); a host that cannot ask it
  // (headless without --backup-dir) leaves the step not done, and the report says so.
  let choice;
  try {
    choice = await ctx.operator.backupBeforeInitialization(d.model, 'settings-backup');
  } catch (e) {
    if (e instanceof EngineError && e.code === 'INITIALIZATION_NOT_CONFIRMED') return said('failed', { id: 'step.result.adapter.noBackupPlace' });
    throw e;
  }
  if (choice.kind !== 'to-pc') return said('not-applicable', choice.kind === 'declined' ? { id: 'step.result.adapter.backupDeclined', params: { reason: choice.reason } } : { id: 'step.result.adapter.backupToPcOnly' });
  ctx.journal.append({ type: 'operation', stepId: ctx.step.id, operation: 'backup', state: 'intended' });
  const file = await d.backup(secret(ctx, ADAPTER_ACCOUNT, 'the login password (the backup is encrypted with it)'));
  const stamp = ctx.now().toISOString().replace(/[:.]/g, '-');
  const where = await choice.save(`${d.model}-settings-${stamp}.bak`, file);
  // 4.4.6 / Table 44 row 8: the first read-out of the logs to this PC, kept beside the backup.
  const logs = await d.exportLogs();
  const logWhere = await choice.save(`${d.model}-log-${stamp}.txt`, Buffer.from(logs, 'utf8'));
  ctx.journal.append({ type: 'operation', stepId: ctx.step.id, operation: 'backup', state: 'done', detail: `Encrypted settings backup saved (${file.length} bytes).` });
  return said('done', { id: 'step.result.adapter.backupSaved', params: { where, logWhere } });
}

// Project choice: after the restart a station joins its access point within a few retries (the virtual one
// every 500 ms); the check waits up to 15 s for the pair before it judges it.
const PAIR_WAIT = { totalMs: 15_000, everyMs: 500 } as const;

/** The adapter's radio now, waited for a moment when a station has not joined yet (bounded in count and time). */
async function radioAfterJoin(d: WlanAdapterDriver, now: () => Date): Promise<AdapterStatusReading['wireless']> {
  const until = now().getTime() + PAIR_WAIT.totalMs;
  for (let i = 0; i <= PAIR_WAIT.totalMs / PAIR_WAIT.everyMs; i++) {
    const { wireless } = (await d.readSettings()).status;
    if (wireless.role !== 'STA' || wireless.peers.length || now().getTime() >= until) return wireless;
    await new Promise((r) => setTimeout(r, PAIR_WAIT.everyMs));
  }
  return (await d.readSettings()).status.wireless;
}

/** The station's own record of why it did not join (4.4.6 connection status), the latest one. */
async function lastRefusal(d: WlanAdapterDriver): Promise<string | undefined> {
  const entries = await d.readLogs();
  const last = [...entries].reverse().find((e) => /^Connection to the access point failed: /.test(e.text));
  return last?.text.replace(/^Connection to the access point failed: /, '');
}

/** The reason in the technician's words: the access point's MAC address filter, or modes that differ (4.4.1-4.4.3). */
function refusalMessage(reason: string, mac: string): Message {
  if (/^refused by the access point: .*MAC address filter/.test(reason)) return { id: 'step.result.adapter.pairRefusedByFilter', params: { mac } };
  if (/SAE|WPA|Enhanced Open|Open|authentication mode|another SSID|asks for|MIC|handshake|passphrase|RADIUS/i.test(reason)) return { id: 'step.result.adapter.pairRefusedModes', params: { mac, reason } };
  return { id: 'step.result.adapter.pairRefused', params: { mac, reason } };
}

async function connectionCheck(ctx: StepContext) {
  await ctx.logonAsAdministrator();
  const d = await adapter(ctx);
  const wireless = await radioAfterJoin(d, ctx.now);
  const { status } = await d.readSettings();
  await ctx.readSnapshot();
  const verdicts = ctx.evaluate(ctx.step.verifies);
  const failed = verdicts.filter((v) => v.status !== 'pass' && v.status !== 'not-applicable');
  const met: Message = { id: 'step.result.adapter.rowsMet', params: { met: verdicts.length - failed.length, total: verdicts.length } };
  const notMet: Message[] = failed.length ? [{ id: 'step.result.rowsNotMet', params: { rows: failed.map((f) => f.rowId).join(', ') } }] : [];
  // Step 14's pair, proven from the station (the access point is commissioned first, its station next):
  // a station that is not connected fails the check, with the reason it was not let in.
  if (wireless.role === 'STA' && !wireless.peers.length) {
    const reason = await lastRefusal(d);
    return said('failed', met, ...notMet, reason === undefined ? { id: 'step.result.adapter.pairNotConnected', params: { mac: status.wirelessMac } } : refusalMessage(reason, status.wirelessMac));
  }
  const peers = wireless.peers.join(', ');
  const pair: Message = wireless.peers.length
    ? { id: wireless.role === 'AP' ? 'step.result.adapter.associatedStations' : 'step.result.adapter.connectedToAp', params: { peers } }
    : { id: 'step.result.adapter.noCounterpart', params: { role: wireless.role } };
  ctx.info(render(pair.id, pair.params, 'en'));
  return said(failed.length ? 'failed' : 'done', met, ...notMet, pair);
}

function testOperation(ctx: StepContext) {
  const attested = new Set(ctx.profile.attestations.map((a) => a.id));
  const missing = TABLE_45_WLAN_ADAPTER.filter((i) => !attested.has(i.id)).map((i) => i.id);
  return {
    ...said(
      'operator-performed',
      missing.length
        ? { id: 'step.result.adapter.table45Missing', params: { attested: TABLE_45_WLAN_ADAPTER.length - missing.length, total: TABLE_45_WLAN_ADAPTER.length, missing: missing.join(', ') } }
        : { id: 'step.result.adapter.table45All', params: { total: TABLE_45_WLAN_ADAPTER.length } },
    ),
  };
}

export const ADAPTER_STEPS: Partial<Record<StepKind, StepHandler>> = {
  'device-operation': async (ctx) => {
    if (ctx.step.id === FIG36.initialize) return initializeReused(ctx);
    if (ctx.step.id === FIG36.firmware) return firmware(ctx);
    if (ctx.step.id === FIG36.backup) return backup(ctx);
    throw new EngineError('PROFILE_NOT_FOR_DEVICE', `Step ${ctx.step.number} is not a device operation of Figure 36.`);
  },
  settings: async (ctx) => (ctx.step.id === FIG36.password ? replaceInitialPassword(ctx) : profileSet(ctx)),
  verification: async (ctx) => (ctx.step.id === FIG36.connectionCheck ? connectionCheck(ctx) : testOperation(ctx)),
};
