// The guideline as data, per system: the procedure, the settings table, the implementation matters and
// the periodic verification items. The engine and the report start here.
import type { SecuritySystem } from '../../model/security-settings';
import { FIGURE_8_MX_R } from './procedures/figure-8-mx-r';
import { FIGURE_22_MX_F } from './procedures/figure-22-mx-f';
import { FIGURE_36_WLAN_ADAPTER } from './procedures/figure-36-wlan-adapter';
import { TABLE_9_MX_R } from './tables/table-9-mx-r';
import { TABLE_27_MX_F } from './tables/table-27-mx-f';
import { TABLE_44_WLAN_ADAPTER } from './tables/table-44-wlan-adapter';
import { TABLE_10_MX_R, TABLE_16_MX_R_SD, TABLE_28_MX_F, TABLE_34_MX_F_SD, TABLE_45_WLAN_ADAPTER } from './tables/implementation-matters';
import { TABLE_15_MX_R, TABLE_17_MX_R, TABLE_18_MX_R, TABLE_33_MX_F, TABLE_35_MX_F, TABLE_36_MX_F, TABLE_47_WLAN_ADAPTER } from './tables/periodic-verification';
import { TABLE_12_MX_R, TABLE_30_MX_F, type EventToWatch } from './tables/events-to-watch';
import type { AttestationItem, PeriodicCheckItem, Procedure, SettingsTableRow } from './types';

export * from './references';
export * from './iec62443';
export * from './types';
export * from './ordering-rules';
export { FIGURE_8_MX_R, FIGURE_22_MX_F, FIGURE_36_WLAN_ADAPTER };
export { TABLE_9_MX_R, TABLE_27_MX_F, TABLE_44_WLAN_ADAPTER };
export { TABLE_10_MX_R, TABLE_16_MX_R_SD, TABLE_28_MX_F, TABLE_34_MX_F_SD, TABLE_45_WLAN_ADAPTER };
export { TABLE_15_MX_R, TABLE_17_MX_R, TABLE_18_MX_R, TABLE_33_MX_F, TABLE_35_MX_F, TABLE_36_MX_F, TABLE_47_WLAN_ADAPTER };
export { TABLE_12_MX_R, TABLE_30_MX_F, eventsToWatchFor, watchRowOf, type EventToWatch } from './tables/events-to-watch';
export { evaluateTable, SystemMismatchError, type RowVerdict } from './tables/evaluate';

export interface SystemGuideline {
  system: SecuritySystem;
  procedure: Procedure;
  // The rows are typed per system in their own files; here they are seen through the common shape.
  settingsTable: readonly SettingsTableRow<any, any>[];
  implementationMatters: readonly AttestationItem[];
  periodicVerification: readonly PeriodicCheckItem[];
  settingChecks: readonly PeriodicCheckItem[];
  /** Tables 15/33 (continuous security operations; the adapter's is Table 47, its periodic verification). */
  continuousChecks: readonly PeriodicCheckItem[];
  /** Tables 12/30: the security events to watch for (none given for the adapter). */
  eventsToWatch: readonly EventToWatch[];
}

export const GUIDELINE: Record<SecuritySystem, SystemGuideline> = {
  'mx-r': { system: 'mx-r', procedure: FIGURE_8_MX_R, settingsTable: TABLE_9_MX_R, implementationMatters: [...TABLE_10_MX_R, ...TABLE_16_MX_R_SD], periodicVerification: TABLE_17_MX_R, settingChecks: TABLE_18_MX_R, continuousChecks: TABLE_15_MX_R, eventsToWatch: TABLE_12_MX_R },
  'mx-f': { system: 'mx-f', procedure: FIGURE_22_MX_F, settingsTable: TABLE_27_MX_F, implementationMatters: [...TABLE_28_MX_F, ...TABLE_34_MX_F_SD], periodicVerification: TABLE_35_MX_F, settingChecks: TABLE_36_MX_F, continuousChecks: TABLE_33_MX_F, eventsToWatch: TABLE_30_MX_F },
  'wlan-adapter': { system: 'wlan-adapter', procedure: FIGURE_36_WLAN_ADAPTER, settingsTable: TABLE_44_WLAN_ADAPTER, implementationMatters: TABLE_45_WLAN_ADAPTER, periodicVerification: TABLE_47_WLAN_ADAPTER, settingChecks: [], continuousChecks: TABLE_47_WLAN_ADAPTER, eventsToWatch: [] },
};

/**
 * Attestations and exceptions name guideline items by id; an id that is not an item of the profile's
 * system (a typo, or a row of another table) would silently attest nothing. Kept here, not in the
 * schema, because the schema must not depend on the guideline data.
 */
export function unknownProfileReferences(profile: { system: SecuritySystem; attestations: { id: string }[]; exceptions: { rowId: string }[] }): Array<{ path: string; message: string }> {
  const g = GUIDELINE[profile.system];
  const attestable = new Set([...g.settingsTable.filter((r) => r.verification === 'attestation').map((r) => r.id), ...g.implementationMatters.map((i) => i.id), ...g.procedure.steps.map((s) => s.id)]);
  const rows = new Set(g.settingsTable.map((r) => r.id));
  const out: Array<{ path: string; message: string }> = [];
  profile.attestations.forEach((a, i) => {
    if (!attestable.has(a.id)) out.push({ path: `attestations.${i}.id`, message: `"${a.id}" is not an item to attest for ${profile.system} (e.g. ${[...attestable][0]}).` });
  });
  profile.exceptions.forEach((e, i) => {
    if (!rows.has(e.rowId)) out.push({ path: `exceptions.${i}.rowId`, message: `"${e.rowId}" is not a row of Table ${g.settingsTable[0]!.table}.` });
  });
  return out;
}
