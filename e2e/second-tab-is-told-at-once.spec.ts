// Journey: the technician opens the app's address in a second tab while the first one holds it. The
// second tab says so at once, before anything is clicked, and offers no action that would fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppInBrowser } from './support/app-in-browser';

test('a second tab says at once that the app is open in another window', { timeout: 120_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  await browser.page.goto(host.url);
  await browser.page.getByRole('heading', { level: 1 }).first().waitFor();
  const second = await browser.context.newPage();
  await second.goto(host.url);
  // Nothing is clicked: the notice comes on its own, within the bridge's retry window (3 s) and margin.
  const notice = second.getByTestId('error-notice');
  await notice.waitFor({ timeout: 15_000 });
  assert.equal(await notice.getAttribute('data-error-code'), 'host-busy');
  assert.match(await notice.innerText(), /already open in another window/);
  assert.equal(await second.getByRole('button', { name: /Commission the MX-R/ }).count(), 0, 'no start button that would only fail');
  // The first tab carries on.
  assert.equal(await browser.page.getByTestId('error-notice').count(), 0);
});
