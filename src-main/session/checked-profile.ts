// The profile, validated once. Every host (the wizard, `mxc commission`) hands what it read or what the
// technician typed to checkProfile; only a CheckedProfile opens or changes a session, so nothing
// downstream validates it again and nobody keeps a second copy in step by hand (the session holds it).
import { unknownProfileReferences } from '../commissioning/guideline';
import { isControllerProfile, validateProfile, type ControllerProfile, type ProfileIssue } from '../model/security-settings';

declare const checked: unique symbol;
/** A controller profile that passed the schema, its cross-field rules and the guideline's references. */
export type CheckedProfile = ControllerProfile & { readonly [checked]: true };

export type ProfileCheck = { ok: true; profile: CheckedProfile; warnings: ProfileIssue[] } | { ok: false; issues: ProfileIssue[] };

/**
 * `adapter: true` (the headless `mxc commission`): the wireless LAN adapter's profile passes too. Its family
 * has a driver; the session core runs it, but CheckedProfile and the wizard still speak the controllers'
 * profile type, so an adapter profile crosses them as that type (the engine and the report handle both).
 */
export function checkProfile(input: unknown, options: { adapter?: boolean } = {}): ProfileCheck {
  const v = validateProfile(input);
  if (!v.ok) return { ok: false, issues: v.issues };
  if (!isControllerProfile(v.profile)) {
    if (!options.adapter) return { ok: false, issues: [{ path: 'system', message: 'The wireless LAN adapter is commissioned with "mxc commission" in this version; the wizard commissions MX-R and MX-F controllers.' }] };
    const refs = unknownProfileReferences(v.profile);
    if (refs.length) return { ok: false, issues: refs };
    return { ok: true, profile: v.profile as unknown as CheckedProfile, warnings: v.warnings };
  }
  const refs = unknownProfileReferences(v.profile);
  if (refs.length) return { ok: false, issues: refs };
  return { ok: true, profile: v.profile as CheckedProfile, warnings: v.warnings };
}
