// A snapshot crosses IPC and is reloaded from journals: it must survive JSON unchanged, and a malformed
// one must be refused with a typed error rather than judged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedSnapshot, parseSnapshot } from './device-snapshot';
import { recommendedProfile } from '../commissioning/recommended-profile';
import type { ControllerProfile } from './security-settings';

test('a controller snapshot survives JSON and validates', () => {
  const p = recommendedProfile('MXR300-32', { pcAddress: '192.0.2.50' }) as ControllerProfile;
  const s = expectedSnapshot(p, { at: new Date('2026-03-01T09:00:00Z'), linkKind: 'ethernet', deviceAddress: '192.0.2.10', pcAddress: '192.0.2.50' });
  const back = parseSnapshot(JSON.parse(JSON.stringify(s)));
  assert.deepEqual(back, s);
  // The TCP services of the Ethernet port as this PC would see them: MELSOFT open, OPC UA closed (UDP is not probed).
  assert.deepEqual(s.observed.portProbes.map((x) => [x.port, x.state]), [[5007, 'open'], [4840, 'closed']]);
  assert.equal(s.certificate && (Date.parse(s.certificate.notAfter) - Date.parse(s.certificate.notBefore)) / 86_400_000, 365);
});

test('an adapter snapshot survives JSON and validates', () => {
  const s = expectedSnapshot(recommendedProfile('wlan-adapter'));
  assert.deepEqual(parseSnapshot(JSON.parse(JSON.stringify(s))), s);
});

test('a malformed snapshot is refused with a typed error naming the field', () => {
  const s = expectedSnapshot(recommendedProfile('MXR300-32')) as unknown as { takenAt: string };
  s.takenAt = 'yesterday';
  assert.throws(() => parseSnapshot(s), (e: Error & { code?: string }) => e.code === 'SNAPSHOT_INVALID' && /takenAt/.test(e.message));
});
