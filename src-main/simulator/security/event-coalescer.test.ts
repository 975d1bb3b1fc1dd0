import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventDraft } from './event-history';
import { EventCoalescer, NOISE_RECORDS_PER_WINDOW, NOISE_WINDOW_MS } from './event-coalescer';

const refused = (address: string): EventDraft => ({ name: 'operation-refused', peer: { address, transport: 'tcp' }, detail: 'Device read: not logged on' });

test('60 s of refusals at 10,000 a second from 50 sources make a bounded number of records, each repeat counted', () => {
  let now = 0;
  const appended: EventDraft[] = [];
  const c = new EventCoalescer({ now: () => now, append: (d) => appended.push(d) });
  let offered = 0;
  for (; now < 60_000; now += 1) {
    for (let i = 0; i < 10; i++) {
      assert.equal(c.offer(refused(`10.0.0.${offered % 50}`)), true);
      offered++;
    }
  }
  c.flush(now);
  const windows = Math.ceil(60_000 / NOISE_WINDOW_MS);
  // Per window: at most NOISE_RECORDS_PER_WINDOW first records, as many counted repeats, one summary.
  assert.ok(appended.length <= windows * (2 * NOISE_RECORDS_PER_WINDOW + 1), `${appended.length} records for ${offered} refusals`);
  const counted = appended.reduce((sum, d) => sum + (Number(/^(\d+) (more|further)/.exec(d.detail ?? '')?.[1] ?? 1)), 0);
  assert.equal(counted, offered, 'every refusal is in a record or in a count');
});

test('events that are not noise, and refusals of a logged-on user, are never coalesced', () => {
  const appended: EventDraft[] = [];
  const c = new EventCoalescer({ now: () => 0, append: (d) => appended.push(d) });
  assert.equal(c.offer({ name: 'logon-failure', peer: { address: '10.0.0.1', transport: 'tcp' } }), false);
  assert.equal(c.offer({ name: 'operation-refused', user: 'viewer', peer: { address: '10.0.0.1', transport: 'tcp' } }), false);
  assert.equal(appended.length, 0);
});
