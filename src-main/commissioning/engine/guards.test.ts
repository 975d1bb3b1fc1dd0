// Every ordering rule and self-lockout guard, enforced in main: each test names the guideline passage it
// proves and attempts what the rule forbids, through the engine where the engine can be driven there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ControllerProfile } from '../../model/security-settings';
import { OrderingRuleViolation } from './engine-errors';
import { enforceRules } from './guards';
import { enforceFirmwareConditions } from '../families/mx-controller/controller-guards';
import { makeFixture, readyProfile } from './testing/engine-fixture';
import { FakeControllerDevice } from './testing/fake-controller-driver';

const violates = (ruleId: string) => (e: unknown) => e instanceof OrderingRuleViolation && e.ruleId === ruleId && e.code === 'ORDERING_RULE_VIOLATED' && e.unlock.length > 0;
const tcp = { target: { kind: 'tcp' as const, host: '127.0.0.1', port: 5007 } };
const attestTrustBoundary = (p: ControllerProfile, stepId = 'fig8.step2'): ControllerProfile => ({
  ...p,
  attestations: [...p.attestations, { id: stepId, by: 'T. Tester', at: '2026-11-01T09:00:00Z', text: 'This PC is inside the trust boundary (same cabinet switch).' }],
});

test('Table 9 row 1 / 2.4.4.2: encrypted communication, IP filter, ports, bandwidth and time are locked until user authentication is on and an Administrator is logged on', async () => {
  for (const key of ['ipFilter', 'encryptedCommunication', 'defaultOpenPorts', 'bandwidthLimit', 'clock'] as const) {
    const f = makeFixture('MXR300-32');
    const engine = f.engine(f.newJournal());
    await assert.rejects(engine.writeSetting(key), violates('order.user-authentication-first'), key);
    assert.equal(f.device.written[key as 'ipFilter'], undefined, `${key} must not reach the device`);
  }
  const f = makeFixture('MXR300-32');
  const engine = f.engine(f.newJournal());
  assert.equal(await engine.writeSetting('users'), 'verified');
  assert.equal(await engine.writeSetting('ipFilter'), 'verified');
});

test('2.4.7.1 A/B: over plain Ethernet, passwords and encryption settings are locked without the trust-boundary attestation', async () => {
  const f = makeFixture('MXR300-32', { plan: tcp });
  await assert.rejects(f.engine(f.newJournal()).writeSetting('users'), violates('order.encryption-by-link'));
  assert.equal(f.device.authEnabled, false);
});

test('2.4.7.1 B: with the attestation, the engineering tool path is encrypted first, then the other functions', async () => {
  const base = readyProfile('MXR300-32');
  const functions = { ...base.settings.encryptedCommunication.functions, slmp: { inUse: true, beyondTrustBoundary: true, tls: true } };
  const profile = attestTrustBoundary({ ...base, settings: { ...base.settings, encryptedCommunication: { ...base.settings.encryptedCommunication, functions } } } as ControllerProfile);
  const device = new FakeControllerDevice('MXR300-32');
  const f = makeFixture('MXR300-32', { plan: tcp, profile, device });
  const journal = f.newJournal();
  const engine = f.engine(journal);
  const plan = engine.writePlan().filter((i) => i.action === 'write' && i.key === 'encryptedCommunication');
  assert.deepEqual(plan.map((i) => (i.action === 'write' ? i.scope : '')), ['engineering-tool', 'other-functions']);
  await engine.writeSetting('users');
  await engine.writeSetting('clock');
  await engine.writeSetting('encryptedCommunication', 'engineering-tool');
  assert.equal(device.written.encryptedCommunication?.functions['melsoft-got'].tls, true);
  assert.equal(device.written.encryptedCommunication?.functions.slmp.tls, false, 'other functions wait for the engineering tool path');
  await engine.writeSetting('encryptedCommunication', 'other-functions');
  assert.equal(device.written.encryptedCommunication?.functions.slmp.tls, true);
});

test('2.4.7.3: a certificate is not created while the controller clock is wrong; setting the clock unlocks it', async () => {
  const device = new FakeControllerDevice('MXR300-32');
  device.clockOffsetMs = 3_600_000;
  const f = makeFixture('MXR300-32', { device });
  const engine = f.engine(f.newJournal());
  await engine.writeSetting('users');
  await assert.rejects(engine.writeSetting('certificate'), violates('order.clock-before-certificates'));
  assert.equal(device.certificate, null);
  await engine.writeSetting('clock');
  assert.equal(await engine.writeSetting('certificate'), 'verified');
  // notBefore comes from the (now correct) device clock.
  assert.ok(Math.abs(Date.parse(device.certificate!.notBefore) - Date.now()) < 60_000);
});

test('2.4.8: over Ethernet the IP filter is not enabled unless this PC is allowed', async () => {
  const base = attestTrustBoundary(readyProfile('MXR300-32'));
  const profile = { ...base, settings: { ...base.settings, ipFilter: { enabled: true, mode: 'allow' as const, entries: [{ address: '192.0.2.10' }] } } } as ControllerProfile;
  const f = makeFixture('MXR300-32', { plan: tcp, profile });
  const engine = f.engine(f.newJournal());
  await engine.writeSetting('users');
  await assert.rejects(engine.writeSetting('ipFilter'), violates('guard.pc-allowed-before-ip-filter'));
  // The enhanced security setting turns the same filter on: locked too.
  await assert.rejects(engine.writeSetting('enhancedSecurity'), violates('guard.pc-allowed-before-ip-filter'));
  // Over USB the filter cannot cut the cable in use, but the app reconnects over TLS after the restart
  // (the fixture plans a TLS endpoint): this PC must be let in on that path too.
  const usb = makeFixture('MXR300-32', { profile });
  const e2 = usb.engine(usb.newJournal());
  await e2.writeSetting('users');
  await assert.rejects(e2.writeSetting('ipFilter'), violates('guard.pc-allowed-before-ip-filter'));
  // With the PC's address allowed, the same write goes through over USB.
  const allowed = { ...profile, settings: { ...profile.settings, ipFilter: { ...profile.settings.ipFilter, entries: [{ address: '192.0.2.10' }, { address: '127.0.0.1' }] } } } as ControllerProfile;
  const usb2 = makeFixture('MXR300-32', { profile: allowed });
  const e3 = usb2.engine(usb2.newJournal());
  await e3.writeSetting('users');
  assert.equal(await e3.writeSetting('ipFilter'), 'verified');
});

test('2.4.9.1: over plain Ethernet the port this PC uses is not closed without a verified TLS path', async () => {
  const base = attestTrustBoundary(readyProfile('MXR300-32'));
  const ports = { ...base.settings.defaultOpenPorts, port3: { ...base.settings.defaultOpenPorts.port3, 'melsoft-tcp': 'closed' as const } };
  const profile = { ...base, settings: { ...base.settings, defaultOpenPorts: ports } } as ControllerProfile;
  const f = makeFixture('MXR300-32', { plan: tcp, profile });
  const engine = f.engine(f.newJournal());
  await engine.writeSetting('users');
  await assert.rejects(engine.writeSetting('defaultOpenPorts'), violates('guard.service-in-use-needs-tls-path'));
  assert.equal(f.device.written.defaultOpenPorts, undefined);
});

test('2.4.4.3: the last Administrator cannot be removed', () => {
  assert.throws(() => enforceRules(['guard.last-administrator'], { system: 'mx-r', administratorsAfterChange: 0 }, 'Writing users'), violates('guard.last-administrator'));
  assert.doesNotThrow(() => enforceRules(['guard.last-administrator'], { system: 'mx-r', administratorsAfterChange: 1 }, 'Writing users'));
});

test('2.4.4.3: a single Administrator is flagged (recommendation) in the outcome the report shows', async () => {
  const base = readyProfile('MXR300-32');
  const profile = { ...base, settings: { ...base.settings, users: { ...base.settings.users, users: base.settings.users.users.slice(0, 1) } } } as ControllerProfile;
  const f = makeFixture('MXR300-32', { profile });
  const out = await f.engine(f.newJournal()).run();
  assert.equal(out.recommendations.find((r) => r.ruleId === 'recommend.second-administrator')?.status, 'violated');
});

test('2.4.1 / 2.6: a used controller is initialized only after confirmation, its Administrator and the backup decision', async () => {
  const used = () => {
    const d = new FakeControllerDevice('MXR300-32');
    d.makeUsed('oldadmin', 'Old-Admin-pw!9');
    return d;
  };
  // The Administrator is asked for first, before the irreversible confirmation is typed.
  let f = makeFixture('MXR300-32', { device: used(), confirmModel: 'MXR300-32' });
  await assert.rejects(f.engine(f.newJournal()).run(), (e: Error & { code?: string }) => e.code === 'INITIALIZATION_NEEDS_ADMINISTRATOR');
  f = makeFixture('MXR300-32', { device: used(), previousAdmin: { userName: 'oldadmin', password: 'Old-Admin-pw!9' } });
  await assert.rejects(f.engine(f.newJournal()).run(), (e: Error & { code?: string }) => e.code === 'INITIALIZATION_NOT_CONFIRMED' && /device\/label data/.test(e.message));
  f = makeFixture('MXR300-32', { device: used(), confirmModel: 'MXR300-32', previousAdmin: { userName: 'oldadmin', password: 'Old-Admin-pw!9' }, backup: { kind: 'declined', reason: ' ' } });
  await assert.rejects(f.engine(f.newJournal()).run(), violates('order.backup-before-initialization'));
  assert.equal(f.device.initializations, 0);
  const saved: string[] = [];
  f = makeFixture('MXR300-32', {
    device: used(),
    confirmModel: 'MXR300-32',
    previousAdmin: { userName: 'oldadmin', password: 'Old-Admin-pw!9' },
    backup: { kind: 'to-pc', save: async (name) => (saved.push(name), `/site/${name}`) },
  });
  const journal = f.newJournal();
  const out = await f.engine(journal).run();
  assert.equal(f.device.initializations, 1);
  assert.deepEqual(saved, ['backup-fake.mxb']);
  assert.equal(journal.operationState('fig8.step4', 'initialize'), 'verified');
  assert.ok(!f.device.users.some((u) => u.name === 'oldadmin'));
  assert.equal(out.steps.find((s) => s.id === 'fig8.step4')?.state, 'done');
});

test('2.4.2.1 / 2.4.3.1: firmware only as an Administrator with the system stopped and disconnected', () => {
  assert.throws(() => enforceFirmwareConditions('mx-r', { loggedOnAsAdministrator: true, cpuState: 'RUN', disconnectedFromOtherNetworks: true }), violates('guard.firmware-update-conditions'));
  assert.throws(() => enforceFirmwareConditions('mx-r', { loggedOnAsAdministrator: false, cpuState: 'STOP', disconnectedFromOtherNetworks: true }), violates('guard.firmware-update-conditions'));
  assert.doesNotThrow(() => enforceFirmwareConditions('mx-r', { loggedOnAsAdministrator: true, cpuState: 'STOP', disconnectedFromOtherNetworks: true }));
});

test('A rule violation names the rule, its guideline reference and what unlocks it', async () => {
  const f = makeFixture('MXR300-32');
  const e = await f.engine(f.newJournal()).writeSetting('bandwidthLimit').catch((x: unknown) => x);
  assert.ok(e instanceof OrderingRuleViolation);
  assert.match(e.message, /order\.user-authentication-first/);
  assert.match(e.message, /Table 9 row 1/);
  assert.match(e.unlock, /log on as an Administrator/);
});
