// Journey: a technician commissions a practice MX-R from its factory state through all of Figure 8 with
// only what the screen shows: USB first, every setting entered and seen before writing, the restart, TLS
// with the pinned certificate afterwards, the checks, the certificate for the partners, the test
// operation's attestations, and the report whose every row is met. Real main-process service (browser
// host child process with a fresh data dir, so the practice controller starts from factory state) in
// Debian's Chromium; a screenshot of every step under test-results/e2e/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppInBrowser } from './support/app-in-browser';
import { accessibilityViolations } from './support/accessibility';
import { commissionPracticeController } from './support/wizard-driver';

const JOURNEY = 'commission-mx-r-over-usb';

test('a technician commissions a factory-fresh practice MX-R over USB, then TLS after the restart, and leaves with a report whose every row is met', { timeout: 900_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);

  const result = await commissionPracticeController({
    page: browser.page,
    url: host.url,
    journey: JOURNEY,
    system: 'MX-R',
    model: 'MXR300-32',
    figure: /Procedure before operation \(MX-R\)/,
    stepCount: 15,
    reconstructed: false,
    hostErrors: () => host.stderr(),
  });

  assert.equal(result.tlsVersionChoices.join(','), 'TLS 1.2,TLS 1.3', 'MX-R offers TLS 1.2 or 1.3');
  assert.deepEqual(await accessibilityViolations(browser.page), [], 'the report passes the automated accessibility checks');
  assert.deepEqual(await browser.cspViolations(), [], 'no Content Security Policy violation during the journey');
  assert.ok(result.writeStates.length > 0, 'step 9 listed the changes');
  assert.deepEqual(
    result.writeStates.filter((s) => !s.endsWith('=verified')),
    [],
    'after the write, every change of "See before writing" is ticked as verified on the device',
  );
});
