// The controller's password rule (2.4.4.2: "Set the user password strength to Strong"), in one place for
// both sides: the virtual controllers refuse a password that breaks it, and the app judges a new password
// by it before writing, so the technician hears the device's reason before the device gives it. The real
// controller's rule is not public: every value here is the project's own choice (docs/project-choices.md).
// A leaf: imports nothing of ours, so the simulator and the app may both use it (docs/ARCHITECTURE.md).

export type PasswordStrength = 'low' | 'medium' | 'strong';

export const PASSWORD_STRENGTH_RULES: Readonly<Record<PasswordStrength, { minLength: number; minKinds: number }>> = {
  // Project choice: "low" only applies the minimum length setting; kept so "Strong" is a visible change.
  low: { minLength: 0, minKinds: 1 },
  // Project choice: Medium = at least 8 characters of at least 2 kinds, as the vendor's project password.
  medium: { minLength: 8, minKinds: 2 },
  // Project choice: Strong = at least 8 characters of at least 3 kinds among digits, upper case, lower
  // case and symbols, as the vendor's project password (the guideline, 2.4.4.2, only says "Strong").
  strong: { minLength: 8, minKinds: 3 },
};

// Project choice: 6-32 characters, the length range of the iQ-R remote password (facts: C208).
export const PASSWORD_LENGTH = { min: 6, max: 32 } as const;

// Project choice: passwords are printable ASCII without spaces (what every MELSEC password field accepts),
// and may not contain the user name (the first guess of anyone who knows the user).
export const PASSWORD_CHARSET = /^[\x21-\x7e]+$/;
export const PASSWORD_MAY_CONTAIN_USER_NAME = false;

/** The four kinds of character the strength levels count, in the order they are named to the technician. */
export const CHARACTER_KINDS = ['digits', 'upper-case', 'lower-case', 'symbols'] as const;
export type CharacterKind = (typeof CHARACTER_KINDS)[number];
const KIND_PATTERN: Readonly<Record<CharacterKind, RegExp>> = { digits: /[0-9]/, 'upper-case': /[A-Z]/, 'lower-case': /[a-z]/, symbols: /[^0-9A-Za-z]/ };

/** The kinds of character the password uses. */
export function characterKindsOf(password: string): CharacterKind[] {
  return CHARACTER_KINDS.filter((k) => KIND_PATTERN[k].test(password));
}

/** Every way a password breaks the rule; each side words it for its own listener. Never carries the password. */
export type PasswordRuleFailure =
  | { rule: 'length'; min: number; max: number }
  | { rule: 'charset' }
  | { rule: 'kinds'; strength: PasswordStrength; minKinds: number; missing: CharacterKind[] }
  | { rule: 'contains-user-name' };

export interface PasswordRulePolicy {
  readonly strength: PasswordStrength;
  /** The device's configurable minimum length on top of the strength level's. */
  readonly minimumLength: number;
}

/** The rule's failures for this password, in the order the device checks them; empty when it passes. */
export function passwordRuleFailures(password: string, policy: PasswordRulePolicy, userName: string): PasswordRuleFailure[] {
  const failures: PasswordRuleFailure[] = [];
  const level = PASSWORD_STRENGTH_RULES[policy.strength];
  const min = Math.max(PASSWORD_LENGTH.min, policy.minimumLength, level.minLength);
  if (password.length < min || password.length > PASSWORD_LENGTH.max) failures.push({ rule: 'length', min, max: PASSWORD_LENGTH.max });
  if (password.length > 0 && !PASSWORD_CHARSET.test(password)) failures.push({ rule: 'charset' });
  const kinds = characterKindsOf(password);
  if (kinds.length < level.minKinds) failures.push({ rule: 'kinds', strength: policy.strength, minKinds: level.minKinds, missing: CHARACTER_KINDS.filter((k) => !kinds.includes(k)) });
  if (!PASSWORD_MAY_CONTAIN_USER_NAME && userName.length > 0 && password.toLowerCase().includes(userName.toLowerCase())) failures.push({ rule: 'contains-user-name' });
  return failures;
}
