import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceText, keyAsWords } from './evidence-text';

const W = { yes: 'yes', no: 'no', none: 'none', readAt: (t: string) => `(read ${t})` };

test('evidence is shown as words: no JSON, no camelCase key', () => {
  const text = evidenceText(JSON.stringify({ value: { strength: 'strong', minLength: 12, expiryEnabled: true }, readAt: '2026-12-04T16:21:20.952Z' }), W, 'en');
  assert.doesNotMatch(text, /[{}"]|[a-z][A-Z]/);
  assert.match(text, /min length: 12, expiry enabled: yes \(read /);
  assert.equal(evidenceText(JSON.stringify({ value: { users: [{ name: 'admin1', group: 'Administrators' }] }, readAt: 'x' }), W, 'en'), 'users: admin1 (group: Administrators) (read x)');
  assert.equal(evidenceText('plain words', W, 'en'), 'plain words');
  assert.equal(evidenceText('open default ports: port3/melsoft-tcp; port3/x-y', { ...W, term: (id) => (id === 'melsoft-tcp' ? 'MELSOFT connection (TCP)' : undefined) }, 'en'), 'open default ports: port3/MELSOFT connection (TCP); port3/x-y');
  assert.equal(keyAsWords('ethernetAliveCheckSeconds'), 'ethernet alive check seconds');
  const named = { ...W, term: (id: string) => ({ 'melsoft-tcp': 'MELSOFT connection (TCP)', 'file-read': 'File read' })[id] };
  assert.equal(evidenceText(JSON.stringify({ port3: { 'melsoft-tcp': 'closed' }, authorities: ['file-read'] }), named, 'en'), 'port3: MELSOFT connection (TCP): closed, authorities: File read');
});
