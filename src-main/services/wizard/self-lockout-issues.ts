// The IP filter's self-lockout guard (2.4.8 / 3.4.8) as the settings steps show it. The verdict is the
// engine's own rule (guard.pc-allowed-before-ip-filter), so what the wizard accepts, step 9 writes; this
// module only decides WHERE the refusal is shown and what it says. The enhanced security setting turns
// the IP filter on as an allow-list (2.3.1; the engineering tool's manual: "an allow-list"), so a filter
// that is harmless while off can shut this PC out once that setting is on: then the refusal belongs to
// the setting that causes it, and the IP filter block points there (and the other way round).
import type { Bilingual, SettingIssueView } from '../../ipc/wizard-contract';
import { checkRule, formatReference, GUIDELINE, ruleById, type Procedure, type ProcedureStep } from '../../commissioning/guideline';
import type { LinkKind } from '../../links/link';
import type { ControllerProfile, SecuritySystem } from '../../model/security-settings';
import { bilingualEach, msg, type Language } from '../../messages/catalogue';

export interface SelfLockoutInput {
  procedure: Procedure;
  /** The candidate profile (already schema-valid). */
  profile: ControllerProfile;
  /** The settings key the technician just changed. */
  changedKey: string;
  /** This PC's address towards the controller; without it the guard cannot judge (a warning elsewhere). */
  pcAddress: string | undefined;
  /** The link in use now (from USB the filter guards the Ethernet path used after the restart). */
  linkKind: LinkKind | undefined;
  /** The IP filter mode of the last accepted profile: what the control shows again after a refusal. */
  keptFilterMode?: 'allow' | 'deny';
}

export interface SelfLockoutIssues {
  /** Refusals: the change is not applied. */
  issues: SettingIssueView[];
  /** Pointers from the other block involved to the refusal (shown as warnings, they do not block). */
  pointers: SettingIssueView[];
}

const ENHANCED_PATH = 'settings.enhancedSecurity.enabled';
const FILTER_PATH = 'settings.ipFilter.entries';

function ownerOf(procedure: Procedure, key: string): ProcedureStep | undefined {
  return procedure.steps.find((s) => s.kind === 'settings' && (s.writes as readonly string[]).includes(key));
}

/**
 * The IP filter section of this system's chapter among the rule's references (2.4.8 for the MX-R, 3.4.8
 * for the MX-F): the one the system's own settings table cites for the IP filter, so it does not depend
 * on the order of the rule's references. Should the data ever disagree, every section of the rule is
 * named rather than a wrong one.
 */
export function ipFilterSection(system: SecuritySystem): string {
  const rule = ruleById('guard.pc-allowed-before-ip-filter');
  const cited = new Set(
    (GUIDELINE[system]?.settingsTable ?? [])
      .filter((row) => (row.settingKeys as readonly string[]).includes('ipFilter'))
      .flatMap((row) => row.references.map((r) => r.section)),
  );
  const own = rule.references.find((r) => r.section !== undefined && cited.has(r.section));
  return own ? formatReference(own) : rule.references.map(formatReference).join(' / ');
}

export function selfLockoutIssues(input: SelfLockoutInput): SelfLockoutIssues {
  const { procedure, profile, pcAddress } = input;
  if (!pcAddress) return { issues: [], pointers: [] };
  const st = profile.settings;
  const judge = (enhancedSecurityEnabled: boolean) =>
    checkRule('guard.pc-allowed-before-ip-filter', {
      system: profile.system,
      // From USB the app reaches the controller over Ethernet after the restart: that path is what the filter may cut.
      linkKind: 'ethernet',
      pcAddress,
      ipFilter: { enabled: st.ipFilter.enabled, mode: st.ipFilter.mode, addresses: st.ipFilter.entries.map((e) => e.address) },
      enhancedSecurityEnabled,
    });
  const filterSection = ipFilterSection(profile.system);
  const path: Bilingual =
    input.linkKind === 'usb'
      ? msg('selfLockout.path.afterRestart', { address: pcAddress })
      : msg('selfLockout.path.thisConnection', { address: pcAddress });

  const alone = judge(false);
  if (alone.status === 'violated') {
    // The filter itself shuts this PC out, whatever the enhanced security setting says.
    // The form shows the last accepted profile again, so the refusal says it was not applied and what stays.
    const kept = msg(input.keptFilterMode === 'deny' ? 'wizard.settings.ipFilter.deny' : 'wizard.settings.ipFilter.allow');
    const text = bilingualEach('selfLockout.filterCutsOff', (l) => ({ kept: kept[l], verdict: alone.message![l], path: path[l], section: filterSection }));
    return { issues: [{ path: FILTER_PATH, message: text.en, text, references: [filterSection] }], pointers: [] };
  }
  if (!st.enhancedSecurity.enabled || judge(true).status !== 'violated') return { issues: [], pointers: [] };

  // The enhanced security setting is the cause: it turns this filter on as an allow-list.
  const enhancedStep = ownerOf(procedure, 'enhancedSecurity');
  const filterStep = ownerOf(procedure, 'ipFilter');
  const enhancedRefs = [...(enhancedStep?.references ?? []).map(formatReference).slice(0, 2), filterSection];
  const why: Bilingual =
    st.ipFilter.mode === 'deny'
      ? msg('selfLockout.why.denyListed', { address: pcAddress })
      : msg('selfLockout.why.notListed', { address: pcAddress });
  const filterStepName: Bilingual = filterStep ? msg('selfLockout.stepNumber', { number: filterStep.number }) : msg('selfLockout.ipFilterStep');
  const enhancedStepName: Bilingual = enhancedStep ? msg('selfLockout.stepNumber', { number: enhancedStep.number }) : msg('selfLockout.enhancedStep');
  const phrases = (l: Language) => ({ why: why[l], path: path[l], filterStep: filterStepName[l], enhancedStep: enhancedStepName[l] });
  const cause: SettingIssueView = {
    path: ENHANCED_PATH,
    message: '',
    text: bilingualEach('selfLockout.enhancedCause', phrases),
    references: enhancedRefs,
    ...(filterStep ? { pointsTo: { stepId: filterStep.id, number: filterStep.number, part: 'ipFilter' } } : {}),
  };
  const pointer: SettingIssueView = {
    path: FILTER_PATH,
    message: '',
    text: bilingualEach('selfLockout.filterPointer', phrases),
    references: enhancedRefs,
    ...(enhancedStep ? { pointsTo: { stepId: enhancedStep.id, number: enhancedStep.number } } : {}),
  };
  const withMessage = (i: SettingIssueView): SettingIssueView => ({ ...i, message: `${i.text!.en} (${(i.references ?? []).join(', ')})` });
  // The refusal goes where the technician made the change; the other block involved points to it.
  if (input.changedKey === 'ipFilter') {
    const here: SettingIssueView = { ...pointer, text: bilingualEach('selfLockout.filterPointerNotApplied', phrases) };
    const there: SettingIssueView = {
      path: ENHANCED_PATH,
      message: '',
      text: bilingualEach('selfLockout.enhancedPointer', phrases),
      references: enhancedRefs,
      ...(filterStep ? { pointsTo: { stepId: filterStep.id, number: filterStep.number, part: 'ipFilter' } } : {}),
    };
    return { issues: [withMessage(here)], pointers: [withMessage(there)] };
  }
  return { issues: [withMessage(cause)], pointers: [withMessage(pointer)] };
}
