// Journey (issue 11): a technician commissions the practice MX-R, later comes back and starts a
// "Maintenance visit" from the home screen's list of known devices. The visit connects over TLS to the
// pinned certificate, logs on as the existing Administrator (never initializes), and finds no drift; its
// signed report is exported, the event history is shown (events to watch explained, filterable) and
// exported as CSV and as a signed file. Then a setting is changed behind the app's back (over the
// device's protocol, as another tool would), and the next visit reports exactly that drift, with both
// values and the guideline reference. Then the device is disposed of from the list (a wrong model typed
// changes nothing) and leaves it. Keyboard only for the visit form; axe-clean; Japanese readable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startAppInBrowser } from './support/app-in-browser';
import { accessibilityViolations } from './support/accessibility';
import { saveScreenshot } from './support/screenshots';
import { commissionPracticeController, testPasswordsByUser } from './support/wizard-driver';
import { openEndpoint } from '../src-main/devices/endpoint';
import { MxControllerDriver } from '../src-main/devices/mx-controller/mx-controller-driver';
import { readSignedFile, verifySignedDocument } from '../src-main/report/signed-document';

const JOURNEY = 'maintenance-visit';
const MODEL = 'MXR300-32';
const BACKUP_PASSWORD = 'Vb7#Backup-Visit-2026';

interface RegistryRecord {
  deviceId: string;
  tlsEndpoint?: string;
  fingerprint256: string;
}

/** The commissioned device's Administrator and its password, as the commissioning journey typed them. */
function administratorOf(dataDir: string, deviceId: string): { user: string; password: string } {
  const signed = JSON.parse(readFileSync(join(dataDir, 'reports', deviceId.replace(/[^A-Za-z0-9._-]/g, '_'), 'last.json'), 'utf8')) as {
    report: { snapshot: { settings: { users: { value: { users: Array<{ name: string; group: string }> } } } } };
  };
  const users = signed.report.snapshot.settings.users.value.users;
  // The journey enters the passwords in the order the users are listed.
  const passwordFor = testPasswordsByUser();
  const passwords = new Map(users.map((u) => [u.name, passwordFor(u.name)]));
  const admin = users.find((u) => u.group === 'Administrators')!;
  return { user: admin.name, password: passwords.get(admin.name)! };
}

async function runVisitByKeyboard(page: Page, admin: { user: string; password: string }): Promise<void> {
  await page.getByTestId('visit-screen').waitFor();
  await page.getByTestId('visit-link').waitFor({ timeout: 15_000 });
  const type = async (label: string, text: string) => {
    // The name and the user stay from the last visit (not secrets); a password is never kept.
    await page.getByLabel(label, { exact: true }).focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(text);
  };
  await type('Your name (written in the report)', 'Aiko Tanaka');
  await type('Administrator user name', admin.user);
  await type('Password to encrypt the fresh backup (Tables 15/33 row 1)', BACKUP_PASSWORD);
  await type('Password of that Administrator', admin.password);
  // Enter in the form starts the visit (the one primary action).
  await page.keyboard.press('Enter');
  await page.getByTestId('visit-running').waitFor({ timeout: 10_000 }).catch(() => undefined);
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if ((await page.getByTestId('visit-result').count()) > 0) return;
    if ((await page.getByTestId('visit-error').count()) > 0) throw new Error(`The visit failed: ${await page.getByTestId('visit-error').innerText()}`);
    await page.waitForTimeout(500);
  }
  throw new Error('The visit did not finish within 5 minutes');
}

async function download(page: Page, name: string): Promise<string> {
  const event = page.waitForEvent('download', { timeout: 30_000 });
  await page.getByRole('button', { name }).click();
  return (await event).suggestedFilename();
}

test('commission the practice MX-R, a visit finds no drift; a setting changed behind the app is exactly the drift of the next visit; disposal takes the device off the list', { timeout: 1_500_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const { page } = browser;
  await commissionPracticeController({ page, url: host.url, journey: JOURNEY, system: 'MX-R', model: MODEL, figure: /Procedure before operation \(MX-R\)/, stepCount: 15, reconstructed: false, hostErrors: () => host.stderr() });

  const registry = JSON.parse(readFileSync(join(host.dataDir, 'config.json'), 'utf8'))['device-registry'] as Record<string, RegistryRecord>;
  const record = Object.values(registry).find((r) => r.deviceId.startsWith(MODEL))!;
  assert.ok(record?.tlsEndpoint, 'the commissioning recorded the TLS address and the pin');
  const admin = administratorOf(host.dataDir, record.deviceId);

  // Home: the device is listed; its "Maintenance visit" opens the visit.
  await page.getByRole('button', { name: 'Back to the procedure' }).click();
  await page.getByRole('button', { name: 'Home' }).click();
  const list = page.getByRole('region', { name: 'Devices this installation knows' });
  await list.waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: new RegExp(`^Maintenance visit of ${MODEL}`) }).click();
  await page.getByTestId('visit-baseline').waitFor({ timeout: 15_000 });
  assert.match(await page.getByTestId('visit-baseline').innerText(), /Follows the commissioning report/);
  assert.match(await page.getByTestId('visit-link').innerText(), /Ethernet with TLS to 127\.0\.0\.1:\d+, pinned certificate [0-9A-F:]+…/);
  assert.ok((await page.getByTestId('visit-disruptive').getByRole('checkbox').count()) > 0, 'the disruptive checks are listed, none ticked');
  assert.deepEqual(await accessibilityViolations(page), [], 'the visit form passes the automated accessibility checks');
  await saveScreenshot(page, JOURNEY, '1-visit-form');

  // 1. The first visit: no drift.
  await runVisitByKeyboard(page, admin);
  await saveScreenshot(page, JOURNEY, '2-visit-no-drift');
  assert.equal(await page.getByTestId('visit-no-drift').count(), 1, await page.getByTestId('visit-drift').innerText());
  assert.equal(await page.getByTestId('drift-item').count(), 0);
  const continuous = page.getByTestId('visit-continuous').getByTestId('visit-check');
  assert.equal(await continuous.first().getAttribute('data-status'), 'pass', 'the fresh encrypted backup opened on the PC (Table 15 row 1)');
  assert.equal(await page.getByTestId('visit-verification').locator('[data-status="fail"]').count(), 0, 'no verification check failed');
  assert.match(await page.getByTestId('visit-signed').innerText(), /Signed visit report kept as this device's next baseline/);
  assert.match(await page.getByTestId('event-device-check').innerText(), /manipulation check of the history passed/);
  assert.ok((await page.getByTestId('event-to-watch').count()) > 0, 'the events to watch are listed with meaning and action');
  assert.match(await page.getByTestId('event-to-watch').first().innerText(), /What it means:[\s\S]*What to do:/);
  // The filter: only events to watch, then back to all.
  const total = await page.getByTestId('event-row').count();
  assert.ok(total > 0, 'the history has records');
  await page.getByLabel('Only events to watch').check();
  const watched = await page.getByTestId('event-row').count().catch(() => 0);
  assert.ok(watched <= total);
  assert.equal(await page.locator('[data-testid="event-row"][data-watch=""]').count(), 0, 'only events to watch are shown');
  await page.getByLabel('Only events to watch').uncheck();
  assert.deepEqual(await accessibilityViolations(page), [], 'the visit result passes the automated accessibility checks');
  assert.match(await download(page, 'Export signed visit report'), /visit-report\.json$/);
  assert.match(await download(page, 'Export event history (CSV)'), /events\.csv$/);
  assert.match(await download(page, 'Export event history (signed file)'), /events\.json$/);
  await page.getByTestId('visit-export-saved').waitFor();

  // Japanese at any time.
  await page.getByRole('button', { name: '日本語' }).click();
  await page.getByText('設定の変化なし', { exact: false }).waitFor();
  await saveScreenshot(page, JOURNEY, '3-visit-ja');
  await page.getByRole('button', { name: 'English' }).click();

  // 2. Behind the app's back: another tool logs on over TLS and changes the lockout threshold, in effect
  // after a restart.
  const [h, p] = record.tlsEndpoint!.split(':');
  const other = new MxControllerDriver(await openEndpoint({ kind: 'tls', host: h!, port: Number(p), fingerprint256: record.fingerprint256 }, { virtual: true, label: 'another tool' }));
  let before: number;
  try {
    await other.logon(admin.user, admin.password);
    const lockout = (await other.readParameters()).inEffect.lockout!;
    before = lockout.failures;
    assert.deepEqual(await other.writeParameters({ lockout: { ...lockout, failures: before + 1 } }), []);
    await other.restart();
  } finally {
    await other.close().catch(() => undefined);
  }

  // The device restarts: wait (bounded) until it answers over TLS again, as the technician would.
  for (let i = 0; i < 120; i++) {
    try {
      const probe = new MxControllerDriver(await openEndpoint({ kind: 'tls', host: h!, port: Number(p), fingerprint256: record.fingerprint256 }, { virtual: true, label: 'probe' }));
      await probe.close().catch(() => undefined);
      break;
    } catch {
      await page.waitForTimeout(500);
    }
  }

  // 3. The next visit (it follows the first visit's report) reports exactly that drift.
  await page.getByRole('button', { name: 'Visit again' }).click();
  await page.getByTestId('visit-baseline').waitFor({ timeout: 15_000 });
  assert.match(await page.getByTestId('visit-baseline').innerText(), /Follows the maintenance visit report/);
  await runVisitByKeyboard(page, admin);
  await saveScreenshot(page, JOURNEY, '4-visit-drift');
  const items = page.getByTestId('drift-item');
  assert.equal(await items.count(), 1, await page.getByTestId('visit-drift').innerText());
  assert.equal(await items.first().getAttribute('data-path'), 'lockout.failures');
  assert.equal(await items.first().getByTestId('drift-baseline').innerText(), String(before!));
  assert.equal(await items.first().getByTestId('drift-now').innerText(), String(before! + 1));
  assert.match(await items.first().innerText(), /Table 9 row/);
  assert.match(await page.getByTestId('visit-summary').innerText(), /Findings: 1 setting\(s\) drifted/);
  assert.deepEqual(await accessibilityViolations(page), [], 'the drift result passes the automated accessibility checks');

  // 4. Disposal from the list: a wrong model typed changes nothing; the right one initializes, factory
  // state is read over the USB cable, the signed certificate is offered, and the device leaves the list.
  await page.getByRole('button', { name: 'Back to the home screen' }).click();
  await page.getByRole('button', { name: new RegExp(`^Dispose of this device: ${MODEL}`) }).click();
  await page.getByTestId('disposal-screen').waitFor();
  assert.match(await page.getByTestId('disposal-screen').innerText(), /Irreversible: every user, certificate, parameter and the event history on MXR300-32 are erased/);
  const fillDisposal = async (typedModel: string) => {
    for (const [label, text] of [['Your name (written in the report)', 'Aiko Tanaka'], ['Administrator user name', admin.user], ['Password of that Administrator', admin.password], ['Model name', typedModel]] as const) {
      await page.getByLabel(label, { exact: true }).fill(text);
    }
    await page.getByLabel('Removed and kept safe').check();
    await page.getByRole('button', { name: 'Initialize and dispose of the device' }).click();
  };
  assert.deepEqual(await accessibilityViolations(page), [], 'the disposal form passes the automated accessibility checks');
  await fillDisposal('MXR300-16');
  await page.getByTestId('disposal-error').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('disposal-error').innerText(), /not this device's \(MXR300-32\): nothing was changed/);
  await fillDisposal(MODEL);
  await page.getByTestId('disposal-result').waitFor({ timeout: 180_000 }).catch(async (e: unknown) => {
    throw new Error(`${(e as Error).message}\n${await page.getByTestId('disposal-screen').innerText()}\n${host.stderr().slice(-2000)}`);
  });
  await saveScreenshot(page, JOURNEY, '5-disposed');
  assert.match(await page.getByTestId('disposal-result').innerText(), /MXR300-32 answers in factory state/);
  assert.equal(await page.getByTestId('disposal-pin-removed').count(), 1);
  assert.match(await download(page, 'Save the disposal certificate'), /disposal-certificate\.json$/);
  // The certificate verifies as `mxc report verify` checks it, and follows the last visit's report.
  const saved = /saved: (\S+disposal-certificate\.json)/.exec(await page.getByTestId('disposal-result').innerText())![1]!;
  const verdict = verifySignedDocument(readSignedFile(saved));
  assert.equal(verdict.valid, true, verdict.messages.join(' '));
  assert.deepEqual(await accessibilityViolations(page), [], 'the disposal result passes the automated accessibility checks');
  await page.getByRole('button', { name: 'Back to the home screen' }).click();
  await list.waitFor();
  assert.equal(await list.getByTestId('known-device').count(), 0, 'the disposed device left the list');
  assert.match(await list.innerText(), /No device yet/);
  assert.deepEqual(await browser.cspViolations(), []);
});
