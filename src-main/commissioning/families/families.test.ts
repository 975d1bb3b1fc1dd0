// Device families as plug-ins: every profile system has a family, every controller setting has its
// writer, and the wireless LAN adapter's family is registered with the engine refusing it only because it
// has no driver yet (the same family with a driver plugged in passes that point).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADAPTER_SETTING_KEYS, CONTROLLER_SETTING_KEYS, SYSTEMS } from '../../model/security-settings';
import { recommendedProfile } from '../recommended-profile';
import { CommissioningEngine } from '../engine/commissioning-engine';
import { DeviceRegistry, memoryStore } from '../engine/device-registry';
import { EngineError } from '../engine/engine-errors';
import { SecretsFromMap, type Operator } from '../engine/operator';
import { Journal } from '../journal/journal';
import { FileJournalStore } from '../journal/journal-store';
import type { SessionKind } from '../family/session-kind';
import { FAMILIES, familyOf, MX_CONTROLLER_FAMILY, WLAN_ADAPTER_FAMILY } from '.';

const operator: Operator = {
  name: 'T. Tester',
  confirmInitialization: async () => undefined,
  backupBeforeInitialization: async () => ({ kind: 'declined', reason: 'test' }),
  performManually: async () => false,
};

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function engineFor(model: string, overrides: { family?: (typeof FAMILIES)[number]; kind?: SessionKind } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-families-'));
  dirs.push(dir);
  {
    const journal = Journal.create(new FileJournalStore(join(dir, 'journals')));
    return new CommissioningEngine(
      { profile: recommendedProfile(model) as never, target: { kind: 'tcp', host: '127.0.0.1', port: 1 } },
      {
        connect: async () => {
          throw new Error('not reached: nothing connects in this test');
        },
        family: familyOf(recommendedProfile(model).system),
        journal,
        registry: new DeviceRegistry(memoryStore()),
        operator,
        secrets: new SecretsFromMap(new Map()),
        ...overrides,
      },
    );
  }
}

test('every system of the profile schema has exactly one family', () => {
  for (const system of SYSTEMS) assert.equal(FAMILIES.filter((f) => f.systems.includes(system)).length, 1, system);
  assert.equal(familyOf('mx-r'), MX_CONTROLLER_FAMILY);
  assert.equal(familyOf('wlan-adapter'), WLAN_ADAPTER_FAMILY);
});

test('the MX family registers one writer per controller setting, named by the setting', () => {
  assert.deepEqual([...MX_CONTROLLER_FAMILY.writers.keys()].sort(), [...CONTROLLER_SETTING_KEYS].sort());
  for (const [key, writer] of MX_CONTROLLER_FAMILY.writers) assert.equal(writer.key, key);
  // The write plan names only settings that have a writer.
  const plan = MX_CONTROLLER_FAMILY.writePlan(recommendedProfile('MXR300-32') as never, { linkKind: 'usb', usesTls: true });
  for (const item of plan) if (item.action === 'write') assert.ok(MX_CONTROLLER_FAMILY.writers.has(item.key), item.key);
});

test('the wireless LAN adapter family has its driver, one writer per setting and Figure 36; the engine accepts it', () => {
  assert.ok(WLAN_ADAPTER_FAMILY.driver, 'the web-interface driver is registered');
  assert.ok(WLAN_ADAPTER_FAMILY.procedures['first-commissioning'], 'the adapter has its procedure (Figure 36)');
  assert.deepEqual([...WLAN_ADAPTER_FAMILY.writers.keys()].sort(), [...ADAPTER_SETTING_KEYS].sort());
  for (const [key, writer] of WLAN_ADAPTER_FAMILY.writers) assert.equal(writer.key, key);
  const engine = engineFor('WLAN-ADAPTER');
  assert.equal(engine.stepRecords()[0]!.id, 'fig36.step1');
  // A device of another family is refused by the adapter's identity check.
  assert.match(WLAN_ADAPTER_FAMILY.driver!.mismatch({ mode: 'full', operations: new Set(), model: 'MXR300-32', family: 'MX-R', firmwareVersion: null, serialNumber: null }, { model: 'wlan-adapter' } as never) ?? '', /wireless LAN adapter/);
});

test('a kind of session the family has no procedure for is refused by name', () => {
  const disposal: SessionKind = { id: 'disposal', name: { en: 'Disposal', ja: '廃棄' }, mayInitialize: true };
  // A family without a procedure for the kind (here the adapter's with its disposal taken away) is refused.
  const adapter = { ...WLAN_ADAPTER_FAMILY, procedures: { 'first-commissioning': WLAN_ADAPTER_FAMILY.procedures['first-commissioning']! }, driver: { open: () => undefined as never, mismatch: () => undefined } };
  assert.throws(
    () => engineFor('WLAN-ADAPTER', { family: adapter, kind: disposal }),
    (e: unknown) => e instanceof EngineError && e.code === 'KIND_NOT_FOR_FAMILY' && /^A disposal of the /.test(e.message),
  );
  assert.equal(engineFor('MXR300-32', { kind: disposal }).stepRecords()[0]!.id, 'disposal.connect');
  // The adapter family has its own visit and disposal (Table 47, Table 45 row 1 and 4.4.8).
  assert.equal(WLAN_ADAPTER_FAMILY.procedures.disposal?.('wlan-adapter').steps[0]!.id, 'adapter-disposal.connect');
  assert.equal(WLAN_ADAPTER_FAMILY.procedures['maintenance-visit']?.('wlan-adapter').steps[0]!.id, 'adapter-visit.connect');
});

test('a kind runs its own handler for a step kind, and a kind that may not initialize never runs step 4', async () => {
  const visit: SessionKind = {
    id: 'maintenance-visit',
    name: { en: 'Maintenance visit', ja: '保守点検' },
    mayInitialize: false,
    steps: {
      'operator-checklist': async (ctx) => ({ state: 'operator-performed', detail: `checked by ${ctx.operator.name}` }),
      connect: async () => ({ state: 'done' }),
    },
  };
  const family = { ...MX_CONTROLLER_FAMILY, procedures: { ...MX_CONTROLLER_FAMILY.procedures, 'maintenance-visit': MX_CONTROLLER_FAMILY.procedures['first-commissioning']! } };
  const engine = engineFor('MXR300-32', { family, kind: visit });
  const first = await engine.runThrough('fig8.step1');
  assert.equal(first.state, 'operator-performed');
  assert.equal(first.detail, 'checked by T. Tester');
  await assert.rejects(engine.runThrough('fig8.step4'), (e: unknown) => e instanceof EngineError && e.code === 'KIND_NOT_FOR_FAMILY' && /never initializes/.test(e.message));
});

test("the device's own operation (step 4, initialization) is the family's handler, not the engine's", async () => {
  assert.equal(typeof MX_CONTROLLER_FAMILY.steps?.['device-operation'], 'function');
  // The same procedure on a family that brings no handler for it: the engine refuses step 4, naming the family.
  const { steps: _mxSteps, ...bare } = MX_CONTROLLER_FAMILY;
  const visitless: SessionKind = { id: 'first-commissioning', name: { en: 'First commissioning', ja: '初回の設定' }, mayInitialize: true, steps: { connect: async () => ({ state: 'done' }) } };
  const engine = engineFor('MXR300-32', { family: { ...bare, name: { en: 'test family', ja: 'テスト' } }, kind: visitless });
  await assert.rejects(engine.runThrough('fig8.step4'), (e: unknown) => e instanceof EngineError && e.code === 'KIND_NOT_FOR_FAMILY' && /test family has no handler for step 4/.test(e.message));
});

test('a family registered without a driver is refused for that reason alone (as the adapter was before its driver)', () => {
  const withoutDriver = { ...WLAN_ADAPTER_FAMILY, driver: undefined };
  assert.throws(
    () => engineFor('WLAN-ADAPTER', { family: withoutDriver }),
    (e: unknown) => e instanceof EngineError && e.code === 'FAMILY_HAS_NO_DRIVER' && /wireless LAN adapter/.test(e.message) && /Figure 36/.test(e.message),
  );
});
