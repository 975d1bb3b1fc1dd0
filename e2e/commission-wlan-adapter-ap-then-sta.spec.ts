// Journey: a technician commissions the practice wireless LAN adapters through Figure 36 with only what the
// screen shows: the access point first, then its station (the counterpart, steps 14 and 15: the station's
// connection check proves that the pair connects), every setting in the adapter's own forms (Table 46's
// combinations, WPA3-Personal recommended; the counterpart allowed in the wireless MAC address filter), the
// encrypted backup at step 12 without a password of its own, and a report on each whose every Table 44 row
// is met. Real main-process service (browser host child process) in Debian's Chromium; screenshots of every
// step under test-results/e2e/, English and Japanese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppInBrowser } from './support/app-in-browser';
import { accessibilityViolations } from './support/accessibility';
import { WizardDriver, type PanelState } from './support/wizard-driver';
import { allowPracticeCounterpart, connectPracticeAdapter, ok, runFigure36, type AdapterRole } from './support/adapter-journey';

const JOURNEY = 'commission-wlan-adapter-ap-then-sta';

test('a technician commissions the practice access point, then its station, through Figure 36, and each report shows every Table 44 row met', { timeout: 1_200_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const page = browser.page;
  const driver = new WizardDriver(page, JOURNEY, () => {
    throw new Error('the adapter has no users: its secrets are typed where its panels ask');
  });
  await page.goto(host.url);
  // The home tile is enabled and says what is there to practise on.
  await page.getByText('Practice adapters available: an access point (AP) and a station (STA)').waitFor({ timeout: 30_000 });
  ok((await page.getByRole('button', { name: 'Commission the Wireless LAN adapter' }).getAttribute('aria-disabled')) === 'false', 'the adapter tile is enabled');

  const commission = async (role: AdapterRole): Promise<{ details: Map<number, string>; rows: Array<{ row: string; status: string; text: string }> }> => {
    await connectPracticeAdapter(driver, role, 'Aiko Tanaka');
    if (role === 'AP') assert.deepEqual(await accessibilityViolations(page), [], 'the procedure screen passes the automated accessibility checks');
    await page.getByRole('heading', { level: 1, name: /Procedure before operation \(wireless LAN adapter\)/ }).waitFor();
    const rail = await driver.rail();
    ok(rail.length === 17, `the rail shows Figure 36's 17 steps (saw ${rail.length})`);
    ok((await page.getByTestId('procedure-reconstructed').count()) === 1, 'the reconstructed Figure 36 says so');
    const details = new Map<number, string>();
    const questions: string[] = [];
    await runFigure36(driver, {
      axeSteps: role === 'AP' ? [3, 4, 6, 7, 8, 11, 16] : [8],
      onQuestion: async (title, text) => void questions.push(`${title} ${text}`),
      onStep: async (panel: PanelState) => {
        if (panel.number === 6) {
          // Main's recommended profile for this connection: the practice adapter's own role is chosen.
          ok(await driver.panelLocator.getByRole('radio', { name: new RegExp(role === 'AP' ? '^Access point \\(AP\\)' : '^Station \\(STA\\)') }).isChecked(), `step 6 has ${role} chosen`);
        }
        if (panel.number === 7) {
          const combos = driver.panelLocator.getByTestId('security-combination');
          ok((await combos.count()) === 9, "Table 46's eight combinations and the refused factory Open mode");
          ok((await combos.first().innerText()).includes('WPA3-Personal · AES') && (await combos.first().innerText()).includes('Recommended (4.4.2.1)'), 'WPA3-Personal is first and recommended');
          ok(await combos.first().locator('input').isChecked(), 'WPA3-Personal is chosen');
        }
        if (panel.number === 8) {
          const allowed = await allowPracticeCounterpart(driver);
          ok(allowed.includes(role === 'AP' ? 'station' : 'access point'), `step 8 offers the practice counterpart (${allowed})`);
          ok((await driver.panelLocator.getByTestId('mac-filter-wired').getByText('This PC', { exact: true }).count()) === 1, 'this PC stays in the wired filter, protected from removal');
          // Main has taken the change (no refusal next to the filters) before it is confirmed.
          await page.waitForTimeout(500);
          ok((await driver.panelLocator.getByTestId('field-issue').count()) === 0, 'the filters are accepted');
        }
        if (panel.number === 11) ok((await page.getByTestId('write-item').count()) > 0, 'step 11 lists the changes before writing');
        await driver.screenshot(`${role}-step${panel.number}`);
      },
    }).catch((error: unknown) => {
      throw new Error(`${role}: ${error instanceof Error ? error.message : String(error)}\n--- host stderr ---\n${host.stderr().slice(-4000)}`);
    });
    // Step 12 asked where the backup goes, and no password of its own (the login password encrypts it, 4.4.7.1).
    const backup = questions.find((q) => /encrypted settings backup/.test(q));
    ok(backup !== undefined, `step 12 asked about the settings backup: ${questions.join(' | ')}`);
    ok(!/SD memory card/.test(backup!), 'the adapter backs up to this PC only');
    const rows = await driver.reportRows();
    await driver.screenshot(`${role}-report`);
    await page.getByRole('button', { name: 'Back to the procedure' }).click();
    for (const step of await driver.rail()) {
      const n = Number(/(\d+)/.exec(step.text)?.[1]);
      if (n === 15) {
        await driver.openStep(step.stepId);
        details.set(15, await page.getByTestId('step-detail').innerText());
      }
    }
    return { details, rows };
  };

  const ap = await commission('AP');
  ok(ap.rows.length === 8, `the access point's report has Table 44's 8 rows (saw ${ap.rows.map((r) => r.row).join(', ')})`);
  assert.deepEqual(ap.rows.filter((r) => r.status !== 'pass').map((r) => r.text), [], 'every Table 44 row is met on the access point');
  ok(/No counterpart is connected yet/.test(ap.details.get(15) ?? ''), `the access point's check waits for its station: ${ap.details.get(15)}`);

  // The counterpart: home, the same tile, the station.
  await page.getByRole('button', { name: 'Home' }).click();
  const sta = await commission('STA');
  assert.deepEqual(
    sta.rows.map((r) => r.status),
    sta.rows.map((r) => (/Stealth SSID/.test(r.text) ? 'not-applicable' : 'pass')),
    `every Table 44 row is met on the station (the stealth SSID is the access point's): ${sta.rows.map((r) => `${r.status} ${r.text}`).join(' | ')}`,
  );
  ok(/Connected to the access point: /.test(sta.details.get(15) ?? ''), `step 15 on the station proves the pair: ${sta.details.get(15)}`);

  // Japanese at any time: the adapter's own panels in the vendor's terms.
  await page.getByRole('button', { name: '日本語' }).click();
  await page.getByText('接続確認', { exact: false }).first().waitFor({ timeout: 10_000 });
  await page.getByText('接続先のアクセスポイント', { exact: false }).first().waitFor({ timeout: 10_000 });
  await driver.screenshot('ja-step15');
  const security = (await driver.rail()).find((r) => /7/.test(r.text.split(' ')[0] ?? ''));
  if (security) {
    await driver.openStep(security.stepId);
    await page.getByText('表46の組合せ', { exact: false }).first().waitFor({ timeout: 10_000 });
    await driver.screenshot('ja-step7');
  }
  assert.deepEqual(await accessibilityViolations(page), [], 'the Japanese panel passes the automated accessibility checks');
  await page.getByRole('button', { name: 'English' }).click();
  assert.deepEqual(await browser.cspViolations(), [], 'no Content Security Policy violation during the journey');
});
