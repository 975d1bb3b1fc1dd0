// Journey: a technician starts the app, chooses the MX-R, connects to the built-in practice controller and
// reads its identity, with only what the screen shows. Runs the real main-process service through the
// browser host in Debian's Chromium; also checks that the page ran under the CSP without a violation and
// that the host's IPC refuses a client without the launch token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppInBrowser } from './support/app-in-browser';
import { saveScreenshot } from './support/screenshots';
import { accessibilityViolations } from './support/accessibility';

const JOURNEY = 'connect-to-practice-controller';

test('a technician connects to the practice MX-R controller and sees its identity over USB', { timeout: 120_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const { page } = browser;

  const response = await page.goto(host.url);
  assert.equal(response?.status(), 200);
  const csp = (await response?.allHeaders())?.['content-security-policy'] ?? '';
  assert.match(csp, /script-src 'self'(;|$)/, 'the page is served under the app CSP');
  assert.doesNotMatch(page.url(), /token/, 'the launch token is removed from the address bar');

  // Home: choose the system.
  await page.getByRole('button', { name: 'Commission the MX-R' }).click();
  await page.getByRole('heading', { level: 1, name: 'Connect to the MELSEC MX Controller MX-R' }).waitFor();
  await saveScreenshot(page, JOURNEY, '1-connect');
  assert.deepEqual(await accessibilityViolations(page), [], 'the Connect screen passes the automated accessibility checks');

  // Connect: the practice controller is the recommended way here.
  await page.getByRole('button', { name: 'Connect to the practice MXR300-32' }).click();
  const identity = page.getByRole('region', { name: /Device identity/ });
  await identity.waitFor({ timeout: 30_000 });

  assert.equal(await identity.getByTestId('identity-model').innerText(), 'MXR300-32');
  assert.match(await identity.getByTestId('identity-model-code').innerText(), /^0x[0-9A-F]{4}$/);
  assert.match(await identity.getByTestId('identity-link').innerText(), /USB \(direct cable\)/);
  assert.match(await identity.getByTestId('identity-cpu-state').innerText(), /RUN|STOP|PAUSE|Unknown/);
  assert.ok(await identity.getByText('Practice device').isVisible(), 'the practice badge says this is not a real controller');
  assert.match(await page.getByTestId('link-indicator').innerText(), /Link:\s*USB \(direct cable\)/, 'the header shows the link');
  await saveScreenshot(page, JOURNEY, '2-identity');
  assert.deepEqual(await accessibilityViolations(page), [], 'the identity screen passes the automated accessibility checks');

  assert.deepEqual(await browser.cspViolations(), [], 'no Content Security Policy violation while the journey ran');

  // A second client without the token (here: a script in the same page) is refused with the policy code.
  // (The script is a string: this file is type-checked without the DOM library.)
  const refused = (await page.evaluate(`new Promise((resolve) => {
    const ws = new WebSocket('ws://' + location.host + '/ipc');
    ws.onopen = () => ws.send(JSON.stringify({ id: 1, channel: 'connection:identity' }));
    ws.onmessage = (message) => resolve({ answered: String(message.data) });
    ws.onclose = (event) => resolve({ code: event.code });
    setTimeout(() => resolve({}), 10000);
  })`)) as { code?: number; answered?: string };
  assert.deepEqual(refused, { code: 1008 }, 'IPC without the launch token is closed unanswered');

  // The journey's own connection is untouched by the refused one.
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByRole('heading', { level: 1, name: /Connect to the/ }).waitFor();
  assert.match(await page.getByTestId('link-indicator').innerText(), /Not connected/);
  assert.deepEqual(await browser.cspViolations(), []);
});
