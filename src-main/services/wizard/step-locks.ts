// Why a step cannot run now and what unlocks it. The same function decides the lock shown next to the
// disabled primary action and the refusal of runStep in main ('step-locked'), so the UI never offers
// what main would refuse. Reasons cite the guideline passage they come from.
import type { Bilingual, StepView } from '../../ipc/wizard-contract';
import { formatReference, formatReferences, ref, ruleById, type GuidelineReference, type Procedure, type ProcedureStep, type SettingsTableRow } from '../../commissioning/guideline';
import type { ControllerProfile } from '../../model/security-settings';
import type { LinkKind } from '../../links/link';

export type StepLock = NonNullable<StepView['lock']>;

export interface LockFacts {
  procedure: Procedure;
  /** Whether each step counts as finished for the steps after it. */
  complete: (step: ProcedureStep) => boolean;
  profile: ControllerProfile;
  profileValid: boolean;
  profileIssueCount: number;
  /** The link secrets would travel over now (the engine's, or the connection's before step 2). */
  linkKind: LinkKind | undefined;
  passwordsEntered: ReadonlySet<string>;
  usersWritten: boolean;
  /** An Administrator's password is in memory (the logon once the users are on the device). */
  administratorPasswordEntered: boolean;
  settingsTable: readonly SettingsTableRow<any, any>[];
}

const ownWork = (l: StepLock): StepLock => ({ ...l, ownWork: true });
const lock = (reason: Bilingual, references: GuidelineReference[], unlock: Bilingual): StepLock => ({ reason, references: references.map(formatReference), unlock });

/** The id of the trust-boundary attestation (2.4.7.1 B): the connect step's id, e.g. 'fig8.step2'. */
export function trustBoundaryAttestationId(procedure: Procedure): string {
  return procedure.steps.find((s) => s.kind === 'connect')!.id;
}

export function stepLock(step: ProcedureStep, facts: LockFacts): StepLock | undefined {
  const { procedure, profile } = facts;
  const stepRef = (s: ProcedureStep) => ref.figure(procedure.figure, String(s.number));
  const before = procedure.steps.filter((s) => s.number < step.number);
  const open = before.find((s) => !facts.complete(s));
  if (open)
    return lock(
      { en: `Locked: step ${open.number} (${open.title.en}) is not finished yet.`, ja: `ロック中：手順${open.number}（${open.title.ja}）が完了していません。` },
      [stepRef(open)],
      { en: `Finish step ${open.number} first.`, ja: `先に手順${open.number}を完了してください。` },
    );
  const attested = new Set(profile.attestations.map((a) => a.id));
  if (step.kind === 'operator-checklist' && !attested.has(step.id))
    return ownWork(lock(
      { en: `Locked: confirm the checklist of step ${step.number} first.`, ja: `ロック中：先に手順${step.number}のチェックリストを確認してください。` },
      step.references.slice(0, 2),
      { en: 'Tick every item, then confirm it with your name (attestation).', ja: '各項目にチェックし、氏名とともに確認（確認記録）してください。' },
    ));
  if (step.kind === 'write') {
    if (!facts.profileValid)
      return lock(
        { en: `Locked: the profile has ${facts.profileIssueCount} problem(s) to fix before anything is written.`, ja: `ロック中：書込み前にプロファイルの問題（${facts.profileIssueCount}件）を修正してください。` },
        [stepRef(step)],
        { en: 'Correct the values marked in the settings steps.', ja: '設定手順で示された値を修正してください。' },
      );
    const missing = profile.settings.users.users.map((u) => u.name).filter((n) => !facts.passwordsEntered.has(n));
    if (!facts.usersWritten && missing.length)
      return lock(
        { en: `Locked: enter the new password of ${missing.join(', ')} first: the user information is written first (user authentication must be enabled first).`, ja: `ロック中：先に${missing.join('、')}の新しいパスワードを入力してください（ユーザ認証を最初に有効にするため）。` },
        [...ruleById('order.user-authentication-first').references.slice(0, 1), ref.section(procedure.system === 'mx-r' ? '2.4.4' : '3.4.4')],
        { en: 'Enter and confirm each password in step 3 (it is kept in memory only until written).', ja: '手順3で各パスワードを入力・確認してください（書込みまでメモリ上にのみ保持）。' },
      );
    if (facts.linkKind === 'ethernet' && !attested.has(trustBoundaryAttestationId(procedure))) return trustBoundaryLock();
  }
  const talksToDevice = step.kind === 'write' || step.kind === 'restart' || step.kind === 'verification' || (step.kind === 'operator-checklist' && step.number > 2);
  if (talksToDevice && facts.usersWritten && !facts.administratorPasswordEntered)
    return lock(
      { en: 'Locked: the app logs on to the controller as an Administrator for this step; enter the password of an Administrator of the profile.', ja: 'ロック中：この手順ではAdministratorとしてログオンします。プロファイルのAdministratorのパスワードを入力してください。' },
      [ref.section(procedure.system === 'mx-r' ? '2.4.4.3' : '3.4.4.3')],
      { en: 'Enter the current password of one Administrator (it is kept in memory only until the session ends).', ja: 'Administratorの現在のパスワードを1つ入力してください（セッション終了までメモリ上にのみ保持）。' },
    );
  if (step.kind === 'verification' && step.number === 14) {
    const open = facts.settingsTable.filter((r) => r.verification === 'attestation' && !attested.has(r.id) && !profile.exceptions.some((e) => e.rowId === r.id));
    if (open.length)
      return lock(
        { en: `Locked: attest ${open.map((r) => `Table ${r.table} row ${r.row}`).join(', ')} first: the device cannot show them.`, ja: `ロック中：先に${open.map((r) => `表${r.table} No.${r.row}`).join('、')}を確認してください（機器では確認できない項目）。` },
        open.flatMap((r) => r.references.slice(0, 1)),
        { en: 'Confirm each item with your name after the test operation.', ja: 'テスト運転後、各項目を氏名とともに確認してください。' },
      );
  }
  return undefined;
}

/** 2.4.7.1 B: passwords and the private key travel over plain Ethernet only from inside the trust boundary. */
export function trustBoundaryLock(): StepLock {
  const rule = ruleById('order.encryption-by-link');
  return lock(
    {
      en: 'Locked: this PC is connected over plain Ethernet, and passwords and the private key are written only from inside the trust boundary.',
      ja: 'ロック中：このパソコンはEthernet（暗号化なし）で接続されています。パスワードと秘密鍵は信頼境界内からのみ書き込めます。',
    },
    rule.references.slice(0, 2),
    { en: 'Attest that this PC is inside the trust boundary (step 2), or connect over USB (recommended, 2.4.7.1 procedure A).', ja: 'このパソコンが信頼境界内にあることを確認する（手順2）か、USBで接続してください（推奨、2.4.7.1 A）。' },
  );
}

export const lockText = (l: StepLock): string => `${l.reason.en} ${l.unlock.en}${l.references.length ? ` (${l.references.join('; ')})` : ''}`;
export { formatReferences };
