// Whether a finished step can run again, and if not, why. The engine repeats the steps that only read or
// record (connect, settings, checklists, verification, report) but never a finished initialization, the
// writes or the restart (its rule `neverRepeated`): asked to run one of those again it returns at once and
// changes nothing. The wizard must not offer that as "Run this step again" (a technician pressed it after
// the report and saw nothing happen), so main says why next to the control and refuses the run with the
// same words. The words follow what the journal recorded: "confirmed"/"read back" only when the app did
// it ('done'); on a device the app can only observe, the operator did it and the app says so.
import type { Bilingual } from '../../ipc/wizard-contract';
import { formatReference, type Procedure, type ProcedureStep } from '../../commissioning/guideline';
import { neverRepeated, type StepRecord } from '../../commissioning/engine/commissioning-engine';
import type { StepLock } from './step-locks';
import { bilingualEach, joinSentences, msg } from '../../messages/catalogue';

export type AgainRefusal = StepLock & { permanent: boolean };

export interface AgainFacts {
  procedure: Procedure;
  /**
   * The step's state in the journal. 'done': the app performed and verified it; 'operator-performed': the
   * operator did it in the engineering tool and the app could not observe or read all of it back.
   */
  state: StepRecord['state'] | undefined;
  /** A settings write was journaled (step 9 began): the device holds the profile's settings, or part of them. */
  writesBegan: boolean;
  /** The procedure reached its end (the report was issued). */
  procedureEnded: boolean;
}

/** Why a finished step does not run again in this session, or undefined when it does. */
export function runAgainRefusal(step: ProcedureStep, facts: AgainFacts): AgainRefusal | undefined {
  const state = facts.state ?? 'not-run';
  if (!neverRepeated(step.kind, state)) return undefined;
  // Only 'done' is the app's own verified work; any other finished state is not worded as verified.
  const byOperator = state !== 'done';
  const { procedure } = facts;
  const refs = step.references.map(formatReference);
  const n = step.number;
  const write = procedure.steps.find((s) => s.kind === 'write');
  const check = procedure.steps.find((s) => s.kind === 'verification');
  const readAgain: Bilingual = check ? bilingualEach('again.readAgain.step', (l) => ({ number: check.number, title: check.title[l] })) : msg('again.readAgain.any');
  const refusal = (reason: Bilingual, unlock: Bilingual, references: string[]): AgainRefusal => ({ reason, unlock, references, permanent: true });

  if (step.kind === 'device-operation') {
    const newSession = msg('again.initialize.newSession', { number: n });
    if (facts.writesBegan || facts.procedureEnded)
      return refusal(msg(facts.procedureEnded ? 'again.initialize.wouldEraseProved' : 'again.initialize.wouldErase', { number: n, writeStep: write?.number ?? 9 }), newSession, refs);
    return refusal(
      msg(byOperator ? 'again.initialize.byOperator' : 'again.initialize.factoryState', { number: n }),
      joinSentences([msg('again.continueWith', { number: n + 1 }), newSession]),
      refs,
    );
  }
  if (step.kind === 'write')
    return byOperator
      ? refusal(msg('again.write.byOperator', { number: n }), joinSentences([readAgain, msg('again.write.checkInTool')]), refs)
      : refusal(msg('again.write.verified', { number: n }), readAgain, refs);
  return refusal(msg(byOperator ? 'again.restart.byOperator' : 'again.restart.verified', { number: n }), readAgain, refs);
}
