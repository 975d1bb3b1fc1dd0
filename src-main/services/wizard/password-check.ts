// A new password is judged twice before it is accepted: by a real strength estimator (zxcvbn-ts, its
// dictionaries loaded once, lazily: they are large and most app starts never need them) and by the
// device's own rule from the profile's password policy, whose failures are what the device would refuse.
// Nothing here logs, keeps or returns the password.
import type { Bilingual, PasswordCheck } from '../../ipc/wizard-contract';
import type { PasswordPolicy } from '../../model/security-settings';
import { passwordRuleFailures, type CharacterKind } from '../../device-rules/password-rule';

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

// The rule is the controller's own, shared with the virtual devices (device-rules/password-rule.ts, the one
// place these project choices live): the app judges a password exactly as the device it writes to will.
// The real controller's rule is not public.
const STRENGTH_LEVEL = { weak: 'low', medium: 'medium', strong: 'strong' } as const;

const KIND_WORDS: Readonly<Record<CharacterKind, Bilingual>> = {
  digits: { en: 'digits', ja: '数字' },
  'upper-case': { en: 'upper-case letters', ja: '英大文字' },
  'lower-case': { en: 'lower-case letters', ja: '英小文字' },
  symbols: { en: 'symbols', ja: '記号' },
};

/** Every way the password breaks the device's rule, in the technician's words; empty when it passes. */
export function deviceRuleFailures(userName: string, password: string, policy: Pick<PasswordPolicy, 'strength' | 'minLength'>): Bilingual[] {
  const failures = passwordRuleFailures(password, { strength: STRENGTH_LEVEL[policy.strength], minimumLength: policy.minLength }, userName);
  return failures.map((f): Bilingual => {
    switch (f.rule) {
      case 'length':
        return password.length < f.min
          ? { en: `Use at least ${f.min} characters (the profile's password policy).`, ja: `${f.min}文字以上にしてください（プロファイルのパスワードポリシー）。` }
          : { en: `Use at most ${f.max} characters.`, ja: `${f.max}文字以下にしてください。` };
      case 'charset':
        return { en: 'Use printable ASCII characters only, without spaces.', ja: '空白を含まない半角英数字・記号のみを使用してください。' };
      case 'kinds':
        return {
          en: `Password strength "${policy.strength}" needs at least ${f.minKinds} kinds of characters; add ${f.missing.map((k) => KIND_WORDS[k].en).join(' or ')}.`,
          ja: `パスワード強度「${policy.strength}」には${f.minKinds}種類以上の文字が必要です。${f.missing.map((k) => KIND_WORDS[k].ja).join('または')}を加えてください。`,
        };
      case 'contains-user-name':
        return { en: 'Do not include the user name in the password.', ja: 'パスワードにユーザ名を含めないでください。' };
    }
  });
}

export async function checkPassword(userName: string, password: string, policy: Pick<PasswordPolicy, 'strength' | 'minLength'>): Promise<PasswordCheck> {
  const result = (await loadEstimator()).check(password, [userName, 'melsec', 'mitsubishi', 'admin']);
  const feedback = [result.feedback.warning, ...result.feedback.suggestions].filter((x): x is string => typeof x === 'string' && x.length > 0);
  const failures = deviceRuleFailures(userName, password, policy);
  return { score: Math.max(0, Math.min(4, result.score)) as PasswordCheck['score'], feedback, deviceRule: { ok: failures.length === 0, failures } };
}
