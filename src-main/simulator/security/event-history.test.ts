import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { EventHistory, FACTORY_EVENT_HISTORY_SETTINGS, formatEventCode } from './event-history';
import { EVENT_DEFINITIONS } from './device-choices';

function deviceClock(start = '2026-03-01T08:00:00Z') {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms: number) => { t += ms; } };
}

const key = randomBytes(32);
const peer = { address: '127.0.0.2', transport: 'tcp' } as const;

test('Table 17 row 4: an event is saved with the device clock time, user and peer', () => {
  const clock = deviceClock();
  const history = new EventHistory({ key, now: clock.now });
  clock.advance(1500);
  const rec = history.append({ name: 'logon-failure', user: 'op1', peer, detail: 'wrong password' });
  assert.ok(rec);
  assert.equal(rec.at, '2026-03-01T08:00:01.500Z');
  assert.equal(rec.code, EVENT_DEFINITIONS['logon-failure'].code);
  assert.equal(rec.severity, 'warning');
  assert.equal(rec.user, 'op1');
  assert.equal(rec.peerAddress, '127.0.0.2');
  assert.equal(history.read().records.length, 1);
});

test('2.4.5: the factory size of 128 KB holds 1365 events and the oldest are overwritten', () => {
  const history = new EventHistory({ key, now: deviceClock().now });
  assert.equal(history.capacity, 1365);
  for (let i = 0; i < 1400; i++) history.append({ name: 'file-read', detail: `#${i}` });
  const { records } = history.read();
  assert.equal(records.length, 1365);
  assert.equal(records[0]!.detail, '#35');
  assert.equal(records.at(-1)!.detail, '#1399');
  assert.deepEqual(history.verify(), { ok: true }, 'the chain still verifies after overwriting');
});

test('Table 9 row 13: with the manipulation check on, an edited record in the saved state is reported', () => {
  const history = new EventHistory({ key, now: deviceClock().now, settings: { ...FACTORY_EVENT_HISTORY_SETTINGS, manipulationCheck: true } });
  for (let i = 0; i < 5; i++) history.append({ name: 'logon-failure', user: 'intruder' });
  const saved = JSON.parse(JSON.stringify(history.toJSON()));
  saved.records[2].user = 'someone-else';
  const reloaded = EventHistory.fromJSON(saved, { key, now: deviceClock().now });
  const { integrity } = reloaded.read();
  assert.ok(integrity !== 'not-checked' && !integrity.ok && integrity.firstBadIndex === 2);
});

test('Table 12 row 4: a non-Administrator cannot clear the history; an Administrator can, and it is recorded', () => {
  const history = new EventHistory({ key, now: deviceClock().now });
  for (let i = 0; i < 3; i++) history.append({ name: 'logon-failure' });
  const refused = history.clear({ administrator: false, user: 'op1' });
  assert.equal(refused.ok, false);
  assert.ok(!refused.ok && refused.endCode === 0xc816);
  assert.equal(history.size, 3);
  const done = history.clear({ administrator: true, user: 'admin', peer });
  assert.ok(done.ok && done.cleared === 3);
  const { records } = history.read();
  assert.equal(records.length, 1);
  assert.equal(records[0]!.name, 'event-history-cleared');
  assert.equal(records[0]!.user, 'admin');
  assert.deepEqual(history.verify(), { ok: true });
});

test('2.4.5: a disabled history records nothing; filtered events are skipped but a clear can never be filtered', () => {
  const history = new EventHistory({ key, now: deviceClock().now });
  const refused = history.updateSettings({ excluded: ['event-history-cleared'] });
  assert.equal(refused.ok, false);
  assert.ok(history.updateSettings({ excluded: ['file-read'] }).ok);
  assert.equal(history.append({ name: 'file-read' }), null);
  assert.ok(history.append({ name: 'file-write' }));
  assert.ok(history.updateSettings({ enabled: false }).ok);
  const before = history.size;
  assert.equal(history.append({ name: 'logon-failure' }), null);
  assert.equal(history.size, before);
  assert.equal(history.read().records.at(-1)!.name, 'event-history-settings-changed', 'turning it off is the last record');
});

test('Table 9 row 10: a smaller size keeps the newest records and the chain stays valid; bad sizes are refused', () => {
  const history = new EventHistory({ key, now: deviceClock().now });
  for (let i = 0; i < 300; i++) history.append({ name: 'file-read', detail: `#${i}` });
  assert.ok(history.updateSettings({ sizeBytes: 16 * 1024 }).ok);
  assert.equal(history.capacity, 170);
  assert.equal(history.size, 170);
  assert.equal(history.read().records.at(-1)!.name, 'event-history-settings-changed');
  assert.deepEqual(history.verify(), { ok: true });
  const bad = history.updateSettings({ sizeBytes: 1000 });
  assert.ok(!bad.ok && bad.reason === 'invalid-setting' && /16-1024 KB/.test(bad.message));
});

test('state survives a power cycle through toJSON/fromJSON, and appending continues the chain', () => {
  const history = new EventHistory({ key, now: deviceClock().now, settings: { ...FACTORY_EVENT_HISTORY_SETTINGS, destination: 'data-memory' } });
  history.append({ name: 'remote-stop', user: 'admin' });
  const reloaded = EventHistory.fromJSON(JSON.parse(JSON.stringify(history)), { key, now: deviceClock().now });
  reloaded.append({ name: 'remote-run', user: 'admin' });
  assert.equal(reloaded.settings.destination, 'data-memory');
  assert.deepEqual(reloaded.verify(), { ok: true });
  assert.equal(formatEventCode(reloaded.read().records[1]!.code), '4006');
});

test('every event code is unique', () => {
  const codes = Object.values(EVENT_DEFINITIONS).map((d) => d.code);
  assert.equal(new Set(codes).size, codes.length);
});

test('Table 9 row 13: deleting the newest records from the saved state is reported as truncation', () => {
  const history = new EventHistory({ key, now: deviceClock().now, settings: { ...FACTORY_EVENT_HISTORY_SETTINGS, manipulationCheck: true } });
  for (let i = 0; i < 4; i++) history.append({ name: 'logon-failure', user: 'intruder' });
  const saved = JSON.parse(JSON.stringify(history.toJSON()));
  saved.records.pop();
  const { integrity } = EventHistory.fromJSON(saved, { key, now: deviceClock().now }).read();
  assert.ok(integrity !== 'not-checked' && !integrity.ok && integrity.reason === 'truncated');
});

test('the reserved share: anonymous refusals never push a logon failure (or any other security record) out of a full history; they push only each other out', () => {
  const history = new EventHistory({ key, now: deviceClock().now, settings: { ...FACTORY_EVENT_HISTORY_SETTINGS, sizeBytes: 16 * 1024 } });
  const capacity = history.capacity;
  for (let i = 0; i < 5; i++) history.append({ name: 'logon-failure', user: 'admin', peer, detail: `attempt ${i}` });
  for (let i = 0; i < capacity * 10; i++) history.append({ name: 'operation-refused', peer: { address: `10.0.0.${i % 200}`, transport: 'tcp' }, detail: 'Device read: not logged on' });
  const records = history.read().records;
  assert.equal(records.length, capacity);
  assert.equal(records.filter((r) => r.name === 'logon-failure').length, 5, 'every logon failure is still there');
  assert.deepEqual(history.verify(), { ok: true });
  // A security record still pushes the oldest record out (oldest first), and then noise can take the freed
  // noise front again; what was not recorded meanwhile is reported with the count.
  history.append({ name: 'lockout', user: 'admin', peer });
  assert.equal(history.read().records.filter((r) => r.name === 'logon-failure').length, 4);

  const noiseFirst = new EventHistory({ key, now: deviceClock().now, settings: { ...FACTORY_EVENT_HISTORY_SETTINGS, sizeBytes: 16 * 1024 } });
  for (let i = 0; i < capacity + 10; i++) noiseFirst.append({ name: 'tls-start', peer });
  noiseFirst.append({ name: 'logon-failure', user: 'admin', peer });
  for (let i = 0; i < capacity; i++) noiseFirst.append({ name: 'tls-end', peer });
  assert.equal(noiseFirst.read().records.filter((r) => r.name === 'logon-failure').length, 1, 'noise pushed out only noise');
  assert.equal(noiseFirst.read().records[0]!.name, 'logon-failure', 'the logon failure is now the oldest record, and stays');
  // A security record pushes it out (oldest first); the next noise record carries the count of what was not recorded.
  noiseFirst.append({ name: 'lockout', user: 'admin', peer });
  noiseFirst.append({ name: 'tls-end', peer });
  const kept = noiseFirst.read().records;
  assert.match(kept[kept.length - 1]!.detail ?? '', /\d+ earlier refusals or TLS starts\/ends were counted, not recorded/);
  assert.deepEqual(noiseFirst.verify(), { ok: true });
});
