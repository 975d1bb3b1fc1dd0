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
      ? { en: `the Ethernet path the app uses after the restart (this PC at ${pcAddress}, TLS)`, ja: `再起動後にアプリが使うEthernet経路（このパソコン ${pcAddress}、TLS）` }
      : { en: `this connection (this PC at ${pcAddress} over Ethernet)`, ja: `この接続（Ethernet上のこのパソコン ${pcAddress}）` };

  const alone = judge(false);
  if (alone.status === 'violated') {
    // The filter itself shuts this PC out, whatever the enhanced security setting says.
    const en = `${alone.message!.en} The filter would cut off ${path.en} (${filterSection}).`;
    return { issues: [{ path: FILTER_PATH, message: en, text: { en, ja: `${alone.message!.ja} ${path.ja}が遮断されます（${filterSection}）。` }, references: [filterSection] }], pointers: [] };
  }
  if (!st.enhancedSecurity.enabled || judge(true).status !== 'violated') return { issues: [], pointers: [] };

  // The enhanced security setting is the cause: it turns this filter on as an allow-list.
  const enhancedStep = ownerOf(procedure, 'enhancedSecurity');
  const filterStep = ownerOf(procedure, 'ipFilter');
  const enhancedRefs = [...(enhancedStep?.references ?? []).map(formatReference).slice(0, 2), filterSection];
  const why: Bilingual =
    st.ipFilter.mode === 'deny'
      ? { en: `its list is set to deny the listed devices, and this PC (${pcAddress}) is listed`, ja: `リストが「登録した機器を拒否」に設定され、このパソコン（${pcAddress}）が登録されています` }
      : { en: `its list does not include this PC (${pcAddress})`, ja: `リストにこのパソコン（${pcAddress}）が含まれていません` };
  const filterStepName: Bilingual = filterStep ? { en: `step ${filterStep.number}`, ja: `手順${filterStep.number}` } : { en: 'the IP filter step', ja: 'IPフィルタの手順' };
  const enhancedStepName: Bilingual = enhancedStep ? { en: `step ${enhancedStep.number}`, ja: `手順${enhancedStep.number}` } : { en: 'the enhanced security step', ja: 'セキュリティ強化設定の手順' };
  const cause: SettingIssueView = {
    path: ENHANCED_PATH,
    message: '',
    text: {
      en: `Not applied: the enhanced security setting turns the IP filter on as an allow-list, and ${why.en} (IP filter, ${filterStepName.en}). It would cut off ${path.en}. Set the IP filter in ${filterStepName.en} to allow the listed devices with this PC listed, then turn the enhanced security setting on.`,
      ja: `適用されませんでした：セキュリティ強化設定はIPフィルタを許可リストとして有効にしますが、${why.ja}（IPフィルタ、${filterStepName.ja}）。${path.ja}が遮断されます。${filterStepName.ja}のIPフィルタを「登録した機器を許可」にしてこのパソコンを登録してから、セキュリティ強化設定を有効にしてください。`,
    },
    references: enhancedRefs,
    ...(filterStep ? { pointsTo: { stepId: filterStep.id, number: filterStep.number } } : {}),
  };
  const pointer: SettingIssueView = {
    path: FILTER_PATH,
    message: '',
    text: {
      en: `With the enhanced security setting on (${enhancedStepName.en}), this filter is on as an allow-list even when it is switched off here, and ${why.en}: this PC would be cut off. Allow the listed devices with this PC listed.`,
      ja: `セキュリティ強化設定（${enhancedStepName.ja}）が有効な場合、ここで無効にしてもこのフィルタは許可リストとして有効になり、${why.ja}。このパソコンが遮断されます。「登録した機器を許可」にしてこのパソコンを登録してください。`,
    },
    references: enhancedRefs,
    ...(enhancedStep ? { pointsTo: { stepId: enhancedStep.id, number: enhancedStep.number } } : {}),
  };
  const withMessage = (i: SettingIssueView): SettingIssueView => ({ ...i, message: `${i.text!.en} (${(i.references ?? []).join(', ')})` });
  // The refusal goes where the technician made the change; the other block involved points to it.
  if (input.changedKey === 'ipFilter') {
    const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
    const here: SettingIssueView = { ...pointer, text: { en: `Not applied: ${lower(pointer.text!.en)}`, ja: `適用されませんでした：${pointer.text!.ja}` } };
    const there: SettingIssueView = {
      path: ENHANCED_PATH,
      message: '',
      text: {
        en: `This setting turns the IP filter on as an allow-list: the IP filter change in ${filterStepName.en} was not applied because ${why.en}.`,
        ja: `この設定はIPフィルタを許可リストとして有効にします。${why.ja}ため、${filterStepName.ja}のIPフィルタの変更は適用されませんでした。`,
      },
      references: enhancedRefs,
      ...(filterStep ? { pointsTo: { stepId: filterStep.id, number: filterStep.number } } : {}),
    };
    return { issues: [withMessage(here)], pointers: [withMessage(there)] };
  }
  return { issues: [withMessage(cause)], pointers: [withMessage(pointer)] };
}
