// Journey: step 9 wrote the device certificate over USB and the app pinned its fingerprint. Before the
// restart, someone replaces the certificate the device will serve (here: the test, as a second engineering
// tool on the same practice controller, logs on as Administrator over the controller's virtual USB cable
// and writes a different certificate and key, exactly what an intruder with the Administrator password,
// or a mix-up of devices, would do). Step 10 restarts the controller and reconnects over TLS: the
// certificate offered is not the pinned one, so the step fails with that message, the link is not
// shown as TLS with a pinned certificate, and nothing after it can run.
//
// How the test finds the practice controller's virtual USB cable: the browser host (a child process
// with this test's fresh --data-dir) holds the listening Unix socket of its practice device; the test
// reads the host's open sockets from /proc (Linux), and picks the one named for the model.
// Debian's Chromium, practice MX-R from its factory state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { startAppInBrowser } from './support/app-in-browser';
import { WizardDriver, WizardStepError } from './support/wizard-driver';
import { connectVirtualUsb } from '../src-main/links/virtual-usb-link';
import { MxControllerDriver } from '../src-main/devices/mx-controller/mx-controller-driver';
import { createSelfSignedCertificate, parseCertificate } from '../src-main/crypto/certificate';

const JOURNEY = 'swapped-certificate-is-refused-at-reconnect';
const MODEL = 'MXR300-32';
// Test passwords (strong, never printed).
const PASSWORDS: Record<string, string> = { admin1: 'Kx7#Vq9!mZ2pLw4a', admin2: 'Rt5$Hn8@cY3uPe6b' };

/** The pid of the process started with this --data-dir (the browser host of this test). */
function hostPid(dataDir: string): number {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const i = argv.indexOf('--data-dir');
      if (i >= 0 && argv[i + 1] === dataDir) return Number(name);
    } catch {
      // A process that ended meanwhile, or not ours to read.
    }
  }
  throw new Error(`No process runs with --data-dir ${dataDir}`);
}

/** The path of the listening Unix socket the host holds for the practice model (its virtual USB cable). */
function practiceUsbSocket(pid: number, model: string): string {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // Closed meanwhile.
    }
  }
  // /proc/net/unix: "Num RefCount Protocol Flags Type St Inode Path"; St 01 = listening.
  for (const line of readFileSync('/proc/net/unix', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    const [inode, path] = [f[6], f[7]];
    if (inode && path && inodes.has(inode) && path.includes(`${model}-`) && path.endsWith('.sock')) return path;
  }
  throw new Error(`The host (pid ${pid}) holds no virtual USB socket of ${model}`);
}

test('a certificate swapped on the device after step 9 is refused at the TLS reconnect of step 10: nothing is trusted', { timeout: 150_000 }, async (t) => {
  const { host, browser } = await startAppInBrowser(t);
  const page = browser.page;
  const driver = new WizardDriver(page, JOURNEY, (user) => PASSWORDS[user] ?? PASSWORDS.admin2!);

  await page.goto(host.url);
  await driver.connectPracticeAndStart('MX-R', MODEL, 'Aiko Tanaka');
  const restart = await driver.runUntil((p) => p.kind === 'restart', { backupChoice: /No backup|declin/i });
  const rail = await driver.rail();
  assert.equal(rail.find((r) => r.stepId === 'fig8.step9')?.status, 'written', 'step 9 wrote the certificate and read it back');

  // The second tool on the same controller: logs on over the virtual USB cable, reads the certificate
  // the app wrote, and replaces it with another one (another key) before the restart.
  const socketPath = practiceUsbSocket(hostPid(host.dataDir), MODEL);
  const other = new MxControllerDriver(await connectVirtualUsb({ path: socketPath, label: `second tool on ${MODEL}` }));
  let written: string;
  let swapped: string;
  try {
    await other.logon('admin1', PASSWORDS.admin1!);
    const current = await other.readCertificate();
    assert.ok(current, 'the device holds the certificate step 9 wrote');
    written = parseCertificate(current.certificatePem).fingerprint256;
    const impostor = await createSelfSignedCertificate({ commonName: '127.0.0.1', validityDays: 365, keyType: 'ec-p256' });
    swapped = (await other.writeCertificate(impostor.certificatePem, impostor.privateKeyPem)).fingerprint256;
    await other.logoff().catch(() => undefined);
  } finally {
    await other.close();
  }
  assert.notEqual(swapped, written, 'the device now holds a different certificate');

  // Step 10: restart and reconnect over TLS; the certificate offered is not the pinned one.
  await driver.screenshot('before-restart');
  await driver.pressPrimary();
  let failure: WizardStepError | undefined;
  try {
    await driver.waitForOutcome(restart);
  } catch (error) {
    if (!(error instanceof WizardStepError)) throw error;
    failure = error;
  }
  await driver.screenshot('certificate-refused');
  assert.ok(failure, `step 10 must fail when the device offers another certificate (host: ${host.stderr().slice(-1500)})`);
  assert.equal(failure.step.stepId, restart.stepId);
  // The error notice can arrive one event before the step's own status: give the rail a moment (bounded).
  let status = failure.step.status;
  for (let i = 0; i < 50 && status !== 'failed'; i++) {
    await browser.page.waitForTimeout(100);
    status = (await driver.panel()).status;
  }
  assert.equal(status, 'failed', 'step 10 is marked failed');
  const said = failure.screenText;
  assert.match(said, /certificate/i, `the screen names the certificate: ${said}`);
  assert.match(said, /pinn|not the (one|certificate)|does not match|differ/i, `the screen says it is not the pinned one: ${said}`);
  assert.ok(said.includes(written), 'the screen names the pinned certificate by its fingerprint');
  assert.match(said, /USB/, `the screen says what to do (check the device over USB): ${said}`);
  assert.equal(await page.getByTestId('wizard-error').getAttribute('data-error-code'), 'PINNED_CERTIFICATE_MISMATCH', 'the code is in the details');

  // Nothing is trusted: no pinned TLS link is shown, the fingerprint of the impostor is nowhere as
  // pinned, and the steps after 10 cannot run.
  const link = await page.getByTestId('session-link').innerText();
  assert.doesNotMatch(link, /Ethernet with TLS/, `the link is not shown as a trusted TLS link: ${link}`);
  assert.match(link, /Not connected/, 'the refused connection is closed');
  assert.equal(await page.getByTestId('link-tls').count(), 0, 'no pinned certificate is shown');
  assert.ok(!(await page.locator('body').innerText()).includes(swapped), 'the impostor\'s fingerprint is not shown as pinned');
  const after = await driver.rail();
  assert.equal(after.find((r) => r.stepId === restart.stepId)?.status, 'failed');
  assert.equal(after.find((r) => r.stepId === 'fig8.step11')?.status, 'locked', 'step 11 stays locked');
  assert.equal(after.find((r) => r.stepId === 'fig8.step9')?.status, 'written', 'the write is not called verified');
  assert.deepEqual(await browser.cspViolations(), []);
});
