// The device's SNTP synchronisation policy against a real SNTP server on loopback: it corrects the clock
// and says so, leaves a good clock alone, refuses a correction beyond the allowed offset, and records a
// failure once per outage. The schedule is a ManualScheduler: each tick() is "an interval later".
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../crypto-functions/scheduler';
import type { EventDraft } from './event-history';
import { SntpClockSync } from './sntp-clock-sync';
import { startSntpServer, type TestSntpServer } from '../testing/sntp-server';

const servers: TestSntpServer[] = [];
const syncs: SntpClockSync[] = [];
after(async () => {
  for (const s of syncs) s.stop();
  for (const s of servers) await s.close();
});

/** A device clock (PC clock + offset), its event sink, and the synchronisation under test. */
async function device(options: { clockOffsetMs?: number; serverOffsetMs?: number; timeoutMs?: number } = {}) {
  const server = await startSntpServer({ offsetMs: options.serverOffsetMs ?? 0 });
  servers.push(server);
  let offsetMs = options.clockOffsetMs ?? 0;
  const events: EventDraft[] = [];
  const scheduler = new ManualScheduler();
  const sync = new SntpClockSync({
    now: () => new Date(Date.now() + offsetMs),
    setClock: (time) => {
      offsetMs = time.getTime() - Date.now();
    },
    record: (e) => events.push(e),
    scheduler,
    port: server.port,
    timeoutMs: options.timeoutMs ?? 300,
  });
  syncs.push(sync);
  return { server, sync, scheduler, events, clockOffsetMs: () => offsetMs, named: (name: string) => events.filter((e) => e.name === name) };
}

test('at boot the device corrects its clock to the server and records the change, naming SNTP and the server', async () => {
  const d = await device({ clockOffsetMs: -20_000 });
  d.sync.configure({ server: d.server.host, maxOffsetSeconds: 60 });
  const outcome = await d.sync.syncNow(); // joins the boot run
  assert.equal(outcome.kind, 'corrected');
  assert.ok(Math.abs(d.clockOffsetMs()) < 200, `device clock now ${d.clockOffsetMs()} ms off the server`);
  const [change] = d.named('clock-change');
  assert.ok(change);
  assert.match(change.detail!, /^SNTP 127\.0\.0\.1:\d+: from .* to .* \(\+\d+\.\d{3} s, stratum 2\)$/);
  assert.deepEqual(change.peer, { address: '127.0.0.1', transport: 'udp' });
  assert.equal(d.server.requests, 1, 'joining the boot run sends no second request');
});

test('every interval the device asks again; a clock within 0.5 s is left alone and nothing is recorded', async () => {
  const d = await device();
  d.sync.configure({ server: d.server.host, maxOffsetSeconds: 2 });
  assert.equal((await d.sync.syncNow()).kind, 'in-sync');
  await d.scheduler.tick();
  assert.equal(d.server.requests, 2);
  assert.equal(d.events.length, 0);
  // The server moves 1.5 s (within the allowed 2 s): the next interval corrects.
  d.server.offsetMs = 1500;
  await d.scheduler.tick();
  assert.equal(d.sync.lastOutcome.kind, 'corrected');
  assert.ok(Math.abs(d.clockOffsetMs() - 1500) < 200);
  assert.equal(d.named('clock-change').length, 1);
});

test('a server further off than the allowed offset is refused: the clock stays, one failure is recorded', async () => {
  const d = await device({ serverOffsetMs: 3 * 3600_000 });
  d.sync.configure({ server: d.server.host, maxOffsetSeconds: 60 });
  const outcome = await d.sync.syncNow();
  assert.equal(outcome.kind, 'failed');
  assert.equal(outcome.kind === 'failed' && outcome.code, 'offset-too-large');
  assert.equal(d.clockOffsetMs(), 0, 'the device clock did not move');
  await d.scheduler.tick();
  await d.scheduler.tick();
  assert.equal(d.named('clock-change').length, 0);
  const failures = d.named('clock-sync-failure');
  assert.equal(failures.length, 1, 'once per outage, not once per run');
  assert.match(failures[0]!.detail!, /\+10800\.\d{3} s from the device clock, more than the allowed offset of 60 s: the clock was not changed/);
});

test('an answer slower than twice the correction threshold is not used: its offset could be wrong by more than the threshold', async () => {
  const d = await device({ serverOffsetMs: 1500, timeoutMs: 2000 });
  d.server.behaviour = 'slow';
  d.sync.configure({ server: d.server.host, maxOffsetSeconds: 60 });
  const outcome = await d.sync.syncNow();
  assert.equal(outcome.kind, 'failed');
  assert.equal(d.clockOffsetMs(), 0, 'the device clock did not move');
  assert.match(d.named('clock-sync-failure')[0]!.detail!, /too slowly to set the clock/);
});

test('a silent server: one failure per outage, bounded by the timeout; after it answers again a new outage is recorded again', async () => {
  const d = await device({ timeoutMs: 200 });
  d.server.behaviour = 'silent';
  d.sync.configure({ server: d.server.host, maxOffsetSeconds: 60 });
  const started = Date.now();
  assert.equal((await d.sync.syncNow()).kind, 'failed');
  assert.ok(Date.now() - started < 1500, 'the run ends at the timeout');
  await d.scheduler.tick();
  await d.scheduler.tick();
  assert.equal(d.server.requests, 3, 'one request per run: no retry storm');
  assert.equal(d.named('clock-sync-failure').length, 1);
  assert.match(d.named('clock-sync-failure')[0]!.detail!, /did not answer within 0\.2 s/);
  d.server.behaviour = 'answer';
  await d.scheduler.tick();
  assert.equal(d.sync.lastOutcome.kind, 'in-sync');
  d.server.behaviour = 'garbage';
  await d.scheduler.tick();
  assert.equal(d.named('clock-sync-failure').length, 2, 'a new outage');
  assert.equal(d.clockOffsetMs(), 0);
});

test('turned off (clock set by hand) or stopped, nothing is asked and a query in flight is dropped', async () => {
  const d = await device({ timeoutMs: 5000 });
  d.server.behaviour = 'silent';
  d.sync.configure({ server: d.server.host, maxOffsetSeconds: 60 });
  const inFlight = d.sync.syncNow();
  const started = Date.now();
  d.sync.configure(undefined);
  assert.equal((await inFlight).kind, 'off');
  assert.ok(Date.now() - started < 1000, 'the query was cancelled, not waited out');
  const asked = d.server.requests;
  await d.scheduler.tick();
  assert.equal(d.server.requests, asked, 'no run after SNTP was turned off');
  assert.equal(d.events.length, 0, 'a cancelled query is no outage');
});
