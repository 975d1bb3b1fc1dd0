// Wires every security module of a virtual MX controller. The access-control module (users, sessions,
// parameters, IP filter, default open ports, bandwidth, event history, clock, initialization,
// diagnostics) comes first: it implements the SecurityContext the other modules take.

import type { VirtualController } from './virtual-controller';
import type { ControllerSecurity } from './controller-security';
import type { KdfParams } from '../crypto/password-hash';
import type { ScryptParams } from '../crypto/backup-file';
import { installAccessControl } from './security-commands/index';
import { installCryptoFunctions, type CryptoFunctionsOptions } from './crypto-functions/index';
import { installFtpServer, type FtpServerOptions } from './ftp/ftp-server';

export interface InstallSecurityOptions {
  /** The SD memory card folder (`mxc sim --sd-card DIR`); default `<state dir>/sd-card`. */
  sdCardDir?: string;
  /** scrypt cost of new password verifiers; the practice cost when omitted. */
  kdf?: KdfParams;
  /** scrypt cost of encrypted backups the device writes; the backup format's default when omitted. */
  backupKdf?: ScryptParams;
  /** SLMP over TLS: address and port (`mxc sim --tls-port`; 0 lets the OS pick). */
  tls?: CryptoFunctionsOptions['tls'];
  /** What drives the certificate check and automatic backups (tests advance a manual one). */
  scheduler?: CryptoFunctionsOptions['scheduler'];
  /** The FTP server function (open while `encryptedCommunication.functions.ftps.inUse`): address and port. */
  ftp?: FtpServerOptions;
  /**
   * UDP port the device's SNTP client sends to (clock block with source "sntp"); default 123, the SNTP
   * port (RFC 4330). Tests cannot bind 123 and pass their loopback server's port. The access-control
   * module takes it (and `scheduler`, which also drives the SNTP runs) from these options.
   */
  sntpPort?: number;
}

export function installSecurity(controller: VirtualController, options: InstallSecurityOptions = {}): ControllerSecurity {
  const security = installAccessControl(controller, options);
  installCryptoFunctions(security, {
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    backup: {
      ...(options.sdCardDir !== undefined ? { sdCardDir: options.sdCardDir } : {}),
      ...(options.backupKdf ? { kdf: options.backupKdf } : {}),
    },
  });
  installFtpServer(security, options.ftp ?? {});
  return security;
}
