// Journey: the refusals of the wireless LAN adapter's commissioning, each in the technician's words. On the
// practice access point: keeping the factory password as the new one is refused (Table 44 row 7); the
// factory Open mode is refused with Table 46's reason and the step cannot be confirmed until a row of Table
// 46 is chosen. The access point's wireless MAC address filter is left without its station; then the
// station, commissioned with the same modes, fails its connection check (step 15): the access point refused
// it, a station outside the filter. Commissioned again with another mode (WPA2 against the access point's
// WPA3), the pair fails again: the modes differ. Real browser host, Debian's Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppInBrowser } from './support/app-in-browser';
import { accessibilityViolations } from './support/accessibility';
import { WizardDriver, type PanelState } from './support/wizard-driver';
import { ADAPTER_SECRETS, connectPracticeAdapter, enterAdapterSecrets, ok, runFigure36 } from './support/adapter-journey';

const JOURNEY = 'wlan-adapter-refusals';

test('the adapter refuses the factory password kept, the Open mode, a station outside the MAC filter and a pair with different modes, each with its reason', { timeout: 1_200_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const page = browser.page;
  const driver = new WizardDriver(page, JOURNEY, () => {
    throw new Error('the adapter has no users');
  });
  const fail = (e: unknown): never => {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- host stderr ---\n${host.stderr().slice(-4000)}`);
  };
  await page.goto(host.url);

  // --- The access point: the factory password kept, the Open mode. ---
  await connectPracticeAdapter(driver, 'AP', 'Aiko Tanaka');
  const seen = { factory: false, open: false };
  await runFigure36(driver, {
    onStep: async (panel: PanelState) => {
      if (panel.number === 4 && !seen.factory) {
        // The technician types the factory password from the manual as the "new" one.
        const block = driver.panelLocator.getByTestId('adapter-secret-login');
        if ((await block.getByText('No password entered yet').count()) === 0) throw new Error('the login password was entered before the refusal was tried');
        await driver.activate(block.getByRole('button', { name: 'Enter the new login password' }));
        await driver.typeInto(block.getByLabel('New login password', { exact: true }), ADAPTER_SECRETS.factory);
        await driver.typeInto(block.getByLabel('Type it again'), ADAPTER_SECRETS.factory);
        await block.getByText('This is the factory password from the manual', { exact: false }).waitFor({ timeout: 10_000 });
        ok(await block.getByRole('button', { name: 'Use this password' }).isDisabled(), 'the factory password cannot be used as the new one');
        await driver.screenshot('factory-password-refused');
        seen.factory = true;
        await driver.activate(block.getByRole('button', { name: 'Close' }));
      }
      if (panel.number === 7 && !seen.open) {
        await driver.activate(driver.panelLocator.getByRole('radio', { name: /^Open · none/ }));
        const issue = driver.panelLocator.getByTestId('field-issue').filter({ hasText: 'is not a combination of Table 46' });
        await issue.first().waitFor({ timeout: 10_000 });
        ok(await driver.panelLocator.locator('[data-primary-action]').isDisabled(), 'the step cannot be confirmed with the Open mode');
        ok((await page.getByTestId('blocked-reason').innerText()).length > 0, 'the reason is written next to the disabled action');
        assert.deepEqual(await accessibilityViolations(page), [], 'the refused Open mode passes the automated accessibility checks');
        await driver.screenshot('open-mode-refused');
        // Japanese: the same refusal in the technician's language.
        await page.getByRole('button', { name: '日本語' }).click();
        await driver.panelLocator.getByTestId('field-issue').filter({ hasText: '表46の組合せではなく' }).first().waitFor({ timeout: 10_000 });
        await driver.screenshot('open-mode-refused-ja');
        await page.getByRole('button', { name: 'English' }).click();
        await driver.activate(driver.panelLocator.getByRole('radio', { name: /^WPA3-Personal · AES/ }));
        for (let wait = Date.now() + 10_000; (await driver.panelLocator.getByTestId('field-issue').count()) > 0 && Date.now() < wait; ) await page.waitForTimeout(150);
        ok((await driver.panelLocator.getByTestId('field-issue').count()) === 0, 'WPA3-Personal is taken');
        seen.open = true;
        await enterAdapterSecrets(driver);
      }
      // Step 8: the wireless filter lists only another device, not the practice station.
      if (panel.number === 8) {
        const input = driver.panelLocator.getByLabel('MAC address to allow in the wireless LAN MAC address filter');
        await driver.typeInto(input, '02:00:5E:00:00:99');
        await driver.activate(driver.panelLocator.getByTestId('mac-filter-wireless').getByRole('button', { name: 'Allow', exact: true }));
        await driver.panelLocator.getByTestId('mac-filter-wireless').getByText('02:00:5E:00:00:99').waitFor({ timeout: 10_000 });
      }
    },
  }).catch(fail);
  ok(seen.factory && seen.open, 'both refusals were tried on the access point');
  const apRows = await driver.reportRows();
  ok(apRows.length === 8 && apRows.every((r) => r.status === 'pass'), 'the access point itself meets Table 44');

  // --- The station, same modes: the access point's filter refuses it. ---
  const stationCheck = async (label: string, security?: RegExp, reused = false): Promise<string> => {
    if ((await page.getByRole('button', { name: 'Back to the procedure' }).count()) > 0) await page.getByRole('button', { name: 'Back to the procedure' }).click();
    await page.getByRole('button', { name: 'Home' }).click();
    await connectPracticeAdapter(driver, 'STA', 'Aiko Tanaka');
    const at15 = await driver
      .runUntil((p) => p.number === 15, {
        onStep: async (panel) => {
          if (panel.number === 3 && reused) {
            // The station was commissioned before: its current login password lets the app initialize it (4.4.8).
            const prev = driver.panelLocator.getByTestId('previous-administrator');
            await prev.locator('summary').click();
            await driver.typeInto(prev.getByLabel('Current password'), ADAPTER_SECRETS.login);
            await driver.activate(prev.getByRole('button', { name: 'Use for the logon' }));
            await prev.getByText('entered', { exact: false }).waitFor({ timeout: 10_000 });
          }
          await enterAdapterSecrets(driver);
          if (panel.number === 7 && security) {
            await driver.activate(driver.panelLocator.getByRole('radio', { name: security }));
            await page.waitForTimeout(600);
            await enterAdapterSecrets(driver);
          }
          if (panel.number === 8) {
            await driver.activate(driver.panelLocator.getByRole('button', { name: /^Allow the practice access point/ }));
            await driver.panelLocator.getByTestId('mac-filter-wireless').getByTestId('mac-entry').first().waitFor({ timeout: 10_000 });
          }
        },
        backupChoice: /this PC/,
      })
      .catch(fail);
    await driver.attestAll();
    await driver.pressPrimary();
    for (let wait = Date.now() + 90_000; Date.now() < wait; ) {
      const p = await driver.panel();
      if (p.stepId !== at15.stepId || ['failed', 'verified'].includes(p.status)) break;
      await page.waitForTimeout(300);
    }
    const after = await driver.panel();
    ok(after.status === 'failed', `${label}: step 15 fails on the station (${after.status}: ${await driver.problemText()})`);
    const detail = await page.getByTestId('step-detail').innerText();
    await driver.screenshot(label);
    return detail;
  };
  const filtered = await stationCheck('station-outside-the-filter');
  ok(/the access point refused this station .* because its wireless LAN MAC address filter does not list it/.test(filtered), `refused by the access point's filter: ${filtered}`);

  // --- The station again, with WPA2-Personal against the access point's WPA3-Personal. ---
  const modes = await stationCheck('pair-with-different-modes', /^WPA2-Personal · AES/, true);
  ok(/do not use the same modes/.test(modes), `the modes differ: ${modes}`);
  assert.deepEqual(await browser.cspViolations(), [], 'no Content Security Policy violation during the journey');
});
