// Figure 8 step 15 / Figure 22 step 15 ("schedules the periodic checks") and 2.5.2 / 3.5.2: "Perform
// security maintenance periodically (at least once a year recommended)". The guideline gives the interval
// (a year); the reminder before the date is the project's (docs/project-choices.md). The end of a
// commissioning and every maintenance visit record the next date; the home list and `mxc visit` show it.
// A leaf: imports nothing, so the engine, the session, the lifecycle and the views all use the one rule.

/** 2.5.2 / 3.5.2: at least once a year. */
export const PERIODIC_CHECK_INTERVAL_DAYS = 365;
/** Project choice: the home list warns from 30 days before the date (time to plan a visit). */
export const PERIODIC_CHECK_REMINDER_DAYS = 30;
const DAY_MS = 86_400_000;

export type PeriodicCheckStanding = 'scheduled' | 'due-soon' | 'overdue';

export interface NextPeriodicCheck {
  /** ISO date-time by which the next periodic check (a maintenance visit) is due. */
  dueBy: string;
  /** The guideline's words for the interval (English, as in the signed report), and its section. */
  basis: string;
  section: '2.5.2' | '3.5.2' | '4.5.1';
}

/** The date the next periodic check is due after a report made at `from`. */
export function periodicCheckDueBy(from: Date | string): string {
  const start = typeof from === 'string' ? Date.parse(from) : from.getTime();
  if (!Number.isFinite(start)) throw new RangeError(`"${String(from)}" is not a date.`);
  return new Date(start + PERIODIC_CHECK_INTERVAL_DAYS * DAY_MS).toISOString();
}

export function nextPeriodicCheck(from: Date | string, system: string): NextPeriodicCheck {
  // The adapter's 4.5.1 / Table 47 gives no interval: the project applies the controllers' year (docs/project-choices.md).
  const basis = system === 'wlan-adapter' ? '4.5.1 / Table 47 (no interval given; the year of 2.5.2 applied)' : `${system === 'mx-f' ? '3.5.2' : '2.5.2'}: periodic security maintenance at least once a year`;
  return { dueBy: periodicCheckDueBy(from), basis, section: system === 'mx-f' ? '3.5.2' : system === 'wlan-adapter' ? '4.5.1' : '2.5.2' };
}

export function periodicCheckStanding(dueBy: string, now: Date): { standing: PeriodicCheckStanding; daysLeft: number } {
  const left = Date.parse(dueBy) - now.getTime();
  const daysLeft = Math.floor(left / DAY_MS);
  return { standing: left <= 0 ? 'overdue' : left <= PERIODIC_CHECK_REMINDER_DAYS * DAY_MS ? 'due-soon' : 'scheduled', daysLeft };
}
