import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfStore } from './conf-store';
import { SecretInStoreError } from './no-secrets';

function tempDir(t: { after(fn: () => unknown): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const device = { model: 'MXR300-32', host: '192.0.2.10', pinnedFingerprint256: 'AB:CD' };

test('values persist across instances in a JSON file in the given folder', (t) => {
  const cwd = tempDir(t);
  const first = createConfStore({ cwd });
  first.set('device:192.0.2.10', device);
  first.set('preferences', { language: 'en' });
  assert.equal(first.path, join(cwd, 'config.json'));

  const second = createConfStore({ cwd });
  assert.deepEqual(second.get('device:192.0.2.10'), device);
  assert.equal(second.has('preferences'), true);
  assert.equal(second.get('missing'), undefined);
  second.delete('preferences');
  assert.equal(createConfStore({ cwd }).has('preferences'), false);

  const onDisk = JSON.parse(readFileSync(first.path, 'utf8'));
  assert.deepEqual(onDisk, { 'device:192.0.2.10': device });
});

test('keys with dots are literal keys, not nested paths', (t) => {
  const store = createConfStore({ cwd: tempDir(t) });
  store.set('devices.192.0.2.10', { model: 'MXF100-16-N32' });
  assert.deepEqual(store.get('devices.192.0.2.10'), { model: 'MXF100-16-N32' });
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(store.path, 'utf8'))), ['devices.192.0.2.10']);
});

test('secrets are refused and nothing is written', (t) => {
  const store = createConfStore({ cwd: tempDir(t) });
  const pem = '-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----\n';
  const refused: Array<[string, unknown]> = [
    ['device', { ...device, password: 'Sup3r-secret!' }],
    ['device', { users: [{ name: 'admin', Pass_Phrase: 'x' }] }],
    ['device', { tls: { privateKey: 'abc' } }],
    ['session', { apiToken: 'abc' }],
    ['wlan', { clientSecret: 'abc' }],
    ['cert', { pem }],
    ['cert', [pem]],
    ['cert', Buffer.from(`-----BEGIN EC PRIVATE KEY-----\n`)],
    ['password', 'x'],
  ];
  for (const [key, value] of refused) {
    assert.throws(() => store.set(key, value), (e: unknown) => {
      assert.ok(e instanceof SecretInStoreError);
      assert.equal(e.code, 'secret-in-store');
      assert.doesNotMatch(e.message, /Sup3r|BEGIN/);
      return true;
    }, JSON.stringify(key));
  }
  assert.equal(store.has('device'), false);
  assert.equal(store.has('cert'), false);
  // A certificate (public) and its fingerprint are fine to keep.
  store.set('cert', { pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', fingerprint256: 'AB' });
  assert.equal(store.has('cert'), true);
});
