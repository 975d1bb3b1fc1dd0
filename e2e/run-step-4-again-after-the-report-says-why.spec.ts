// Journey: a technician has commissioned a practice MX-R through all of Figure 8 and opened the report.
// Back in the procedure, they pick step 4 (initializing the module, 2.4.1 / 2.6) in the step rail and look
// at "Run this step again". Initializing all information now would erase what steps 9-14 wrote and
// proved, so the app does not run it: the screen says so at once, next to the control, with the guideline
// reference and what to do instead, and pressing it anyway shows main's refusal with the same reason
// (never a silent nothing). Practice MX-R from its factory state (fresh data dir), Debian's Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppInBrowser } from './support/app-in-browser';
import { WizardDriver, testPasswordsByUser } from './support/wizard-driver';

const JOURNEY = 'run-step-4-again-after-the-report-says-why';
/** What "at once" means for a technician at the cabinet. */
const AT_ONCE_MS = 2_000;

test('after the report, "Run this step again" on step 4 says at once why it does not initialize the commissioned controller (2.4.1, 2.6)', { timeout: 180_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const page = browser.page;
  const driver = new WizardDriver(page, JOURNEY, testPasswordsByUser());

  await page.goto(host.url);
  await driver.connectPracticeAndStart('MX-R', 'MXR300-32', 'Aiko Tanaka');
  await driver.runToReport({ backupChoice: /No backup|declin/i }).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- host stderr ---\n${host.stderr().slice(-4000)}`);
  });
  await page.getByRole('button', { name: 'Back to the procedure' }).click();

  const panel = await driver.openStep('fig8.step4');
  assert.equal(panel.status, 'verified');
  const again = driver.panelLocator.getByRole('button', { name: 'Run this step again' });
  await again.waitFor({ timeout: 10_000 });
  await driver.screenshot('step4-after-report');

  const started = Date.now();
  if (await again.isEnabled()) await again.click();
  // Within a moment the screen says what is happening: progress, a question, or the reason it does not run.
  let said = '';
  while (Date.now() - started < AT_ONCE_MS && !said) {
    for (const id of ['again-reason', 'request-error', 'wizard-busy', 'wizard-error']) {
      const l = page.getByTestId(id);
      if ((await l.count()) > 0) said = `[${id}] ${(await l.first().innerText()).replace(/\s+/g, ' ')}`;
    }
    if (!said && (await page.getByRole('dialog').count()) > 0) said = `[dialog] ${await page.getByRole('dialog').innerText()}`;
    if (!said) await page.waitForTimeout(100);
  }
  await driver.screenshot('step4-run-again');
  assert.ok(said, `within ${AT_ONCE_MS} ms of "Run this step again" the screen says what is happening (it said nothing)`);
  assert.match(said, /initializ/i, `it is about the initialization: ${said}`);
  assert.match(said, /2\.4\.1|2\.6/, `it cites the guideline: ${said}`);
  assert.match(said, /new session/i, `it says what to do instead: ${said}`);
  // Nothing was done to the controller: the report's verdict still stands and step 4 stays verified.
  assert.equal((await driver.panel()).status, 'verified');
  assert.ok((await driver.rail()).every((r) => ['verified', 'attested', 'values-set'].includes(r.status)));
  assert.deepEqual(await browser.cspViolations(), []);
});
