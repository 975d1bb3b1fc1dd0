// Figure 8 / 22 step 15: the next periodic check a year after the report (2.5.2 / 3.5.2), a warning from
// 30 days before (project choice), overdue from the date on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextPeriodicCheck, periodicCheckStanding, PERIODIC_CHECK_INTERVAL_DAYS, PERIODIC_CHECK_REMINDER_DAYS } from './periodic-check-schedule';

test('the next periodic check is a year after the report, with the guideline section it follows', () => {
  assert.equal(PERIODIC_CHECK_INTERVAL_DAYS, 365);
  assert.deepEqual(nextPeriodicCheck('2026-12-04T10:00:00.000Z', 'mx-r'), { dueBy: '2027-12-04T10:00:00.000Z', basis: '2.5.2: periodic security maintenance at least once a year', section: '2.5.2' });
  assert.match(nextPeriodicCheck(new Date('2026-12-04T10:00:00.000Z'), 'mx-f').basis, /^3\.5\.2/);
  assert.throws(() => nextPeriodicCheck('not a date', 'mx-r'), RangeError);
});

test('scheduled, then due soon from 30 days before, then overdue', () => {
  const due = '2027-12-04T00:00:00.000Z';
  const at = (days: number) => new Date(Date.parse(due) - days * 86_400_000);
  assert.equal(periodicCheckStanding(due, at(PERIODIC_CHECK_REMINDER_DAYS + 1)).standing, 'scheduled');
  assert.equal(periodicCheckStanding(due, at(PERIODIC_CHECK_REMINDER_DAYS)).standing, 'due-soon');
  assert.equal(periodicCheckStanding(due, at(1)).standing, 'due-soon');
  assert.equal(periodicCheckStanding(due, at(0)).standing, 'overdue');
  assert.equal(periodicCheckStanding(due, at(-3)).daysLeft, 3 * -1);
});
