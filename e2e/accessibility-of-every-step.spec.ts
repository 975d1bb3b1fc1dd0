// Journey: the automated accessibility checks (axe-core: labels, contrast, roles, landmarks) on every
// panel of Figure 8 as the technician meets it, on a panel and the report in Japanese as well, on the
// report screen, and on the question dialog (a second session on the commissioned device reaches the
// initialization, which asks first; cancelled). No serious or critical violation anywhere. Practice MX-R from its factory state
// (fresh data dir), Debian's Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startAppInBrowser } from './support/app-in-browser';
import { accessibilityViolations } from './support/accessibility';
import { WizardDriver, testPasswordsByUser } from './support/wizard-driver';

const JOURNEY = 'accessibility-of-every-step';

async function seriousViolations(page: Page, where: string, found: string[]): Promise<void> {
  const violations = (await accessibilityViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of violations) found.push(`${where}: ${v.id} (${v.impact}) ${v.help} — ${v.targets.slice(0, 3).join(' | ')}`);
}

test('every step panel of Figure 8, the report, the question dialog and Japanese pass axe-core without serious or critical violations', { timeout: 240_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const page = browser.page;
  const driver = new WizardDriver(page, JOURNEY, testPasswordsByUser());
  const found: string[] = [];
  const scanned = new Set<number>();

  await page.goto(host.url);
  await seriousViolations(page, 'home', found);
  await driver.connectPracticeAndStart('MX-R', 'MXR300-32', 'Aiko Tanaka');

  await driver.runToReport({
    backupChoice: /No backup|declin/i,
    onStep: async (panel) => {
      if (scanned.has(panel.number)) return;
      scanned.add(panel.number);
      await seriousViolations(page, `step ${panel.number} (${panel.kind}, ${panel.status})`, found);
      if (panel.number === 7) {
        // The densest panel, in Japanese too.
        await page.getByRole('button', { name: '日本語' }).click();
        await page.locator('html[lang="ja"]').waitFor({ timeout: 10_000 });
        await driver.screenshot('step7-ja');
        await seriousViolations(page, 'step 7 in Japanese', found);
        await page.getByRole('button', { name: 'English' }).click();
        await page.locator('html[lang="en"]').waitFor({ timeout: 10_000 });
        // Every sub-page of its rail (one per function group), each as it is opened.
        for (const part of (await driver.parts()).slice(1)) {
          await driver.openPart(part.id);
          await seriousViolations(page, `step 7, group ${part.id}`, found);
        }
      }
    },
  });
  assert.deepEqual([...scanned].sort((a, b) => a - b), Array.from({ length: 15 }, (_, i) => i + 1), 'every step of Figure 8 was scanned');

  // The report, in both languages.
  await seriousViolations(page, 'report', found);
  await page.getByRole('button', { name: '日本語' }).click();
  await page.locator('html[lang="ja"]').waitFor({ timeout: 10_000 });
  await driver.screenshot('report-ja');
  await seriousViolations(page, 'report in Japanese', found);
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('html[lang="en"]').waitFor({ timeout: 10_000 });

  // The write step after the write, every change ticked.
  await page.getByRole('button', { name: 'Back to the procedure' }).click();
  await driver.openStep('fig8.step9');
  await seriousViolations(page, 'step 9 after the write', found);

  // The question dialog: a second session on the now commissioned practice device reaches the
  // initialization. It asks first for the controller's current Administrator (the section opens with
  // the focus in it), then to confirm by typing the model name. Scanned, then cancelled.
  await page.getByRole('button', { name: 'Home' }).click();
  await driver.connectPracticeAndStart('MX-R', 'MXR300-32', 'Aiko Tanaka');
  const dialog = page.getByRole('dialog');
  const initialization = await driver.runUntil((p) => p.kind === 'device-operation');
  await driver.pressPrimary();
  const user = page.getByLabel('Current Administrator user name');
  await user.waitFor({ timeout: 30_000 });
  assert.equal(await user.evaluate((el) => el === document.activeElement), true, 'the focus is in the Administrator section after the refusal');
  await seriousViolations(page, 'step 4 asking for the current Administrator', found);
  await user.fill('admin1');
  await page.getByLabel('Current password').fill(driver.passwordFor('admin1'));
  await page.getByRole('button', { name: 'Use for the logon' }).click();
  await page.getByText('Current Administrator entered').waitFor({ timeout: 30_000 });
  await driver.pressPrimary();
  for (let i = 0; i < 200 && (await dialog.count()) === 0; i++) {
    if ((await page.getByTestId('wizard-error').count()) > 0) break;
    await page.waitForTimeout(150);
  }
  assert.equal(await dialog.count(), 1, `the initialization of a used controller asks first: ${await driver.problemText()}`);
  await driver.screenshot('question-dialog');
  await seriousViolations(page, `question dialog "${await dialog.locator('h2').innerText()}"`, found);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });
  assert.equal((await driver.panel()).stepId, initialization.stepId);
  await seriousViolations(page, 'step 4 after the cancel', found);

  assert.deepEqual(found, [], 'no serious or critical accessibility violation');
});
