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
  const readAgain: Bilingual = check
    ? { en: `To read the device again, run step ${check.number} (${check.title.en}) again.`, ja: `機器を再度読み出すには、手順${check.number}（${check.title.ja}）を再実行してください。` }
    : { en: 'Run a verification step again to read the device again.', ja: '機器を再度読み出すには、確認の手順を再実行してください。' };
  const refusal = (reason: Bilingual, unlock: Bilingual, references: string[]): AgainRefusal => ({ reason, unlock, references, permanent: true });

  if (step.kind === 'device-operation') {
    const newSession: Bilingual = {
      en: 'To commission this controller again from factory state, go Home and start a new session: its step ' + n + ' offers the backup and then the initialization of all information.',
      ja: `このコントローラを工場出荷状態から再度コミッショニングするには、ホームから新しいセッションを開始してください。その手順${n}でバックアップと全情報初期化を行います。`,
    };
    if (facts.writesBegan || facts.procedureEnded)
      return refusal(
        {
          en: `Step ${n} is not run again in this session: initializing all information now would erase the users and security settings written in step ${write?.number ?? 9}${facts.procedureEnded ? ' and proved by the checks and the report' : ''}, leaving the controller unprotected.`,
          ja: `手順${n}はこのセッションでは再実行しません。ここで全情報初期化を行うと、手順${write?.number ?? 9}で書き込んだユーザとセキュリティ設定${facts.procedureEnded ? '（確認とレポートで証明済み）' : ''}が消去され、コントローラが保護されない状態になります。`,
        },
        newSession,
        refs,
      );
    return refusal(
      byOperator
        ? {
            en: `Step ${n} is done: the operator performed the initialization in the engineering tool (the app cannot observe it), and nothing has been written to the controller since, so the app does not initialize it again.`,
            ja: `手順${n}は完了しています。初期化は作業者がエンジニアリングツールで実施しました（アプリからは確認できません）。その後コントローラには何も書き込んでいないため、アプリは再度初期化しません。`,
          }
        : {
            en: `Step ${n} is done: the controller was confirmed in factory state, and nothing has been written to it since, so there is nothing to initialize again.`,
            ja: `手順${n}は完了しています。コントローラは工場出荷状態であることを確認済みで、その後何も書き込んでいないため、再度初期化する必要はありません。`,
          },
      { en: `Continue with step ${n + 1}. ${newSession.en}`, ja: `手順${n + 1}に進んでください。${newSession.ja}` },
      refs,
    );
  }
  if (step.kind === 'write')
    return byOperator
      ? refusal(
          {
            en: `Step ${n} is not run again: the operator wrote the settings in the engineering tool; the app read back only what it can read, and the rest is recorded on the operator's confirmation. The settings cannot change in this session.`,
            ja: `手順${n}は再実行しません。設定は作業者がエンジニアリングツールで書き込みました。アプリは読み出せる設定のみ読み出して確認し、それ以外は作業者の確認として記録しています。このセッションでは設定を変更できません。`,
          },
          { en: `${readAgain.en} Check the settings the app cannot read in the engineering tool.`, ja: `${readAgain.ja}アプリが読み出せない設定はエンジニアリングツールで確認してください。` },
          refs,
        )
      : refusal(
          {
            en: `Step ${n} is not run again: every write was read back equal on the device, and the settings cannot change in this session.`,
            ja: `手順${n}は再実行しません。すべての書込みは機器から読み出して一致を確認済みで、このセッションでは設定を変更できません。`,
          },
          readAgain,
          refs,
        );
  return refusal(
    byOperator
      ? {
          en: `Step ${n} is not run again: the operator restarted the controller (the app cannot observe the restart) and the app reconnected afterwards.`,
          ja: `手順${n}は再実行しません。再起動は作業者が実施し（アプリからは確認できません）、再起動後にアプリは再接続しました。`,
        }
      : {
          en: `Step ${n} is not run again: the restart is verified (no setting waits for a restart) and the app reconnected afterwards.`,
          ja: `手順${n}は再実行しません。再起動は確認済み（再起動待ちの設定なし）で、再起動後に再接続しました。`,
        },
    readAgain,
    refs,
  );
}
