// Journey: a technician reaches the controller over plain Ethernet (no USB cable at hand). Passwords and
// the private key would then travel unencrypted, so the write step stays locked, citing 2.4.7.1
// procedure B, until the technician attests on the connection step that this PC is inside the trust
// boundary; then the write may proceed.
//
// The practice controller here is the command-line one (`mxc sim --json`, fresh state directory): it
// announces its plain SLMP TCP port on stdout, which is what a technician reads and types into the
// Connect screen's Ethernet form (address 127.0.0.1, that port). The app's built-in practice device does
// not show its Ethernet port on screen, so this is the honest way to reach a practice controller over
// Ethernet. Debian's Chromium, browser host with a fresh data dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startAppInBrowser } from './support/app-in-browser';
import { repoRoot } from './support/host-process';
import { WizardDriver, testPasswordsByUser } from './support/wizard-driver';

const JOURNEY = 'encryption-over-plain-ethernet-needs-attestation';
const TRUST_BOUNDARY = /trust boundary/i;

/** `mxc sim --json`: a factory-fresh virtual MX-R; resolves with its plain SLMP port as it announces it. */
async function startCommandLinePracticeController(): Promise<{ port: number; stop(): Promise<void> }> {
  const state = mkdtempSync(join(tmpdir(), 'mxc-e2e-sim-'));
  const built = join(repoRoot, 'build/cli/mxc.js');
  const entry = existsSync(built) ? [built] : ['--import', 'tsx', join(repoRoot, 'src-main/cli/mxc.ts')];
  const child = spawn(process.execPath, [...entry, 'sim', '--json', '--model', 'MXR300-32', '--state', state], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(state, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`mxc sim did not announce its listeners within 30 s\n${stderr}`)), 30_000);
      createInterface({ input: child.stdout }).on('line', (line) => {
        try {
          const event = JSON.parse(line) as { event?: string; listeners?: Array<{ service: string; transport: string; port?: number; tls?: boolean }> };
          const slmp = event.listeners?.find((l) => l.service === 'slmp' && l.transport === 'tcp' && !l.tls);
          if (event.event === 'listening' && slmp?.port) {
            clearTimeout(timer);
            resolve(slmp.port);
          }
        } catch {
          // Not a JSON line: ignored.
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`mxc sim exited with ${code}\n${stderr}`));
      });
    });
    return { port, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

test('over plain Ethernet the write step is locked citing 2.4.7.1 procedure B until the trust boundary is attested', { timeout: 150_000 }, async (t) => {
  const sim = await startCommandLinePracticeController();
  t.after(() => sim.stop());
  const { host, browser } = await startAppInBrowser(t);
  const page = browser.page;
  const driver = new WizardDriver(page, JOURNEY, testPasswordsByUser());

  await page.goto(host.url);
  await page.getByRole('button', { name: 'Commission the MX-R' }).click();
  await page.getByLabel('Device address').fill('127.0.0.1');
  await page.getByLabel('SLMP port').fill(String(sim.port));
  await driver.screenshot('connect-over-ethernet');
  await page.getByRole('button', { name: 'Connect over Ethernet' }).click();
  await page.getByRole('region', { name: /Device identity/ }).waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('identity-link').innerText(), /Ethernet/);
  await driver.startWithOperator('Aiko Tanaka');
  assert.match(await page.getByTestId('session-link').innerText(), /Ethernet/, 'the link on top says Ethernet');
  assert.doesNotMatch(await page.getByTestId('session-link').innerText(), /TLS|USB/);

  // Steps 1-8 as the panels ask, the trust boundary left unattested; passwords entered at the write step.
  const write = await driver.runUntil((p) => p.kind === 'write', { leaveUnattested: TRUST_BOUNDARY });
  await driver.enterMissingPasswords();
  const panel = await driver.panel();
  assert.equal(panel.status, 'locked', 'the write step is locked over plain Ethernet');
  const reason = await page.getByTestId('lock-reason').innerText();
  assert.match(reason, /plain Ethernet/, `the lock says why: ${reason}`);
  assert.match(reason, /trust boundary/, reason);
  assert.match(reason, /2\.4\.7\.1[^,;]*B/, `the lock cites 2.4.7.1 procedure B: ${reason}`);
  assert.match(reason, /Attest|step 2|USB/, `the lock says what unlocks it: ${reason}`);
  assert.equal(await driver.panelLocator.locator('[data-primary-action]').isDisabled(), true, 'Write to the device cannot be pressed');
  await driver.screenshot('write-locked-procedure-b');

  // The attestation is on the connection step (step 2), by the operator with name and time.
  await driver.openStep('fig8.step2');
  const attestation = driver.panelLocator.getByTestId('attestation').filter({ hasText: TRUST_BOUNDARY });
  assert.equal(await attestation.count(), 1, 'step 2 offers the trust-boundary attestation');
  assert.equal(await attestation.getAttribute('data-attested'), 'false');
  await attestation.locator('input[type="checkbox"]').click();
  await driver.panelLocator.locator('[data-testid="attestation"][data-attested="true"]').filter({ hasText: TRUST_BOUNDARY }).waitFor({ timeout: 10_000 });
  assert.match(await attestation.innerText(), /Attested by Aiko Tanaka/);
  await driver.screenshot('trust-boundary-attested');

  const unlocked = await driver.openStep(write.stepId);
  assert.notEqual(unlocked.status, 'locked', 'attesting the trust boundary unlocks the write step');
  assert.equal(await page.getByTestId('lock-reason').count(), 0);
  assert.equal(await driver.panelLocator.locator('[data-primary-action]').isDisabled(), false, 'Write to the device may now be pressed');
  // "See before writing" lists the changes with the link they travel over: Ethernet.
  const items = page.getByTestId('write-item');
  assert.ok((await items.count()) > 0);
  assert.match(await items.first().innerText(), /Ethernet/);
  await driver.screenshot('write-unlocked');
  assert.deepEqual(await browser.cspViolations(), []);
});
