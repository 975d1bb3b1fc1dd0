// The profile, validated once. Every host (the wizard, `mxc commission`) hands what it read or what the
// technician typed to checkProfile; only a CheckedProfile opens or changes a session, so nothing
// downstream validates it again and nobody keeps a second copy in step by hand (the session holds it).
import { unknownProfileReferences } from '../commissioning/guideline';
import { isControllerProfile, validateProfile, type ControllerProfile, type ProfileIssue } from '../model/security-settings';

declare const checked: unique symbol;
/** A controller profile that passed the schema, its cross-field rules and the guideline's references. */
export type CheckedProfile = ControllerProfile & { readonly [checked]: true };

export type ProfileCheck = { ok: true; profile: CheckedProfile; warnings: ProfileIssue[] } | { ok: false; issues: ProfileIssue[] };

export function checkProfile(input: unknown): ProfileCheck {
  const v = validateProfile(input);
  if (!v.ok) return { ok: false, issues: v.issues };
  // The engine runs what a family with a driver brings; until the adapter's driver exists, say so here.
  if (!isControllerProfile(v.profile)) return { ok: false, issues: [{ path: 'system', message: 'This command commissions MX-R and MX-F controllers.' }] };
  const refs = unknownProfileReferences(v.profile);
  if (refs.length) return { ok: false, issues: refs };
  return { ok: true, profile: v.profile as CheckedProfile, warnings: v.warnings };
}
