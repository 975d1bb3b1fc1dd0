// Headless journey of issue 11 against a virtual MXR300-32 over real sockets: `mxc commission`, then
// `mxc visit --baseline` (exit 0, no drift, never initialized: the same Administrator still logs on),
// a setting changed behind the app's back and a visit that reports exactly that drift, the visit's chain
// link verified and a tampered predecessor detected, then `mxc dispose` (factory state read back, the
// disposal certificate verifies, the pin removed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectVirtual, freePort, startLifecycleController } from './testing/lifecycle-controller';
import { runCommission } from './commission-command';
import { runVisitCommand } from './visit-command';
import { runDispose } from './dispose-command';
import { runReport } from './report-command';
import { startVirtualController } from '../simulator/start-virtual-controller';
import { readyProfile, TEST_PASSWORDS } from '../commissioning/engine/testing/engine-fixture';
import { installationStore } from '../store/conf-store';
import { DeviceRegistry } from '../commissioning/engine/device-registry';
import type { VisitReport } from '../report/visit-report';
import type { DisposalCertificate } from '../report/disposal-certificate';
import { findChromium } from '../report/print-pdf-chromium';

const connect = connectVirtual;

test('commission, visit (no drift), drift behind the app, visit (that drift), chain verified, dispose to factory state', { timeout: 240_000 }, async (t) => {
  const { dir, usbSocket, tlsPort, admin, adminPassword, write } = await startLifecycleController(t, 'mxc-life-');
  const profile = write('profile.json', readyProfile('MXR300-32'));
  const commissionSecrets = write('commission-secrets.json', { version: 1, users: Object.fromEntries(TEST_PASSWORDS) });
  const visitSecrets = write('visit-secrets.json', { version: 1, logon: { user: admin, password: adminPassword }, backupPassword: 'Bk9-Visit-Backup-Pass', users: Object.fromEntries(TEST_PASSWORDS) });
  const data = join(dir, 'data');
  const lines: string[] = [];
  const io = { stdout: (l: string) => lines.push(l), stderr: (l: string) => lines.push(`ERR ${l}`) };
  const usb = `usb-socket:${usbSocket}`;
  const tls = `tls://127.0.0.1:${tlsPort}`;

  // 1. Commission.
  const c = await runCommission(['--profile', profile, '--secrets', commissionSecrets, '--target', usb, '--tls-target', `127.0.0.1:${tlsPort}`, '--pc-address', '127.0.0.1', '--out', join(dir, 'c'), '--data-dir', data, '--operator', 'T. Tester'], io, { connect, reconnect: { attempts: 40, delayMs: 100 } });
  t.diagnostic(`commission exit ${c}`);
  const baseline = join(dir, 'c', 'report.json');
  assert.equal(await runReport(['verify', baseline], io), 0, lines.join('\n'));
  // Figure 8 step 15: the end of the commissioning scheduled the next periodic check a year on (2.5.2).
  const commissioned = JSON.parse(readFileSync(baseline, 'utf8')).report as { generatedAt: string; steps: Array<{ messages?: Array<{ id: string; params?: { date?: string } }> }> };
  const dueBy = new DeviceRegistry(installationStore(data)).all()[0]?.nextPeriodicCheck;
  assert.equal(dueBy, new Date(Date.parse(commissioned.generatedAt) + 365 * 86_400_000).toISOString());
  assert.deepEqual(commissioned.steps.at(-1)?.messages?.[0], { id: 'step.result.reportIssuedNextCheck', params: { date: dueBy!.slice(0, 10) } });

  // 2. Visit over TLS, pinned to the baseline's certificate: no drift, exit 0.
  lines.length = 0;
  const v1 = await runVisitCommand(['--target', tls, '--secrets', visitSecrets, '--baseline', baseline, '--out', join(dir, 'v1'), '--data-dir', data, '--operator', 'T. Tester', '--pc-address', '127.0.0.1'], io, { connect });
  const visit1 = JSON.parse(readFileSync(join(dir, 'v1', 'visit-report.json'), 'utf8')).report as VisitReport;
  assert.deepEqual(visit1.drift, { none: true, items: [] }, lines.join('\n'));
  assert.equal(visit1.logon.initialized, false);
  assert.equal(visit1.link.kind, 'ethernet-tls');
  assert.equal(visit1.continuous.find((x) => x.id === 'table15.row1')?.status, 'pass', JSON.stringify(visit1.continuous));
  assert.ok(visit1.verification.length > 0 && visit1.verification.every((x) => x.status !== 'fail'), JSON.stringify(visit1.verification.filter((x) => x.status === 'fail')));
  assert.equal(v1, 0, lines.join('\n'));
  assert.ok(lines.includes('Drift: none — every setting equals the baseline.'));
  assert.ok(lines.includes(`Next periodic check due by ${visit1.nextPeriodicCheck!.dueBy.slice(0, 10)} (2.5.2: periodic security maintenance at least once a year).`), lines.join('\n'));
  assert.equal(new DeviceRegistry(installationStore(data)).all()[0]?.nextPeriodicCheck, visit1.nextPeriodicCheck!.dueBy, 'the visit moved the date');
  // The auditor's copy: the clean verdict only because nothing drifted and no check failed, warned or was skipped.
  const html1 = readFileSync(join(dir, 'v1', 'visit-report.html'), 'utf8');
  assert.ok(html1.includes(visit1.predecessor.digest), 'the HTML names the baseline by its hash');
  assert.equal(/data-verdict="clean"/.test(html1), visit1.summary.ok && visit1.summary.warnings === 0 && visit1.summary.notRun === 0);

  // Not initialized: the same Administrator still logs on.
  const check = await connect({ kind: 'tls', host: '127.0.0.1', port: tlsPort, fingerprint256: visit1.certificate!.fingerprint256 });
  await check.logon(admin, adminPassword);

  // 3. A setting changed behind the app's back (over the device's protocol), in effect after a restart.
  const before = (await check.readParameters()).inEffect.lockout!;
  assert.deepEqual(await check.writeParameters({ lockout: { ...before, failures: before.failures + 1 } }), []);
  await check.restart();
  await check.close().catch(() => undefined);

  lines.length = 0;
  let v2 = -1;
  for (let i = 0; i < 40 && v2 === -1; i++) {
    try {
      v2 = await runVisitCommand(['--target', tls, '--secrets', visitSecrets, '--baseline', join(dir, 'v1', 'visit-report.json'), '--out', join(dir, 'v2'), '--data-dir', data, '--operator', 'T. Tester', '--pc-address', '127.0.0.1'], io, { connect });
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  assert.equal(v2, 1, lines.join('\n'));
  const visit2 = JSON.parse(readFileSync(join(dir, 'v2', 'visit-report.json'), 'utf8')).report as VisitReport;
  assert.deepEqual(
    visit2.drift.items.map((d) => [d.path, d.baseline, d.now]),
    [['lockout.failures', before.failures, before.failures + 1]],
  );
  assert.ok(visit2.drift.items[0]!.rows.length > 0 && /Table 9 row/.test(visit2.drift.items[0]!.references));
  assert.ok(lines.some((l) => l.startsWith('  lockout.failures: baseline')));
  const html2 = readFileSync(join(dir, 'v2', 'visit-report.html'), 'utf8');
  assert.match(html2, /data-verdict="findings"/);
  assert.match(html2, new RegExp(`<tr data-drift="lockout.failures">.*<pre>${before.failures}</pre>.*<pre>${before.failures + 1}</pre>`, 's'));

  // 4. The chain: v2 follows v1; v1 follows the commissioning report; a tampered predecessor is found.
  const out: string[] = [];
  const sink = { stdout: (l: string) => out.push(l), stderr: (l: string) => out.push(l) };
  assert.equal(await runReport(['verify', join(dir, 'v1', 'visit-report.json'), '--predecessor', baseline], sink), 0, out.join('\n'));
  assert.equal(await runReport(['verify', join(dir, 'v2', 'visit-report.json'), '--predecessor', join(dir, 'v1', 'visit-report.json')], sink), 0, out.join('\n'));
  const tampered = JSON.parse(readFileSync(baseline, 'utf8'));
  tampered.report.operator.name = 'Somebody Else';
  writeFileSync(join(dir, 'tampered.json'), JSON.stringify(tampered));
  out.length = 0;
  assert.equal(await runReport(['verify', join(dir, 'v1', 'visit-report.json'), '--predecessor', join(dir, 'tampered.json')], sink), 1);
  assert.match(out.join('\n'), /predecessor report was changed after it was signed/);
  out.length = 0;
  assert.equal(await runReport(['verify', join(dir, 'v2', 'visit-report.json'), '--predecessor', baseline], sink), 1, 'v2 does not follow the commissioning report directly');
  assert.match(out.join('\n'), /not the report this one follows/);

  // 5. Dispose: refused without the right model typed (nothing changed), then factory state proven over
  // the USB cable, the certificate verifies, the pin removed.
  const registry = () => new DeviceRegistry(installationStore(data));
  assert.equal(registry().all().length, 1);
  const disposeArgs = (model: string, out: string) => ['--target', tls, '--verify-target', usb, '--secrets', visitSecrets, '--out', join(dir, out), '--confirm-initialize', model, '--sd-card', 'removed', '--backup', '--predecessor', join(dir, 'v2', 'visit-report.json'), '--data-dir', data, '--operator', 'T. Tester', '--pdf'];
  await assert.rejects(runDispose(disposeArgs('MXR300-16', 'd0'), io, { connect }), /this device is MXR300-32, "MXR300-16" was given\. Nothing was changed/);
  const still = await connect({ kind: 'usb-socket', path: usbSocket });
  assert.equal((await still.logon(admin, adminPassword)).group, 'Administrators', 'not initialized');
  await still.close();
  lines.length = 0;
  const d = await runDispose(disposeArgs('MXR300-32', 'd'), io, { connect });
  assert.equal(d, 0, lines.join('\n'));
  const cert = JSON.parse(readFileSync(join(dir, 'd', 'disposal-certificate.json'), 'utf8')).report as DisposalCertificate;
  assert.equal(cert.verification.factoryState, true);
  assert.deepEqual(cert.verification.readings.filter((r) => !r.factory), []);
  assert.equal(cert.sanitization.finalBackup.taken, true);
  assert.equal(cert.sanitization.sdCard, 'removed-kept');
  assert.equal(cert.order.status, 'satisfied', 'the guideline order of disposal (order.disposal) holds');
  assert.equal(cert.device.model, 'MXR300-32');
  assert.match(readFileSync(join(dir, 'd', 'disposal-certificate.html'), 'utf8'), /data-verdict="factory-state"/);
  if (findChromium()) assert.equal(readFileSync(join(dir, 'd', 'disposal-certificate.pdf')).subarray(0, 5).toString('latin1'), '%PDF-');
  out.length = 0;
  assert.equal(await runReport(['verify', join(dir, 'd', 'disposal-certificate.json'), '--predecessor', join(dir, 'v2', 'visit-report.json')], sink), 0, out.join('\n'));
  assert.deepEqual(registry().all(), []);
  // The device answers as factory state: no logon needed, no users.
  const after = await connect({ kind: 'usb-socket', path: usbSocket });
  assert.equal((await after.readUserAuthentication()).enabled, false);
  await after.close();
});

test('MX-F: commission, a visit with Tables 33/35/36 and no drift, then disposal to factory state', { timeout: 240_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-life-f-'));
  const usbSocket = join(dir, 'usb.sock');
  const tlsPort = await freePort();
  const model = 'MXF100-16-N32';
  const running = await startVirtualController({ model, usbSocket, stateDir: join(dir, 'state'), security: { sdCardDir: join(dir, 'sd'), backupKdf: { log2N: 14, r: 8, p: 1 }, tls: { host: '127.0.0.1', port: tlsPort } } });
  t.after(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const [admin, adminPassword] = [...TEST_PASSWORDS.entries()][0]!;
  const write = (name: string, value: unknown) => {
    const p = join(dir, name);
    writeFileSync(p, JSON.stringify(value));
    chmodSync(p, 0o600);
    return p;
  };
  const secrets = write('secrets.json', { version: 1, users: Object.fromEntries(TEST_PASSWORDS), logon: { user: admin, password: adminPassword }, backupPassword: 'Bk9-Visit-Backup-Pass' });
  const data = join(dir, 'data');
  const lines: string[] = [];
  const io = { stdout: (l: string) => lines.push(l), stderr: (l: string) => lines.push(`ERR ${l}`) };
  const usb = `usb-socket:${usbSocket}`;
  await runCommission(['--profile', write('profile.json', readyProfile(model)), '--secrets', secrets, '--target', usb, '--tls-target', `127.0.0.1:${tlsPort}`, '--pc-address', '127.0.0.1', '--out', join(dir, 'c'), '--data-dir', data, '--operator', 'T. Tester'], io, { connect, reconnect: { attempts: 40, delayMs: 100 } });
  const v = await runVisitCommand(['--target', `tls://127.0.0.1:${tlsPort}`, '--secrets', secrets, '--baseline', join(dir, 'c', 'report.json'), '--out', join(dir, 'v'), '--data-dir', data, '--operator', 'T. Tester', '--pc-address', '127.0.0.1'], io, { connect });
  const visit = JSON.parse(readFileSync(join(dir, 'v', 'visit-report.json'), 'utf8')).report as VisitReport;
  assert.equal(v, 0, lines.join('\n'));
  assert.equal(visit.drift.none, true);
  const status = Object.fromEntries(visit.continuous.map((c) => [c.id, c.status]));
  assert.equal(status['table33.row1'], 'pass', 'the encrypted backup opened on the PC');
  assert.match(status['table33.row2']!, /^(pass|warning)$/, 'the history reviewed (warnings: events to watch from the commissioning battery)');
  assert.equal(status['table33.row3'], 'pass', 'the certificate is a year from expiry');
  assert.ok(visit.verification.every((c) => c.table === '35' && c.status !== 'fail'), JSON.stringify(visit.verification.filter((c) => c.status === 'fail')));
  assert.deepEqual(visit.settingChecks.map((c) => [c.id, c.status]), [['table36.row1', 'pass'], ['table36.row2', 'pass'], ['table36.row3', 'pass']]);
  const d = await runDispose(['--target', `tls://127.0.0.1:${tlsPort}`, '--verify-target', usb, '--secrets', secrets, '--out', join(dir, 'd'), '--confirm-initialize', model, '--sd-card', 'destroyed', '--predecessor', join(dir, 'v', 'visit-report.json'), '--data-dir', data, '--operator', 'T. Tester'], io, { connect });
  assert.equal(d, 0, lines.join('\n'));
  const cert = JSON.parse(readFileSync(join(dir, 'd', 'disposal-certificate.json'), 'utf8')).report as DisposalCertificate;
  assert.equal(cert.verification.factoryState, true);
  assert.equal(cert.sanitization.references.includes('Figure 30'), true);
  assert.deepEqual(new DeviceRegistry(installationStore(data)).all(), []);
});
