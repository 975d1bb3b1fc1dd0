// The snapshot reader against a virtual MXF100-16-N32 over the USB cable (real sockets): the module
// configuration in effect is recorded in the snapshot — not among the profile's settings — and Table 27
// row 7's verdict shows the modules read from the device beside the operator's attestation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSnapshot } from '../../../model/device-snapshot';
import type { ModuleConfiguration } from '../../../model/module-configuration';
import type { ControllerProfile } from '../../../model/security-settings';
import { waitForDevice } from '../../../devices/mx-controller/testing/periodic-verification-cases';
import { ADMIN, commissionUsers, startFixture } from '../../../devices/mx-controller/testing/virtual-controller-fixture';
import type { MxControllerDriver } from '../../../devices/mx-controller/mx-controller-driver';
import { recommendedProfile } from '../../recommended-profile';
import { evaluateTable } from '../../guideline/tables/evaluate';
import { MODULES_EVIDENCE } from '../../guideline/tables/module-configuration-evidence';
import { TABLE_27_MX_F } from '../../guideline/tables/table-27-mx-f';
import { readControllerSnapshot } from './controller-snapshot-reader';

const MODULES: ModuleConfiguration = {
  expansionAdapters: [
    { position: 2, kind: 'analog-input' },
    { position: 1, kind: 'serial-rs485', protocol: 'modbus-rtu', name: 'FX5-485ADP' },
  ],
  extensionModules: [{ position: 1, kind: 'network', name: 'FX5-ENET' }],
};

async function snapshotOf(driver: MxControllerDriver) {
  return readControllerSnapshot(driver, { system: 'mx-f', capabilities: await driver.capabilities(), now: () => new Date() });
}

function row7Modules(snapshot: Awaited<ReturnType<typeof snapshotOf>>, attested: boolean) {
  const base = recommendedProfile('MXF100-16-N32') as ControllerProfile;
  const profile: ControllerProfile = {
    ...base,
    attestations: attested ? [{ id: 'table27.row7', by: 'K. Tanaka', at: '2026-03-01T09:00:00.000Z', text: 'The RS-485 line and the FX5-ENET network stay inside the cabinet behind the cell firewall.' }] : [],
  };
  const verdict = evaluateTable(TABLE_27_MX_F, profile, snapshot).find((v) => v.rowId === 'table27.row7')!;
  const entry = verdict.evidence.find((e) => e.what === MODULES_EVIDENCE);
  return { verdict, modules: (entry?.value as { value: Array<{ en: string; ja: string }> } | null)?.value };
}

test('Table 27 row 7: the modules in effect on the device are read into the snapshot and listed in the row\'s evidence', async (t) => {
  const f = await startFixture(t, 'MXF100-16-N32');
  const admin = await commissionUsers(f);

  // Factory state: nothing mounted, and the evidence says so.
  const factory = await snapshotOf(admin);
  assert.deepEqual(factory.moduleConfiguration?.value, {});
  assert.deepEqual(row7Modules(factory, true).modules?.map((m) => m.en), ['No module other than the controller is configured on the device (nothing mounted)']);

  assert.deepEqual(await admin.writeParameters({ moduleConfiguration: MODULES }), []);
  await admin.restart();
  const usb = await waitForDevice(f);
  await usb.logon(ADMIN.name, ADMIN.password);
  const snapshot = await snapshotOf(usb);

  assert.deepEqual(snapshot.moduleConfiguration?.value, MODULES);
  assert.ok(!('moduleConfiguration' in snapshot.settings), 'the module configuration is not a profile setting');
  assert.deepEqual(parseSnapshot(JSON.parse(JSON.stringify(snapshot))), snapshot, 'the reading survives the journal and IPC');

  const { verdict, modules } = row7Modules(snapshot, true);
  assert.equal(verdict.status, 'attested', 'the row still rests on the operator\'s attestation');
  assert.equal(verdict.evidence[0]!.what, 'attestation');
  assert.deepEqual(modules?.map((m) => m.en), [
    'Expansion adapter 1: RS-485 serial (FX5-485ADP), Modbus RTU — inside the trust boundary only (3.4.7.1); devices connected to it stay inside the equipment (Table 19 row 4)',
    'Expansion adapter 2: analog input — devices connected to it stay inside the equipment (Table 19 row 4)',
    'Extension module 1: network module (FX5-ENET) — communication through it is out of the user authentication targets: protect its network with the module\'s security functions (e.g. IP filter) or an external device (e.g. firewall) (Table 27 row 7); devices connected to it stay inside the equipment (Table 19 row 4)',
  ]);
  assert.match(modules![0]!.ja, /拡張アダプタ1：RS-485シリアル（FX5-485ADP）、Modbus RTU — 信頼境界内でのみ使用（3\.4\.7\.1）/);

  // Before anyone attests, the row is not verified, and the person about to attest sees the modules.
  const open = row7Modules(snapshot, false);
  assert.equal(open.verdict.status, 'not-verified');
  assert.equal(open.modules?.length, 3);
});
