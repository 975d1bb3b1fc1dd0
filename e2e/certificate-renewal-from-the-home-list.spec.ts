// Journey (issue 11, 2.4.7.3): the practice MX-R is commissioned, then brought to day 300 of its
// certificate's year: another tool writes it a certificate made 300 days ago (over the device's
// protocol) and the installation's pin is set to it, as the registry would hold it after a renewal then.
// The home list warns "renew it by that day" and offers "Renew the certificate"; the renewal deletes,
// creates and sets the certificate, restarts the controller and proves the new pin over TLS; the new
// certificate is offered for the connection destination devices and the list shows a year's validity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAppInBrowser } from './support/app-in-browser';
import { accessibilityViolations } from './support/accessibility';
import { saveScreenshot } from './support/screenshots';
import { commissionPracticeController, testPasswordsByUser } from './support/wizard-driver';
import { openEndpoint } from '../src-main/devices/endpoint';
import { MxControllerDriver } from '../src-main/devices/mx-controller/mx-controller-driver';
import { createSelfSignedCertificate } from '../src-main/crypto/certificate';

const JOURNEY = 'certificate-renewal';
const MODEL = 'MXR300-32';
const DAY = 86_400_000;

test('a certificate expiring in under 90 days is renewed from the home list: new pin proven over TLS, a year listed', { timeout: 1_200_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const { page } = browser;
  await commissionPracticeController({ page, url: host.url, journey: JOURNEY, system: 'MX-R', model: MODEL, figure: /Procedure before operation \(MX-R\)/, stepCount: 15, reconstructed: false, hostErrors: () => host.stderr() });

  const configPath = join(host.dataDir, 'config.json');
  type Rec = { deviceId: string; fingerprint256: string; notAfter: string; tlsEndpoint: string };
  const config = () => JSON.parse(readFileSync(configPath, 'utf8')) as { 'device-registry': Record<string, Rec> };
  const record = Object.values(config()['device-registry'])[0]!;
  const signed = JSON.parse(readFileSync(join(host.dataDir, 'reports', record.deviceId.replace(/[^A-Za-z0-9._-]/g, '_'), 'last.json'), 'utf8'));
  const users = signed.report.snapshot.settings.users.value.users as Array<{ name: string; group: string }>;
  const passwordFor = testPasswordsByUser();
  const passwords = new Map(users.map((u) => [u.name, passwordFor(u.name)]));
  const admin = users.find((u) => u.group === 'Administrators')!.name;

  // Day 300 of the year: the device holds a certificate made 300 days ago (65 days left), pinned.
  const [h, p] = record.tlsEndpoint.split(':');
  const other = new MxControllerDriver(await openEndpoint({ kind: 'tls', host: h!, port: Number(p), fingerprint256: record.fingerprint256 }, { virtual: true, label: 'another tool' }));
  const old = await createSelfSignedCertificate({ commonName: MODEL, notBefore: new Date(Date.now() - 300 * DAY), subjectAltNames: [{ ip: h! }] });
  try {
    await other.logon(admin, passwords.get(admin)!);
    await other.deleteCertificate();
    await other.writeCertificate(old.certificatePem, old.privateKeyPem);
    await other.restart();
  } finally {
    await other.close().catch(() => undefined);
  }
  const c = config();
  c['device-registry'][record.deviceId] = { ...record, fingerprint256: old.fingerprint256, notAfter: old.notAfter.toISOString() };
  writeFileSync(configPath, JSON.stringify(c));
  for (let i = 0; i < 120; i++) {
    try {
      await (new MxControllerDriver(await openEndpoint({ kind: 'tls', host: h!, port: Number(p), fingerprint256: old.fingerprint256 }, { virtual: true, label: 'probe' }))).close();
      break;
    } catch {
      await page.waitForTimeout(500);
    }
  }

  await page.getByRole('button', { name: 'Back to the procedure' }).click();
  await page.getByRole('button', { name: 'Home' }).click();
  const list = page.getByRole('region', { name: 'Devices this installation knows' });
  await list.waitFor({ timeout: 15_000 });
  assert.match(await list.getByTestId('known-device-certificate').innerText(), /\((64|65) days left\): renew it by that day \(2\.4\.7\.3\)/);
  await saveScreenshot(page, JOURNEY, '1-home-renew-soon');
  await page.getByRole('button', { name: new RegExp(`^Renew the certificate of ${MODEL}`) }).click();
  await page.getByTestId('renewal-screen').waitFor();
  assert.deepEqual(await accessibilityViolations(page), [], 'the renewal screen passes the automated accessibility checks');

  // Keyboard: user, password, Enter.
  await page.getByLabel('Administrator user name').focus();
  await page.keyboard.type(admin);
  await page.getByLabel('Password of that Administrator', { exact: true }).focus();
  await page.keyboard.type(passwords.get(admin)!);
  await page.keyboard.press('Enter');
  const deadline = Date.now() + 180_000;
  while ((await page.getByTestId('renewal-result').count()) === 0) {
    if ((await page.getByTestId('renewal-error').count()) > 0) throw new Error(`Renewal failed: ${await page.getByTestId('renewal-error').innerText()}\n${host.stderr().slice(-2000)}`);
    if (Date.now() > deadline) throw new Error('The renewal did not finish within 3 minutes');
    await page.waitForTimeout(500);
  }
  await saveScreenshot(page, JOURNEY, '2-renewed');
  const after = config()['device-registry'][record.deviceId]!;
  assert.notEqual(after.fingerprint256, old.fingerprint256, 'the new certificate is pinned');
  assert.match(await page.getByTestId('renewal-result').innerText(), new RegExp(`Renewed and proven: this PC now connects pinned to ${after.fingerprint256.slice(0, 23)}`));
  assert.ok(Date.parse(after.notAfter) - Date.now() > 300 * DAY, 'the new certificate runs for a year');
  for (const ext of ['pem', 'der']) {
    const download = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByRole('button', { name: `Save ${MODEL}-certificate.${ext}` }).click();
    assert.match((await download).suggestedFilename(), new RegExp(`\\.${ext}$`));
  }
  assert.deepEqual(await accessibilityViolations(page), [], 'the renewal result passes the automated accessibility checks');

  await page.getByRole('button', { name: 'Back to the home screen' }).click();
  await list.waitFor();
  assert.match(await list.getByTestId('known-device-certificate').innerText(), /Certificate valid until/);
  assert.equal(await page.getByRole('button', { name: /^Renew the certificate of/ }).count(), 0, 'no renewal offered a year from expiry');
  assert.deepEqual(await browser.cspViolations(), []);
});
