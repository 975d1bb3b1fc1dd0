// Journey (issue 15): a technician commissions a stock practice MX-R — one that, like a real controller,
// answers C059 to the app's security commands. The wizard guides each setting for GX Works3; the test plays
// the technician's hands in GX Works3 through the engineering-tool stand-in; the app verifies from the
// network before the settings count; the report shows each row's provenance. Real main-process service
// (browser host child process) in Debian's Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppInBrowser } from './support/app-in-browser';
import { WizardDriver } from './support/wizard-driver';
import { connectStockAndStart, passwordFor, stockTechnician } from './support/stock-technician';

const JOURNEY = 'commission-stock-mx-r-by-guide-and-verify';
const MODEL = 'MXR300-32';

test('a technician commissions a stock practice MX-R by guide-and-verify: GX Works3 instructions, verified from the network, provenance in the report', { timeout: 900_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const { page } = browser;
  const driver = new WizardDriver(page, JOURNEY, passwordFor());
  await connectStockAndStart(driver, host.url, MODEL);
  const technician = await stockTechnician(t, host.dataDir, MODEL);
  await driver.runToReport({ backupChoice: /No backup|declin|Not needed/i, onQuestion: (title, text) => technician.onQuestion(title, text) }).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- host stderr ---\n${host.stderr().slice(-4000)}`);
  });

  const instructions = technician.instructions;
  assert.ok(instructions.length >= 10, `the wizard guided each setting for GX Works3 (${instructions.length} instructions)`);
  assert.ok(instructions.every((i) => /GX Works3 1\.115V or later, over the USB cable/.test(i)), 'each instruction names the tool version and the cable');
  assert.ok(instructions.every((i) => /project guidance/.test(i)), 'each says its location is the project’s guidance, not the vendor’s text');
  assert.match(instructions[0]!, /User authentication/, 'user authentication first');

  // The report: each row says how it was established; nothing is called verified on the device.
  const provenance = await page.getByTestId('report-row-provenance').evaluateAll((els) => els.map((e) => e.getAttribute('data-provenance')));
  assert.ok(provenance.includes('network'), `some rows are seen from the network: ${provenance.join(',')}`);
  assert.ok(provenance.includes('attestation'), 'the rows the network cannot show rest on the named technician');
  assert.ok(!provenance.includes('device'), 'no row is claimed verified on the device');
  assert.match(await page.getByTestId('report-provenance').innerText(), /seen from the network/);
  await driver.screenshot('report');
});
