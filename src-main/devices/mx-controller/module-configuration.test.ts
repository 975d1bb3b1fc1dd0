// The module configuration (7E03 block `moduleConfiguration`): the modules other than the controller,
// evidence for Table 9/27 row 7. Written through the driver to virtual controllers over real sockets: the
// device checks it by its own rules (the MX-F takes expansion adapters and extension modules, the MX-R no
// expansion adapters), it is in effect after the restart, and a backup brings it back on restoration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPANSION_ADAPTER_KINDS, EXTENSION_MODULE_KINDS, SERIAL_PROTOCOLS, type ModuleConfiguration } from '../../model/module-configuration';
import * as device from '../../simulator/security-commands/module-configuration-block';
import { waitForDevice } from './testing/periodic-verification-cases';
import { ADMIN, commissionUsers, startFixture } from './testing/virtual-controller-fixture';

const MX_F = 'MXF100-16-N32';

const MX_F_MODULES: ModuleConfiguration = {
  expansionAdapters: [
    { position: 1, kind: 'serial-rs485', protocol: 'modbus-rtu', name: 'FX5-485ADP' },
    { position: 2, kind: 'analog-input' },
  ],
  extensionModules: [
    { position: 1, kind: 'network', name: 'FX5-ENET' },
    { position: 2, kind: 'input' },
  ],
};

test('MX-F: nothing is mounted at the factory; a module configuration written is pending until the restart, then in effect', async (t) => {
  const f = await startFixture(t, MX_F);
  const admin = await commissionUsers(f);
  const factory = await admin.readParameters();
  assert.equal(factory.written.moduleConfiguration, undefined, 'the factory configuration: no block, nothing mounted');
  assert.equal(factory.inEffect.moduleConfiguration, undefined);

  assert.deepEqual(await admin.writeParameters({ moduleConfiguration: MX_F_MODULES }), []);
  const pending = await admin.readParameters();
  assert.deepEqual(pending.written.moduleConfiguration, MX_F_MODULES);
  assert.equal(pending.inEffect.moduleConfiguration, undefined, 'written, not in effect before the restart');
  assert.equal(pending.pendingRestart, true);

  await admin.restart();
  const usb = await waitForDevice(f);
  await usb.logon(ADMIN.name, ADMIN.password);
  const after = await usb.readParameters();
  assert.deepEqual(after.inEffect.moduleConfiguration, MX_F_MODULES);
  assert.equal(after.pendingRestart, false);
});

test('MX-F: a configuration the device cannot have is refused with the path and what to do, and nothing is stored', async (t) => {
  const f = await startFixture(t, MX_F);
  const admin = await commissionUsers(f);
  const rejected = await admin.writeParameters({
    moduleConfiguration: {
      expansionAdapters: [
        { position: 1, kind: 'serial-rs485' } as never, // a serial adapter without its protocol
        { position: 1, kind: 'analog-output', protocol: 'modbus-rtu' }, // position twice; analog with a protocol
        { position: 3, kind: 'serial-rs232c', protocol: 'mc-protocol' },
        { position: 4, kind: 'serial-rs485', protocol: 'none' },
      ],
      extensionModules: [
        { position: 17, kind: 'input' },
        { position: 2, kind: 'servo' as never, name: 'x'.repeat(40) },
      ],
    },
  });
  const byPath = new Map(rejected.map((r) => [r.path, r.message]));
  assert.deepEqual(
    [...byPath.keys()].sort(),
    [
      'blocks.moduleConfiguration.expansionAdapters',
      'blocks.moduleConfiguration.expansionAdapters.0.protocol',
      'blocks.moduleConfiguration.expansionAdapters.1.position',
      'blocks.moduleConfiguration.expansionAdapters.1.protocol',
      'blocks.moduleConfiguration.extensionModules.0.position',
      'blocks.moduleConfiguration.extensionModules.1.kind',
      'blocks.moduleConfiguration.extensionModules.1.name',
    ],
  );
  assert.match(byPath.get('blocks.moduleConfiguration.expansionAdapters.0.protocol')!, /Choose the protocol of this serial adapter: modbus-rtu, mc-protocol, none/);
  assert.match(byPath.get('blocks.moduleConfiguration.expansionAdapters.1.position')!, /Position 1 is listed twice/);
  assert.match(byPath.get('blocks.moduleConfiguration.expansionAdapters.1.protocol')!, /analog adapter has no communication protocol/);
  assert.match(byPath.get('blocks.moduleConfiguration.expansionAdapters')!, /at most 2 serial communication adapters .* this list has 3/);
  assert.match(byPath.get('blocks.moduleConfiguration.extensionModules.0.position')!, /from 1 to 16/);
  assert.match(byPath.get('blocks.moduleConfiguration.extensionModules.1.kind')!, /input, output, intelligent, network/);

  const tooMany = await admin.writeParameters({ moduleConfiguration: { expansionAdapters: [1, 2, 3, 4, 5].map((position) => ({ position, kind: 'analog-input' as const })) } });
  assert.deepEqual(tooMany.map((r) => r.path), ['blocks.moduleConfiguration.expansionAdapters']);
  assert.match(tooMany[0]!.message, /at most 4 expansion adapters; this list has 5/);
  assert.equal((await admin.readParameters()).written.moduleConfiguration, undefined, 'an invalid block stores nothing');
});

test('MX-R: expansion adapters are refused naming the MX-F; the modules beside the controller are extension modules, in effect after the restart', async (t) => {
  const f = await startFixture(t, 'MXR300-32');
  const admin = await commissionUsers(f);
  const refused = await admin.writeParameters({ moduleConfiguration: { expansionAdapters: [{ position: 1, kind: 'serial-rs485', protocol: 'modbus-rtu' }] } });
  assert.deepEqual(refused.map((r) => r.path), ['blocks.moduleConfiguration.expansionAdapters']);
  assert.match(refused[0]!.message, /The MX-R has no expansion adapters: .* MX-F only\. List the modules beside this controller under extensionModules/);

  const rack: ModuleConfiguration = { extensionModules: [{ position: 1, kind: 'network', name: 'RJ71EN71' }, { position: 2, kind: 'intelligent', name: 'R60AD4' }] };
  assert.deepEqual(await admin.writeParameters({ moduleConfiguration: rack }), []);
  await admin.restart();
  const usb = await waitForDevice(f);
  await usb.logon(ADMIN.name, ADMIN.password);
  assert.deepEqual((await usb.readParameters()).inEffect.moduleConfiguration, rack);
});

test('MX-F: a backup holds the module configuration and restoration brings it back into effect', async (t) => {
  const f = await startFixture(t, MX_F);
  let usb = await commissionUsers(f);
  assert.deepEqual(await usb.writeParameters({ moduleConfiguration: MX_F_MODULES }), []);
  await usb.restart();
  usb = await waitForDevice(f);
  await usb.logon(ADMIN.name, ADMIN.password);
  const KEY = 'Module-Backup-Key1';
  const backup = await usb.createBackup({ destination: 'pc', password: KEY });

  // The configuration changes after the backup (an adapter removed, nothing else mounted).
  const changed: ModuleConfiguration = { expansionAdapters: [{ position: 1, kind: 'serial-rs232c', protocol: 'none' }] };
  assert.deepEqual(await usb.writeParameters({ moduleConfiguration: changed }), []);
  await usb.restart();
  usb = await waitForDevice(f);
  await usb.logon(ADMIN.name, ADMIN.password);
  assert.deepEqual((await usb.readParameters()).inEffect.moduleConfiguration, changed);

  await usb.remoteStop();
  await usb.restoreBackup({ file: backup.file! }, { password: KEY });
  const check = await waitForDevice(f);
  await check.logon(ADMIN.name, ADMIN.password);
  const restored = await check.readParameters();
  assert.deepEqual(restored.inEffect.moduleConfiguration, MX_F_MODULES, 'the configuration at backup is in effect again');
  assert.deepEqual(restored.written.moduleConfiguration, MX_F_MODULES);
});

test('the device and the app name the same module kinds and serial protocols', () => {
  assert.deepEqual([...device.ADAPTER_KINDS], [...EXPANSION_ADAPTER_KINDS]);
  assert.deepEqual([...device.SERIAL_PROTOCOLS], [...SERIAL_PROTOCOLS]);
  assert.deepEqual([...device.MODULE_KINDS], [...EXTENSION_MODULE_KINDS]);
});
