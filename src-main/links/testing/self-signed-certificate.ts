// Test support: a self-signed server certificate with chosen validity dates, like the one a device
// generates for itself. The key pair comes from Node (native, fast); node-forge only builds the X.509,
// which Node has no API for.
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

export interface TestCertificate {
  keyPem: string;
  certPem: string;
  /** As Node prints it: upper-case hex with colons. */
  fingerprint256: string;
}

export function selfSignedCertificate(options: { commonName?: string; notBefore?: Date; notAfter?: Date } = {}): TestCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01' + Math.floor(Math.random() * 1e12).toString(16);
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const attrs = [{ name: 'commonName', value: options.commonName ?? 'MXR300-32 practice' }, { name: 'organizationName', value: 'Test' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  return { keyPem, certPem, fingerprint256: new X509Certificate(certPem).fingerprint256 };
}
