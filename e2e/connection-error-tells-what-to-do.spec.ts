// Journey: a technician mistypes an Ethernet address, then reaches an address where nothing listens.
// The screen says what is wrong next to the field before anything is sent, and after a refused
// connection says what happened and what to do, with the technical cause in the details only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startAppInBrowser } from './support/app-in-browser';
import { saveScreenshot } from './support/screenshots';

const JOURNEY = 'connection-error-tells-what-to-do';

/** A loopback port where nothing listens: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('a mistyped address and a refused connection are explained with what to do next', { timeout: 120_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const { page } = browser;
  await page.goto(host.url);

  await page.getByRole('button', { name: 'Commission the MX-F' }).click();
  const address = page.getByLabel('Device address');
  const port = page.getByLabel('SLMP port');
  await address.fill('192.168.3.300');
  await port.fill('70000');
  assert.equal(await address.getAttribute('aria-invalid'), 'true');
  assert.equal(await port.getAttribute('aria-invalid'), 'true');
  assert.ok(await page.getByText('This is not an IP address or a host name.').isVisible());
  assert.ok(await page.getByText('Enter a port number from 1 to 65535.').isVisible());

  await address.fill('127.0.0.1');
  await port.fill(String(await closedPort()));
  assert.equal(await address.getAttribute('aria-invalid'), null, 'a corrected field is no longer marked');
  await page.getByRole('button', { name: 'Connect over Ethernet' }).click();

  const alert = page.getByRole('alert');
  await alert.waitFor({ timeout: 15_000 });
  assert.match(await alert.innerText(), /Could not connect to the device\./);
  assert.match(await alert.innerText(), /Nothing was written to the device\./, 'it says what it means for the device');
  assert.equal(await alert.getAttribute('data-error-code'), 'connect-failed');
  const details = alert.locator('.notice__details');
  assert.equal(await details.isVisible(), false, 'the technical cause stays in the details, closed');
  await alert.getByText('Details').click();
  assert.match(await details.innerText(), /\S/, 'the details say what the main process saw');
  assert.match(await page.getByTestId('link-indicator').innerText(), /Not connected/);
  await saveScreenshot(page, JOURNEY, '1-refused');

  // The way that works here still works after the failure.
  await page.getByRole('button', { name: 'Connect to the practice MXF100-16-N32' }).click();
  await page.getByRole('region', { name: /Device identity/ }).waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('identity-model').innerText(), 'MXF100-16-N32');
  assert.deepEqual(await browser.cspViolations(), []);
});
