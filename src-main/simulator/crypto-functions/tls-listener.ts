// SLMP over TLS (guideline 2.4.7, Table 13 row 2): the controller's encrypted communication service.
//
// - Opened at boot when a certificate is in effect (certificate-store.ts: written certificates take effect
//   at restart) and valid on the DEVICE clock. A certificate outside its validity is not served: the
//   service stays closed (or closes, when the device clock passes the end while running) and the failure
//   is recorded (2.4.7.3: "encrypted communications are no longer performed").
// - Within 90 days of the end: an event and the diagnostic flag certificateExpiringSoon (2.4.7.3).
// - TLS version from the parameter in effect (encryptedCommunication.tlsVersion): '1.2' or '1.3' only
//   that version, '1.2/1.3' both (MX-F only, 3.4.7.1).
// - A failed handshake (a client trusting another controller's certificate, another TLS version) is
//   recorded as "Communication by TLS could not be performed successfully" (Table 17 row 7); every TLS
//   connection's start and end are recorded.
// - Connections go through the controller's own accept path (transport 'tls'), so the IP filter and the
//   "secret only on a protected link" rule apply to them as to any other connection.
//
// Known limit: a client that checks the certificate only after the handshake has completed (Node's own TLS
// client does this in TLS 1.2) closes a connection the device saw succeed; the device then records a TLS
// start and end, because nothing on the wire tells it otherwise. OpenSSL-based clients and every TLS 1.3
// client abort inside the handshake, which is recorded as a failure.

import tls from 'node:tls';
import { certificateStatus, type CertificateStatus } from '../../crypto/certificate';
import type { ControllerFamily } from '../controller-models';
import type { ListenerSpec } from '../listener-set';
import type { SecurityContext } from '../security-context';
import { tlsVersionsOf } from '../security-commands/parameter-blocks';
import { readStoredCertificate, type CertificateInUse } from './certificate-store';
import { realScheduler, type Scheduler } from './scheduler';

export const TLS_SERVICE = 'slmp-tls';

export type TlsVersionSetting = '1.2' | '1.3' | '1.2/1.3';

// Project choice: the factory TLS version is 1.3 on MX-R and "1.2/1.3" on MX-F, the newest each model
// offers; 2.4.7.1 asks the technician to set the partner's version, which stays a step of the procedure.
export const FACTORY_TLS_VERSION: Readonly<Record<ControllerFamily, TlsVersionSetting>> = { 'MX-R': '1.3', 'MX-F': '1.2/1.3' };

// Project choice: the running controller re-checks its certificate against the device clock once a minute
// (real time); the device clock can be moved by 7E04 at any moment, and a minute is far below the 90-day
// warning and within the guideline's "no longer performed" once expired.
export const CERTIFICATE_CHECK_INTERVAL_MS = 60_000;

export interface TlsListenerOptions {
  /** Address the TLS service binds (default 127.0.0.1). */
  host?: string;
  /** TLS port; 0 (default) lets the OS pick one, kept across restarts. */
  port?: number;
  scheduler?: Scheduler;
  checkIntervalMs?: number;
}

export interface TlsVersionRange {
  setting: TlsVersionSetting;
  minVersion: tls.SecureVersion;
  maxVersion: tls.SecureVersion;
}

/** The TLS versions served for a setting; a setting the model does not offer falls back to the factory one. */
export function tlsVersionRange(family: ControllerFamily, setting: unknown): TlsVersionRange {
  const allowed = tlsVersionsOf(family);
  const chosen = (typeof setting === 'string' && allowed.includes(setting) ? setting : FACTORY_TLS_VERSION[family]) as TlsVersionSetting;
  if (chosen === '1.2') return { setting: chosen, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' };
  if (chosen === '1.3') return { setting: chosen, minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' };
  return { setting: chosen, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' };
}

/** Why a handshake failed, in the technician's words (the OpenSSL text is not recorded). */
export function describeHandshakeFailure(error: Error & { code?: string }, setting: TlsVersionSetting): string {
  const m = `${error.code ?? ''} ${error.message}`.toLowerCase();
  if (/unsupported protocol|protocol version|version too low|version too high|no protocols available/.test(m)) {
    return `the client does not use the TLS version set on this controller (TLS ${setting}); set both sides to the same version (2.4.7.1)`;
  }
  if (/unknown ca|bad certificate|certificate unknown|unsupported certificate|decrypt error|certificate required/.test(m)) {
    return "the client does not trust this controller's certificate (it may hold another controller's certificate); import this controller's certificate on the client";
  }
  if (/socket hang up|econnreset|epipe/.test(m)) {
    return "the client ended the handshake, for example because it does not trust this controller's certificate";
  }
  if (/wrong version number|http request|unknown protocol|packet length too long/.test(m)) return 'the client does not speak TLS on the TLS port';
  return 'the TLS handshake failed';
}

interface EncryptedCommunicationBlock {
  tlsVersion?: unknown;
}

export function installTlsListener(security: SecurityContext, options: TlsListenerOptions = {}): () => void {
  const { controller } = security;
  const scheduler = options.scheduler ?? realScheduler;
  const host = options.host ?? '127.0.0.1';
  let port = options.port ?? 0;
  let inUse: CertificateInUse | undefined;
  let versions = tlsVersionRange(controller.model.family, undefined);
  // Status events are recorded once per certificate and status per boot, not at every check.
  let reported = new Set<string>();

  const servable = (status: CertificateStatus | undefined): boolean => status === 'valid' || status === 'expiring-soon';

  const evaluate = (): CertificateStatus | undefined => {
    if (!inUse) {
      security.setDiagnosticFlag('certificateExpiringSoon', false);
      security.setDiagnosticFlag('certificateExpired', false);
      return undefined;
    }
    const { parsed } = inUse;
    const status = certificateStatus(parsed, security.now());
    security.setDiagnosticFlag('certificateExpiringSoon', status === 'expiring-soon');
    security.setDiagnosticFlag('certificateExpired', status === 'expired');
    const key = `${parsed.fingerprint256}:${status}`;
    if (status !== 'valid' && !reported.has(key)) {
      reported.add(key);
      const end = parsed.notAfter.toISOString();
      if (status === 'expiring-soon') {
        security.record({
          name: 'certificate-expiring',
          detail: `The TLS certificate (SHA-256 ${parsed.fingerprint256}) expires at ${end} on the device clock. Renew it before then: delete it, create a new one, set it on the clients (2.4.7.3).`,
        });
      } else if (status === 'expired') {
        security.record({ name: 'certificate-expired', detail: `The TLS certificate (SHA-256 ${parsed.fingerprint256}) expired at ${end} on the device clock.` });
        security.record({ name: 'tls-failure', detail: `SLMP over TLS is not served: the certificate expired at ${end}. Renew the certificate (2.4.7.3).` });
      } else {
        security.record({
          name: 'tls-failure',
          detail: `SLMP over TLS is not served: the certificate is valid only from ${parsed.notBefore.toISOString()}. Check the device clock (2.4.7.3).`,
        });
      }
    }
    return status;
  };

  const spec = (cert: CertificateInUse, onPort: number): ListenerSpec => ({
    service: TLS_SERVICE,
    transport: 'tls',
    host,
    port: onPort,
    tls: {
      cert: cert.stored.certificatePem,
      key: cert.stored.privateKeyPem,
      minVersion: versions.minVersion,
      maxVersion: versions.maxVersion,
    },
    onTlsClientError: (error, socket, peerAddress) => {
      security.record({
        name: 'tls-failure',
        peer: { address: peerAddress ?? socket.remoteAddress ?? 'unknown', transport: 'tls' },
        detail: `TLS connection refused: ${describeHandshakeFailure(error, versions.setting)}.`,
      });
    },
  });

  const offBoot = controller.onBoot((boot) => {
    const i = boot.listeners.findIndex((l) => l.service === TLS_SERVICE);
    if (i >= 0) {
      // Reopen on the port the OS chose before, as every other service does across a restart.
      if (boot.listeners[i]!.port) port = boot.listeners[i]!.port!;
      boot.listeners.splice(i, 1);
    }
    reported = new Set();
    inUse = readStoredCertificate(controller.stateDir);
    versions = tlsVersionRange(controller.model.family, security.activeParameter<EncryptedCommunicationBlock>('encryptedCommunication')?.tlsVersion);
    const status = evaluate();
    if (inUse && servable(status) && usablePair(inUse)) boot.listeners.push(spec(inUse, port));
  });

  // The stored pair was checked when it was written; a record damaged since must not stop the boot: the
  // service stays closed and the history says why (without any of the key).
  const usablePair = (cert: CertificateInUse): boolean => {
    try {
      tls.createSecureContext({ cert: cert.stored.certificatePem, key: cert.stored.privateKeyPem });
      return true;
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      security.record({
        name: 'tls-failure',
        detail: `SLMP over TLS is not served: the stored certificate and private key cannot be used together (${why}). Delete the certificate and create a new one (2.4.7.2), then restart the controller.`,
      });
      return false;
    }
  };

  const offChange = controller.listeners.onChange((list) => {
    const open = list.find((l) => l.service === TLS_SERVICE);
    if (open && open.transport === 'tcp') port = open.port;
  });

  const offEvents = controller.onEvent((event) => {
    if ((event.type !== 'connected' && event.type !== 'disconnected') || event.context.transport !== 'tls') return;
    const user = event.context.user?.name;
    security.record({
      name: event.type === 'connected' ? 'tls-start' : 'tls-end',
      ...(user !== undefined && { user }),
      peer: security.peerOf(event.context),
      detail: event.type === 'connected' ? `SLMP over TLS ${versions.setting} started` : 'SLMP over TLS ended',
    });
  });

  // The handshake has happened when the controller sees the connection; one that outlived the certificate
  // (device clock moved on) is dropped at once and the service closes.
  const offGuard = controller.onConnection((context) => {
    if (context.transport !== 'tls' || servable(evaluate())) return true;
    void controller.listeners.close(TLS_SERVICE);
    return false;
  });

  const offTimer = scheduler.every(options.checkIntervalMs ?? CERTIFICATE_CHECK_INTERVAL_MS, async () => {
    if (controller.isStopped) return;
    const status = evaluate();
    if (!servable(status) && controller.listeners.has(TLS_SERVICE)) await controller.listeners.close(TLS_SERVICE);
  });
  controller.onStop(offTimer);

  return () => {
    offBoot();
    offChange();
    offEvents();
    offGuard();
    offTimer();
  };
}
