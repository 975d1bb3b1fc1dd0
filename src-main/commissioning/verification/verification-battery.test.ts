// Step 14's test operation against the practice controllers (in-process, with their security functions),
// through the real driver over real sockets: the engine commissions the device from factory state, then
// runs the Table 17 / 35 battery. Disruptive checks run only when the operator confirms them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { startVirtualController } from '../../simulator/start-virtual-controller';
import { openEndpoint } from '../../devices/endpoint';
import { MxControllerDriver } from '../../devices/mx-controller/mx-controller-driver';
import { buildComplianceReport } from '../../report/compliance-report';
import { renderReportHtml } from '../../report/report-html';
import type { ControllerProfile } from '../../model/security-settings';
import { Journal } from '../journal/journal';
import { FileJournalStore } from '../journal/journal-store';
import { CommissioningEngine, rowAccepted } from '../engine/commissioning-engine';
import { MX_CONTROLLER_FAMILY } from '../families';
import { DeviceRegistry, memoryStore } from '../engine/device-registry';
import { SecretsFromMap, type Operator } from '../engine/operator';
import { readyProfile, TEST_PASSWORDS } from '../engine/testing/engine-fixture';
import type { DisruptiveCheckView } from './verification-check';

const VIEWER = { name: 'viewer1', password: 'Vw5-Panel-East!x' };

async function commission(t: TestContext, model: string, o: { confirm?: (c: DisruptiveCheckView) => boolean; withViewer?: boolean; bandwidthKbps?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-battery-'));
  const usbSocket = join(dir, 'usb.sock');
  const running = await startVirtualController({ model, usbSocket, stateDir: join(dir, 'state'), security: { sdCardDir: join(dir, 'sd') } });
  t.after(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const portOf = (service: string) => {
    const l = running.listeners.find((x) => x.service === service);
    return l && l.transport === 'tcp' ? l.port : undefined;
  };
  const asked: DisruptiveCheckView[] = [];
  const operator: Operator = {
    name: 'T. Tester',
    confirmInitialization: async () => undefined,
    backupBeforeInitialization: async () => ({ kind: 'declined', reason: 'factory' }),
    performManually: async () => false,
    confirmDisruptive: async (c) => {
      asked.push(c);
      return o.confirm?.(c) ?? false;
    },
  };
  let profile: ControllerProfile = readyProfile(model);
  const passwords = new Map(TEST_PASSWORDS);
  if (o.withViewer) {
    profile = { ...profile, settings: { ...profile.settings, users: { ...profile.settings.users, users: [...profile.settings.users.users, { name: VIEWER.name, group: 'Users' }] } } } as ControllerProfile;
    passwords.set(VIEWER.name, VIEWER.password);
  }
  // The site's measured normal traffic sets the limit (2.4.10.1); a low one lets the check exceed it.
  if (o.bandwidthKbps) profile = { ...profile, settings: { ...profile.settings, bandwidthLimit: { enabled: true, sendKbps: o.bandwidthKbps, receiveKbps: o.bandwidthKbps } } } as ControllerProfile;
  const engine = new CommissioningEngine(
    {
      profile,
      target: { kind: 'usb-socket', path: usbSocket },
      tlsEndpoint: () => (portOf('slmp-tls') ? { host: '127.0.0.1', port: portOf('slmp-tls')! } : undefined),
      pcAddress: '127.0.0.1',
      probeTargets: [{ service: 'other', port: portOf('slmp')! }],
    },
    {
      family: MX_CONTROLLER_FAMILY,
      connect: async (e) => new MxControllerDriver(await openEndpoint(e, { virtual: true })),
      journal: Journal.create(new FileJournalStore(join(dir, 'journals'))),
      registry: new DeviceRegistry(memoryStore()),
      operator,
      secrets: new SecretsFromMap(passwords),
    },
  );
  const out = await engine.run();
  // The device as read over USB afterwards, logged on as the first Administrator.
  const readBack = async () => {
    const d = new MxControllerDriver(await openEndpoint({ kind: 'usb-socket', path: usbSocket }, { virtual: true }));
    try {
      await d.logon('admin1', TEST_PASSWORDS.get('admin1')!);
      return { users: await d.readUserAuthentication(), parameters: (await d.readParameters()).written, cpu: (await d.readIdentity()).cpuState };
    } finally {
      await d.close();
    }
  };
  return { out, asked, readBack };
}

const byId = (results: NonNullable<Awaited<ReturnType<typeof commission>>['out']['testOperation']>) => new Map(results.map((r) => [r.checkId, r]));

test('MX-R, disruptive checks declined: every non-disruptive item passes, declined ones are not run and the device is the profile', async (t) => {
  const { out, asked, readBack } = await commission(t, 'MXR300-32');
  const results = out.testOperation!;
  const r = byId(results);
  t.diagnostic(results.map((x) => `${x.checkId} ${x.status} ${x.durationMs}ms ${x.reason ?? ''} ${x.status === 'fail' ? JSON.stringify(x.evidence) : ''}`).join(' | '));
  for (const id of ['row2.firmware-version', 'row3.logon', 'row4.events', 'row7.tls', 'row8.ip-filter']) assert.equal(r.get(id)?.status, 'pass', `${id}: ${r.get(id)?.reason}`);
  // No non-Administrator user in the profile: said why. The OPC UA server is closed by the recommended
  // profile (its function is not in use), a TCP port: row 9 checks it.
  assert.match(r.get('row3.authority')!.reason!, /no user outside the Administrators group/);
  assert.equal(r.get('row9.closed-ports')?.status, 'pass', r.get('row9.closed-ports')?.reason);
  assert.match(r.get('row2.firmware-update')!.reason!, /firmware update is a maintenance operation/);
  assert.equal(r.has('row3.logon-message'), false, 'the warning-message item is Table 35 only');
  assert.deepEqual(asked.map((a) => a.rowId), ['table17.row3', 'table17.row5', 'table17.row10']);
  for (const id of ['row3.lockout', 'row5-6.backup-restore', 'row10.bandwidth']) {
    assert.equal(r.get(id)!.status, 'not-run');
    assert.equal(r.get(id)!.reason, 'not run — declined by T. Tester');
  }
  assert.ok(results.every((x) => x.status !== 'fail'));
  assert.equal(r.get('row8.ip-filter')!.evidence.some((e) => /127\.0\.0\.2\d\d \(not in the allow-list\)/.test(e.what) && e.value.startsWith('refused')), true);
  const device = await readBack();
  assert.deepEqual(device.users.users.map((u) => u.name).sort(), ['admin1', 'admin2']);
  assert.ok(device.users.users.every((u) => !u.locked));
  assert.equal(device.cpu, 'RUN');
  assert.deepEqual(out.verdicts.filter((v) => !rowAccepted(v)).map((v) => v.rowId), []);
  assert.equal(out.steps.find((s) => s.number === 14)?.state, 'done');
  assert.match(out.steps.find((s) => s.number === 14)!.detail!, /test operation \(Table 17\): \d+ passed, 0 failed/i);
  // The report lists every item; the declined ones say who declined them.
  const report = buildComplianceReport(out, { appVersion: 'test' });
  assert.deepEqual(report.testOperation!.items.map((i) => i.checkId), results.map((x) => x.checkId));
  const html = renderReportHtml(report);
  assert.match(html, /Test operation \(Table 17\/35\)/);
  assert.equal(html.split('not run — declined by T. Tester').length - 1, 3);
  // The Japanese report says the same in Japanese (the catalogue's checkReason.declined).
  assert.equal(renderReportHtml(report, 'ja').split('未実施 — T. Testerが実施しないことを選びました').length - 1, 3);
});

test('MX-F, every disruptive check confirmed: lockout, backup/restore and bandwidth pass and the user information is as before', async (t) => {
  const { out, readBack } = await commission(t, 'MXF100-16-N32', { confirm: () => true, withViewer: true, bandwidthKbps: 1000 });
  const results = out.testOperation!;
  const r = byId(results);
  t.diagnostic(results.map((x) => `${x.checkId} ${x.status} ${x.durationMs}ms ${x.reason ?? ''} ${x.status === 'fail' ? JSON.stringify(x.evidence) : ''}`).join(' | '));
  for (const id of ['row3.logon', 'row3.authority', 'row3.logon-message', 'row4.events', 'row7.tls', 'row8.ip-filter', 'row3.lockout', 'row5-6.backup-restore', 'row10.bandwidth'])
    assert.equal(r.get(id)?.status, 'pass', `${id}: ${r.get(id)?.reason} ${JSON.stringify(r.get(id)?.evidence)}`);
  assert.equal(r.get('row3.lockout')!.rowId, 'table35.row3');
  assert.ok(r.get('row3.lockout')!.evidence.some((e) => /as before/.test(e.value)));
  const device = await readBack();
  assert.deepEqual(device.users.users.map((u) => ({ name: u.name, group: u.group, locked: u.locked })).sort((a, b) => a.name.localeCompare(b.name)), [
    { name: 'admin1', group: 'Administrators', locked: false },
    { name: 'admin2', group: 'Administrators', locked: false },
    { name: VIEWER.name, group: 'Users', locked: false },
  ]);
  assert.equal(device.cpu, 'RUN');
  // Read again after the disruptive checks: every row of Table 27 still met.
  assert.deepEqual(out.verdicts.filter((v) => !rowAccepted(v)).map((v) => v.rowId), []);
  // The evidence never carries a password.
  const json = JSON.stringify(results);
  for (const p of [...TEST_PASSWORDS.values(), VIEWER.password]) assert.equal(json.includes(p), false);

  const report = buildComplianceReport(out, { appVersion: 'test' });
  assert.equal(report.testOperation!.items.length, results.length);
  const html = renderReportHtml(report);
  assert.match(html, /Test operation \(Table 17\/35\)/);
  assert.match(html, /row3\.lockout|Lockout after repeated wrong passwords/);
});
