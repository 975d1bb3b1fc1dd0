// Journey: a technician with a real controller on the bench opens the Connect screen and reads, before
// trying anything, what the app can and cannot do with the controller's USB port (issue 15).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppInBrowser } from './support/app-in-browser';
import { saveScreenshot } from './support/screenshots';

const JOURNEY = 'usb-screen-says-what-the-app-can-do-with-a-real-controller';

test('the USB section says plainly what the app can and cannot do with a real controller’s USB port', { timeout: 120_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const { page } = browser;
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Commission the MX-R' }).click();
  await page.getByRole('heading', { level: 1, name: 'Connect to the MELSEC MX Controller MX-R' }).waitFor();
  const text = await page.getByTestId('usb-real-controller').innerText();
  assert.match(text, /cannot read or write a real controller's settings over USB/, 'what it cannot do');
  assert.match(text, /vendor ID 06D3/, 'what it can do');
  assert.match(text, /GX Works3 \(1\.115V or later for the MX-R, 1\.120A or later for the MX-F\)/, 'what to do instead');
  assert.match(text, /guides each setting for GX Works3 and verifies what the network shows/);
  await saveScreenshot(page, JOURNEY, '1-connect-usb');
});
