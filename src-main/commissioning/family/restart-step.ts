// Step 10 of Figures 8 and 22 (and the adapter's restart in Figure 36): the device restarts so the written
// settings take effect, then the session reaches it again, over TLS with the pinned certificate when the
// profile has the device speak TLS. A step handler the families register (`steps.restart`); the engine
// runs no restart of its own. The restart is journaled 'intended' before it is sent and 'verified' only
// once the device, reached again, reports nothing waiting for a restart; an interrupted restart is judged
// by reading the device (pendingRestart), never repeated blindly.
import { EngineError } from '../engine/engine-errors';
import { render } from '../../messages/catalogue';
import type { StepHandler } from './session-kind';
import { said } from './step-result';

export const restartStep: StepHandler = async (ctx) => {
  const { step, journal: j } = ctx;
  let driver = await ctx.connected();
  // Guide-and-verify: the settings the operator wrote wait for the reset the operator does (the app cannot
  // read whether anything waits for one on such a device).
  if (!ctx.can('restart') || ctx.capabilities()?.mode === 'observe-only') {
    const ok = await ctx.operator.performManually(step, render('manual.restart', undefined, 'en'), render('manual.restart', undefined, 'ja'));
    await ctx.reconnectAfterRestart();
    return { state: ok ? 'operator-performed' : 'failed' };
  }
  const pendingBefore = (await driver.readParameters()).pendingRestart;
  if (j.operationState(step.id, 'restart') === 'intended' && !pendingBefore) {
    // The restart landed before the interruption (nothing waits for one): reconnect, do not repeat it.
    const d = await ctx.reconnectAfterRestart();
    if (!(await d.readParameters()).pendingRestart) {
      j.append({ type: 'operation', stepId: step.id, operation: 'restart', state: 'verified', detail: `Reconciled: settings in effect; reconnected over ${ctx.link().description}.` });
      return said('done', { id: 'step.result.restartReconciled', params: { link: ctx.link().description } });
    }
    driver = d;
  }
  j.append({ type: 'operation', stepId: step.id, operation: 'restart', state: 'intended' });
  let lost: unknown;
  try {
    await driver.restart();
  } catch (error) {
    if (!ctx.isLinkLoss(error)) throw error;
    lost = error;
  }
  try {
    driver = await ctx.reconnectAfterRestart();
  } catch (error) {
    // The reset may never have reached the device (the journal says 'intended'): the resumed session
    // reads pendingRestart on the first link and restarts again if the settings still wait for it.
    if (lost && !(error instanceof EngineError && error.code === 'PINNED_CERTIFICATE_MISMATCH')) throw lost;
    throw error;
  }
  const after = await driver.readParameters();
  if (after.pendingRestart) throw new EngineError('READ_BACK_MISMATCH', 'The controller still reports settings waiting for a restart; restart it again (power cycle).');
  ctx.recordTlsEndpoint();
  const link = ctx.link();
  j.append({ type: 'operation', stepId: step.id, operation: 'restart', state: 'verified', detail: `Reconnected over ${link.description}.` });
  return said('done', { id: 'step.result.restarted', params: { link: link.kind === 'ethernet-tls' ? { list: ['step.result.tlsPinned'] } : link.description } });
};
