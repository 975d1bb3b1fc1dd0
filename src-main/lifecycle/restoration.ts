// Restoration with the correct password (Table 17/35 row 6) and the guideline's rule that the backup
// encryption setting is not restored (2.4.6.1 / 3.4.6.1: "set encryption again"): the backup is opened on
// this PC first (a wrong password or a changed file is refused before anything reaches the device), then
// restored; after the controller's restart the app logs on again, sets backup encryption to the value it
// must have, restarts so it is in effect, reads it back, and says so.
import { openBackupFile } from '../crypto/backup-file';
import { checkRule, type RuleVerdict } from '../commissioning/guideline/ordering-rules';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';
import { systemOf } from './event-history';

export interface RestorationInput {
  /** Logged on as an Administrator. */
  driver: ControllerSecurityDriver;
  file: Buffer;
  password: string;
  /** The backup encryption the device must have after the restoration (the commissioned value). */
  encryption: { enabled: boolean };
  /** A new link after a restart, logged on as an Administrator of the restored user information. */
  reconnect: () => Promise<ControllerSecurityDriver>;
  onProgress?: (line: string) => void;
}

export interface RestorationResult {
  restored: string[];
  /** What the device held right after the restoration (its setting from before: not restored). */
  encryptionAfterRestore: boolean | undefined;
  encryptionNow: boolean;
  /** What the app did about 2.4.6.1, in the technician's words. */
  message: string;
  reminder: RuleVerdict;
}

const RECONNECT = { attempts: 40, delayMs: 250 };

async function again(reconnect: () => Promise<ControllerSecurityDriver>): Promise<ControllerSecurityDriver> {
  let last: unknown;
  for (let i = 0; i < RECONNECT.attempts; i++) {
    try {
      return await reconnect();
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, RECONNECT.delayMs));
    }
  }
  throw new Error(`The controller did not answer after the restart (${(last as Error)?.message ?? 'no answer'}).`);
}

export async function restoreWithPassword(input: RestorationInput): Promise<RestorationResult> {
  const say = input.onProgress ?? (() => undefined);
  const caps = await input.driver.capabilities();
  // 2.4.6: data "restored while the system is stopped"; the device refuses otherwise, the app says why first.
  const { cpuState } = await input.driver.readIdentity();
  if (cpuState !== 'STOP') throw new Error(`The controller is in ${cpuState}: stop the system (remote STOP or the switch) once the machine is in a safe state, then restore (2.4.6).`);
  say('Opening the backup on this PC with the password (integrity and password checked before sending)…');
  await openBackupFile(input.file, input.password);
  say('Restoring; the controller restarts…');
  const { restored } = await input.driver.restoreBackup({ file: input.file }, { password: input.password });
  await input.driver.close().catch(() => undefined);
  let d = await again(input.reconnect);
  const encryptionAfterRestore = (await d.readParameters()).inEffect.backupEncryption?.enabled;
  let message: string;
  if (encryptionAfterRestore === input.encryption.enabled) {
    message = `Backup encryption is ${input.encryption.enabled ? 'on' : 'off'} as commissioned: the restoration did not change it (it is not restored, 2.4.6.1), and it was checked.`;
  } else {
    say('Setting backup encryption again (it is not restored, 2.4.6.1)…');
    const rejected = await d.writeParameters({ backupEncryption: input.encryption });
    if (rejected.length) throw new Error(`The controller refused the backup encryption setting: ${rejected.map((r) => r.message).join(' ')}`);
    await d.restart().catch(() => undefined);
    await d.close().catch(() => undefined);
    d = await again(input.reconnect);
    message = `Backup encryption was ${encryptionAfterRestore ? 'on' : 'off'} after the restoration (the setting is not restored, 2.4.6.1); the app set it ${input.encryption.enabled ? 'on' : 'off'} again and read it back.`;
  }
  const encryptionNow = (await d.readParameters()).inEffect.backupEncryption?.enabled === true;
  await d.close().catch(() => undefined);
  const reminder = checkRule('reminder.backup-encryption-not-restored', { system: systemOf(caps), restoredSinceEncryptionSet: encryptionNow !== input.encryption.enabled });
  return { restored, encryptionAfterRestore, encryptionNow, message, reminder };
}
