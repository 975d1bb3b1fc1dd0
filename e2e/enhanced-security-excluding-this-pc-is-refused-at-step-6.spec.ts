// Journey: the enhanced security setting (Figure 8 step 6, 2.3.1) turns the IP filter on as an
// allow-list. A technician switched enhanced security off, then on step 7 switched the IP filter off in
// "Deny the listed devices" (harmless while it is off), and goes back to step 6 to turn enhanced security
// on: that would turn the filter on against this PC (2.4.8). The refusal appears on step 6, next to the
// box they ticked, with the reason and the guideline; step 6 cannot be confirmed; step 7's IP filter block
// points back to it without blocking step 7. With the filter set to allow this PC, enhanced security goes
// on. Practice MX-R from its factory state (fresh data dir, this PC = 127.0.0.1), Debian's Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { startAppInBrowser } from './support/app-in-browser';
import { WizardDriver, testPasswordsByUser } from './support/wizard-driver';

const JOURNEY = 'enhanced-security-excluding-this-pc-is-refused-at-step-6';
const WAIT_MS = 10_000;

/** Waits until a checkbox shows what main holds (the boxes are drawn from main's profile). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Not within ${WAIT_MS} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('turning on enhanced security that would shut this PC out is refused on step 6, where it was turned on, and step 7\'s IP filter points to it', { timeout: 120_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const page = browser.page;
  const driver = new WizardDriver(page, JOURNEY, testPasswordsByUser());

  await page.goto(host.url);
  await driver.connectPracticeAndStart('MX-R', 'MXR300-32', 'Aiko Tanaka');
  const step6 = await driver.runUntil(async () => (await page.getByTestId('settings-enhancedSecurity').count()) > 0);
  const enhanced = (): Locator => page.getByTestId('settings-enhancedSecurity');
  const enhancedBox = () => enhanced().getByLabel('Enable the enhanced security setting');
  // The box shows main's profile, so it changes when main answers: clicked, not checked/unchecked.
  await enhancedBox().click();
  await until('enhanced security off', async () => !(await enhancedBox().isChecked()));
  await driver.pressPrimary();
  await driver.waitForOutcome(step6);

  // Step 7: the IP filter switched off, in "Deny the listed devices": accepted, it cuts nobody off now.
  await driver.openStep('fig8.step7');
  await driver.openPart('ipFilter');
  const filter = (): Locator => page.getByTestId('settings-ipFilter');
  await filter().getByLabel('Use the IP filter').click();
  await until('the IP filter off', async () => !(await filter().getByLabel('Use the IP filter').isChecked()));
  await filter().getByLabel('Mode').selectOption('deny');
  await until('deny mode', async () => (await filter().getByLabel('Mode').inputValue()) === 'deny');
  assert.equal(await page.getByTestId('field-issue').count(), 0, 'a switched-off filter is accepted');

  // Back on step 6, enhanced security on: refused right there, with the reason and the guideline.
  await driver.openStep('fig8.step6');
  await enhancedBox().click(); // main refuses it, so the box does not stay ticked
  const issue = enhanced().getByTestId('field-issue');
  await issue.first().waitFor({ timeout: WAIT_MS });
  const reason = (await issue.allInnerTexts()).join(' ');
  assert.match(reason, /allow-list/, `says the setting turns the IP filter on as an allow-list: ${reason}`);
  assert.match(reason, /127\.0\.0\.1/, `names this PC: ${reason}`);
  assert.match(reason, /2\.3\.1/, `cites the enhanced security setting's passage: ${reason}`);
  assert.match(reason, /2\.4\.8/, `cites the IP filter's passage: ${reason}`);
  assert.match(reason, /step 7/, `says where to fix the filter: ${reason}`);
  assert.equal(await enhancedBox().isChecked(), false, 'not applied');
  // Step 6 was confirmed before: it stays confirmed (nothing was applied), but it neither goes on nor runs
  // again until the refusal is settled, and the reason stands next to its actions.
  assert.match(await driver.panelLocator.locator('#primary-why').innerText(), /refused and not applied/);
  assert.equal(await driver.panelLocator.locator('[data-primary-action]').isDisabled(), true, 'step 6 cannot be confirmed with it');
  await driver.screenshot('refused-on-step-6');

  // Step 7's IP filter block points to step 6 (a warning, not a second refusal).
  await issue.getByRole('button', { name: 'Open step 7' }).click();
  await until('step 7 open', async () => (await driver.panel()).stepId === 'fig8.step7');
  // The way there opens step 7 at its IP filter sub-page.
  await driver.panelLocator.locator('[data-testid="part-page"][data-part="ipFilter"]').waitFor({ timeout: WAIT_MS });
  assert.equal(await filter().getByTestId('field-issue').count(), 0, 'no refusal on the IP filter block');
  const pointer = filter().getByTestId('field-warning').filter({ hasText: 'enhanced security' });
  await pointer.first().waitFor({ timeout: WAIT_MS });
  assert.match(await pointer.first().innerText(), /step 6[\s\S]*allow-list[\s\S]*127\.0\.0\.1/);
  await driver.screenshot('pointer-on-step-7');

  // The filter set to allow the listed devices (this PC is listed): enhanced security goes on at step 6.
  await filter().getByLabel('Mode').selectOption('allow');
  await pointer.first().waitFor({ state: 'detached', timeout: WAIT_MS });
  await driver.openStep('fig8.step6');
  await enhancedBox().click();
  await until('enhanced security on', async () => enhancedBox().isChecked());
  assert.equal(await page.getByTestId('field-issue').count(), 0);
  await driver.screenshot('accepted');
  assert.deepEqual(await browser.cspViolations(), []);
});
