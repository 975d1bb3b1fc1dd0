// A new password is judged twice before it is accepted: by a real strength estimator (zxcvbn-ts, on a
// worker thread: password-strength.ts) and by the device's own rule from the profile's password policy,
// whose failures are what the device would refuse. Nothing here logs, keeps or returns the password.
import type { Bilingual, PasswordCheck } from '../../ipc/wizard-contract';
import type { PasswordPolicy } from '../../model/security-settings';
import { PASSWORD_LENGTH, passwordRuleFailures } from '../../device-rules/password-rule';
import { PASSPHRASE_RULE, passphraseKeepsRule } from '../../device-rules/passphrase-rule';
import { estimateStrength } from './password-strength';
import { bilingualEach, isMessageId, msg, verbatim } from '../../messages/catalogue';

// The rule is the controller's own, shared with the virtual devices (device-rules/password-rule.ts, the one
// place these project choices live): the app judges a password exactly as the device it writes to will.
// The real controller's rule is not public.
const STRENGTH_LEVEL = { weak: 'low', medium: 'medium', strong: 'strong' } as const;

/** Every way the password breaks the device's rule, in the technician's words; empty when it passes. */
export function deviceRuleFailures(userName: string, password: string, policy: Pick<PasswordPolicy, 'strength' | 'minLength'>): Bilingual[] {
  const failures = passwordRuleFailures(password, { strength: STRENGTH_LEVEL[policy.strength], minimumLength: policy.minLength }, userName);
  return failures.map((f): Bilingual => {
    switch (f.rule) {
      case 'length':
        return password.length < f.min ? msg('password.rule.tooShort', { min: f.min }) : msg('password.rule.tooLong', { max: f.max });
      case 'charset':
        return msg('password.rule.charset');
      case 'kinds': {
        const missing = f.missing.map((k) => msg(`password.kind.${k}`));
        const or = msg('password.kind.or');
        return bilingualEach('password.rule.kinds', (l) => ({ strength: policy.strength, minKinds: f.minKinds, missing: missing.map((m) => m[l]).join(or[l]) }));
      }
      case 'contains-user-name':
        return msg('password.rule.userName');
    }
  });
}

export async function checkPassword(userName: string, password: string, policy: Pick<PasswordPolicy, 'strength' | 'minLength'>): Promise<PasswordCheck> {
  // The estimate sees at most what the device accepts (a longer password fails the device rule anyway):
  // its cost grows steeply with length, and it runs off the main event loop.
  const estimate = await estimateStrength(password.slice(0, PASSWORD_LENGTH.max), [userName, 'melsec', 'mitsubishi', 'admin']);
  return judged(estimate, deviceRuleFailures(userName, password, policy));
}

/** The estimate and the rule's failures as the technician reads them. */
function judged({ score, feedback }: { score: number; feedback: string[] }, failures: Bilingual[]): PasswordCheck {
  // The estimator's warnings and suggestions arrive as keys; the catalogue words them in both languages.
  const words = feedback.map((key) => {
    const id = `password.estimate.${key}`;
    return isMessageId(id) ? msg(id) : verbatim(key);
  });
  return { score: Math.max(0, Math.min(4, score)) as PasswordCheck['score'], feedback: words, deviceRule: { ok: failures.length === 0, failures } };
}

/**
 * The wireless LAN adapter's secrets, each judged by its own rule: the new login password by the adapter's
 * password rule (strong, the profile's minimum length); the personal modes' passphrase by 802.11's (8-63
 * printable ASCII); the factory password is the manual's, read from it, so no rule of ours applies.
 */
export async function checkAdapterSecret(name: 'login' | 'factory' | 'passphrase', userName: string, password: string, minLength: number, factory?: string): Promise<PasswordCheck> {
  if (name === 'login') {
    const estimate = await estimateStrength(password.slice(0, PASSWORD_LENGTH.max), [userName, 'wlan', 'mitsubishi', 'admin']);
    return judged(estimate, loginPasswordFailures(userName, password, minLength, factory));
  }
  if (name === 'factory') return { score: 0, feedback: [], deviceRule: { ok: true, failures: [] } };
  const estimate = await estimateStrength(password.slice(0, PASSPHRASE_RULE.max + 1), [userName, 'wlan', 'mitsubishi']);
  return judged(estimate, passphraseFailures(password));
}

/**
 * The adapter's login password: its password rule, and never the factory password kept (Table 44 row 7:
 * the initial password is replaced; the factory one is judged against what the technician typed from the manual).
 */
export function loginPasswordFailures(userName: string, password: string, minLength: number, factory?: string): Bilingual[] {
  const kept = factory !== undefined && password === factory ? [msg('password.rule.factoryKept')] : [];
  return [...kept, ...deviceRuleFailures(userName, password, { strength: 'strong', minLength })];
}

/** The passphrase rule's failure in words, or none. */
export function passphraseFailures(passphrase: string): Bilingual[] {
  return passphraseKeepsRule(passphrase) ? [] : [msg('password.rule.passphrase', { min: PASSPHRASE_RULE.min, max: PASSPHRASE_RULE.max })];
}
