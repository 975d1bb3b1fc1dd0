// A new password is judged twice before it is accepted: by a real strength estimator (zxcvbn-ts, its
// dictionaries loaded once, lazily: they are large and most app starts never need them) and by the
// device's own rule from the profile's password policy, whose failures are what the device would refuse.
// Nothing here logs, keeps or returns the password.
import type { Bilingual, PasswordCheck } from '../../ipc/wizard-contract';
import type { PasswordPolicy } from '../../model/security-settings';
import { PASSWORD_LENGTH, PASSWORD_STRENGTH_RULES } from '../../simulator/security/device-choices';

type Estimator = { check(password: string, userInputs?: (string | number)[]): { score: number; feedback: { warning: string | null; suggestions: string[] } } };

let estimator: Promise<Estimator> | undefined;

function loadEstimator(): Promise<Estimator> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]);
    return new ZxcvbnFactory({
      translations: en.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...en.dictionary },
    });
  })();
  estimator.catch(() => (estimator = undefined));
  return estimator;
}

// The rule is the practice controller's own (simulator/security/device-choices.ts, the one place these
// project choices live): the app judges a password exactly as the device it writes to will. The real
// controller's rule is not public.
const STRENGTH_LEVEL = { weak: 'low', medium: 'medium', strong: 'strong' } as const;
export const PASSWORD_RULE = {
  maxLength: PASSWORD_LENGTH.max,
  strength: {
    weak: PASSWORD_STRENGTH_RULES[STRENGTH_LEVEL.weak],
    medium: PASSWORD_STRENGTH_RULES[STRENGTH_LEVEL.medium],
    strong: PASSWORD_STRENGTH_RULES[STRENGTH_LEVEL.strong],
  },
} as const;

const KINDS: Array<{ re: RegExp; en: string; ja: string }> = [
  { re: /[0-9]/, en: 'digits', ja: '数字' },
  { re: /[A-Z]/, en: 'upper-case letters', ja: '英大文字' },
  { re: /[a-z]/, en: 'lower-case letters', ja: '英小文字' },
  { re: /[^A-Za-z0-9]/, en: 'symbols', ja: '記号' },
];

/** Every way the password breaks the device's rule, in the technician's words; empty when it passes. */
export function deviceRuleFailures(userName: string, password: string, policy: Pick<PasswordPolicy, 'strength' | 'minLength'>): Bilingual[] {
  const failures: Bilingual[] = [];
  const level = PASSWORD_RULE.strength[policy.strength];
  const minLength = Math.max(policy.minLength, level.minLength);
  if (password.length < minLength) failures.push({ en: `Use at least ${minLength} characters (the profile's password policy).`, ja: `${minLength}文字以上にしてください（プロファイルのパスワードポリシー）。` });
  if (password.length > PASSWORD_RULE.maxLength) failures.push({ en: `Use at most ${PASSWORD_RULE.maxLength} characters.`, ja: `${PASSWORD_RULE.maxLength}文字以下にしてください。` });
  if (!/^[\x21-\x7e]*$/.test(password)) failures.push({ en: 'Use printable ASCII characters only, without spaces.', ja: '空白を含まない半角英数字・記号のみを使用してください。' });
  const kinds = KINDS.filter((k) => k.re.test(password));
  if (kinds.length < level.minKinds) {
    const missing = KINDS.filter((k) => !kinds.includes(k));
    failures.push({
      en: `Password strength "${policy.strength}" needs at least ${level.minKinds} kinds of characters; add ${missing.map((k) => k.en).join(' or ')}.`,
      ja: `パスワード強度「${policy.strength}」には${level.minKinds}種類以上の文字が必要です。${missing.map((k) => k.ja).join('または')}を加えてください。`,
    });
  }
  if (userName.length > 0 && password.toLowerCase().includes(userName.toLowerCase()))
    failures.push({ en: 'Do not include the user name in the password.', ja: 'パスワードにユーザ名を含めないでください。' });
  return failures;
}

export async function checkPassword(userName: string, password: string, policy: Pick<PasswordPolicy, 'strength' | 'minLength'>): Promise<PasswordCheck> {
  const result = (await loadEstimator()).check(password, [userName, 'melsec', 'mitsubishi', 'admin']);
  const feedback = [result.feedback.warning, ...result.feedback.suggestions].filter((x): x is string => typeof x === 'string' && x.length > 0);
  const failures = deviceRuleFailures(userName, password, policy);
  return { score: Math.max(0, Math.min(4, result.score)) as PasswordCheck['score'], feedback, deviceRule: { ok: failures.length === 0, failures } };
}
