// Journey: a technician has written the settings (Figure 8 step 9) when the page is reloaded (a stray F5,
// a browser crash and reopen of the same address). The app comes back to the same session at the same
// step, with every step's state as it was (what was verified, what was written and waits for its check),
// Home offers to go back to it, and the procedure continues to a report whose every row is met.
// Practice MX-R from its factory state (fresh data dir), Debian's Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppInBrowser } from './support/app-in-browser';
import { WizardDriver, testPasswordsByUser } from './support/wizard-driver';

const JOURNEY = 'reload-mid-procedure-resumes';

test('a reload after the write step resumes the session at the same step with what was done, and the procedure completes', { timeout: 180_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const page = browser.page;
  const driver = new WizardDriver(page, JOURNEY, testPasswordsByUser());

  await page.goto(host.url);
  await driver.connectPracticeAndStart('MX-R', 'MXR300-32', 'Aiko Tanaka');
  const restart = await driver.runUntil((p) => p.kind === 'restart', { backupChoice: /No backup|declin/i });
  const before = await driver.rail();
  const write = before.find((r) => r.stepId === 'fig8.step9')!;
  assert.equal(write.status, 'written', 'step 9 wrote and read back every change (verified after the restart)');
  assert.ok(before.slice(0, 8).every((r) => ['verified', 'attested', 'values-set'].includes(r.status)), `steps 1-8 are done: ${before.map((r) => r.status).join(',')}`);

  await page.reload();
  await page.getByRole('navigation', { name: 'Steps of the procedure' }).waitFor({ timeout: 30_000 });
  await driver.screenshot('after-reload');
  const now = await driver.panel();
  assert.equal(now.stepId, restart.stepId, 'the reload opens the procedure at the same step');
  const after = await driver.rail();
  assert.deepEqual(
    after.map((r) => `${r.stepId}=${r.status}`),
    before.map((r) => `${r.stepId}=${r.status}`),
    'every step keeps the state it had before the reload',
  );
  // The states are told in words, not by colour alone.
  assert.match(after.find((r) => r.stepId === 'fig8.step2')!.text, /Verified on the device/);
  assert.match(after.find((r) => r.stepId === 'fig8.step1')!.text, /Attested/);
  assert.match(after.find((r) => r.stepId === 'fig8.step9')!.text, /[Ww]ritten/);

  // Home offers the unfinished session; going back lands on the same step.
  await page.getByRole('button', { name: 'Home' }).click();
  await page.getByTestId('resume-sessions').waitFor();
  await driver.screenshot('home-offers-resume');
  await page.getByRole('button', { name: 'Back to the commissioning of MXR300-32' }).click();
  await page.getByRole('navigation', { name: 'Steps of the procedure' }).waitFor({ timeout: 30_000 });
  assert.equal((await driver.panel()).stepId, restart.stepId);

  await driver.runToReport({ backupChoice: /No backup|declin/i });
  const rows = await driver.reportRows();
  const unmet = rows.filter((r) => !['pass', 'attested', 'not-applicable'].includes(r.status));
  assert.ok(rows.length > 0);
  assert.deepEqual(unmet, [], 'after the reload the procedure still ends with every row met');
  assert.match(await page.getByTestId('report-verdict').innerText(), /Every row is met/);
  await driver.screenshot('report');
  assert.deepEqual(await browser.cspViolations(), []);
});
