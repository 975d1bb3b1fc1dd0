// Certificate renewal (2.4.7.3 / 3.4.7.3): "1) Delete the target certificate. 2) Create a new certificate.
// 3) Set the created certificate for the client device." Over the USB cable or TLS (2.4.7.1 allows both
// for the certificate). The new certificate takes effect at the restart; this PC then connects over TLS
// pinned to the NEW fingerprint, and only that proof replaces the old pin in the registry: until then the
// old pin is kept, so a renewal that fails half-way never leaves the installation trusting nothing (or
// the wrong thing). The new certificate's DER/PEM are returned for the connection destination devices.
import { AppError } from '../messages/app-error';
import { createSelfSignedCertificate } from '../crypto/certificate';
import { deviceIdOf, type DeviceRecord, type DeviceRegistry } from '../commissioning/engine/device-registry';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';

export interface RenewalInput {
  /** Logged on as an Administrator (the certificate is an Administrator's setting). */
  driver: ControllerSecurityDriver;
  registry: DeviceRegistry;
  /** The device's TLS listener (the new certificate's subject alternative name; where the proof connects). */
  tlsEndpoint: { host: string; port: number };
  /** Opens SLMP over TLS pinned to `fingerprint256` (the proof), after the restart. */
  connectPinned: (fingerprint256: string) => Promise<ControllerSecurityDriver>;
  validityDays?: number;
  keyType?: 'rsa-2048' | 'ec-p256';
  onProgress?: (line: string) => void;
  now?: () => Date;
}

export interface RenewalResult {
  old: { fingerprint256: string; notAfter: string } | null;
  renewed: { fingerprint256: string; notBefore: string; notAfter: string; pem: string; der: Buffer };
  pin: DeviceRecord;
}

export class RenewalError extends AppError {
  declare readonly code: 'NOT_PROVEN' | 'NOT_SUPPORTED';
  constructor(code: 'NOT_PROVEN' | 'NOT_SUPPORTED', message: string) {
    super({ code, messageId: `errors.lifecycle.renewal.${code}`, englishText: message });
  }
}

// Project choice: after the restart the proof connection is tried 40 times, 250 ms apart.
const PROOF = { attempts: 40, delayMs: 250 };

export async function renewCertificate(input: RenewalInput): Promise<RenewalResult> {
  const say = input.onProgress ?? (() => undefined);
  const driver = input.driver;
  const caps = await driver.capabilities();
  if (caps.mode !== 'full' || !caps.operations.has('certificate')) throw new RenewalError('NOT_SUPPORTED', `${caps.model}: renew the certificate in the engineering tool (2.4.7.3).`);
  const deviceId = deviceIdOf(caps.model, caps.serialNumber);
  const oldCert = await driver.readCertificate();
  const old = oldCert ? { fingerprint256: oldCert.fingerprint256, notAfter: oldCert.notAfter } : null;

  say('1) Deleting the certificate on the device…');
  if (oldCert) await driver.deleteCertificate();
  say('2) Creating the new certificate (valid from the device clock)…');
  const deviceNow = await driver.readClock();
  const host = input.tlsEndpoint.host;
  const created = await createSelfSignedCertificate({
    commonName: `${caps.model}${caps.serialNumber ? ` ${caps.serialNumber}` : ''}`.slice(0, 64),
    ...(input.validityDays ? { validityDays: input.validityDays } : {}),
    notBefore: deviceNow,
    ...(input.keyType ? { keyType: input.keyType } : {}),
    subjectAltNames: [/^[\d.]+$|:/.test(host) ? { ip: host } : { dns: host }],
  });
  await driver.writeCertificate(created.certificatePem, created.privateKeyPem);
  const back = await driver.readCertificate();
  if (back?.fingerprint256 !== created.fingerprint256) throw new RenewalError('NOT_PROVEN', 'The device does not read back the certificate just written; the old pin is kept. Renew again over the USB cable.');
  say('Restarting the controller so the new certificate takes effect…');
  await driver.restart().catch(() => undefined);
  await driver.close().catch(() => undefined);

  // The proof: a TLS handshake pinned to the new fingerprint, and the device answering over it.
  let proven: ControllerSecurityDriver | undefined;
  let last: unknown;
  for (let i = 0; i < PROOF.attempts && !proven; i++) {
    try {
      const d = await input.connectPinned(created.fingerprint256);
      await d.readIdentity();
      proven = d;
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, PROOF.delayMs));
    }
  }
  if (!proven) throw new RenewalError('NOT_PROVEN', `The device did not answer over TLS with the new certificate (${(last as Error)?.message ?? 'no answer'}); the old pin is kept. Check the device over the USB cable.`);
  await proven.close().catch(() => undefined);
  const previous = input.registry.get(deviceId);
  const pin: DeviceRecord = {
    deviceId,
    model: caps.model,
    serial: caps.serialNumber,
    fingerprint256: created.fingerprint256,
    notAfter: created.notAfter.toISOString(),
    pinnedAt: (input.now ?? (() => new Date()))().toISOString(),
    tlsEndpoint: previous?.tlsEndpoint ?? `${host.includes(':') ? `[${host}]` : host}:${input.tlsEndpoint.port}`,
  };
  input.registry.pin(pin);
  say('3) The new certificate is proven and pinned; set it on the connection destination devices.');
  return {
    old,
    renewed: { fingerprint256: created.fingerprint256, notBefore: created.notBefore.toISOString(), notAfter: created.notAfter.toISOString(), pem: created.certificatePem, der: created.certificateDer },
    pin,
  };
}
