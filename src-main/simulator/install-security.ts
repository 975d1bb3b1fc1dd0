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
import { installControllerSecurity } from './controller-security';
import { installTlsListener } from './crypto-functions/tls-listener';
import { EngineeringToolStandIn } from './engineering-tool-stand-in';

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

export interface InstallStockOptions {
  /** SLMP over TLS: address and port; open once a certificate written through the stand-in is in effect. */
  tls?: CryptoFunctionsOptions['tls'];
  scheduler?: CryptoFunctionsOptions['scheduler'];
  sdCardDir?: string;
  /** Bind the default open services on their nominal port numbers (the controller has its own loopback address). */
  defaultPortsAtNominal?: boolean;
  /** The controller's address (default 127.0.0.1). */
  host?: string;
}

/**
 * A STOCK controller, as the facts describe a real MX-R/MX-F: the same access control (IP filter at accept,
 * default open ports as real listeners, bandwidth limitation, event history), the same TLS service and
 * certificate handling, but none of the project's security commands: they answer C059 (not supported), as a
 * real controller does, and the settings change only through the engineering-tool stand-in it returns.
 */
export function installStockSecurity(controller: VirtualController, options: InstallStockOptions = {}): { security: ControllerSecurity; engineeringTool: EngineeringToolStandIn } {
  const security = installControllerSecurity(controller, {
    ...(options.sdCardDir !== undefined ? { sdCardDir: options.sdCardDir } : {}),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    ...(options.defaultPortsAtNominal ? { defaultPortsAtNominal: true } : {}),
    ...(options.host !== undefined ? { servicesHost: options.host } : {}),
  });
  installTlsListener(security, { ...options.tls, ...(options.scheduler ? { scheduler: options.scheduler } : {}) });
  return { security, engineeringTool: new EngineeringToolStandIn(security) };
}
