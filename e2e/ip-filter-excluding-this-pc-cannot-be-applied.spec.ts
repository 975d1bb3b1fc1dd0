// Journey: on the step that sets the IP filter (2.4.8, Table 9 row 18) a technician tries settings that
// would shut this PC out of the controller. This PC's entry (127.0.0.1 for a practice device) is marked
// "This PC" and offers no Remove; a filter that would exclude it (the deny mode with this PC listed) is
// not applied by main's self-lockout guard, and the screen says why, citing 2.4.8, next to the filter and
// next to the primary action. Back to a filter that lets this PC in, the step goes on. Practice MX-R from
// its factory state (fresh data dir), Debian's Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppInBrowser } from './support/app-in-browser';
import { WizardDriver, testPasswordsByUser } from './support/wizard-driver';

const JOURNEY = 'ip-filter-excluding-this-pc-cannot-be-applied';

test('an IP filter that would exclude this PC is refused with the reason (2.4.8), and this PC\'s entry cannot be removed', { timeout: 120_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const page = browser.page;
  const driver = new WizardDriver(page, JOURNEY, testPasswordsByUser());

  await page.goto(host.url);
  await driver.connectPracticeAndStart('MX-R', 'MXR300-32', 'Aiko Tanaka');
  const panel = await driver.runUntil(async () => (await page.getByTestId('settings-ipFilter').count()) > 0);
  const filter = page.getByTestId('settings-ipFilter');

  // On the same step, default-ports "Example 2" closes MELSOFT too: the block says before the click which
  // path stays (encrypted communication), and each Example 2 button is described by that note.
  const ports = page.getByTestId('settings-defaultOpenPorts');
  const outsideNote = ports.locator('#dop-outside-note');
  assert.match(await outsideNote.innerText(), /MELSOFT included.*only over encrypted communication \(TLS/s);
  const example2 = ports.getByRole('button', { name: /^Example 2/ });
  assert.ok((await example2.count()) > 0);
  assert.equal(await example2.first().getAttribute('aria-describedby'), 'dop-outside-note');

  // Bandwidth: "measure first" comes with how to measure, and says the app does not measure it.
  assert.match(await page.getByTestId('bandwidth-how').innerText(), /How to measure.*this app does not measure it.*network switch/s);

  // The device clock line on the same step ticks while shown (it used to stay at the time it was read).
  const deviceClock = page.getByTestId('device-clock');
  await deviceClock.waitFor({ timeout: 10_000 });
  const clockBefore = (await deviceClock.textContent()) ?? '';
  assert.match(clockBefore, /\d{1,2}:\d{2}:\d{2}/, `the line shows the device's time to the second: ${clockBefore}`);
  await page.waitForFunction((before) => document.querySelector('[data-testid="device-clock"]')?.textContent?.trim() !== before.trim(), clockBefore, { timeout: 15_000 });

  // This PC's entry: marked, kept, and without a Remove control.
  const pcEntry = filter.getByTestId('ip-entry').filter({ hasText: '127.0.0.1' });
  assert.equal(await pcEntry.count(), 1, 'the filter lists this PC (127.0.0.1 towards the practice device)');
  assert.match(await pcEntry.innerText(), /This PC/);
  assert.match(await pcEntry.innerText(), /Kept: removing it would lock this PC out\./);
  assert.equal(await pcEntry.getByRole('button').count(), 0, 'this PC\'s entry has no Remove button');
  assert.equal(await filter.getByRole('button', { name: 'Remove 127.0.0.1' }).count(), 0);
  // Another entry can be added and removed as usual.
  await filter.getByLabel('Add an address or network').fill('192.0.2.0/24');
  await filter.getByRole('button', { name: 'Add', exact: true }).click();
  await filter.getByRole('button', { name: 'Remove 192.0.2.0/24' }).waitFor({ timeout: 10_000 });
  await filter.getByRole('button', { name: 'Remove 192.0.2.0/24' }).click();
  await filter.getByRole('button', { name: 'Remove 192.0.2.0/24' }).waitFor({ state: 'detached', timeout: 10_000 });
  await driver.screenshot('this-pc-protected');

  // "Deny the listed devices" with this PC listed would cut this PC off: main refuses it.
  await filter.getByLabel('Mode').selectOption('deny');
  const issue = filter.getByTestId('field-issue');
  await issue.first().waitFor({ timeout: 10_000 });
  const reason = (await issue.allInnerTexts()).join(' ');
  assert.match(reason, /2\.4\.8/, `the reason cites 2.4.8: ${reason}`);
  assert.match(reason, /127\.0\.0\.1/, `the reason names this PC's address: ${reason}`);
  assert.match(reason, /lock|cut off/i, `the reason says this PC would be shut out: ${reason}`);
  // The control shows "Allow" again, so the refusal says so: never a silent snap-back (issue 13 point 9).
  assert.match(reason, /Not applied: the IP filter stays at “Allow only the listed devices/, `the reason says the choice was not applied and what stays: ${reason}`);
  assert.equal((reason.match(/2\.4\.8/g) ?? []).length, 1, `2.4.8 is cited once: ${reason}`);
  assert.equal(await filter.getByLabel('Mode').inputValue(), 'allow', 'the refused mode is not applied (the filter still allows this PC)');
  const blocked = await page.getByTestId('blocked-reason').innerText();
  assert.match(blocked, /Correct the 1 problem/, `the primary action says why it cannot go on: ${blocked}`);
  assert.equal(await driver.panelLocator.locator('[data-primary-action]').isDisabled(), true, 'the step cannot be confirmed with the refused filter');
  await driver.screenshot('deny-this-pc-refused');

  // Choosing a filter that lets this PC in clears the problem and the step goes on.
  await filter.getByLabel('Mode').selectOption('allow');
  await issue.first().waitFor({ state: 'detached', timeout: 10_000 });
  assert.equal(await page.getByTestId('blocked-reason').count(), 0);
  await driver.pressPrimary();
  const after = await driver.waitForOutcome(panel);
  assert.ok(after.stepId !== panel.stepId || after.status === 'values-set', `the step's values are set (${after.status})`);
  const saved = page.getByTestId('ip-entry').filter({ hasText: '127.0.0.1' });
  if (after.stepId === panel.stepId) assert.equal(await saved.count(), 1, 'this PC is still allowed');
  await driver.screenshot('allowed-again');
  assert.deepEqual(await browser.cspViolations(), []);
});
