// 2.4.2 / Table 17 row 2 through the app against a virtual MXR300-32: the guard refuses a running system,
// an unconfirmed isolation and a non-Administrator; a package that fails its check on the PC is never
// sent (the device records no attempt); a good one is sent and its version read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFirmwarePackage } from '../crypto/firmware-package';
import { PRACTICE_VENDOR_PRIVATE_KEY_PEM, PRACTICE_VENDOR_PUBLIC_KEY_PEM } from '../crypto/practice-vendor-key';
import { OrderingRuleViolation } from '../commissioning/engine/engine-errors';
import { commissionUsers, startFixture, VIEWER } from '../devices/mx-controller/testing/virtual-controller-fixture';
import { readWholeEventHistory } from './event-history';
import { updateFirmwareSafely } from './firmware-update';

test('firmware update: guard, package checked before sending, version read back', async (t) => {
  const f = await startFixture(t);
  const admin = await commissionUsers(f);
  const payload = Buffer.alloc(4096, 0x5a);
  const good = await createFirmwarePackage({ kind: 'firmware', targetModels: ['MXR300-32'], version: '1.300', payload }, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  const base = { driver: admin, loggedOnGroup: 'Administrators', pkg: good, vendorPublicKeys: [PRACTICE_VENDOR_PUBLIC_KEY_PEM], disconnectedFromOtherNetworks: true };
  const before = (await admin.readVersions()).firmwareVersion;

  await admin.remoteRun();
  await assert.rejects(updateFirmwareSafely(base), (e: unknown) => e instanceof OrderingRuleViolation && /stop the system/.test(e.message));
  await admin.remoteStop();
  await assert.rejects(updateFirmwareSafely({ ...base, disconnectedFromOtherNetworks: false }), /disconnect it from other networks/);
  await assert.rejects(updateFirmwareSafely({ ...base, loggedOnGroup: 'Users' }), /log on as an Administrator/);

  // A package changed after signing is refused on the PC: nothing reaches the device.
  const tampered = Buffer.from(good);
  tampered[tampered.length - 10]! ^= 0xff;
  const seen = (await readWholeEventHistory(admin)).records.length;
  await assert.rejects(updateFirmwareSafely({ ...base, pkg: tampered }), /changed|does not verify|damaged/i);
  const other = await createFirmwarePackage({ kind: 'firmware', targetModels: ['MXF100-16-N32'], version: '1.300', payload }, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  await assert.rejects(updateFirmwareSafely({ ...base, pkg: other }));
  const after = (await readWholeEventHistory(admin)).records.slice(seen);
  assert.ok(!after.some((r) => r.name.startsWith('firmware-update')), 'no update attempt reached the device');
  assert.equal((await admin.readVersions()).firmwareVersion, before);

  const r = await updateFirmwareSafely(base);
  assert.deepEqual({ before: r.before, expected: r.expected, after: r.after, ok: r.ok }, { before, expected: '1.300', after: '1.300', ok: true });
  void VIEWER;
});

test('add-on install (2.4.3) goes the same way: guarded, checked on the PC, its version read back', async (t) => {
  const f = await startFixture(t);
  const admin = await commissionUsers(f);
  await admin.remoteStop();
  const pkg = await createFirmwarePackage({ kind: 'add-on', name: 'opc-ua-server', targetModels: ['MXR300-32'], version: '2.010', payload: Buffer.alloc(2048, 0x11) }, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  const r = await updateFirmwareSafely({ driver: admin, loggedOnGroup: 'Administrators', pkg, vendorPublicKeys: [PRACTICE_VENDOR_PUBLIC_KEY_PEM], disconnectedFromOtherNetworks: true });
  assert.deepEqual({ kind: r.kind, name: r.name, before: r.before, after: r.after, ok: r.ok }, { kind: 'add-on', name: 'opc-ua-server', before: 'not installed', after: '2.010', ok: true });
});
