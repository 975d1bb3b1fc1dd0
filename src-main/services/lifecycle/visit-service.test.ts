// The app's lifecycle service (what visit:plan / visit:run / visit:export / renewal:run call) against a
// virtual MXR300-32 over real sockets, commissioned with `mxc commission` into the same data directory:
// the plan finds the baseline this installation kept, the visit finds no drift and becomes the next
// baseline, the event history exports; renewal is refused while the certificate has more than 90 days,
// and once it has fewer (a certificate made 300 days ago, pinned) it is renewed
// and the new pin proven over TLS.
import { englishSentencesIn, englishSentencesInHtml, japaneseTextsOf } from '../../messages/english-in-japanese';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectVirtual, startLifecycleController } from '../../cli/testing/lifecycle-controller';
import { runCommission } from '../../cli/commission-command';
import { readyProfile, TEST_PASSWORDS } from '../../commissioning/engine/testing/engine-fixture';
import { installationStore } from '../../store/conf-store';
import { DeviceRegistry } from '../../commissioning/engine/device-registry';
import { createSelfSignedCertificate } from '../../crypto/certificate';
import { VisitService } from './visit-service';
import { Journal } from '../../commissioning/journal/journal';
import { FileJournalStore } from '../../commissioning/journal/journal-store';
import { runVisit } from '../../lifecycle/visit';
import { lastReport } from '../../lifecycle/report-archive';
import { listUnfinishedSessions, SessionFiles } from '../wizard/session-list';

const connect = connectVirtual;

test('app lifecycle service: visit from the kept baseline (no drift), then renewal only from 90 days before expiry', { timeout: 240_000 }, async (t) => {
  const { dir, usbSocket, tlsPort, admin, adminPassword, write } = await startLifecycleController(t, 'mxc-app-life-');
  const data = join(dir, 'data');
  const io = { stdout: () => undefined, stderr: () => undefined };
  await runCommission(['--profile', write('profile.json', readyProfile('MXR300-32')), '--secrets', write('s.json', { version: 1, users: Object.fromEntries(TEST_PASSWORDS) }), '--target', `usb-socket:${usbSocket}`, '--tls-target', `127.0.0.1:${tlsPort}`, '--pc-address', '127.0.0.1', '--out', join(dir, 'c'), '--data-dir', data, '--operator', 'T. Tester'], io, { connect, reconnect: { attempts: 40, delayMs: 100 } });

  const store = installationStore(data);
  const links: Array<{ kind: string; fingerprint?: string } | null> = [];
  const service = new VisitService({ store, dataDir: data, appVersion: '0.0.0-test', onLink: (l) => links.push(l && { kind: l.kind, ...(l.tls ? { fingerprint: l.tls.fingerprint256 } : {}) }) });
  const [record] = new DeviceRegistry(store).all();
  assert.ok(record, 'the commissioning pinned the device');

  const plan = await service.visitPlan({ deviceId: record.deviceId });
  assert.equal(plan.blocked, undefined);
  assert.equal(plan.baseline?.kind, 'commissioning', 'the commissioning report was kept as the baseline');
  assert.equal(plan.link.endpoint, `127.0.0.1:${tlsPort}`);
  assert.ok(plan.disruptive.length > 0 && plan.disruptive.every((c) => /^Table 17 row \d+$/.test(c.reference)));

  const visit = await service.runVisit({ deviceId: record.deviceId, operatorName: 'T. Tester', userName: admin, password: adminPassword, backupPassword: 'Bk9-Visit-Backup-Pass', disruptive: [] });
  assert.equal(visit.noDrift, true, JSON.stringify(visit.drift));
  // The header's link indicator: main told it the visit's pinned TLS link while it was open, and that none is open after.
  assert.ok(links.some((l) => l?.kind === 'ethernet-tls' && l.fingerprint === record.fingerprint256), JSON.stringify(links));
  assert.equal(links.at(-1), null);
  assert.equal(service.openLink, null);
  assert.equal(visit.continuous[0]?.status, 'pass', 'the fresh backup opened on the PC');
  assert.equal(visit.predecessorDigest, plan.baseline?.digest, 'the visit names the baseline by its hash');
  assert.ok(visit.events.total > 0 && visit.events.deviceCheckOk && visit.events.toWatch.length > 0);
  assert.equal((await service.visitPlan({ deviceId: record.deviceId })).baseline?.digest, visit.reportDigest, 'the visit is the next baseline');
  const csv = await service.exportVisit({ kind: 'events-csv' });
  assert.ok(existsSync(csv.savedTo) && readFileSync(csv.savedTo, 'utf8').split('\n').length > visit.events.total);
  // The visit report to read or print: the chain link and the verdict; PDF only where the host prints one.
  const html = await service.exportVisit({ kind: 'visit-report-html-ja' });
  const page = readFileSync(html.savedTo, 'utf8');
  assert.ok(html.fileName.endsWith('.ja.html') && page.includes('保守点検報告書') && page.includes(visit.predecessorDigest));
  // The Japanese visit report holds no English sentence (names, ids and values aside).
  assert.deepEqual(englishSentencesInHtml(page), []);
  // ... nor do the visit's results as the app shows them in Japanese.
  assert.deepEqual(japaneseTextsOf(visit).flatMap(({ path, text }) => englishSentencesIn(text).map((e) => `${path}: ${e}`)), []);
  await assert.rejects(service.exportVisit({ kind: 'visit-report-pdf' }), (e: Error & { code?: string }) => e.code === 'not-in-this-host');
  const printing = new VisitService({ store, dataDir: data, appVersion: '0.0.0-test', renderPdf: async (h) => Buffer.from(`%PDF-1.7 ${h.length}`) });
  await assert.rejects(printing.exportDisposal({ kind: 'disposal-certificate-pdf' }), (e: Error & { code?: string }) => e.code === 'no-session');
  // An unknown disruptive check is refused before anything is read.
  await assert.rejects(service.runVisit({ deviceId: record.deviceId, operatorName: 'T', userName: admin, password: adminPassword, disruptive: ['no-such-check'] }), /Unknown disruptive check/);

  // A year's certificate: no renewal yet (2.4.7.3 offers it from 90 days before expiry).
  await assert.rejects(service.renewCertificate({ deviceId: record.deviceId, userName: admin, password: adminPassword }), (e: Error & { code?: string }) => e.code === 'step-locked');

  // The device 300 days into its year: a certificate made 300 days ago, written over the USB cable and pinned.
  const driver = await connect({ kind: 'usb-socket', path: usbSocket });
  await driver.logon(admin, adminPassword);
  // Made 300 days ago with the guideline's one year: 65 days left.
  const short = await createSelfSignedCertificate({ commonName: 'MXR300-32', notBefore: new Date(Date.now() - 300 * 86_400_000), subjectAltNames: [{ ip: '127.0.0.1' }] });
  await driver.deleteCertificate();
  await driver.writeCertificate(short.certificatePem, short.privateKeyPem);
  assert.equal((await driver.readCertificate())?.fingerprint256, short.fingerprint256);
  await driver.restart();
  await driver.close().catch(() => undefined);
  new DeviceRegistry(store).pin({ ...record, fingerprint256: short.fingerprint256, notAfter: short.notAfter.toISOString() });
  let renewed;
  let last: unknown;
  for (let i = 0; i < 40 && !renewed; i++) {
    try {
      renewed = await service.renewCertificate({ deviceId: record.deviceId, userName: admin, password: adminPassword });
    } catch (e) {
      if ((e as { code?: string }).code === 'step-locked') throw e;
      last ??= e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  assert.ok(renewed, `renewed: ${(last as Error)?.message} ${(last as { details?: string })?.details ?? ''}`);
  assert.equal(renewed.old?.fingerprint256, short.fingerprint256);
  const pinned = new DeviceRegistry(store).get(record.deviceId)!;
  assert.equal(pinned.fingerprint256, renewed.renewed.fingerprint256, 'the new certificate is pinned after the proof');
  assert.ok(Date.parse(pinned.notAfter) - Date.now() > 300 * 86_400_000);
  assert.deepEqual(renewed.files.map((f) => f.fileName.split('.').pop()), ['pem', 'der']);
});

test('app lifecycle service: an interrupted visit is offered and resumed as a visit from its own journal', { timeout: 240_000 }, async (t) => {
  const { dir, usbSocket, tlsPort, admin, adminPassword, write } = await startLifecycleController(t, 'mxc-app-resume-');
  const data = join(dir, 'data');
  const io = { stdout: () => undefined, stderr: () => undefined };
  await runCommission(['--profile', write('profile.json', readyProfile('MXR300-32')), '--secrets', write('s.json', { version: 1, users: Object.fromEntries(TEST_PASSWORDS) }), '--target', `usb-socket:${usbSocket}`, '--tls-target', `127.0.0.1:${tlsPort}`, '--pc-address', '127.0.0.1', '--out', join(dir, 'c'), '--data-dir', data, '--operator', 'T. Tester'], io, { connect, reconnect: { attempts: 40, delayMs: 100 } });
  const store = installationStore(data);
  const service = new VisitService({ store, dataDir: data, appVersion: '0.0.0-test' });
  const [record] = new DeviceRegistry(store).all();
  assert.ok(record);
  assert.equal((await service.visitPlan({ deviceId: record.deviceId })).unfinished, undefined, 'nothing to resume yet');

  // A visit interrupted at the battery (the app closed, the link lost): its journal is left unfinished.
  const journals = new FileJournalStore(join(data, 'journals'));
  const journal = Journal.create(journals);
  await assert.rejects(
    runVisit({
      target: { kind: 'tls', host: '127.0.0.1', port: tlsPort, fingerprint256: record.fingerprint256 },
      connect,
      journal,
      registry: new DeviceRegistry(store),
      logon: { user: admin, password: adminPassword },
      baseline: lastReport(data, record.deviceId)!,
      operatorName: 'T. Tester',
      appVersion: '0.0.0-test',
      onProgress: (line) => {
        if (line.startsWith('Re-running')) throw new Error('the app was closed');
      },
    }),
    /the app was closed/,
  );

  // Reopened: the plan offers that visit (not a commissioning: the wizard lists no session to resume).
  const plan = await service.visitPlan({ deviceId: record.deviceId });
  assert.equal(plan.unfinished?.sessionId, journal.sessionId);
  assert.ok(plan.unfinished.stepsDone >= 2, `steps done: ${plan.unfinished.stepsDone}`);
  assert.deepEqual(listUnfinishedSessions(journals, new SessionFiles(join(data, 'wizard'))), []);
  const visit = await service.runVisit({ deviceId: record.deviceId, operatorName: 'T. Tester', userName: admin, password: adminPassword, disruptive: [] });
  assert.equal(visit.session.id, journal.sessionId, 'the same visit, resumed');
  assert.ok(visit.session.resumedTimes >= 1);
  assert.equal(visit.noDrift, true);
  assert.ok(visit.verification.length > 0, 'the steps not done before were run');
  assert.equal((await service.visitPlan({ deviceId: record.deviceId })).unfinished, undefined, 'nothing left to resume');
});
