import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey } from 'node:crypto';
import { canonicalize, createInstallationKey, keyIdOf, signReport, verifySignedReport, type SignedReport } from './report-signature';
import { CryptoError } from './crypto-error';

const report = {
  device: { model: 'MXR300-32', serial: 'SN-0012345678', firmware: '1.002' },
  generatedAt: new Date('2026-05-01T10:00:00Z'),
  technician: 'Ana Müller',
  checks: [
    { id: 'T9-1', title: 'User authentication enabled', result: 'pass', reference: '2.4.1' },
    { id: 'T9-14', title: 'Backup encryption', result: 'pass', reference: '2.4.6.1' },
    { id: 'T9-20', title: 'IP filter', result: 'fail', reference: '2.4.8' },
  ],
  summary: { passed: 2, failed: 1, ratio: 0.6666666666666666 },
};

test('the installation key id is the first 16 bytes of the SHA-256 of its public key', async () => {
  const key = await createInstallationKey();
  const spki = createPublicKey(key.publicKeyPem).export({ type: 'spki', format: 'der' });
  assert.equal(key.keyId, createHash('sha256').update(spki).digest('hex').slice(0, 32));
  assert.equal(keyIdOf(key.publicKeyPem), key.keyId);
  assert.equal(keyIdOf(key.privateKeyPem), key.keyId, 'the id of a private key is the id of its public half');
});

test('a signed report verifies on its own, and after being saved and reloaded as JSON with other formatting', async () => {
  const key = await createInstallationKey();
  const signed = await signReport(report, key.privateKeyPem, key.keyId);
  assert.deepEqual(verifySignedReport(signed), { valid: true, keyId: key.keyId });
  const reloaded = JSON.parse(JSON.stringify(signed, null, 2)) as SignedReport;
  assert.equal(verifySignedReport(reloaded).valid, true);
  assert.equal(verifySignedReport(reloaded, key.publicKeyPem).valid, true);
  assert.ok(!JSON.stringify(signed).includes('PRIVATE KEY'), 'the signed report never carries the private key');
});

test('any edit to a signed report breaks its signature', async () => {
  const key = await createInstallationKey();
  const signed = await signReport(report, key.privateKeyPem, key.keyId);
  const edits: Array<[string, (r: any) => void]> = [
    ['a failed check turned into a pass', (r) => (r.report.checks[2].result = 'pass')],
    ['a finding removed', (r) => r.report.checks.pop()],
    ['the date moved', (r) => (r.report.generatedAt = '2026-05-02T10:00:00.000Z')],
    ['a number changed', (r) => (r.report.summary.failed = 0)],
    ['a field added', (r) => (r.report.approvedBy = 'someone')],
    ['the serial changed by one character', (r) => (r.report.device.serial = 'SN-0012345679')],
    ['an envelope field added', (r) => (r.note = 'reviewed')],
    ['checks reordered', (r) => r.report.checks.reverse()],
  ];
  for (const [what, edit] of edits) {
    const copy = JSON.parse(JSON.stringify(signed)) as SignedReport;
    edit(copy);
    assert.deepEqual(verifySignedReport(copy), { valid: false, reason: 'bad-signature', keyId: key.keyId }, what);
  }
});

test('a report re-signed with another key verifies alone but is refused against the trusted installation key', async () => {
  const installation = await createInstallationKey();
  const forger = await createInstallationKey();
  const forged = await signReport({ ...report, checks: [] }, forger.privateKeyPem, forger.keyId);
  assert.equal(verifySignedReport(forged).valid, true, 'integrity alone holds for any key');
  assert.deepEqual(verifySignedReport(forged, installation.publicKeyPem), { valid: false, reason: 'unknown-key', keyId: forger.keyId });
});

test('swapping in another public key or a key id that does not match is malformed', async () => {
  const key = await createInstallationKey();
  const other = await createInstallationKey();
  const signed = await signReport(report, key.privateKeyPem, key.keyId);
  assert.equal(verifySignedReport({ ...signed, publicKeyPem: other.publicKeyPem }).reason, 'malformed');
  assert.equal(verifySignedReport({ ...signed, publicKeyPem: other.publicKeyPem, keyId: other.keyId }).reason, 'bad-signature');
  assert.equal(verifySignedReport({ ...signed, signature: 'AAAA' }).reason, 'malformed');
  assert.equal(verifySignedReport({ hello: 'world' } as unknown as SignedReport).reason, 'malformed');
  assert.equal(verifySignedReport(null as unknown as SignedReport).reason, 'malformed');
});

test('signing with a key id that is not the key\'s own is refused', async () => {
  const key = await createInstallationKey();
  const other = await createInstallationKey();
  await assert.rejects(signReport(report, key.privateKeyPem, other.keyId), (e: unknown) => e instanceof CryptoError && e.code === 'invalid-key');
  await assert.rejects(signReport(report, 'garbage', key.keyId), (e: unknown) => e instanceof CryptoError && e.code === 'invalid-key' && !e.message.includes('garbage'));
});

test('canonical JSON sorts keys at every level and has no whitespace', () => {
  assert.equal(canonicalize({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  assert.equal(canonicalize({ a: 1, b: 2 }), canonicalize({ b: 2, a: 1 }));
});

test('canonical JSON orders keys by UTF-16 code units and keeps unicode as is', () => {
  // RFC 8785 3.2.3 sorts by UTF-16 code units, not code points: 😀 is U+1F600 but its first unit is 0xD83D.
  assert.equal(canonicalize({ '😀': 1, '€': 2, a: 3, A: 4, 'é': 5 }), '{"A":4,"a":3,"é":5,"€":2,"😀":1}');
  assert.equal(canonicalize({ '\uff61': 1, '\ud83d\ude00': 2 }), '{"😀":2,"｡":1}', 'surrogates (0xD8..) sort before 0xFF61');
  assert.equal(canonicalize('line\nquote"back\\tab\t\u0001'), '"line\\nquote\\"back\\\\tab\\t\\u0001"');
  assert.equal(canonicalize('Müller'), '"Müller"');
});

test('canonical JSON prints numbers as ECMAScript does and refuses what JSON cannot carry', () => {
  assert.equal(canonicalize([1, 1.5, -0, 1e21, 1e-7, 0.1 + 0.2, 100, -12.5e3]), '[1,1.5,0,1e+21,1e-7,0.30000000000000004,100,-12500]');
  for (const bad of [NaN, Infinity, -Infinity, 10n, '\ud800 lone surrogate']) {
    assert.throws(() => canonicalize({ x: bad }), (e: unknown) => e instanceof CryptoError && e.code === 'invalid-input');
  }
  const cyclic: Record<string, unknown> = {};
  cyclic['self'] = cyclic;
  assert.throws(() => canonicalize(cyclic), (e: unknown) => e instanceof CryptoError);
});

test('canonical JSON treats dates, undefined and shared objects as JSON.stringify does', () => {
  const shared = { k: 1 };
  assert.equal(canonicalize({ d: new Date('2026-01-01T00:00:00Z'), u: undefined, arr: [undefined, shared, shared] }), '{"arr":[null,{"k":1},{"k":1}],"d":"2026-01-01T00:00:00.000Z"}');
  const value = { z: [1, 'two', { three: 3 }], a: true, m: { y: null } };
  assert.equal(canonicalize(value), canonicalize(JSON.parse(JSON.stringify(value))));
});
