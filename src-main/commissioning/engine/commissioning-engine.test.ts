// The engine end to end over the FAKE controller (testing/fake-controller-driver.ts): the order of the
// writes, read-back verification, the restart onto TLS with the pin, and the proof steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowAccepted } from './commissioning-engine';
import { MX_CONTROLLER_FAMILY } from '../families';
import { makeFixture, readyProfile } from './testing/engine-fixture';
import { FakeControllerDevice } from './testing/fake-controller-driver';
import type { ProgressEvent } from './commissioning-engine';
import type { ControllerProfile } from '../../model/security-settings';

test('Figure 8 on a factory-fresh MX-R: every write verified, restart onto TLS with the pin, every Table 9 row met', async () => {
  const events: ProgressEvent[] = [];
  const f = makeFixture('MXR300-32', { events });
  const out = await f.engine(f.newJournal()).run();
  const bad = out.verdicts.filter((v) => !rowAccepted(v));
  assert.deepEqual(bad.map((b) => `${b.rowId}: ${b.reason}`), []);
  assert.equal(out.verdicts.length, 22);
  assert.equal(out.linkInitial.kind, 'usb');
  assert.equal(out.linkFinal.kind, 'ethernet-tls');
  assert.ok(out.pinned && out.certificate && out.pinned.fingerprint256 === out.certificate.fingerprint256);
  assert.equal(f.registry.get('MXR300-32#FAKE0001')?.fingerprint256, out.certificate.fingerprint256);
  // Table 9 row 1 / 2.4.4.2: user information first, then the rest (each verified before the next).
  const verified = events.filter((e): e is Extract<ProgressEvent, { type: 'write' }> => e.type === 'write' && e.state === 'verified').map((e) => e.key);
  assert.equal(verified[0], 'users');
  assert.ok(verified.indexOf('clock') < verified.indexOf('certificate'), '2.4.7.3: clock before certificate');
  assert.ok(verified.indexOf('ipFilter') < verified.indexOf('enhancedSecurity'), '2.4.8: this PC allowed before the filter turns on');
  assert.equal(f.device.restarts, 1);
  for (const s of out.steps) assert.notEqual(s.state, 'failed', `${s.id}: ${s.detail}`);
  assert.ok(out.steps.every((s) => s.state !== 'not-run'));
});

test('Figure 22 on a factory-fresh MX-F: every Table 27 row met', async () => {
  const f = makeFixture('MXF100-16-N32');
  const out = await f.engine(f.newJournal()).run();
  assert.equal(out.procedure.id, 'figure-22');
  assert.deepEqual(out.verdicts.filter((v) => !rowAccepted(v)).map((v) => v.rowId), []);
  assert.equal(out.verdicts.length, 21);
});

test('A write the device does not keep is not reported as done (read-back mismatch stops the session)', async () => {
  const device = new FakeControllerDevice('MXR300-32');
  const f = makeFixture('MXR300-32', { device });
  // The device silently keeps another lockout than the one written.
  const original = device.call.bind(device);
  device.call = ((session, name, act) => {
    const r = original(session, name, act);
    if (device.written.lockout && device.written.lockout.failures !== 3) device.written.lockout = { failures: 3, minutes: 1 };
    return r;
  }) as typeof device.call;
  const journal = f.newJournal();
  await assert.rejects(f.engine(journal).run(), (e: Error & { code?: string }) => e.code === 'READ_BACK_MISMATCH' && /lockout/.test(e.message));
  assert.equal(journal.lastWrite('lockout')?.state, 'failed');
  assert.equal(journal.stepState('fig8.step9'), 'failed');
});

test('An observe-only driver turns the writes into operator-performed steps, never into verified ones', async () => {
  const device = new FakeControllerDevice('MXR300-32');
  device.mode = 'observe-only';
  const manual: string[] = [];
  const f = makeFixture('MXR300-32', { device, manual });
  const journal = f.newJournal();
  const out = await f.engine(journal).run();
  assert.equal(journal.stepState('fig8.step9'), 'operator-performed');
  assert.ok(manual.some((m) => /users/.test(m)));
  assert.ok(out.writes.every((w) => w.state === 'operator-performed'));
  // Nothing the app could not read is passed.
  assert.ok(out.verdicts.filter((v) => v.status === 'pass').length === 0);
});

test('A different certificate at the TLS address after the restart is refused with a clear message', async () => {
  const device = new FakeControllerDevice('MXR300-32');
  const f = makeFixture('MXR300-32', { device });
  const original = device.restart.bind(device);
  device.restart = () => {
    original();
    // Someone else's certificate answers at the controller's TLS address.
    device.certificateInEffect = { ...device.certificateInEffect!, fingerprint256: 'AA:'.repeat(31) + 'AA' };
  };
  await assert.rejects(f.engine(f.newJournal()).run(), (e: Error & { code?: string }) => e.code === 'PINNED_CERTIFICATE_MISMATCH' && /different from the one pinned/.test(e.message));
});

test('With SNTP as the time source the device clock is still set from this PC before the certificate is made', async () => {
  const device = new FakeControllerDevice('MXR300-32');
  device.clockOffsetMs = -3 * 3600_000; // three hours behind at the factory: more than SNTP may correct
  const base = readyProfile('MXR300-32');
  const profile = { ...base, settings: { ...base.settings, clock: { source: 'sntp' as const, sntpServer: '192.168.10.1', maxOffsetSeconds: 2 } } } as ControllerProfile;
  const f = makeFixture('MXR300-32', { device, profile });
  const out = await f.engine(f.newJournal()).run();
  assert.ok(Math.abs(device.clockOffsetMs) < 60_000, `the device clock is ${device.clockOffsetMs} ms off`);
  // The certificate is valid from the corrected clock, not from three hours ago.
  assert.ok(Date.now() - new Date(out.certificate!.notBefore).getTime() < 3600_000);
});

test('issue 12: resumedTimes counts resumptions that reached the device, not retries that did not', async () => {
  const { CommissioningEngine } = await import('./commissioning-engine');
  const { fakeConnector, fakeProbe } = await import('./testing/fake-controller-driver');
  const { LinkError } = await import('../../links/link-error');
  const f = makeFixture('MXR300-32');
  const journal = f.newJournal();
  await f.engine(journal).runThrough('fig8.step3');
  const engineWith = (connect: ReturnType<typeof fakeConnector>) =>
    new CommissioningEngine(f.plan, { connect, family: MX_CONTROLLER_FAMILY, journal, registry: f.registry, operator: f.operator, secrets: f.secrets, probe: fakeProbe(f.device), reconnect: { attempts: 1, delayMs: 1 }, testOperation: 'skip' });
  // Two retries while the cable is out: the device never answered, nothing was resumed.
  const unplugged: ReturnType<typeof fakeConnector> = async () => {
    throw new LinkError('refused', 'The cable is out.');
  };
  for (let i = 0; i < 2; i++) await assert.rejects(engineWith(unplugged).run());
  assert.equal(journal.resumes(), 0);
  // The cable back in: one resumption.
  const out = await engineWith(fakeConnector(f.device)).run();
  assert.equal(out.resumedTimes, 1);
});

test('issue 12: the session starts no later than its first attestation (given before step 1 runs)', async () => {
  const f = makeFixture('MXR300-32');
  const engine = f.engine(f.newJournal());
  await new Promise((r) => setTimeout(r, 5));
  const attestedAt = new Date().toISOString();
  const p = f.profile;
  engine.updateProfile({ ...p, attestations: [...p.attestations.filter((a) => a.id !== 'fig8.step1'), { id: 'fig8.step1', by: 'T. Tester', at: attestedAt, text: 'Mounted and wired.' }] });
  await new Promise((r) => setTimeout(r, 5));
  const out = await engine.run();
  assert.ok(out.startedAt <= attestedAt, `${out.startedAt} <= ${attestedAt}`);
  assert.equal(out.resumedTimes, 0);
});
