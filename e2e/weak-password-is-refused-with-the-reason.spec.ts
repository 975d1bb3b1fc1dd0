// Journey: on the Users step (Figure 8 step 3) a technician types a weak password. The screen shows the
// estimator's low score and every failure of the device's password rule, and the password cannot be
// used; a strong one is accepted. Afterwards the password is nowhere on the page: no field holds it, the
// page's text and markup do not contain it, and the browser did not store it (UX brief: "Nothing secret
// on screen twice"). Practice MX-R from its factory state (fresh data dir), Debian's Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppInBrowser } from './support/app-in-browser';
import { WizardDriver } from './support/wizard-driver';

const JOURNEY = 'weak-password-is-refused-with-the-reason';
const WEAK = 'password';
// A test password, strong by both the estimator and the device rule (never printed).
const STRONG = 'Vb8#qLm3!xTz6@Wn';

test('a weak password shows its low score and the device rule failures and cannot be used; a strong one is accepted and never shown back', { timeout: 120_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const page = browser.page;
  const driver = new WizardDriver(page, JOURNEY, () => STRONG);

  await page.goto(host.url);
  await driver.connectPracticeAndStart('MX-R', 'MXR300-32', 'Aiko Tanaka');
  const users = await driver.runUntil((p) => p.kind === 'settings' && p.number === 3);
  assert.match(users.title, /Registering user information/);

  const entry = page.getByTestId('password-entry-admin1');
  await entry.getByRole('button', { name: 'Enter a password for admin1' }).click();
  await entry.getByLabel('New password for admin1').fill(WEAK);
  await entry.getByLabel('Type it again').fill(WEAK);

  // The verdict comes from main (estimator and device rule) a moment after typing.
  const score = entry.getByTestId('password-score');
  await score.waitFor({ timeout: 10_000 });
  assert.equal(await score.innerText(), 'Very weak', 'the estimator gives "password" its lowest score');
  assert.equal(await entry.locator('meter').getAttribute('value'), '0', 'the strength meter is at 0');
  const failures = (await entry.locator('.strength__rules li.bad').allInnerTexts()).map((s) => s.trim());
  assert.ok(failures.length > 0, 'the device rule failures are listed');
  const strength = await entry.getByTestId('password-strength').innerText();
  assert.match(strength, /12|length|characters/i, `the rule failures name the minimum length: ${strength}`);
  assert.doesNotMatch(strength, /Meets the device's password rule/, 'the weak password is not said to meet the rule');
  const use = entry.getByRole('button', { name: 'Use this password' });
  assert.equal(await use.isDisabled(), true, 'a password that fails the device rule cannot be used');
  await driver.screenshot('weak-password-refused');

  // Pressing Enter in the field does not slip it through either.
  await entry.getByLabel('Type it again').press('Enter');
  await page.waitForTimeout(500);
  assert.equal(await entry.getByText('No password entered yet').count(), 1, 'the weak password was not taken');

  // A strong one: the rule is met and the password is accepted.
  await entry.getByLabel('New password for admin1').fill(STRONG);
  await entry.getByLabel('Type it again').fill(STRONG);
  await entry.getByText("Meets the device's password rule").waitFor({ timeout: 10_000 });
  assert.notEqual(await score.innerText(), 'Very weak');
  assert.equal(await use.isDisabled(), false, 'a strong password may be used');
  await use.click();
  await entry.getByText('Password entered (kept in memory until written)').waitFor({ timeout: 10_000 });
  await driver.screenshot('strong-password-entered');

  // Never shown back: no input holds it, the page's text and markup do not contain it, nothing stored.
  const values = await page.locator('input, textarea').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  assert.ok(!values.includes(STRONG) && !values.includes(WEAK), 'no field holds a password after it was set');
  assert.equal(await entry.getByLabel('New password for admin1').count(), 0, 'the password form is closed');
  const text = await page.locator('body').innerText();
  const html = await page.content();
  assert.ok(!text.includes(STRONG) && !html.includes(STRONG), 'the page never contains the password');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!stored.includes(STRONG), 'the browser did not store the password');
  // Entering another password starts from empty fields (never prefilled).
  await entry.getByRole('button', { name: 'Enter another password for admin1' }).click();
  assert.equal(await entry.getByLabel('New password for admin1').inputValue(), '', 'the field is not prefilled');
  assert.equal(await entry.getByLabel('Type it again').inputValue(), '');
  assert.deepEqual(await browser.cspViolations(), []);
});
