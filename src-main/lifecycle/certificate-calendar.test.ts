// 2.4.7.3: the 90-day renewal warning on the calendar, at its edges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certificateStanding, describeStanding } from './certificate-calendar';

const DAY = 86_400_000;
const now = new Date('2026-12-04T12:00:00Z');
const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();

test('valid beyond 90 days, renew-soon from 90 days before expiry, expired after', () => {
  assert.equal(certificateStanding({ notAfter: at(91) }, now).standing, 'valid');
  assert.equal(certificateStanding({ notAfter: at(90) }, now).standing, 'renew-soon');
  assert.equal(certificateStanding({ notAfter: at(1) }, now).standing, 'renew-soon');
  assert.equal(certificateStanding({ notAfter: at(-0.001) }, now).standing, 'expired');
  assert.equal(certificateStanding({ notBefore: at(2), notAfter: at(400) }, now).standing, 'not-yet-valid');
  const e = certificateStanding({ notAfter: at(30) }, now);
  assert.equal(e.daysLeft, 30);
  assert.equal(e.warnFrom, at(-60));
  assert.match(describeStanding(e), /Renew it by that day \(2\.4\.7\.3\)/);
  assert.match(describeStanding(e, 'ja'), /更新してください/);
  assert.throws(() => certificateStanding({ notAfter: 'soon' }, now), /not a date/);
});
