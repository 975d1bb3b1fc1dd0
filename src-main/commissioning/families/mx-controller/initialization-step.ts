// Step 4 of Figures 8 and 22 for the MX controller: initialization of all information (2.4.1, 2.6;
// protocol 7E09), a step handler of the MX family. A factory device is left alone; a used one is
// initialized only after the operator types its model name, logged on as its previous Administrator when
// user authentication is on, after a backup taken or declined with a reason; then read back in factory
// state. Every operation is journaled before it is sent; an interrupted initialization is reconciled by
// reading the device, never repeated blindly.
import type { ControllerSecurityDriver, ParameterKey } from '../../../devices/controller-security-driver';
import { EngineError } from '../../engine/engine-errors';
import { enforceRules } from '../../engine/guards';
import { INITIALIZATION_CLEAR_IDS, INITIALIZATION_CLEARS, INITIALIZATION_KEEP_IDS } from '../../engine/operator';
import { ref } from '../../guideline/references';
import type { StepContext, StepHandler } from '../../family/session-kind';
import { said } from '../../family/step-result';
import { render } from '../../../messages/catalogue';

interface FactoryState {
  used: boolean;
  authenticationEnabled: boolean;
  reasons: string[];
}

async function factoryState(ctx: StepContext, driver: ControllerSecurityDriver): Promise<FactoryState> {
  const reasons: string[] = [];
  let authenticationEnabled = false;
  try {
    const ua = await driver.readUserAuthentication();
    authenticationEnabled = ua.enabled;
    if (ua.enabled) reasons.push('user authentication is on');
    if (ua.users.length > 0) reasons.push(`${ua.users.length} user(s) registered`);
  } catch (error) {
    if (ctx.isLinkLoss(error)) throw error;
    // Refused without a logon: only a device with user authentication on does that (protocol C816).
    authenticationEnabled = true;
    reasons.push('user authentication is on');
  }
  if (!authenticationEnabled) {
    if (ctx.can('parameters')) {
      const p = await driver.readParameters();
      const written = Object.keys(p.written).filter((k) => p.written[k as ParameterKey] !== undefined);
      if (written.length) reasons.push(`parameters written: ${written.join(', ')}`);
    }
    if (ctx.can('certificate') && (await driver.readCertificate())) reasons.push('a certificate is set');
  }
  return { used: reasons.length > 0, authenticationEnabled, reasons };
}

export const initializationStep: StepHandler = async (ctx) => {
  const { step, journal: j } = ctx;
  const driver = await ctx.connected();
  if (!ctx.can('initialize')) {
    const ok = await ctx.operator.performManually(step, render('manual.initialize', undefined, 'en'), render('manual.initialize', undefined, 'ja'));
    return said(ok ? 'operator-performed' : 'failed', { id: 'step.result.initializationByOperator' });
  }
  const before = await factoryState(ctx, driver);
  const pending = j.operationState(step.id, 'initialize');
  if (pending === 'intended' && !before.used) {
    j.append({ type: 'operation', stepId: step.id, operation: 'initialize', state: 'verified', detail: 'Reconciled: the device reads back in factory state.' });
    return said('done', { id: 'step.result.initializationReconciled' });
  }
  if (!before.used) return said('done', { id: 'step.result.factoryState' });

  const model = ctx.capabilities()!.model;
  // What the initialization needs is asked in the order it is needed: the current Administrator's
  // logon first (and proven), so the irreversible confirmation is never typed for nothing.
  if (before.authenticationEnabled) {
    const previous = ctx.secrets.previousAdministrator();
    if (!previous)
      throw new EngineError('INITIALIZATION_NEEDS_ADMINISTRATOR', `This ${model} was used before and has user authentication on: only one of its Administrators can initialize it. Its current Administrator logs on first (the user name and password of that Administrator; for mxc, "logon" in the secrets file), or initialize it at the device by the vendor's procedure.`, [ref.section('2.4.4.3'), ref.section('2.6')]);
    await ctx.logon(previous.userName, previous.password);
  }
  const typed = await ctx.operator.confirmInitialization(model, INITIALIZATION_CLEARS);
  if (typed !== model)
    throw new EngineError('INITIALIZATION_NOT_CONFIRMED', `This ${model} was used before (${before.reasons.join('; ')}). Initializing all information clears ${INITIALIZATION_CLEARS.join(', ')}; the SD memory card is kept. Confirm by typing the model name "${model}".`, [ref.section('2.4.1'), ref.section('2.6')]);
  // 2.4.1 / 2.6: a backup is offered before the initialization, or declined with a reason.
  const backupState = j.operationState(step.id, 'backup');
  if (backupState !== 'done' && backupState !== 'declined') {
    const choice = await ctx.operator.backupBeforeInitialization(model);
    if (choice.kind === 'declined') {
      enforceRules(['order.backup-before-initialization'], { system: ctx.profile.system, backupTakenOrDeclined: choice.reason.trim().length > 0 }, 'The initialization');
      j.append({ type: 'operation', stepId: step.id, operation: 'backup', state: 'declined', detail: choice.reason });
    } else {
      j.append({ type: 'operation', stepId: step.id, operation: 'backup', state: 'intended' });
      const password = ctx.secrets.backupPassword();
      const result = await driver.createBackup({ destination: choice.kind === 'to-pc' ? 'pc' : 'sd-card', ...(password ? { password } : {}), ...ctx.writeOptions() });
      const where = choice.kind === 'to-pc' && result.file ? await choice.save(result.name, result.file) : result.name;
      j.append({ type: 'operation', stepId: step.id, operation: 'backup', state: 'done', detail: `Backup ${where}${password ? ' (encrypted)' : ''}.` });
    }
  }
  j.append({ type: 'operation', stepId: step.id, operation: 'initialize', state: 'intended', detail: `Clears: ${INITIALIZATION_CLEARS.join(', ')}.` });
  let lost: unknown;
  try {
    await driver.initializeAll(model);
  } catch (error) {
    // The device restarts and drops the link: the answer may be lost. The read-back below decides.
    if (!ctx.isLinkLoss(error)) throw error;
    lost = error;
  }
  const after = await factoryState(ctx, await ctx.reconnectToTarget());
  // The request never reached the device: the journal says 'intended'; the resumed session repeats it.
  if (after.used && lost) throw lost;
  if (after.used) throw new EngineError('READ_BACK_MISMATCH', `The controller still holds data after the initialization (${after.reasons.join('; ')}). Initialize it again; do not continue on a half-initialized device.`, [ref.section('2.6')]);
  j.append({ type: 'operation', stepId: step.id, operation: 'initialize', state: 'verified' });
  return said('done', { id: 'step.result.initialized', params: { cleared: { list: INITIALIZATION_CLEAR_IDS }, kept: { list: INITIALIZATION_KEEP_IDS } } });
};
