// The session core's own duties, each shown where it can fail: the pin store looked up by device opens a
// tls:// endpoint without a fingerprint (and refuses another certificate at that address), the secrets
// are wiped at the points the procedure no longer needs them, and the profile is refused before anything
// opens when it is not valid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeviceRegistry, memoryStore } from '../commissioning/engine/device-registry';
import { openEndpoint, sameEndpoint, parseEndpoint } from '../devices/endpoint';
import { isLinkError } from '../links/link-error';
import { startLoopbackServer } from '../links/testing/loopback-server';
import { selfSignedCertificate } from '../links/testing/self-signed-certificate';
import { readyProfile } from '../commissioning/engine/testing/engine-fixture';
import { checkProfile } from './checked-profile';
import { SessionSecrets } from './session-secrets';

test('a tls:// endpoint without a fingerprint opens with the pin the registry holds for the device at that address', async (t) => {
  const device = selfSignedCertificate({ commonName: 'MXR300-32 A1' });
  const other = selfSignedCertificate({ commonName: 'someone else' });
  const server = await startLoopbackServer({ tls: { key: device.keyPem, cert: device.certPem } });
  t.after(() => server.close());
  const registry = new DeviceRegistry(memoryStore());
  const at = `127.0.0.1:${server.port}`;
  // Nothing pinned for that address: refused before trusting anything.
  await assert.rejects(openEndpoint(`tls://${at}`, { pins: registry, virtual: true }), (e: unknown) => isLinkError(e, 'certificate-unpinned'));
  // An older record of another certificate at the same address, then the device's: the newest pin counts.
  registry.pin({ deviceId: 'MXR300-32#OLD', model: 'MXR300-32', serial: 'OLD', fingerprint256: other.fingerprint256, notAfter: '2030-01-01T00:00:00Z', pinnedAt: '2026-01-01T00:00:00Z', tlsEndpoint: at });
  await assert.rejects(openEndpoint(`tls://${at}`, { pins: registry, virtual: true }), (e: unknown) => isLinkError(e, 'certificate-mismatch'));
  registry.pin({ deviceId: 'MXR300-32#A1', model: 'MXR300-32', serial: 'A1', fingerprint256: device.fingerprint256, notAfter: '2030-01-01T00:00:00Z', pinnedAt: '2026-06-01T00:00:00Z', tlsEndpoint: at });
  assert.equal(registry.fingerprintFor(at), device.fingerprint256);
  const link = await openEndpoint(`tls://${at}`, { pins: registry, virtual: true });
  assert.equal(link.kind, 'ethernet-tls');
  await link.close();
});

test('endpoints are compared by what they name, not by their text', () => {
  assert.ok(sameEndpoint(parseEndpoint('tcp://127.0.0.1:5010'), { kind: 'tcp', host: '127.0.0.1', port: 5010 }));
  assert.ok(!sameEndpoint(parseEndpoint('tcp://127.0.0.1:5010'), { kind: 'tcp', host: '127.0.0.1', port: 5011 }));
  assert.ok(!sameEndpoint(parseEndpoint('tls://127.0.0.1:5011'), parseEndpoint(`tls://127.0.0.1:5011#sha256=${'ab'.repeat(32)}`)));
  assert.ok(sameEndpoint(parseEndpoint('usb:1-2.3'), { kind: 'usb', deviceId: '1-2.3' }));
  assert.ok(!sameEndpoint(parseEndpoint('usb-socket:/tmp/a.sock'), parseEndpoint('usb-socket:/tmp/b.sock')));
});

test('the secrets are wiped when the procedure no longer needs them: step 4, step 9 (one Administrator kept), the report', () => {
  const secrets = new SessionSecrets({ users: new Map([['admin1', 'a'], ['admin2', 'b'], ['op1', 'c']]), previousAdministrator: { userName: 'old', password: 'p' }, backupPassword: 'k' });
  secrets.afterStep('device-operation', true, ['admin1', 'admin2']);
  assert.equal(secrets.previousAdministrator(), undefined);
  assert.equal(secrets.backupPassword(), undefined);
  assert.deepEqual([...secrets.usersEntered()], ['admin1', 'admin2', 'op1']);
  // A write step that did not finish keeps every password (it runs again).
  secrets.afterStep('write', false, ['admin1', 'admin2']);
  assert.equal(secrets.usersEntered().size, 3);
  secrets.afterStep('write', true, ['admin1', 'admin2']);
  assert.deepEqual([...secrets.usersEntered()], ['admin1']);
  assert.equal(secrets.userPassword('op1'), undefined);
  secrets.afterStep('report', true, ['admin1', 'admin2']);
  assert.equal(secrets.usersEntered().size, 0);
});

test('the profile is checked once, with the schema, its rules and the guideline references', () => {
  const good = checkProfile(readyProfile('MXR300-32'));
  assert.ok(good.ok);
  const bad = checkProfile({ ...readyProfile('MXR300-32'), attestations: [{ id: 'table99.row1', by: 'T', at: '2026-11-01T09:00:00.000Z', text: 'x' }] });
  assert.ok(!bad.ok && bad.issues.some((i) => i.path === 'attestations.0.id'));
  const secret = checkProfile({ ...readyProfile('MXR300-32'), password: 'x' });
  assert.ok(!secret.ok && secret.issues.some((i) => /never holds a password/.test(i.message)));
});
