// Journey: a technician reads Japanese, switches language and theme in the middle of work, and reloads
// the page: the screens follow at once, the choice is remembered, and after the reload the header still
// tells the truth about the link (the device stayed connected in the main process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppInBrowser } from './support/app-in-browser';
import { saveScreenshot } from './support/screenshots';

const JOURNEY = 'switch-language-theme-and-reload';

test('language and theme switch at any time, survive a reload, and the link stays truthful', { timeout: 120_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const { page } = browser;
  await page.goto(host.url);

  await page.getByRole('button', { name: '日本語' }).click();
  await page.getByRole('heading', { level: 1, name: 'コミッショニングを開始' }).waitFor();
  assert.equal(await page.evaluate('document.documentElement.lang'), 'ja');

  await page.getByRole('button', { name: 'MX-R をコミッショニング' }).click();
  await page.getByRole('button', { name: '練習用 MXR300-32 に接続' }).click();
  await page.getByRole('region', { name: /デバイス情報/ }).waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('link-indicator').innerText(), /接続経路:\s*USB \(直結ケーブル\)/);

  const lightBackground = await page.evaluate('getComputedStyle(document.body).backgroundColor');
  await page.getByLabel('テーマ').selectOption('dark');
  assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'dark');
  assert.notEqual(await page.evaluate('getComputedStyle(document.body).backgroundColor'), lightBackground, 'the dark theme is applied');
  await saveScreenshot(page, JOURNEY, '1-japanese-dark');

  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'MXR300-32 に接続中' }).waitFor({ timeout: 15_000 });
  assert.match(await page.getByTestId('link-indicator').innerText(), /USB \(直結ケーブル\)/, 'after a reload the header still shows the link');
  assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'dark');
  assert.doesNotMatch(page.url(), /token/);

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Connected to MXR300-32' }).waitFor();
  assert.match(await page.getByTestId('identity-link').innerText(), /USB \(direct cable\)/);
  await saveScreenshot(page, JOURNEY, '2-english-after-reload');

  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByRole('heading', { level: 1, name: /Connect to the/ }).waitFor();
  assert.match(await page.getByTestId('link-indicator').innerText(), /Not connected/);
  assert.deepEqual(await browser.cspViolations(), []);
});
