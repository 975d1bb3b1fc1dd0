// Journey: on the step that sets the IP filter (2.4.8, Table 9 row 18) a technician tries settings that
// would shut this PC out of the controller. This PC's entry (127.0.0.1 for a practice device) is marked
// "This PC" and offers no Remove; a filter that would exclude it (the deny mode with this PC listed) is
// not applied by main's self-lockout guard, and the screen says why, citing 2.4.8, next to the filter and
// next to the primary action, and step 7's rail marks the IP filter group "Change refused". The refusal
// blocks the step until it is settled: "Keep the values in force" clears it without changing anything
// (docs/project-choices.md). Practice MX-R from its factory state (fresh data dir), Debian's Chromium.
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
  const panel = await driver.runUntil(async (p) => p.number === 7);
  const filter = page.getByTestId('settings-ipFilter');
  const partStatus = async (id: string) => (await driver.parts()).find((p) => p.id === id)?.status;

  // The device clock line (the first group, open on arrival) ticks while shown (it used to stay at the time it was read).
  const deviceClock = page.getByTestId('device-clock');
  await deviceClock.waitFor({ timeout: 10_000 });
  const clockBefore = (await deviceClock.textContent()) ?? '';
  assert.match(clockBefore, /\d{1,2}:\d{2}:\d{2}/, `the line shows the device's time to the second: ${clockBefore}`);
  await page.waitForFunction((before) => document.querySelector('[data-testid="device-clock"]')?.textContent?.trim() !== before.trim(), clockBefore, { timeout: 15_000 });

  // On the same step, default-ports "Example 2" closes MELSOFT too: the block says before the click which
  // path stays (encrypted communication), and each Example 2 button is described by that note.
  await driver.openPart('defaultOpenPorts');
  const ports = page.getByTestId('settings-defaultOpenPorts');
  const outsideNote = ports.locator('#dop-outside-note');
  assert.match(await outsideNote.innerText(), /MELSOFT included.*only over encrypted communication \(TLS/s);
  const example2 = ports.getByRole('button', { name: /^Example 2/ });
  assert.ok((await example2.count()) > 0);
  assert.equal(await example2.first().getAttribute('aria-describedby'), 'dop-outside-note');


  // Bandwidth: main measures the link to the device and says what it measured, how, and what it cannot
  // see; the suggestion is taken by the technician's own press, and confirms nothing.
  await driver.openPart('bandwidthLimit');
  const bandwidth = page.getByTestId('settings-bandwidthLimit');
  assert.match(await page.getByTestId('bandwidth-how').innerText(), /How to measure what this app cannot see.*network switch/s);
  await bandwidth.getByRole('button', { name: 'Measure over this link' }).click();
  const measured = page.getByTestId('bandwidth-measurement');
  await measured.waitFor({ timeout: 30_000 });
  const measuredText = await measured.innerText();
  assert.match(measuredText, /Measured by this app just now over USB \(direct cable\): \d+ standard SLMP self tests/, measuredText);
  assert.match(measuredText, /not seen from here/);
  assert.match(measuredText, /the limit applies to the Ethernet port/);
  const suggestion = /send ([\d,]+) kbit\/s, receive ([\d,]+) kbit\/s/.exec(measuredText);
  assert.ok(suggestion, measuredText);
  await bandwidth.getByTestId('bandwidth-use').click();
  await page.waitForFunction((want) => (document.getElementById('bw-send') as HTMLInputElement | null)?.value === want, suggestion[1]!.replace(/,/g, ''), { timeout: 10_000 });
  assert.equal(await partStatus('bandwidthLimit'), 'changed');
  assert.equal((await driver.panel()).status, 'todo', 'taking the suggestion confirms nothing');
  await driver.screenshot('bandwidth-measured');

  await driver.openPart('ipFilter');
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
  assert.match(blocked, /A change to IP filter was refused and not applied.*Keep the values in force/s, `the primary action says why it cannot go on: ${blocked}`);
  assert.equal(await driver.panelLocator.locator('[data-primary-action]').isDisabled(), true, 'the step cannot be confirmed with the refused filter');
  assert.equal(await partStatus('ipFilter'), 'refused', 'the rail marks the group');
  assert.match((await driver.parts()).find((p) => p.id === 'ipFilter')!.text, /Change refused/);
  await driver.screenshot('deny-this-pc-refused');

  // "Keep the values in force": the refusal goes, nothing changed, the step can be confirmed.
  await driver.panelLocator.getByTestId('keep-values').click();
  await issue.first().waitFor({ state: 'detached', timeout: 10_000 });
  assert.equal(await page.getByTestId('blocked-reason').count(), 0);
  assert.equal(await filter.getByLabel('Mode').inputValue(), 'allow');
  // No longer refused; "changed" because of the address added and removed above (accepted changes).
  assert.equal(await partStatus('ipFilter'), 'changed', 'the refusal is gone');
  assert.equal((await driver.panel()).status, 'todo', 'keeping is no confirmation');
  await driver.pressPrimary();
  const after = await driver.waitForOutcome(panel);
  assert.ok(after.stepId !== panel.stepId || after.status === 'values-set', `the step's values are set (${after.status})`);
  const saved = page.getByTestId('ip-entry').filter({ hasText: '127.0.0.1' });
  if (after.stepId === panel.stepId) {
    assert.equal(await saved.count(), 1, 'this PC is still allowed');
    assert.ok((await driver.parts()).every((p) => p.status === 'confirmed'), 'the confirm action covers every group');
  }
  await driver.screenshot('allowed-again');
  assert.deepEqual(await browser.cspViolations(), []);
});
