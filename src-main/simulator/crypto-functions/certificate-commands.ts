// 7E06 Certificate (guideline 2.4.7.2, 2.4.7.3; docs/protocol.md): write the server certificate with its
// private key, read the certificate (never the key), delete it. The status is computed on the DEVICE
// clock. What is written takes effect at the next restart (certificate-store.ts), so the read answer also
// says whether a restart is pending.

import { certificateMatchesKey, certificateStatus, parseCertificate } from '../../crypto/certificate';
import { isCryptoError } from '../../crypto/crypto-error';
import { SecurityCommand, SecurityEndCode, SecurityOperation } from '../../slmp/security-commands';
import type { ConnectionContext } from '../connection-context';
import { EndCodeError } from '../end-code-error';
import type { SecurityContext } from '../security-context';
import { Operation } from '../security/operations';
import { readBody, reply, requiredString, unknownSubcommand } from './request-body';
import { readStoredCertificate, removeStoredCertificate, writeStoredCertificate } from './certificate-store';

// Project choice: a certificate or key PEM may be at most 16 KB: an RSA-4096 chain link is about 2 KB, and
// one request frame holds at most 8 KB anyway (MAX_REQUEST_DATA_BYTES).
const MAX_PEM_CHARS = 16 * 1024;

/** Nothing to configure yet; kept so every installer has the same shape. */
export type CertificateCommandsOptions = Record<string, never>;

export function installCertificateCommands(security: SecurityContext, _options: CertificateCommandsOptions = {}): () => void {
  const { controller } = security;
  const dir = controller.stateDir;
  let installed = true;
  // The fingerprint loaded at the last boot: what the TLS service presents (tls-listener.ts loads the same).
  let inEffect: string | undefined = readStoredCertificate(dir)?.parsed.fingerprint256;

  const offBoot = controller.onBoot(() => {
    inEffect = readStoredCertificate(dir)?.parsed.fingerprint256;
  });

  const refuse = (context: ConnectionContext, user: string | undefined, why: string): never => {
    security.record({ name: 'error-occurred', ...(user !== undefined && { user }), peer: security.peerOf(context), detail: `Certificate write refused: ${why}` });
    throw new EndCodeError(SecurityEndCode.certificateKeyMismatch, `Certificate write refused: ${why}`);
  };

  const offCommand = controller.commands.register(SecurityCommand.Certificate, (request, context) => {
    const body = readBody(request);
    switch (request.subcommand) {
      case SecurityOperation.Certificate.Read: {
        security.authorize(context, Operation.CertificateRead);
        const current = readStoredCertificate(dir);
        if (!current) return reply({ certificatePem: null, pendingRestart: inEffect !== undefined });
        const { parsed } = current;
        return reply({
          certificatePem: parsed.pem,
          fingerprint256: parsed.fingerprint256,
          notBefore: parsed.notBefore.toISOString(),
          notAfter: parsed.notAfter.toISOString(),
          status: certificateStatus(parsed, security.now()),
          pendingRestart: parsed.fingerprint256 !== inEffect,
        });
      }
      case SecurityOperation.Certificate.Write: {
        const user = security.authorize(context, Operation.CertificateWrite);
        security.requireProtectedLink(context, body, 'a private key');
        const certificatePem = requiredString(body, 'certificatePem', MAX_PEM_CHARS);
        const privateKeyPem = requiredString(body, 'privateKeyPem', MAX_PEM_CHARS);
        let parsed;
        let matches = false;
        try {
          parsed = parseCertificate(certificatePem);
          matches = certificateMatchesKey(parsed.der, privateKeyPem);
        } catch (e) {
          if (!isCryptoError(e)) throw e;
          // CryptoError messages never quote the key (certificate.ts drops OpenSSL's text on purpose).
          return refuse(context, user, e.message);
        }
        if (!matches) return refuse(context, user, 'the private key does not belong to this certificate');
        writeStoredCertificate(dir, { version: 1, certificatePem: parsed.pem, privateKeyPem: privateKeyPem.trim() + '\n', writtenAt: security.now().toISOString() });
        security.record({
          name: 'certificate-written',
          ...(user !== undefined && { user }),
          peer: security.peerOf(context),
          detail: `SHA-256 ${parsed.fingerprint256}, valid ${parsed.notBefore.toISOString()} to ${parsed.notAfter.toISOString()}; takes effect at the next restart`,
        });
        return reply({ fingerprint256: parsed.fingerprint256 });
      }
      case SecurityOperation.Certificate.Delete: {
        const user = security.authorize(context, Operation.CertificateDelete);
        const current = readStoredCertificate(dir);
        removeStoredCertificate(dir);
        if (current) {
          security.record({
            name: 'certificate-deleted',
            ...(user !== undefined && { user }),
            peer: security.peerOf(context),
            detail: `SHA-256 ${current.parsed.fingerprint256}; the TLS service closes at the next restart`,
          });
        }
        return reply({});
      }
      default:
        return unknownSubcommand(request);
    }
  });

  // 2.4.1: initialization of all information deletes the certificate information.
  security.onInitializeAll(() => {
    if (installed) removeStoredCertificate(dir);
  });

  return () => {
    installed = false;
    offBoot();
    offCommand();
  };
}
