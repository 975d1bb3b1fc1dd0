// The crypto functions of a virtual MX controller in one call: certificate (7E06) and SLMP over TLS,
// backup/restoration (7E07) with automatic backup and automatic restoration, firmware update and add-on install (7E08). Each takes
// the SecurityContext of the access-control module; install them before controller.start(), because they
// hook the boot.

import type { SecurityContext } from '../security-context';
import { installAutomaticBackup } from './automatic-backup';
import { installAutomaticRestoration } from './automatic-restoration';
import { installBackupCommands, type BackupCommandsOptions } from './backup-commands';
import { installCertificateCommands } from './certificate-commands';
import { installFirmwareCommands, type FirmwareCommandsOptions } from './firmware-commands';
import type { Scheduler } from './scheduler';
import { installTlsListener, type TlsListenerOptions } from './tls-listener';

export interface CryptoFunctionsOptions {
  /** The TLS service's address and port (`mxc sim --tls-port`); port 0 lets the OS pick. */
  tls?: Omit<TlsListenerOptions, 'scheduler'>;
  backup?: BackupCommandsOptions;
  firmware?: FirmwareCommandsOptions;
  /** What drives the certificate check and the automatic backup (default: real timers). */
  scheduler?: Scheduler;
}

export function installCryptoFunctions(security: SecurityContext, options: CryptoFunctionsOptions = {}): () => void {
  const scheduler = options.scheduler !== undefined ? { scheduler: options.scheduler } : {};
  const uninstall = [
    installCertificateCommands(security),
    installTlsListener(security, { ...options.tls, ...scheduler }),
    installBackupCommands(security, options.backup ?? {}),
    installAutomaticBackup(security, { ...options.backup, ...scheduler }),
    installAutomaticRestoration(security, options.backup ?? {}),
    installFirmwareCommands(security, options.firmware ?? {}),
  ];
  return () => {
    for (const off of uninstall.reverse()) off();
  };
}

export { TLS_SERVICE } from './tls-listener';
export { registerBackupSection, type BackupSection } from './backup-sections';
export type { AutomaticRestorationSetting } from './automatic-restoration';
export { readFirmwareState, type FirmwareState } from './firmware-state';
