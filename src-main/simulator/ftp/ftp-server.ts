// The FTP server function of a virtual MX controller (Table 9 row 8; Table 13 row 3 "File transfer (FTPS
// server/client)"), so the FTP session timer of the 7E03 block `sessionTimers` acts on something real.
//
// - Opened at boot when the parameters in effect put the function in use
//   (`encryptedCommunication.functions.ftps.inUse === true`); otherwise the service is closed and a
//   connection is refused by the operating system. It is one more listener ("ftp", plain TCP, the port the
//   OS chose kept across restarts), announced with the others (`mxc sim` JSON lines).
// - Its connections go through the controller's own accept path (ListenerSpec.serve), so the IP filter
//   refuses and records them as on every service, and a logon still open at disconnect is logged off.
// - Explicit FTPS (RFC 4217, AUTH TLS) with the device's certificate and key, on the TLS version set
//   (encryptedCommunication.tlsVersion), while the certificate is valid on the device clock.
// - The session behaviour (logon, timer, answers) is ftp-session.ts.

import tls from 'node:tls';
import type net from 'node:net';
import { certificateStatus } from '../../crypto/certificate';
import type { ControllerSecurity } from '../controller-security';
import { readStoredCertificate } from '../crypto-functions/certificate-store';
import { tlsVersionRange } from '../crypto-functions/tls-listener';
import { FTP_CHOICES } from '../security/device-choices';
import { FtpSession, type FtpSessionSettings } from './ftp-session';
import type { ConnectionContext } from '../connection-context';
import type { ConnectionThrottle } from '../listener-set';

export const FTP_SERVICE = 'ftp';

export interface FtpServerOptions {
  /** Address the FTP service binds (default: the plain SLMP service's, else 127.0.0.1). */
  host?: string;
  /** Control connection port; 0 (default) lets the OS pick one, kept across restarts. */
  port?: number;
}

interface FtpsUse {
  inUse?: unknown;
  tls?: unknown;
}

interface EncryptedCommunicationBlock {
  tlsVersion?: unknown;
  functions?: { ftps?: FtpsUse };
}

/** The FTP session timer in effect, in seconds (the factory value when no sessionTimers block is in effect). */
export function ftpSessionTimeoutSeconds(security: Pick<ControllerSecurity, 'activeParameter'>): number {
  const seconds = security.activeParameter<{ ftpSessionTimeoutSeconds?: unknown }>('sessionTimers')?.ftpSessionTimeoutSeconds;
  return typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0 ? seconds : FTP_CHOICES.factorySessionTimeoutSeconds;
}

export function installFtpServer(security: ControllerSecurity, options: FtpServerOptions = {}): () => void {
  const { controller } = security;
  let port = options.port ?? 0;
  const sessions = new Set<FtpSession>();

  const dropAll = (): void => {
    for (const s of sessions) s.destroy();
    sessions.clear();
  };

  const offBoot = controller.onBoot((boot) => {
    const i = boot.listeners.findIndex((l) => l.service === FTP_SERVICE);
    if (i >= 0) {
      // Reopen on the port the OS chose before, as every other service does across a restart.
      if (boot.listeners[i]!.port) port = boot.listeners[i]!.port!;
      boot.listeners.splice(i, 1);
    }
    dropAll();
    const block = security.activeParameter<EncryptedCommunicationBlock>('encryptedCommunication');
    const ftps = block?.functions?.ftps;
    if (ftps?.inUse !== true) return;

    const versions = tlsVersionRange(controller.model.family, block?.tlsVersion);
    const certificate = readStoredCertificate(controller.stateDir);
    let context: tls.SecureContext | undefined;
    try {
      context = certificate
        ? tls.createSecureContext({ cert: certificate.stored.certificatePem, key: certificate.stored.privateKeyPem, minVersion: versions.minVersion, maxVersion: versions.maxVersion })
        : undefined;
    } catch {
      // A stored record the TLS layer rejects (a key that does not match, a damaged key) must not stop the
      // boot: FTPS is then unavailable. The error text is not kept, so no key material can reach an answer.
      context = undefined;
    }
    const settings: FtpSessionSettings = {
      tlsRequired: ftps.tls === true,
      timeoutSeconds: ftpSessionTimeoutSeconds(security),
      tls: () => {
        if (!certificate) return { unavailable: 'no server certificate is in effect on this controller; create one (2.4.7.2) and restart it.' };
        if (!context) return { unavailable: 'the server certificate in effect cannot be used (its private key does not match it or is damaged); create a new one (2.4.7.2) and restart the controller.' };
        // The device clock decides, at the moment of the request, as for SLMP over TLS (2.4.7.3).
        const status = certificateStatus(certificate.parsed, security.now());
        if (status === 'expired') return { unavailable: 'the server certificate has expired on the device clock; renew it (2.4.7.3).' };
        if (status === 'not-yet-valid') return { unavailable: 'the server certificate is not valid yet on the device clock; check the clock (2.4.7.3).' };
        return { context, setting: versions.setting };
      },
    };

    // The controller's accept path has run first (IP filter, connection registered); the FTP session timer,
    // not the Ethernet alive check, governs an FTP control connection.
    const serve = (socket: net.Socket, connection: ConnectionContext, throttle: ConnectionThrottle | undefined): void => {
      const session = new FtpSession(socket, connection, security, settings, throttle);
      sessions.add(session);
      socket.once('close', () => sessions.delete(session));
    };

    const host = options.host ?? boot.listeners.find((l) => l.service === 'slmp' && l.host !== undefined)?.host ?? '127.0.0.1';
    boot.listeners.push({ service: FTP_SERVICE, transport: 'tcp', host, port, protocol: 'none', serve });
  });

  const offChange = controller.listeners.onChange((list) => {
    const open = list.find((l) => l.service === FTP_SERVICE);
    if (open && open.transport === 'tcp') port = open.port;
  });

  controller.onStop(dropAll);

  return () => {
    offBoot();
    offChange();
    dropAll();
  };
}
