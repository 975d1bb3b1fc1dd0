// Journey: a technician commissions a practice MX-F from its factory state through Figure 22 (the
// project's reconstruction, which the screen says) with only what the screen shows: USB first, TLS
// after the restart, and the report whose every row is met. Real main-process service with a fresh data
// dir; a screenshot of every step under test-results/e2e/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAppInBrowser } from './support/app-in-browser';
import { commissionPracticeController } from './support/wizard-driver';

const JOURNEY = 'commission-mx-f-over-usb';

test('a technician commissions a factory-fresh practice MX-F through the reconstructed Figure 22 and leaves with a report whose every row is met', { timeout: 900_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);

  const result = await commissionPracticeController({
    page: browser.page,
    url: host.url,
    journey: JOURNEY,
    system: 'MX-F',
    model: 'MXF100-16-N32',
    figure: /Procedure before operation \(MX-F\)/,
    stepCount: 15,
    reconstructed: true,
    hostErrors: () => host.stderr(),
  });

  assert.equal(result.tlsVersionChoices.join(','), 'TLS 1.2,TLS 1.3,TLS 1.2/1.3', 'MX-F also offers "1.2/1.3"');
  assert.deepEqual(await browser.cspViolations(), [], 'no Content Security Policy violation during the journey');
  assert.ok(result.writeStates.length > 0, 'step 9 listed the changes');
  assert.deepEqual(
    result.writeStates.filter((s) => !s.endsWith('=verified')),
    [],
    'after the write, every change of "See before writing" is ticked as verified on the device',
  );
});
