// Runs a settings table against a profile and a snapshot: one verdict per row, with the profile's
// exception for that row (if any) attached so the report shows both the fact and the justification.
import type { DeviceSnapshot } from '../../../model/device-snapshot';
import type { RowException, SecurityProfile } from '../../../model/security-settings';
import type { RowResult, SettingsTableRow } from '../types';
import { bilingual } from '../../../messages/catalogue';

export interface RowVerdict extends RowResult {
  rowId: string;
  exception?: RowException;
}

/** Row statuses that count as meeting the row (an exception with a justification also does). */
export const ACCEPTED_STATUSES: ReadonlySet<string> = new Set(['pass', 'attested', 'not-applicable']);
export const rowAccepted = (v: RowVerdict): boolean => ACCEPTED_STATUSES.has(v.status) || v.exception !== undefined;

export function evaluateTable<P extends SecurityProfile, S extends DeviceSnapshot>(rows: readonly SettingsTableRow<P, S>[], profile: P, snapshot: S): RowVerdict[] {
  if (profile.system !== snapshot.system) throw new SystemMismatchError(profile.system, snapshot.system);
  return rows.map((row) => {
    let result: RowResult;
    try {
      result = row.check(profile, snapshot);
    } catch (error) {
      // A check meeting a reading it cannot interpret must not stop the report: the row is unverified.
      const reasonText = bilingual('rowCheck.notJudged', { detail: (error as Error).message });
      result = { status: 'not-verified', evidence: [], reason: reasonText.en, reasonText };
    }
    const exception = profile.exceptions.find((e) => e.rowId === row.id);
    return { rowId: row.id, ...result, ...(exception ? { exception } : {}) };
  });
}

export class SystemMismatchError extends Error {
  readonly code = 'SYSTEM_MISMATCH';
  constructor(profileSystem: string, deviceSystem: string) {
    super(`The profile is for ${profileSystem} but the device read is ${deviceSystem}: pick the profile of this device.`);
    this.name = 'SystemMismatchError';
  }
}
