// 2.4.7.3 renewal against a virtual MXR300-32: a certificate expiring in under 90 days shows "renew-soon";
// delete, create, write, restart; the new certificate is proven over TLS pinned to it before the registry's
// pin changes; the old pin no longer connects. A proof that fails keeps the old pin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSelfSignedCertificate } from '../crypto/certificate';
import { DeviceRegistry, memoryStore } from '../commissioning/engine/device-registry';
import { ADMIN, commissionUsers, startFixture, type VirtualControllerFixture } from '../devices/mx-controller/testing/virtual-controller-fixture';
import { certificateStanding } from './certificate-calendar';
import { renewCertificate } from './certificate-renewal';

const DAY = 86_400_000;

async function expiringSoon(t: import('node:test').TestContext): Promise<{ f: VirtualControllerFixture; old: string; registry: DeviceRegistry }> {
  const f = await startFixture(t);
  const admin = await commissionUsers(f);
  // A certificate made 300 days ago with the guideline's one year: 65 days left.
  const c = await createSelfSignedCertificate({ commonName: 'MXR300-32', notBefore: new Date(Date.now() - 300 * DAY), subjectAltNames: [{ ip: '127.0.0.1' }] });
  await admin.writeCertificate(c.certificatePem, c.privateKeyPem);
  await admin.restart().catch(() => undefined);
  const registry = new DeviceRegistry(memoryStore());
  const caps = await (await f.usb()).capabilities();
  registry.pin({ deviceId: `${caps.model}${caps.serialNumber ? `#${caps.serialNumber}` : ''}`, model: caps.model, serial: caps.serialNumber, fingerprint256: c.fingerprint256, notAfter: c.notAfter.toISOString(), pinnedAt: new Date().toISOString() });
  return { f, old: c.fingerprint256, registry };
}

async function waitForTls(f: VirtualControllerFixture, fp: string) {
  for (let i = 0; i < 40; i++) {
    try {
      return await f.tls(fp);
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error('no TLS');
}

test('renewal: renew-soon under 90 days; the new certificate proven over TLS before the pin changes', async (t) => {
  const { f, old, registry } = await expiringSoon(t);
  const tls = await waitForTls(f, old);
  await tls.logon(ADMIN.name, ADMIN.password);
  const cert = (await tls.readCertificate())!;
  assert.equal(certificateStanding(cert, new Date()).standing, 'renew-soon');
  const result = await renewCertificate({
    driver: tls,
    registry,
    tlsEndpoint: { host: '127.0.0.1', port: f.portOf('slmp-tls')! },
    connectPinned: (fp) => f.tls(fp),
  });
  assert.equal(result.old?.fingerprint256, old);
  assert.notEqual(result.renewed.fingerprint256, old);
  assert.equal(registry.all()[0]!.fingerprint256, result.renewed.fingerprint256);
  assert.equal(certificateStanding(result.renewed, new Date()).standing, 'valid');
  assert.ok(result.renewed.der.length > 100 && result.renewed.pem.includes('BEGIN CERTIFICATE'));
  await assert.rejects(f.tls(old), 'the old pin no longer connects');
});

test('renewal: when the new certificate is not proven over TLS the old pin is kept', async (t) => {
  const { f, old, registry } = await expiringSoon(t);
  const usb = await f.usb();
  await usb.logon(ADMIN.name, ADMIN.password);
  await assert.rejects(
    renewCertificate({ driver: usb, registry, tlsEndpoint: { host: '127.0.0.1', port: 1 }, connectPinned: async () => { throw new Error('refused'); } }),
    /old pin is kept/,
  );
  assert.equal(registry.all()[0]!.fingerprint256, old);
});
