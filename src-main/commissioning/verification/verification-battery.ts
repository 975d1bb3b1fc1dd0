// Step 14 "Test operation": the operation verification items of Table 17 (MX-R) / Table 35 (MX-F) run
// against the device as a battery. Non-disruptive checks always run; a disruptive check runs only when the
// operator confirms that check (declined ones are reported "not run — declined by <operator>"); the
// checks that would undo the commissioning (initialization, firmware update) are listed as not run with
// their reason. Every check is bounded in time and its result, evidence and time go into the report.
import { isDeviceOperationError } from '../../devices/device-error';
import { isLinkError } from '../../links/link-error';
import { formatReferences } from '../guideline/references';
import { TABLE_17_MX_R, TABLE_35_MX_F } from '../guideline/tables/periodic-verification';
import { DISRUPTIVE_CHECKS } from './disruptive-checks';
import { NON_DISRUPTIVE_CHECKS, NOT_DURING_COMMISSIONING } from './non-disruptive-checks';
import { because, becauseOfError, type CheckOutcome, type DisruptiveCheckView, type VerificationCheck, type VerificationContext, type VerificationResult } from './verification-check';
import { msg, type Message } from '../../messages/catalogue';

/** Every check of the battery, in the order it runs (Table 17 / 35 row order within each kind). */
export const VERIFICATION_BATTERY: readonly VerificationCheck[] = [...NOT_DURING_COMMISSIONING, ...NON_DISRUPTIVE_CHECKS, ...DISRUPTIVE_CHECKS];

export interface BatteryOptions {
  /** Asks the operator before each disruptive check; absent = every disruptive check is not run. */
  confirmDisruptive?: (check: DisruptiveCheckView) => Promise<boolean>;
  onResult?: (result: VerificationResult) => void;
}

export function checksFor(system: 'mx-r' | 'mx-f'): VerificationCheck[] {
  return VERIFICATION_BATTERY.filter((c) => !c.mxFOnly || system === 'mx-f');
}

export function rowOf(system: 'mx-r' | 'mx-f', row: number) {
  const table = system === 'mx-r' ? TABLE_17_MX_R : TABLE_35_MX_F;
  return table.find((r) => r.row === row)!;
}

export function disruptiveView(system: 'mx-r' | 'mx-f', check: VerificationCheck): DisruptiveCheckView {
  return { checkId: check.id, rowId: rowOf(system, check.row).id, title: check.title, consequences: check.consequences ?? [] };
}

class CheckTimeout extends Error {}

function isLinkLoss(error: unknown): boolean {
  if (isLinkError(error)) return true;
  if (isDeviceOperationError(error)) return ['link-lost', 'timeout', 'logon-interrupted', 'transfer-interrupted'].includes(error.code);
  return (error as { name?: string } | null)?.name === 'SlmpLinkClosedError';
}

async function bounded(check: VerificationCheck, ctx: VerificationContext): Promise<CheckOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout()), check.timeoutMs);
  });
  try {
    return await Promise.race([check.run(ctx), timeout]);
  } catch (error) {
    // A pulled cable is not a finding about the device: the engine resumes the step from its journal.
    if (isLinkLoss(error)) throw error;
    if (error instanceof CheckTimeout) return { status: 'fail', evidence: [], ...because(msg('checkReason.timedOut', { seconds: check.timeoutMs / 1000 })) };
    return { status: 'fail', evidence: [], ...because(becauseOfError('checkReason.stopped', error)) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the battery; never throws for a check's failure (it becomes a 'fail' result with the reason). */
export async function runVerificationBattery(ctx: VerificationContext, options: BatteryOptions = {}): Promise<VerificationResult[]> {
  const system = ctx.profile.system;
  const results: VerificationResult[] = [];
  // Table 17 row 4 reads the events the logon and TLS checks make, so the order of the list matters.
  for (const check of checksFor(system)) {
    const row = rowOf(system, check.row);
    // Checks that carry consequences are offered to the operator; the time waiting for the answer is not
    // the check's (startedAt is taken after it).
    const offerable = check.disruptive && check.consequences !== undefined;
    const confirmed = offerable && options.confirmDisruptive ? await options.confirmDisruptive(disruptiveView(system, check)) : false;
    const startedAt = ctx.now();
    let outcome: CheckOutcome & { declinedBy?: string };
    if (offerable && !confirmed)
      outcome = options.confirmDisruptive
        ? { status: 'not-run', evidence: [], ...because(msg('checkReason.declined', { operator: ctx.operatorName })), declinedBy: ctx.operatorName }
        : { status: 'not-run', evidence: [], ...because(msg('checkReason.notOffered')) };
    else outcome = await bounded(check, ctx);
    const finishedAt = ctx.now();
    const result: VerificationResult = {
      checkId: check.id,
      rowId: row.id,
      table: system === 'mx-r' ? '17' : '35',
      row: check.row,
      title: check.title,
      references: formatReferences(row.references),
      disruptive: check.disruptive,
      status: outcome.status,
      evidence: outcome.evidence,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
      ...(outcome.reasonText ? { reasonText: outcome.reasonText } : {}),
      ...(outcome.declinedBy ? { declinedBy: outcome.declinedBy } : {}),
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
    };
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

export function summarizeBattery(results: readonly VerificationResult[]): { passed: number; failed: number; notRun: number; durationMs: number; text: string; messages: Message[] } {
  const passed = results.filter((r) => r.status === 'pass').length;
  const failed = results.filter((r) => r.status === 'fail').length;
  const notRun = results.filter((r) => r.status === 'not-run').length;
  const durationMs = results.reduce((s, r) => s + r.durationMs, 0);
  const text = `test operation (Table ${results[0]?.table ?? '17/35'}): ${passed} passed, ${failed} failed, ${notRun} not run in ${(durationMs / 1000).toFixed(1)} s${failed ? `; failed: ${results.filter((r) => r.status === 'fail').map((r) => r.checkId).join(', ')}` : ''}`;
  const messages: Message[] = [{ id: 'step.result.battery', params: { table: results[0]?.table ?? '17/35', passed, failed, notRun, seconds: (durationMs / 1000).toFixed(1) } }];
  if (failed) messages.push({ id: 'step.result.batteryFailed', params: { checks: results.filter((r) => r.status === 'fail').map((r) => r.checkId).join(', ') } });
  return { passed, failed, notRun, durationMs, text, messages };
}

export type { VerificationResult, DisruptiveCheckView, VerificationContext } from './verification-check';
