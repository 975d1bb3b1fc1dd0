// The virtual adapter's web interface enforces chapter 4 for real, over HTTPS on a loopback socket,
// reached through the app's driver: password authentication (4.4.5), Table 46, logging (4.4.6), backup and
// restoration (4.4.7), initialization (4.4.8) and firmware update (4.4.9).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { createFirmwarePackage } from '../../crypto/firmware-package';
import { createSelfSignedCertificate } from '../../crypto/certificate';
import { PRACTICE_VENDOR_PRIVATE_KEY_PEM } from '../../crypto/practice-vendor-key';
import { isDeviceOperationError } from '../../devices/device-error';
import { WlanAdapterDriver } from '../../devices/wlan-adapter/wlan-adapter-driver';
import { FACTORY_PASSWORD } from './adapter-choices';
import { adapterProfile, commission, driverFor, NEW_PASSWORD, PASSPHRASE, startAdapter } from './testing/adapter-harness';

const adapter = await startAdapter({ logonDelayMs: { first: 300, max: 600 } });
after(() => adapter.stop());

const rejectsWith = async (p: Promise<unknown>, code: string, cause?: string): Promise<void> => {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isDeviceOperationError(e), String(e));
    assert.equal(e.code, code, e.message);
    if (cause) assert.equal(e.details.causeCode, cause);
    return true;
  });
};

function get(path: string): Promise<{ status: number; type: string; csp: string; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: adapter.web.host, port: adapter.web.port, path, rejectUnauthorized: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), csp: String(res.headers['content-security-policy']), body }));
      })
      .on('error', reject);
  });
}

test('the web page a technician opens in Chrome and its script are served from the same HTTPS server, with a strict CSP', async () => {
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.match(page.type, /text\/html/);
  assert.match(page.body, /<form id="logon">/);
  assert.match(page.csp, /script-src 'self'/);
  const script = await get('/app.js');
  assert.match(script.body, /\/api\/logon/);
});

test('the factory password only lets the technician set a new one; afterwards it is refused (Table 44 rows 6, 7)', async () => {
  const d = await driverFor(adapter);
  assert.equal(d.fingerprint256, adapter.web.fingerprint256, 'the pinned certificate');
  assert.deepEqual(await d.logon(FACTORY_PASSWORD), { mustChangePassword: true });
  await rejectsWith(d.readSettings(), 'password-expired', 'password-change-required');
  await rejectsWith(d.writeSetting('stealthSsid', true), 'password-expired');
  await rejectsWith(d.changePassword(FACTORY_PASSWORD, 'short'), 'password-rule');
  await d.changePassword(FACTORY_PASSWORD, NEW_PASSWORD);
  const { status } = await d.readSettings();
  assert.equal(status.initialPasswordReplaced, true);
  assert.ok(status.passwordChangedAt);
  const again = await driverFor(adapter);
  await rejectsWith(again.logon(FACTORY_PASSWORD), 'wrong-credentials');
  await rejectsWith(d.changePassword(NEW_PASSWORD, NEW_PASSWORD), 'password-reused');
  await d.close();
  await again.close();
});

test('wrong passwords are logged and each slows the next answer; there is no way to turn authentication off', async () => {
  const d = await driverFor(adapter);
  await rejectsWith(d.logon('wrong-1'), 'wrong-credentials');
  const t0 = Date.now();
  await rejectsWith(d.logon('wrong-2'), 'wrong-credentials');
  assert.ok(Date.now() - t0 >= 250, 'the second wrong logon is slowed');
  await d.logon(NEW_PASSWORD);
  const logs = await d.readLogs();
  assert.ok(logs.filter((e) => /Login failed \(wrong password\)/.test(e.text)).length >= 2);
  assert.ok(!logs.some((e) => e.text.includes('wrong-1')), 'the log never holds the entered password');
  const unauth = await WlanAdapterDriver.connect({ host: adapter.web.host, port: adapter.web.port });
  await rejectsWith(unauth.readSettings(), 'not-logged-on');
  await rejectsWith(unauth.writeSetting('logging', { enabled: false, readOutIntervalDays: 30 }), 'not-logged-on');
  await d.close();
  await unauth.close();
});

test('the session expires after a period without use', async () => {
  const a = await startAdapter({ sessionIdleMs: 1_000 });
  try {
    const d = await driverFor(a);
    await d.logon(FACTORY_PASSWORD);
    await d.changePassword(FACTORY_PASSWORD, NEW_PASSWORD);
    await new Promise((r) => setTimeout(r, 1_500));
    await rejectsWith(d.readSettings(), 'session-expired');
    await d.close();
  } finally {
    await a.stop();
  }
});

test('only the combinations of Table 46; Enterprise needs the RADIUS certificate first; the default key cannot be enabled', async () => {
  const d = await driverFor(adapter);
  await d.logon(NEW_PASSWORD);
  await rejectsWith(d.writeSetting('security', { authentication: 'WPA3-Personal', encryption: 'TKIP' }), 'invalid-setting');
  await rejectsWith(d.writeSetting('security', { authentication: 'Open', encryption: 'none' }), 'invalid-setting');
  await rejectsWith(d.writeSetting('security', { authentication: 'WPA2-Personal', encryption: 'AES' }), 'invalid-setting', 'default-passphrase');
  const radius = { server: '192.0.2.5', port: 1812, certificateFingerprint256: 'AB:'.repeat(31) + 'AB' };
  await rejectsWith(d.writeSetting('security', { authentication: 'WPA3-Enterprise', encryption: 'AES', radius }), 'invalid-setting', 'radius-certificate-required');
  const cert = await createSelfSignedCertificate({ commonName: 'radius.example', keyType: 'ec-p256' });
  assert.equal((await d.writeRadiusCertificate(cert.certificatePem)).fingerprint256, cert.fingerprint256);
  assert.deepEqual(await d.writeSetting('security', { authentication: 'WPA3-Enterprise', encryption: 'AES', radius }), { authentication: 'WPA3-Enterprise', encryption: 'AES', radius });
  assert.equal((await d.writeSetting('security', { authentication: 'WPA3-Personal', encryption: 'AES' }, { passphrase: PASSPHRASE })).authentication, 'WPA3-Personal');
  const { settings, status } = await d.readSettings();
  assert.equal(JSON.stringify({ settings, status }).includes(PASSPHRASE), false, 'the passphrase is never read back');
  await d.close();
});

test('backup: encrypted, without the RADIUS certificate or a password; restores only with the same password; a modified file changes nothing', async () => {
  const a = await startAdapter();
  try {
    const d = await commission(a, adapterProfile({ ssid: 'backup-net' }));
    const cert = await createSelfSignedCertificate({ commonName: 'radius.example', keyType: 'ec-p256' });
    await d.writeRadiusCertificate(cert.certificatePem);
    const file = await d.backup(NEW_PASSWORD);
    for (const secret of [NEW_PASSWORD, PASSPHRASE, 'backup-net', cert.fingerprint256, cert.certificatePem.slice(30, 60)]) assert.equal(file.includes(Buffer.from(secret)), false, 'nothing readable in the file');
    assert.ok((await d.readSettings()).status.lastSettingsBackupAt);
    await d.writeSetting('ssid', 'changed-net');
    // A modified file is refused and nothing changes.
    const tampered = Buffer.from(file);
    tampered[tampered.length - 20]! ^= 0x01;
    await rejectsWith(d.restore(tampered, NEW_PASSWORD), 'backup-integrity-failed');
    assert.equal((await d.readSettings()).settings.ssid, 'changed-net');
    await d.restore(file, NEW_PASSWORD);
    assert.equal((await d.readSettings()).settings.ssid, 'backup-net');
    // After the password changes, the old backup no longer restores (4.4.7.1).
    await d.changePassword(NEW_PASSWORD, 'Another-Pass-2027?');
    await d.writeSetting('ssid', 'changed-again');
    await rejectsWith(d.restore(file, 'Another-Pass-2027?'), 'backup-wrong-password');
    assert.equal((await d.readSettings()).settings.ssid, 'changed-again');
    await d.close();
  } finally {
    await a.stop();
  }
});

test('initialization restores the factory settings and password and keeps the logs; the logs go only by their own deletion', async () => {
  const a = await startAdapter();
  try {
    const d = await commission(a, adapterProfile({ ssid: 'init-net' }));
    await d.exportLogs();
    const before = (await d.readLogs()).length;
    await d.initialize();
    await rejectsWith(d.logon(NEW_PASSWORD), 'wrong-credentials');
    assert.deepEqual(await d.logon(FACTORY_PASSWORD), { mustChangePassword: true });
    await d.changePassword(FACTORY_PASSWORD, 'After-Init-Pass-1!');
    const { settings, status } = await d.readSettings();
    assert.equal(settings.security.authentication, 'Open');
    assert.equal(settings.macFilter.wired.enabled, false);
    assert.equal(status.radiusCertificate, null);
    const logs = await d.readLogs();
    assert.ok(logs.length > before, 'logs kept and the initialization logged');
    assert.ok(logs.some((e) => e.text.includes('initialized')));
    await d.deleteLogs();
    assert.deepEqual((await d.readLogs()).map((e) => e.text), ['Logs deleted']);
    const text = await d.exportLogs();
    assert.match(text, /Logs deleted/);
    await d.close();
  } finally {
    await a.stop();
  }
});

test('firmware update: a vendor package for this model updates the version; a modified or foreign one is refused and the version stays', async () => {
  const d = await driverFor(adapter);
  await d.logon(NEW_PASSWORD);
  const pkg = await createFirmwarePackage({ kind: 'firmware', targetModels: [adapter.device.model], version: '1.010', payload: Buffer.alloc(4096, 7) }, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  const tampered = Buffer.from(pkg);
  tampered[tampered.length - 1]! ^= 0xff;
  await rejectsWith(d.updateFirmware(tampered), 'package-refused');
  const foreign = await createFirmwarePackage({ kind: 'firmware', targetModels: ['MXR300-32'], version: '9.000', payload: Buffer.alloc(16) }, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  await rejectsWith(d.updateFirmware(foreign), 'package-refused');
  assert.equal((await d.readSettings()).status.firmware, '1.000');
  assert.deepEqual(await d.updateFirmware(pkg), { from: '1.000', to: '1.010' });
  assert.equal((await d.readSnapshot()).identity.firmware, '1.010');
  await d.close();
});

test('a certificate other than the pinned one is refused before any password is sent', async () => {
  await rejectsWith(WlanAdapterDriver.connect({ host: adapter.web.host, port: adapter.web.port, fingerprint256: 'AA:'.repeat(31) + 'AA' }), 'device-proof-failed', 'certificate-changed');
});

test('the request bodies are the one API schema of model/wlan-adapter-api.ts: a body without a field is refused naming it, an extra field is refused', async () => {
  const fresh = await startAdapter();
  try {
    const post = (path: string, body: unknown, token?: string): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        const data = Buffer.from(JSON.stringify(body));
        const headers = { 'Content-Type': 'application/json', 'Content-Length': data.length, ...(token ? { Authorization: `Bearer ${token}` } : {}) };
        https
          .request({ host: fresh.web.host, port: fresh.web.port, path, method: 'POST', rejectUnauthorized: false, headers }, (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          })
          .on('error', reject)
          .end(data);
      });
    const { token } = JSON.parse((await post('/api/logon', { password: FACTORY_PASSWORD })).body) as { token: string };
    const missing = await post('/api/password', { current: FACTORY_PASSWORD }, token);
    assert.equal(missing.status, 400);
    assert.match(missing.body, /Enter the new password/);
    const extra = await post('/api/password', { current: FACTORY_PASSWORD, next: 'Another-Pass-77!', admin: true }, token);
    assert.equal(extra.status, 400);
    assert.equal((await post('/api/password', { current: FACTORY_PASSWORD, next: 'Another-Pass-77!' }, token)).status, 200, 'the same body without the extra field is taken');
  } finally {
    await fresh.stop();
  }
});
