// The profile, validated once. Every host (the wizard, `mxc commission`) hands what it read or what the
// technician typed to checkProfile; only a CheckedProfile opens or changes a session, so nothing
// downstream validates it again and nobody keeps a second copy in step by hand (the session holds it).
import { unknownProfileReferences } from '../commissioning/guideline';
import { validateProfile, type ControllerProfile, type ProfileIssue } from '../model/security-settings';

declare const checked: unique symbol;
/**
 * A profile that passed the schema, its cross-field rules and the guideline's references: a controller's or
 * the wireless LAN adapter's. The wizard's views still speak the controllers' profile type, so an adapter
 * profile crosses them as that type (the engine, the adapter family and the report handle both; the views
 * read `system` before they read a controller's settings).
 */
export type CheckedProfile = ControllerProfile & { readonly [checked]: true };

export type ProfileCheck = { ok: true; profile: CheckedProfile; warnings: ProfileIssue[] } | { ok: false; issues: ProfileIssue[] };

export function checkProfile(input: unknown): ProfileCheck {
  const v = validateProfile(input);
  if (!v.ok) return { ok: false, issues: v.issues };
  const refs = unknownProfileReferences(v.profile);
  if (refs.length) return { ok: false, issues: refs };
  return { ok: true, profile: v.profile as unknown as CheckedProfile, warnings: v.warnings };
}
