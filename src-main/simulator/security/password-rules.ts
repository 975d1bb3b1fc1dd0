// The device's password rule (2.4.4.2: "Set the user password strength to Strong"): checked on the device
// when a password is set, so a tool that skips the check cannot store a weak one. The rule itself is
// device-rules/password-rule.ts, shared with the app; here is how the device words its first failure.

import { passwordRuleFailures, type PasswordRuleFailure, type PasswordStrength } from '../../device-rules/password-rule';

export interface PasswordPolicy {
  readonly strength: PasswordStrength;
  readonly minimumLength: number;
}

function deviceWording(failure: PasswordRuleFailure): string {
  switch (failure.rule) {
    case 'length':
      return `The password must be ${failure.min}-${failure.max} characters long.`;
    case 'charset':
      return 'The password may use printable ASCII characters only, without spaces.';
    case 'kinds':
      return `The password strength is set to "${failure.strength}": use at least ${failure.minKinds} of the kinds digits, upper case, lower case and symbols.`;
    case 'contains-user-name':
      return 'The password must not contain the user name.';
  }
}

/** null when the password is acceptable; otherwise what the technician must change (never echoes it). */
export function passwordRuleProblem(password: string, policy: PasswordPolicy, userName: string): string | null {
  const first = passwordRuleFailures(password, policy, userName)[0];
  return first ? deviceWording(first) : null;
}
