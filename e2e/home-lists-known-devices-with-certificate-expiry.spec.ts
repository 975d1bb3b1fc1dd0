// Journey: a technician opens the app on a PC that commissioned and visited controllers before. The home
// screen lists every device this installation knows, with its last report, its next periodic check and
// its certificate expiry; a certificate that expires within 90 days is marked "renew by that day"
// (2.4.7.3), and so is an overdue yearly check. The list reads in Japanese too, passes the automated
// accessibility checks, and a device removed from the registry (disposed) is gone after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAppInBrowser } from './support/app-in-browser';
import { accessibilityViolations } from './support/accessibility';
import { saveScreenshot } from './support/screenshots';

const JOURNEY = 'home-lists-known-devices';
const DAY = 86_400_000;

test('the home screen lists the known devices with last report, next check and certificate expiry; a disposed device leaves the list', { timeout: 120_000 }, async (t) => {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  let dataDir = '';
  const { host, browser } = await startAppInBrowser(t, {
    // What the registry holds after a commissioning (MX-R, 335 days ago: its certificate has 30 days left
    // and its yearly check is due soon) and after a visit (MX-F, last week).
    seed: (dir) => {
      dataDir = dir;
      writeFileSync(
        join(dir, 'config.json'),
        JSON.stringify({
          'device-registry': {
            'MXR300-32#R-0001': { deviceId: 'MXR300-32#R-0001', model: 'MXR300-32', serial: 'R-0001', fingerprint256: 'AA:BB', notAfter: iso(now + 30 * DAY), pinnedAt: iso(now - 335 * DAY), lastReport: { kind: 'commissioning', at: iso(now - 335 * DAY) } },
            'MXF100-16-N32#F-0002': { deviceId: 'MXF100-16-N32#F-0002', model: 'MXF100-16-N32', serial: 'F-0002', fingerprint256: 'CC:DD', notAfter: iso(now + 300 * DAY), pinnedAt: iso(now - 60 * DAY), lastReport: { kind: 'maintenance-visit', at: iso(now - 7 * DAY) } },
          },
        }),
      );
    },
  });
  const { page } = browser;
  await page.goto(host.url);
  await page.getByRole('button', { name: 'English' }).click();
  const list = page.getByRole('region', { name: 'Devices this installation knows' });
  await list.waitFor({ timeout: 15_000 });
  const items = list.getByTestId('known-device');
  assert.equal(await items.count(), 2);
  const mxf = await items.nth(0).innerText();
  const mxr = await items.nth(1).innerText();
  assert.match(mxf, /MXF100-16-N32[\s\S]*serial F-0002[\s\S]*Last report: maintenance visit[\s\S]*Next periodic check:[\s\S]*Certificate valid until/);
  assert.match(mxr, /MXR300-32[\s\S]*Last report: commissioning[\s\S]*Certificate expires on [\s\S]*\((29|30) days left\): renew it by that day \(2\.4\.7\.3\)/);
  assert.deepEqual(await accessibilityViolations(page), [], 'the home screen with the list passes the automated accessibility checks');
  await saveScreenshot(page, JOURNEY, '1-known-devices');

  await page.getByRole('button', { name: '日本語' }).click();
  const ja = page.getByRole('region', { name: 'このインストールで管理している機器' });
  await ja.waitFor();
  assert.match(await ja.innerText(), /期限日までに更新してください（2\.4\.7\.3）/);
  assert.match(await ja.innerText(), /最新のレポート：保守訪問/);
  await saveScreenshot(page, JOURNEY, '2-known-devices-ja');

  // Disposal removes the device's pin (mxc dispose / the disposal kind): after a reload it is gone.
  const config = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')) as { 'device-registry': Record<string, unknown> };
  delete config['device-registry']['MXR300-32#R-0001'];
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
  await page.reload();
  await ja.waitFor({ timeout: 15_000 });
  assert.equal(await ja.getByTestId('known-device').count(), 1);
  assert.doesNotMatch(await ja.innerText(), /MXR300-32/);
  assert.deepEqual(await browser.cspViolations(), []);
});
