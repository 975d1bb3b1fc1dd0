// What went wrong in a step, in the technician's words, for SessionView.error: the headline, what to do,
// the guideline passage, and the device's end code in the details (UX: never in the headline).
import type { SessionView } from '../../ipc/wizard-contract';
import { EngineError, OrderingRuleViolation } from '../../commissioning/engine/engine-errors';
import { formatReference } from '../../commissioning/guideline';
import { isDeviceOperationError } from '../../devices/device-error';
import { isLinkError } from '../../links/link-error';
import { ServiceError } from '../service-error';

type ErrorView = NonNullable<SessionView['error']>;

// Japanese headlines per family; the English message carries the specifics (names, values) and is shown
// in the details of the Japanese UI.
const JA: Record<string, string> = {
  ORDERING_RULE_VIOLATED: 'ガイドラインの順序規則により、この操作はまだ実行できません。',
  PROFILE_NOT_FOR_DEVICE: 'プロファイルが接続中の機器と一致しません。',
  SECRET_MISSING: 'パスワードが入力されていません。',
  WRITE_REJECTED: '機器が設定を受け付けませんでした。',
  READ_BACK_MISMATCH: '書き込んだ値と読み出した値が一致しません。',
  LOGON_NOT_ADMINISTRATOR: 'Administratorsグループのユーザでログオンしてください。',
  INITIALIZATION_NOT_CONFIRMED: '初期化が確認されませんでした。',
  INITIALIZATION_NEEDS_ADMINISTRATOR: '初期化には以前のAdministratorのログオンが必要です。',
  PINNED_CERTIFICATE_MISMATCH: '機器の証明書がピン留めした証明書と異なります。接続を拒否しました。',
  DEVICE_NOT_REACHABLE: '機器に接続できません。ケーブルと電源を確認してください。',
  CANCELLED: '作業者が中止しました。書込み済みの項目はすべて確認済みです。',
  PROFILE_LOCKED: '書込み開始後は設定を変更できません。',
  SESSION_NOT_RESUMABLE: 'このセッションは別のプロファイルで開始されたため再開できません。',
  FAMILY_HAS_NO_DRIVER: 'この機器のドライバはこのバージョンに含まれていないため、まだ設定できません。',
  KIND_NOT_FOR_FAMILY: 'この機器では、この種類の作業はこのバージョンでは行えません。',
  device: '機器が要求を完了できませんでした。',
  link: '機器との接続が切れました。ケーブルを確認し、手順を再実行してください。',
};

// What the wizard's technician does (the engine's messages also address the CLI's secrets file).
const WHAT_TO_DO: Record<string, { en: string; ja: string }> = {
  INITIALIZATION_NEEDS_ADMINISTRATOR: {
    en: "Enter the user name and current password of one of the controller's Administrators (previous Administrator), then run step 4 again.",
    ja: 'コントローラのAdministratorのユーザ名と現在のパスワード（以前のAdministrator）を入力し、手順4を再実行してください。',
  },
  SECRET_MISSING: { en: 'Enter the password of an Administrator of the profile, then run the step again.', ja: 'プロファイルのAdministratorのパスワードを入力し、手順を再実行してください。' },
  PINNED_CERTIFICATE_MISMATCH: { en: 'Do not continue over Ethernet: check the device over USB before trusting it.', ja: 'Ethernetでの作業を中止し、USBで機器を確認してください。' },
  DEVICE_NOT_REACHABLE: { en: 'Check the cable and the power, then run the step again: the journal keeps the place.', ja: 'ケーブルと電源を確認し、手順を再実行してください（記録は保持されています）。' },
};

export function errorView(error: unknown): ErrorView {
  if (error instanceof OrderingRuleViolation) {
    return {
      code: error.code,
      message: { en: error.message, ja: `${JA.ORDERING_RULE_VIOLATED} ${error.verdict.message?.ja ?? ''}`.trim() },
      whatToDo: { en: error.unlock, ja: error.verdict.message?.ja ?? error.unlock },
      references: error.references.map(formatReference),
    };
  }
  if (error instanceof EngineError) {
    const todo = WHAT_TO_DO[error.code];
    return {
      ...(todo ? { whatToDo: todo } : {}), code: error.code, message: { en: error.message, ja: JA[error.code] ?? JA.device! }, references: error.references.map(formatReference) };
  }
  if (isDeviceOperationError(error)) {
    const details = [error.details.endCode ? `end code ${error.details.endCode}` : undefined, error.details.command].filter(Boolean).join('; ');
    return {
      code: error.code,
      message: { en: error.headline, ja: JA.device! },
      whatToDo: { en: error.whatToDo, ja: error.whatToDo },
      ...(details ? { details } : {}),
      ...(error.guidelineRef ? { references: [error.guidelineRef] } : {}),
    };
  }
  if (isLinkError(error)) return { code: error.code, message: { en: error.message, ja: JA.link! }, whatToDo: { en: 'Check the cable and the device, then run the step again: the journal keeps the place.', ja: JA.link! } };
  if (error instanceof ServiceError) return { code: error.code, message: { en: error.message, ja: error.message }, ...(error.details ? { details: error.details } : {}) };
  const code = (error as { code?: unknown } | null)?.code;
  return {
    code: typeof code === 'string' ? code : 'internal',
    message: { en: 'Something went wrong inside the app while running the step. Run it again; the journal keeps the place.', ja: 'アプリ内部でエラーが発生しました。手順を再実行してください（記録は保持されています）。' },
  };
}
