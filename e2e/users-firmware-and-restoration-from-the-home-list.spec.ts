// Journey (issue 11 items 4-6): the practice MX-R is commissioned, then cared for from the home list.
// Users (2.4.4.3): the Administrator logs on by keyboard, adds a user (a weak first password refused with
// the device's rule), that user locks itself out and the Administrator releases it; removing the second
// Administrator warns first. Firmware (2.4.2): with the system stopped (a tool stands in for the RUN/STOP
// switch), a tampered package is refused on this PC and nothing is sent, a good one is sent and its
// version read back. Restoration (Table 17 row 6, 2.4.6.1): a backup taken while backup encryption was on
// is restored after encryption was switched off; the app sets it again and says so. Each screen is
// axe-clean; Japanese is readable on the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startAppInBrowser } from './support/app-in-browser';
import { accessibilityViolations } from './support/accessibility';
import { saveScreenshot } from './support/screenshots';
import { commissionPracticeController, testPasswordsByUser } from './support/wizard-driver';
import { openEndpoint } from '../src-main/devices/endpoint';
import { MxControllerDriver } from '../src-main/devices/mx-controller/mx-controller-driver';
import { createFirmwarePackage } from '../src-main/crypto/firmware-package';
import { PRACTICE_VENDOR_PRIVATE_KEY_PEM } from '../src-main/crypto/practice-vendor-key';

const JOURNEY = 'users-firmware-restoration';
const MODEL = 'MXR300-32';
const NEW_USER = { name: 'nightshift', password: 'Qp8-Late-Crew-Door' };
const BACKUP_PASSWORD = 'Rb6#Restore-Later-2026';

async function typeInto(page: Page, label: string, text: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** Waits for one of two test ids; throws with the screen's text when neither comes. */
async function outcome(page: Page, ok: string, bad: string, ms: number): Promise<'ok' | 'bad'> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if ((await page.getByTestId(ok).count()) > 0) return 'ok';
    if ((await page.getByTestId(bad).count()) > 0) return 'bad';
    await page.waitForTimeout(300);
  }
  throw new Error(`Neither ${ok} nor ${bad} within ${ms} ms: ${await page.locator('main').innerText()}`);
}

test('users, firmware update and restoration of a commissioned MX-R from the home list', { timeout: 1_500_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const { page } = browser;
  await commissionPracticeController({ page, url: host.url, journey: JOURNEY, system: 'MX-R', model: MODEL, figure: /Procedure before operation \(MX-R\)/, stepCount: 15, reconstructed: false, hostErrors: () => host.stderr() });

  type Rec = { deviceId: string; fingerprint256: string; tlsEndpoint: string };
  const record = Object.values((JSON.parse(readFileSync(join(host.dataDir, 'config.json'), 'utf8')) as { 'device-registry': Record<string, Rec> })['device-registry'])[0]!;
  const signed = JSON.parse(readFileSync(join(host.dataDir, 'reports', record.deviceId.replace(/[^A-Za-z0-9._-]/g, '_'), 'last.json'), 'utf8'));
  const users = signed.report.snapshot.settings.users.value.users as Array<{ name: string; group: string }>;
  const passwordFor = testPasswordsByUser();
  const admins = users.filter((u) => u.group === 'Administrators').map((u) => u.name);
  const admin = { user: admins[0]!, password: passwordFor(admins[0]!) };
  const [h, p] = record.tlsEndpoint.split(':');
  // Another tool over the device's protocol (the RUN/STOP switch, a backup taken earlier, a wrong logon).
  const tool = async (): Promise<MxControllerDriver> => {
    for (let i = 0; ; i++) {
      try {
        const d = new MxControllerDriver(await openEndpoint({ kind: 'tls', host: h!, port: Number(p), fingerprint256: record.fingerprint256 }, { virtual: true, label: 'another tool' }));
        await d.logon(admin.user, admin.password);
        return d;
      } catch (e) {
        if (i > 120) throw e;
        await page.waitForTimeout(500);
      }
    }
  };

  await page.getByRole('button', { name: 'Back to the procedure' }).click();
  await page.getByRole('button', { name: 'Home' }).click();
  const list = page.getByRole('region', { name: 'Devices this installation knows' });
  await list.waitFor({ timeout: 15_000 });

  // ---- Users (2.4.4.3) ----
  await page.getByRole('button', { name: new RegExp(`^Users of ${MODEL}`) }).click();
  await page.getByTestId('users-screen').waitFor();
  assert.deepEqual(await accessibilityViolations(page), [], 'the users logon passes the automated accessibility checks');
  await typeInto(page, 'Administrator user name', admin.user);
  await typeInto(page, 'Password of that Administrator', admin.password);
  await page.keyboard.press('Enter');
  await page.getByTestId('users-list').waitFor({ timeout: 30_000 });
  await typeInto(page, 'User name', NEW_USER.name);
  await typeInto(page, 'First password', 'short');
  await typeInto(page, 'The password again', 'short');
  await page.keyboard.press('Enter');
  await page.getByTestId('users-error').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('users-error').innerText(), /The device would refuse this password/);
  await typeInto(page, 'First password', NEW_USER.password);
  await typeInto(page, 'The password again', NEW_USER.password);
  await page.keyboard.press('Enter');
  await page.locator(`[data-testid="users-row"][data-user="${NEW_USER.name}"]`).waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('users-done').innerText(), new RegExp(`${NEW_USER.name} was added`));
  // The new user fails its logon until the device locks it out; the Administrator lists again and releases it.
  for (let i = 0; i < 12; i++) {
    const d = new MxControllerDriver(await openEndpoint({ kind: 'tls', host: h!, port: Number(p), fingerprint256: record.fingerprint256 }, { virtual: true, label: 'someone' }));
    const r = await d.logon(NEW_USER.name, 'Wrong-Guess-4-Door').then(() => 'ok', (e: { code?: string }) => e.code ?? 'error');
    await d.close().catch(() => undefined);
    if (r === 'locked-out') break;
  }
  await page.getByRole('button', { name: 'Log off' }).click();
  await typeInto(page, 'Administrator user name', admin.user);
  await typeInto(page, 'Password of that Administrator', admin.password);
  await page.keyboard.press('Enter');
  const row = page.locator(`[data-testid="users-row"][data-user="${NEW_USER.name}"]`);
  await row.waitFor({ timeout: 30_000 });
  assert.equal(await row.getAttribute('data-locked'), 'true', 'the device reports the lockout');
  assert.deepEqual(await accessibilityViolations(page), [], 'the users list passes the automated accessibility checks');
  await saveScreenshot(page, JOURNEY, '1-users-locked');
  await page.getByRole('button', { name: `Release the lockout of ${NEW_USER.name}` }).click();
  await page.locator(`[data-testid="users-row"][data-user="${NEW_USER.name}"][data-locked="false"]`).waitFor({ timeout: 30_000 });
  // Removing the second Administrator warns first; Cancel (Escape) changes nothing.
  if (admins.length === 2) {
    await page.getByRole('button', { name: `Remove ${admins[1]}` }).click();
    await page.getByTestId('users-remove-warning').waitFor();
    assert.match(await page.getByTestId('users-remove-warning').innerText(), new RegExp(`${admin.user} is the only Administrator`));
    assert.deepEqual(await accessibilityViolations(page), [], 'the removal warning passes the automated accessibility checks');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator(`[data-testid="users-row"][data-user="${admins[1]}"]`).count(), 1);
  }
  await page.getByRole('button', { name: `Remove ${NEW_USER.name}` }).click();
  await page.getByRole('button', { name: 'Remove the user' }).click();
  await page.getByText(`${NEW_USER.name} was removed.`).waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Back to the home screen' }).click();
  await list.waitFor();

  // ---- Firmware (2.4.2, Table 17 row 2) ----
  const files = mkdtempSync(join(tmpdir(), 'mxc-e2e-fw-'));
  const good = await createFirmwarePackage({ kind: 'firmware', targetModels: [MODEL], version: '1.300', payload: Buffer.alloc(8192, 0x5a) }, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  const tampered = Buffer.from(good);
  tampered[tampered.length - 10]! ^= 0xff;
  writeFileSync(join(files, 'mxr300-1.300.mxfw'), good);
  writeFileSync(join(files, 'mxr300-1.300-changed.mxfw'), tampered);
  const stopper = await tool();
  const before = (await stopper.readVersions()).firmwareVersion;
  await stopper.remoteStop();
  await page.getByRole('button', { name: new RegExp(`^Firmware update of ${MODEL}`) }).click();
  await page.getByTestId('firmware-screen').waitFor();
  assert.deepEqual(await accessibilityViolations(page), [], 'the firmware screen passes the automated accessibility checks');
  const update = async (file: string) => {
    await typeInto(page, 'Administrator user name', admin.user);
    await typeInto(page, 'Password of that Administrator', admin.password);
    await page.getByLabel('Update file from the vendor (firmware or add-on)').setInputFiles(join(files, file));
    await page.getByTestId('firmware-package-said').waitFor();
    const box = page.getByRole('checkbox', { name: /I confirm the controller and the system are stopped/ });
    if (!(await box.isChecked())) await box.check();
    await page.getByRole('button', { name: 'Check the package and update' }).click();
  };
  await update('mxr300-1.300-changed.mxfw');
  assert.equal(await outcome(page, 'firmware-result', 'firmware-error', 60_000), 'bad');
  assert.match(await page.getByTestId('firmware-error').innerText(), /failed its check on this PC .*nothing was sent/);
  assert.equal((await stopper.readVersions()).firmwareVersion, before, 'the tampered package changed nothing');
  await update('mxr300-1.300.mxfw');
  assert.equal(await outcome(page, 'firmware-result', 'firmware-error', 120_000), 'ok', 'the good package is accepted');
  assert.match(await page.getByTestId('firmware-result').innerText(), new RegExp(`Firmware updated: ${before.replace('.', '\\.')} → 1\\.300, read back from the device`));
  assert.equal((await stopper.readVersions()).firmwareVersion, '1.300');
  assert.deepEqual(await accessibilityViolations(page), [], 'the firmware result passes the automated accessibility checks');
  await saveScreenshot(page, JOURNEY, '2-firmware-updated');

  // ---- Restoration (Table 17 row 6, 2.4.6.1) ----
  // A backup taken now (encryption on, as commissioned); then encryption is switched off behind the app.
  const backup = (await stopper.createBackup({ destination: 'pc', password: BACKUP_PASSWORD })).file!;
  writeFileSync(join(files, 'mxr300.mxbak'), backup);
  assert.deepEqual(await stopper.writeParameters({ backupEncryption: { enabled: false } }), []);
  await stopper.restart().catch(() => undefined);
  await stopper.close().catch(() => undefined);
  const again = await tool();
  assert.equal((await again.readParameters()).inEffect.backupEncryption?.enabled, false);
  await again.remoteStop();
  await again.close();
  await page.getByRole('button', { name: 'Back to the home screen' }).click();
  await list.waitFor();
  await page.getByRole('button', { name: new RegExp(`^Restore a backup to ${MODEL}`) }).click();
  await page.getByTestId('restoration-screen').waitFor();
  assert.deepEqual(await accessibilityViolations(page), [], 'the restoration screen passes the automated accessibility checks');
  await typeInto(page, 'Administrator user name', admin.user);
  await typeInto(page, 'Password of that Administrator', admin.password);
  await page.getByLabel('Backup file').setInputFiles(join(files, 'mxr300.mxbak'));
  await page.getByTestId('restoration-file-said').waitFor();
  await typeInto(page, 'Password of the backup', 'Not-The-Password-1');
  await page.getByRole('button', { name: 'Restore the backup' }).click();
  assert.equal(await outcome(page, 'restoration-result', 'restoration-error', 60_000), 'bad');
  assert.match(await page.getByTestId('restoration-error').innerText(), /does not open with that password: nothing was sent/);
  await typeInto(page, 'Password of that Administrator', admin.password);
  await typeInto(page, 'Password of the backup', BACKUP_PASSWORD);
  await page.getByRole('button', { name: 'Restore the backup' }).click();
  assert.equal(await outcome(page, 'restoration-result', 'restoration-error', 240_000), 'ok', 'the backup is restored');
  const said = await page.getByTestId('restoration-encryption').innerText();
  assert.match(said, /Backup encryption was off \(do not encrypt\) after the restoration: the setting is not restored \(2\.4\.6\.1\)\. The app set it again and the device now reads on \(encrypt\)/);
  const check = await tool();
  assert.equal((await check.readParameters()).inEffect.backupEncryption?.enabled, true, 'the device reads encryption on');
  await check.close();
  assert.deepEqual(await accessibilityViolations(page), [], 'the restoration result passes the automated accessibility checks');
  await saveScreenshot(page, JOURNEY, '3-restored');
  // Japanese: the same result in the technician's other language.
  await page.getByRole('button', { name: '日本語' }).click();
  assert.match(await page.getByTestId('restoration-encryption').innerText(), /リストアされません（2\.4\.6\.1）/);
  assert.deepEqual(await accessibilityViolations(page), [], 'the Japanese restoration result passes the automated accessibility checks');
  await page.getByRole('button', { name: 'English' }).click();
  assert.deepEqual(await browser.cspViolations(), []);
});
