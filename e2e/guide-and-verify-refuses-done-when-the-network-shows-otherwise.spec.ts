// Journey (issue 15): the technician says "done" in the guide-and-verify wizard but GX Works3 did not get
// what the profile says: the IP filter is not set (a second address of this PC is let in) and the
// certificate was made for two years. Step 12 verifies from the network and refuses, saying what it saw.
// (MELSOFT TCP left open against the profile and a missing TLS service are refused the same way:
// commissioning/engine/guide-and-verify.test.ts; over Ethernet the wizard itself keeps MELSOFT TCP open.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppInBrowser } from './support/app-in-browser';
import { WizardDriver, WizardStepError } from './support/wizard-driver';
import { connectStockAndStart, passwordFor, stockTechnician } from './support/stock-technician';

const JOURNEY = 'guide-and-verify-refuses-done-when-the-network-shows-otherwise';
const MODEL = 'MXR300-32';

test('"done" is not enough: the network shows the IP filter letting a second address in and a two-year certificate; step 12 refuses with what it saw', { timeout: 900_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const driver = new WizardDriver(browser.page, JOURNEY, passwordFor());
  await connectStockAndStart(driver, host.url, MODEL);
  const technician = await stockTechnician(t, host.dataDir, MODEL, { skip: ['ipFilter', 'enhancedSecurity'], certificateDays: 730 });

  let refusal: WizardStepError | undefined;
  await driver.runToReport({ backupChoice: /No backup|declin|Not needed/i, onQuestion: (title, text) => technician.onQuestion(title, text) }).catch((error: unknown) => {
    if (error instanceof WizardStepError) refusal = error;
    else throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- host stderr ---\n${host.stderr().slice(-4000)}`);
  });
  assert.ok(refusal, 'the procedure stops at a refused step');
  assert.equal(refusal.step.number, 12, `the refusal is the network verification: ${refusal.message}`);
  assert.match(refusal.screenText, /network shows otherwise/);
  assert.match(refusal.screenText, /accepted 127\.0\.0\.2, which the profile's IP filter does not allow/);
  assert.match(refusal.screenText, /valid for 730 days/);
  await driver.screenshot('refused');
});
