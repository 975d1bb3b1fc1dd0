// Table 44 (wireless LAN adapter): every row passes on an adapter holding the recommended profile and
// fails on one that breaks it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedSnapshot, type AdapterSnapshot } from '../../../model/device-snapshot';
import { recommendedProfile } from '../../recommended-profile';
import type { AdapterProfile } from '../../../model/security-settings';
import { TABLE_44_WLAN_ADAPTER } from './table-44-wlan-adapter';

const AT = new Date('2026-03-01T09:00:00.000Z');
const PC_MAC = '00:1A:2B:3C:4D:5E';
const setup = () => {
  const profile = recommendedProfile('wlan-adapter', { pcMac: PC_MAC }) as AdapterProfile;
  return { profile, snapshot: expectedSnapshot(profile, { at: AT }) };
};
const daysAgo = (n: number) => new Date(AT.getTime() - n * 86_400_000).toISOString();

const BREAKS: Record<number, (s: AdapterSnapshot) => void> = {
  1: (s) => void (s.settings.security!.value = { authentication: 'Open', encryption: 'none' }),
  2: (s) => void (s.settings.security!.value = { authentication: 'Enhanced Open', encryption: 'AES' }),
  3: (s) => void (s.settings.macFilter!.value.wired.enabled = false),
  4: (s) => void s.settings.macFilter!.value.wireless.entries.push('AA:BB:CC:DD:EE:FF'),
  5: (s) => void (s.settings.stealthSsid!.value = false),
  6: (s) => void (s.status.passwordChangedAt!.value = daysAgo(400)),
  7: (s) => void (s.status.initialPasswordReplaced!.value = false),
  8: (s) => void (s.status.logLastReadOutAt!.value = daysAgo(90)),
};

test('Table 44 has the 8 rows of the guideline, each with a reference and IEC 62443-4-2 requirements', () => {
  assert.deepEqual(TABLE_44_WLAN_ADAPTER.map((r) => r.row), [1, 2, 3, 4, 5, 6, 7, 8]);
  for (const r of TABLE_44_WLAN_ADAPTER) {
    assert.ok(r.references.some((x) => x.table === '44' && x.row === r.row));
    assert.ok(r.iec.some((m) => m.id === 'NDR 1.6'), 'wireless access management');
  }
});

for (const row of TABLE_44_WLAN_ADAPTER) {
  test(`Table 44 row ${row.row}: passes on the recommended profile`, () => {
    const { profile, snapshot } = setup();
    const r = row.check(profile, snapshot);
    assert.equal(r.status, 'pass', r.reason);
  });
  test(`Table 44 row ${row.row}: fails on an adapter that breaks it`, () => {
    const { profile, snapshot } = setup();
    BREAKS[row.row]!(snapshot);
    const r = row.check(profile, snapshot);
    assert.equal(r.status, 'fail');
    assert.ok(r.reason);
  });
}

test('the stealth SSID row does not apply to a station (STA)', () => {
  const { profile, snapshot } = setup();
  snapshot.settings.operationMode!.value = 'STA';
  snapshot.settings.stealthSsid!.value = false;
  assert.equal(TABLE_44_WLAN_ADAPTER[4]!.check(profile, snapshot).status, 'not-applicable');
});

test('WPA3-Enterprise passes only with the RADIUS server certificate written to the adapter', () => {
  const { profile } = setup();
  const fp = Array.from({ length: 32 }, () => 'AB').join(':');
  const ent: AdapterProfile = { ...profile, settings: { ...profile.settings, security: { authentication: 'WPA3-Enterprise', encryption: 'AES', radius: { server: '192.0.2.5', port: 1812, certificateFingerprint256: fp } } } };
  const snapshot = expectedSnapshot(ent, { at: AT });
  assert.equal(TABLE_44_WLAN_ADAPTER[1]!.check(ent, snapshot).status, 'pass');
  snapshot.status.radiusCertificate!.value = null;
  assert.equal(TABLE_44_WLAN_ADAPTER[1]!.check(ent, snapshot).status, 'fail');
});

test('a missing reading is not-verified', () => {
  const { profile, snapshot } = setup();
  delete snapshot.status.initialPasswordReplaced;
  assert.equal(TABLE_44_WLAN_ADAPTER[6]!.check(profile, snapshot).status, 'not-verified');
});
