// Table 9 row 12 ("correct time shall be set so that the time stamps are recorded correctly") with the
// clock block's source "sntp": written through the driver to a virtual MXR300-32, the device then keeps
// its clock on a real SNTP server (UDP on loopback, RFC 4330) from the restart on, records each
// correction, and leaves its clock alone — recording why, once — when the server fails or is far off.
// The fixture has no SNTP port option, so this test starts its controller itself, the same way.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectVirtualUsb } from '../../links/virtual-usb-link';
import { ManualScheduler } from '../../simulator/crypto-functions/scheduler';
import { startSntpServer } from '../../simulator/testing/sntp-server';
import { startVirtualController } from '../../simulator/start-virtual-controller';
import { MxControllerDriver } from './mx-controller-driver';
import { readAllEvents } from './testing/periodic-verification-cases';
import { ADMIN, TEST_PASSWORDS, TEST_USERS } from './testing/virtual-controller-fixture';

async function setUp(t: TestContext) {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-sntp-'));
  const sntp = await startSntpServer();
  const scheduler = new ManualScheduler();
  const usbSocket = join(dir, 'usb.sock');
  const running = await startVirtualController({ model: 'MXR300-32', usbSocket, stateDir: join(dir, 'state'), security: { sdCardDir: join(dir, 'sd-card'), sntpPort: sntp.port, scheduler } });
  const drivers: MxControllerDriver[] = [];
  t.after(async () => {
    for (const d of drivers) await d.close().catch(() => undefined);
    await running.stop();
    await sntp.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const usb = async (): Promise<MxControllerDriver> => {
    const d = new MxControllerDriver(await connectVirtualUsb({ path: usbSocket, label: 'practice MXR300-32' }));
    drivers.push(d);
    await d.logon(ADMIN.name, ADMIN.password);
    return d;
  };
  const first = new MxControllerDriver(await connectVirtualUsb({ path: usbSocket, label: 'practice MXR300-32' }));
  drivers.push(first);
  assert.deepEqual(await first.writeUserInformation(TEST_USERS, TEST_PASSWORDS), []);
  await first.logon(ADMIN.name, ADMIN.password);
  return { sntp, scheduler, admin: first, usb };
}

/** The device clock minus the PC clock, in ms. */
const offsetOf = async (d: MxControllerDriver): Promise<number> => {
  const before = Date.now();
  const device = (await d.readClock()).getTime();
  return device - (before + Date.now()) / 2;
};

test('Table 9 row 12: with source "sntp" the device sets its clock from the SNTP server at the restart and records it', async (t) => {
  const { sntp, admin, usb } = await setUp(t);
  await admin.writeClock(new Date(Date.now() - 30_000));
  assert.ok((await offsetOf(admin)) < -29_000);
  assert.deepEqual(await admin.writeParameters({ clock: { source: 'sntp', sntpServer: '127.0.0.1', maxOffsetSeconds: 60 } }), []);
  assert.ok((await offsetOf(admin)) < -29_000, 'written parameters take effect only at the restart');
  await admin.restart();

  const d = await usb();
  let offset = await offsetOf(d);
  for (let i = 0; i < 80 && Math.abs(offset) > 500; i++) {
    await sleep(25);
    offset = await offsetOf(d);
  }
  assert.ok(Math.abs(offset) < 500, `the device clock follows the server (now ${offset} ms off)`);
  assert.ok(sntp.requests >= 1);
  const change = (await readAllEvents(d)).filter((e) => e.name === 'clock-change').at(-1)!;
  assert.match(change.detail ?? '', new RegExp(`^SNTP 127\\.0\\.0\\.1:${sntp.port}: from .* to .*\\(\\+\\d+\\.\\d{3} s`));
  assert.equal(change.peer, '127.0.0.1');
  assert.equal(change.transport, 'udp');
  assert.deepEqual((await d.readParameters()).inEffect.clock, { source: 'sntp', sntpServer: '127.0.0.1', maxOffsetSeconds: 60 });
});

test('a failing or far-off SNTP server leaves the device clock alone and is recorded once per outage', async (t) => {
  const { sntp, scheduler, admin, usb } = await setUp(t);
  // One server by unicast: a multicast address is refused with its path.
  const refused = await admin.writeParameters({ clock: { source: 'sntp', sntpServer: '224.0.1.1', maxOffsetSeconds: 5 } });
  assert.deepEqual(refused.map((r) => r.path), ['blocks.clock.sntpServer']);
  assert.deepEqual(await admin.writeParameters({ clock: { source: 'sntp', sntpServer: '127.0.0.1', maxOffsetSeconds: 5 } }), []);
  await admin.restart();
  const d = await usb();
  for (let i = 0; i < 80 && sntp.requests === 0; i++) await sleep(25);
  await scheduler.tick(); // joins or follows the boot run, so it has finished
  const failuresOf = async () => (await readAllEvents(d)).filter((e) => e.name === 'clock-sync-failure');
  assert.equal((await failuresOf()).length, 0, 'a good server: no failure');

  // Garbage: the run fails, the clock stays; three intervals of it are one outage.
  sntp.behaviour = 'garbage';
  const before = await offsetOf(d);
  for (let i = 0; i < 3; i++) await scheduler.tick();
  let failures = await failuresOf();
  assert.equal(failures.length, 1, 'recorded once per outage');
  assert.match(failures[0]!.detail ?? '', /answered 5 bytes, not an SNTP message/);
  assert.ok(Math.abs((await offsetOf(d)) - before) < 500, 'the clock was left alone');

  // A rogue or broken server an hour off: refused (beyond the allowed 5 s), recorded, clock unchanged.
  sntp.behaviour = 'answer';
  sntp.offsetMs = 3600_000;
  await scheduler.tick();
  await scheduler.tick();
  failures = await failuresOf();
  assert.equal(failures.length, 2);
  assert.match(failures[1]!.detail ?? '', /more than the allowed offset of 5 s: the clock was not changed/);
  assert.ok(Math.abs(await offsetOf(d)) < 2000, 'the device clock did not jump an hour');
  assert.equal((await readAllEvents(d)).filter((e) => e.name === 'clock-change' && /^SNTP/.test(e.detail ?? '')).length, 0);
});
