// The session journal: persisted on every append (atomically), never with a secret, and read back into
// the views the engine resumes from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from './journal';
import { FileJournalStore, JournalCorruptError, KeyValueJournalStore } from './journal-store';
import { memoryStore } from '../engine/device-registry';

const tmp = () => mkdtempSync(join(tmpdir(), 'mxc-journal-'));

test('every append is on disk before it returns; no temporary file is left behind; the file is private', (t) => {
  const dir = tmp();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = new FileJournalStore(dir);
  const j = Journal.create(store, { sessionId: 's1' });
  j.append({ type: 'write', stepId: 'fig8.step9', writeId: 'lockout', key: 'lockout', state: 'intended', intended: { failures: 5, minutes: 15 } });
  const onDisk = JSON.parse(readFileSync(join(dir, 's1.journal.json'), 'utf8'));
  assert.equal(onDisk.entries.at(-1).state, 'intended');
  assert.deepEqual(readdirSync(dir), ['s1.journal.json']);
  assert.equal(statSync(join(dir, 's1.journal.json')).mode & 0o077, 0);
});

test('a password or a private key is refused and nothing of the entry is kept', (t) => {
  const dir = tmp();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const j = Journal.create(new FileJournalStore(dir), { sessionId: 's2' });
  assert.throws(() => j.append({ type: 'write', stepId: 'x', writeId: 'users', key: 'users', state: 'intended', intended: { password: 'Secret-123' } }), /secret-in-store|must never contain/);
  assert.throws(() => j.append({ type: 'write', stepId: 'x', writeId: 'certificate', key: 'certificate', state: 'intended', intended: { pem: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' } }), /private key/);
  assert.equal(j.entries.length, 0);
  assert.doesNotMatch(readFileSync(join(dir, 's2.journal.json'), 'utf8'), /Secret-123|BEGIN PRIVATE/);
});

test('after a restart of the app the journal reopens with the last state of every step, write and operation', (t) => {
  const dir = tmp();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = new FileJournalStore(dir);
  const j = Journal.create(store, { sessionId: 's3' });
  j.append({ type: 'session', sessionId: 's3', system: 'mx-r', model: 'MXR300-32', procedureId: 'figure-8', target: 'usb-socket:/x', profileDigest: 'd', operatorName: 'T' });
  j.append({ type: 'step', stepId: 'fig8.step9', state: 'started' });
  j.append({ type: 'write', stepId: 'fig8.step9', writeId: 'users', key: 'users', state: 'intended', intended: {} });
  j.append({ type: 'write', stepId: 'fig8.step9', writeId: 'users', key: 'users', state: 'written', intended: {} });
  j.append({ type: 'operation', stepId: 'fig8.step10', operation: 'restart', state: 'intended' });
  const again = Journal.open(store, 's3')!;
  assert.equal(again.stepState('fig8.step9'), 'started');
  assert.equal(again.lastWrite('users')?.state, 'written');
  assert.equal(again.operationState('fig8.step10', 'restart'), 'intended');
  assert.deepEqual(Journal.unfinished(store).map((d) => d.sessionId), ['s3']);
  again.append({ type: 'end', result: 'completed' });
  assert.deepEqual(Journal.unfinished(store), []);
});

test('a damaged journal file is reported, not silently ignored', (t) => {
  const dir = tmp();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 's4.journal.json'), '{"format":"mx-commissioner-journal","entr');
  assert.throws(() => new FileJournalStore(dir).load('s4'), (e: unknown) => e instanceof JournalCorruptError && /half-applied/.test(e.message));
});

test('the KeyValueStore form keeps journals under journal:<id> and refuses secrets the same way', () => {
  const store = new KeyValueJournalStore(memoryStore());
  const j = Journal.create(store, { sessionId: 's5' });
  j.append({ type: 'step', stepId: 'fig8.step1', state: 'operator-performed' });
  assert.equal(Journal.open(store, 's5')!.stepState('fig8.step1'), 'operator-performed');
  assert.throws(() => j.append({ type: 'resume', detail: 'x', token: 'abc' } as never));
});
