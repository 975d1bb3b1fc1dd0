// Journey: a technician (gloves, no mouse on the cart) commissions a practice MX-R through all of Figure 8
// with the keyboard alone: every control is reached with Tab/Shift+Tab (the driver presses Tab until the
// control named on screen has the focus, a bounded number of times, which proves it is reachable),
// buttons are pressed with Enter, boxes ticked with Space, choices moved with the arrow keys, text typed
// with the keyboard. No mouse click, no element.click(), no fill, no programmatic focus. Practice MX-R
// from its factory state (fresh data dir), Debian's Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppInBrowser } from './support/app-in-browser';
import { WizardDriver, testPasswordsByUser } from './support/wizard-driver';

const JOURNEY = 'commission-mx-r-with-the-keyboard-alone';

test('a technician commissions a factory-fresh practice MX-R through Figure 8 with the keyboard alone', { timeout: 240_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const page = browser.page;
  const driver = new WizardDriver(page, JOURNEY, testPasswordsByUser(), { keyboardOnly: true });
  // Any mouse use would show here: the journey counts pointer clicks the page receives.
  await page.addInitScript({ content: "window.__clicks = 0; document.addEventListener('pointerdown', () => { window.__clicks++; }, true);" });

  await page.goto(host.url);
  await driver.connectPracticeAndStart('MX-R', 'MXR300-32', 'Aiko Tanaka');
  const seen = await driver.runToReport({
    backupChoice: /No backup|declin/i,
    onStep: async (panel) => {
      if (panel.number === 7) {
        // Step 7's sub-pages by keyboard: Tab reaches the rail at the open group (one tab stop), the arrow
        // keys move along it, Enter opens a group and the focus lands on its heading; "Next group" as well.
        const parts = await driver.parts();
        assert.equal(parts.length, 7, 'step 7 has one sub-page per function group');
        for (const part of parts.slice(1, 5)) await driver.openPart(part.id);
        await driver.activate(driver.panelLocator.getByTestId('part-next'));
        await page.waitForFunction(() => document.activeElement?.id === 'defaultOpenPorts-title', undefined, { timeout: 10_000 });
        await page.keyboard.press('Shift+Tab');
        const backInRail = await page.evaluate(() => document.activeElement?.closest('[data-testid="step-parts"]') !== null);
        assert.ok(backInRail, 'Shift+Tab from the heading stays in the step');
        // Home/End on the rail.
        await driver.tabTo(driver.panelLocator.locator('[data-testid="part-tab"][aria-current="page"]'));
        await page.keyboard.press('End');
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-part')), 'bandwidthLimit');
        await page.keyboard.press('Home');
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-part')), 'clock');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.id === 'clock-title', undefined, { timeout: 10_000 });
        const statuses = (await driver.parts()).map((p) => p.status);
        assert.deepEqual(statuses, ['seen', 'seen', 'seen', 'seen', 'seen', 'seen', 'todo'], 'the rail tells which groups were opened');
        assert.equal((await driver.panel()).status, 'todo', 'opening groups confirms nothing');
      }
      if (panel.number === 3) {
        // The show-while-pressed toggle is reachable too, and Space shows the password only while held.
        const entry = page.getByTestId('password-entry-admin2');
        if ((await entry.getByText('No password entered yet').count()) > 0) {
          await driver.activate(entry.getByRole('button', { name: 'Enter a password for admin2' }));
          const field = entry.getByLabel('New password for admin2');
          await driver.typeInto(field, 'Kx7#Vq9!mZ2pLw4a');
          await driver.tabTo(entry.getByRole('button', { name: 'Show while pressed' }));
          await page.keyboard.down('Space');
          assert.equal(await field.getAttribute('type'), 'text', 'Space held shows the password');
          await page.keyboard.up('Space');
          assert.equal(await field.getAttribute('type'), 'password', 'released, it is hidden again');
          await driver.activate(entry.getByRole('button', { name: 'Close' }));
        }
      }
    },
  });
  assert.deepEqual(
    seen.map((p) => p.number).filter((n, i, a) => a.indexOf(n) === i),
    Array.from({ length: 15 }, (_, i) => i + 1),
    'every step of Figure 8 was run by keyboard',
  );

  const rows = await driver.reportRows();
  assert.ok(rows.length > 0, 'the report is open');
  const unmet = rows.filter((r) => !['pass', 'attested', 'not-applicable'].includes(r.status));
  assert.deepEqual(unmet, [], 'every report row is met');
  assert.match(await page.getByTestId('report-verdict').innerText(), /Every row is met/);
  // The report's own primary action (export) is reachable as well.
  await driver.tabTo(page.getByRole('button', { name: 'Export HTML' }));
  await driver.screenshot('report');

  const clicks = (await page.evaluate(() => (globalThis as unknown as { __clicks: number }).__clicks)) as number;
  assert.equal(clicks, 0, 'no pointer was used');
  assert.deepEqual(await browser.cspViolations(), []);
});
