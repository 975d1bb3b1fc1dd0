import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventDraft } from './event-history';
import { BandwidthLimiter, BandwidthSettingsError, FACTORY_BANDWIDTH, validateBandwidthSettings } from './bandwidth-limiter';

const start = new Date('2026-03-01T08:00:00Z').getTime();
const at = (ms: number) => new Date(start + ms);

/** Sends `bytesPerSecond` in 10 equal chunks a second for `seconds`, honouring delays; returns the decisions. */
function stream(limiter: BandwidthLimiter, bytesPerSecond: number, seconds: number, offsetMs = 0) {
  const decisions = [];
  for (let i = 0; i < seconds * 10; i++) decisions.push(limiter.onTraffic(bytesPerSecond / 10, 'receive', at(offsetMs + i * 100)));
  return decisions;
}

test('Table 17 row 10: traffic below the threshold never raises an access restriction event', () => {
  const events: EventDraft[] = [];
  const limiter = new BandwidthLimiter({ enabled: true, sendBytesPerSecond: 100_000, receiveBytesPerSecond: 100_000 }, { sink: (e) => events.push(e) });
  const decisions = stream(limiter, 95_000, 20);
  assert.ok(decisions.every((d) => d.allowed && !d.triggered));
  assert.equal(events.length, 0);
});

test('Table 17 row 10: traffic above the threshold raises one event per episode, not one per packet', () => {
  const events: EventDraft[] = [];
  const limiter = new BandwidthLimiter({ enabled: true, sendBytesPerSecond: 100_000, receiveBytesPerSecond: 100_000 }, { sink: (e) => events.push(e) });
  const decisions = stream(limiter, 300_000, 5);
  assert.ok(decisions.some((d) => !d.allowed && d.delayMs > 0), 'over-limit traffic is held back');
  assert.equal(decisions.filter((d) => d.triggered).length, 1);
  assert.equal(events.length, 1);
  assert.equal(events[0]!.name, 'bandwidth-limited');
  assert.ok(limiter.limiting('receive', at(5000)));
  // Quiet for a while, then a second flood: a second episode, a second event.
  stream(limiter, 300_000, 3, 20_000);
  assert.equal(events.length, 2);
});

test('2.4.10: the two directions are limited separately', () => {
  const limiter = new BandwidthLimiter({ enabled: true, sendBytesPerSecond: 10_000, receiveBytesPerSecond: 1_000_000 });
  assert.equal(limiter.onTraffic(50_000, 'receive', at(0)).allowed, true);
  assert.equal(limiter.onTraffic(10_000, 'send', at(0)).allowed, true);
  const second = limiter.onTraffic(5_000, 'send', at(100));
  assert.ok(!second.allowed && second.delayMs === 400, 'must wait until 5000 bytes have refilled at 10 kB/s (1000 already back)');
});

test('a frame larger than the bucket passes when the bucket is full, then the debt slows what follows', () => {
  const limiter = new BandwidthLimiter({ enabled: true, sendBytesPerSecond: 2048, receiveBytesPerSecond: 2048 });
  assert.equal(limiter.onTraffic(10_000, 'send', at(0)).allowed, true);
  assert.equal(limiter.onTraffic(100, 'send', at(1000)).allowed, false);
});

test('factory state: off, nothing is limited; limits out of range are refused with the range', () => {
  const limiter = new BandwidthLimiter(FACTORY_BANDWIDTH);
  assert.equal(limiter.onTraffic(100_000_000, 'receive', at(0)).allowed, true);
  assert.match(validateBandwidthSettings({ enabled: true, sendBytesPerSecond: 10, receiveBytesPerSecond: 1_250_000 })[0]!, /1024-12500000 bytes per second/);
  assert.throws(() => new BandwidthLimiter({ enabled: true, sendBytesPerSecond: 0, receiveBytesPerSecond: 0 }), BandwidthSettingsError);
});
