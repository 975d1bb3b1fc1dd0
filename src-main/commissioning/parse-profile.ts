// A profile parsed for code that only handles valid ones: the problems as one error of the app's error
// base (model/ imports nothing of ours, so the error lives here, above it).
import { AppError } from '../messages/app-error';
import { validateProfile, type ProfileIssue, type SecurityProfile } from '../model/security-settings';

export class ProfileValidationError extends AppError {
  declare readonly code: 'PROFILE_INVALID';
  constructor(readonly issues: ProfileIssue[]) {
    super({
      code: 'PROFILE_INVALID',
      messageId: 'errors.profile.invalid',
      params: { count: issues.length },
      nextStep: { id: 'errors.profile.nextStep' },
      englishText: `The security profile has ${issues.length} problem(s): ${issues.map((i) => `${i.path || '(profile)'}: ${i.message}`).join(' | ')}`,
    });
  }
}

/** Throws ProfileValidationError; for code that only handles valid profiles. */
export function parseProfile(input: unknown): SecurityProfile {
  const v = validateProfile(input);
  if (!v.ok) throw new ProfileValidationError(v.issues);
  return v.profile;
}
