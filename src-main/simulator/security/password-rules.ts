// The device's password rule (2.4.4.2: "Set the user password strength to Strong"): checked on the device
// when a password is set, so a tool that skips the check cannot store a weak one.

import {
  PASSWORD_CHARSET,
  PASSWORD_LENGTH,
  PASSWORD_MAY_CONTAIN_USER_NAME,
  PASSWORD_STRENGTH_RULES,
  type PasswordStrength,
} from './device-choices';

export interface PasswordPolicy {
  readonly strength: PasswordStrength;
  readonly minimumLength: number;
}

/** Digits, upper case, lower case, symbols: how many of the four kinds the password uses. */
export function characterKinds(password: string): number {
  return [/[0-9]/, /[A-Z]/, /[a-z]/, /[^0-9A-Za-z]/].filter((re) => re.test(password)).length;
}

/** null when the password is acceptable; otherwise what the technician must change (never echoes it). */
export function passwordRuleProblem(password: string, policy: PasswordPolicy, userName: string): string | null {
  const rule = PASSWORD_STRENGTH_RULES[policy.strength];
  const minLength = Math.max(PASSWORD_LENGTH.min, policy.minimumLength, rule.minLength);
  if (password.length < minLength || password.length > PASSWORD_LENGTH.max) {
    return `The password must be ${minLength}-${PASSWORD_LENGTH.max} characters long.`;
  }
  if (!PASSWORD_CHARSET.test(password)) return 'The password may use printable ASCII characters only, without spaces.';
  if (characterKinds(password) < rule.minKinds) {
    return `The password strength is set to "${policy.strength}": use at least ${rule.minKinds} of the kinds digits, upper case, lower case and symbols.`;
  }
  if (!PASSWORD_MAY_CONTAIN_USER_NAME && userName.length > 0 && password.toLowerCase().includes(userName.toLowerCase())) {
    return 'The password must not contain the user name.';
  }
  return null;
}
