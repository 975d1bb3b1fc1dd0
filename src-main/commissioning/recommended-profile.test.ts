// The recommended profile of each system is valid, holds the guideline's values, allows the commissioning
// PC, and passes its own table's checks when the device reads back exactly that profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedSnapshot } from '../model/device-snapshot';
import { TABLE_9_MX_R } from './guideline/tables/table-9-mx-r';
import { TABLE_27_MX_F } from './guideline/tables/table-27-mx-f';
import { TABLE_44_WLAN_ADAPTER } from './guideline/tables/table-44-wlan-adapter';
import { evaluateTable } from './guideline/tables/evaluate';
import { recommendedProfile, systemOfModel } from './recommended-profile';
import { validateProfile, type AdapterProfile, type ControllerProfile } from '../model/security-settings';

const AT = new Date('2026-03-01T09:00:00.000Z');

for (const [model, table] of [['MXR300-32', TABLE_9_MX_R], ['MXF100-16-N32', TABLE_27_MX_F]] as const) {
  test(`${model}: the recommended profile validates and passes every device row of its table`, () => {
    const profile = recommendedProfile(model, { pcAddress: '192.0.2.50' }) as ControllerProfile;
    assert.ok(validateProfile(profile).ok);
    const verdicts = evaluateTable(table, profile, expectedSnapshot(profile, { at: AT, linkKind: 'usb', deviceAddress: '192.0.2.10', pcAddress: '192.0.2.50' }));
    for (const v of verdicts) {
      const row = table.find((r) => r.id === v.rowId)!;
      if (row.verification === 'attestation') assert.equal(v.status, 'not-verified', `${v.rowId} awaits its attestation`);
      else assert.ok(v.status === 'pass' || v.status === 'not-applicable', `${v.rowId}: ${v.status} ${v.reason ?? ''}`);
    }
    assert.ok(!verdicts.some((v) => v.status === 'fail'));
  });
}

test('the wireless LAN adapter: the recommended profile validates and passes every row of Table 44', () => {
  const profile = recommendedProfile('wlan-adapter', { pcMac: '00:1a:2b:3c:4d:5e' }) as AdapterProfile;
  assert.ok(validateProfile(profile).ok);
  const verdicts = evaluateTable(TABLE_44_WLAN_ADAPTER, profile, expectedSnapshot(profile, { at: AT }));
  for (const v of verdicts) assert.equal(v.status, 'pass', `${v.rowId}: ${v.reason ?? ''}`);
  assert.equal(profile.settings.security.authentication, 'WPA3-Personal');
  assert.deepEqual(profile.settings.macFilter.wired.entries, ['00:1A:2B:3C:4D:5E']);
});

test("the PC's address is pre-allowed in the IP filter when given, and the filter is an allow-list", () => {
  const p = recommendedProfile('MXR300-32', { pcAddress: '192.0.2.50' }) as ControllerProfile;
  assert.equal(p.settings.ipFilter.mode, 'allow');
  assert.deepEqual(p.settings.ipFilter.entries.map((e) => e.address), ['192.0.2.50']);
  assert.deepEqual((recommendedProfile('MXR300-32') as ControllerProfile).settings.ipFilter.entries, []);
});

test("the guideline's values are in the recommended profile", () => {
  const p = recommendedProfile('MXR500-128') as ControllerProfile;
  assert.equal(p.settings.passwordPolicy.strength, 'strong');
  assert.equal(p.settings.passwordPolicy.expiryEnabled, true);
  assert.equal(p.settings.certificate.validityDays, 365);
  assert.equal(p.settings.eventHistory.destination, 'data-memory');
  assert.equal(p.settings.eventHistory.tamperCheck, true);
  assert.equal(p.settings.backupEncryption.enabled, true);
  assert.equal(p.settings.enhancedSecurity.enabled, true);
  assert.equal(p.settings.outOfTargetOperation.deviceLabelAccessAuthenticated, true);
  assert.ok(Object.values(p.settings.defaultOpenPorts.port1!).every((s) => s === 'closed'), 'CC-Link IE TSN ports closed');
});

test('an unknown model is refused with a typed error that names the accepted ones', () => {
  assert.throws(() => recommendedProfile('R04CPU'), (e: Error & { code?: string }) => e.code === 'UNKNOWN_MODEL' && /MXR300-32/.test(e.message));
  assert.equal(systemOfModel('MXF100-8-P32-EC'), 'mx-f');
});

test('a bad PC address is reported with its path, not silently dropped', () => {
  assert.throws(() => recommendedProfile('MXR300-32', { pcAddress: 'not-an-ip' }), (e: Error & { code?: string }) => e.code === 'PROFILE_INVALID' && /settings\.ipFilter\.entries\.0\.address/.test(e.message));
});
