// Automatic restoration (guideline 2.4.6, Table 35 row 6): "When automatic restoration is set, performing an
// automatic restoration execution request operation shall succeed, and the system shall return to the
// state at the time of backup", with the special relays and registers when so set, and, "when
// initialization for automatic restoration is enabled, drives other than the restoration target drive
// shall be initialized".
//
// Parameter block `automaticRestoration` (7E03, in effect after restart like every block):
//   {enabled, backup: "latest"|"<file on the SD card>", timing: "every-start"|"once",
//    restoreSpecialDevices, initializeOtherDrives, targets?: [drive names]}
//
// Project choices:
//   - the execution request is the controller's start: process start and every restart (remote RESET,
//     7E09), as the real product restores at power-on/reset with the SD card inserted. It runs during the
//     boot, before any service opens, so it needs no CPU STOP (nothing has run yet). The restart that ends a
//     7E07 restoration and the one after initialization are not requests;
//   - one start is one boot: the restoration runs in the boot's before-activation phase
//     (VirtualController.onBeforeActivation), after volatile memory is cleared and before the written
//     parameters take effect. It reads the setting that boot is about to put in effect (the written
//     block), writes the restored records (parameters, users, certificate), which the same boot then puts
//     in effect, and writes the device memory back directly. No further restart, so no loop, and no client
//     ever meets the settings from before the restoration;
//   - timing "once": a backup file (name and SHA-256) restored once is not restored again on later starts
//     (with "latest", a newer backup is a different file and is restored once); "every-start": every start;
//   - an encrypted backup is opened with the password the device keeps (backup-engine.ts: the password of
//     the last encrypted backup made by hand). No kept password, a wrong one, a modified file, a file of
//     another model, a missing file or a busy exclusive function: a restore-failure event says why,
//     nothing changes, and the controller starts with its current data;
//   - drives are the sections of a backup (backup-sections.ts): device-memory, parameters, users,
//     certificate, and those other modules register. The restoration target drives are `targets`, or every
//     drive the backup holds. With initializeOtherDrives, every other drive that can be initialized
//     (device memory, including latched ranges and file registers, and modules' sections that say how)
//     returns to its factory state before the restoration. The security information — parameters (in this
//     device they are the security settings), users, certificate, the event history and its key, the kept
//     backup password — is never initialized here: that is the Administrator's "initialize all
//     information" (2.4.1), and automatic restoration must not become a way to switch security off. The
//     event detail lists what was initialized and what was kept;
//   - the automatic restoration setting itself is never restored from a backup (backup-sections.ts).

import { createHash } from 'node:crypto';
import { inspectBackupFile } from '../../crypto/backup-file';
import { SecurityCommand, SecurityEndCode, SecurityOperation } from '../../slmp/security-commands';
import { EndCodeError } from '../end-code-error';
import type { SecurityContext } from '../security-context';
import { BackupEngine, type BackupEngineOptions, type PreparedRestore } from './backup-engine';
import { exclusiveFunctionsOf } from './exclusive-functions';

export interface AutomaticRestorationSetting {
  enabled: boolean;
  /** "latest" (the newest backup on the SD card) or the name of a backup file on it. */
  backup: string;
  timing: 'every-start' | 'once';
  /** Write back special relays and registers (SM, SD) too. */
  restoreSpecialDevices: boolean;
  /** Return the drives other than the restoration target to their factory state first. */
  initializeOtherDrives: boolean;
  /** The restoration target drives (section names); every drive the backup holds when omitted. */
  targets?: string[];
}

export const AUTOMATIC_RESTORATION_BLOCK = 'automaticRestoration';
// Project choice: the device's own record of automatic restoration (state directory, never backed up).
const STATE_RECORD = 'automatic-restoration';

interface RestoredFile {
  name: string;
  sha256: string;
}

interface RestorationState {
  version: 1;
  /** The last file restored automatically (timing "once"). */
  lastRestored?: RestoredFile;
}

export function installAutomaticRestoration(security: SecurityContext, options: BackupEngineOptions = {}): () => void {
  const { controller } = security;
  const engine = new BackupEngine(security, options);
  const lock = exclusiveFunctionsOf(controller);
  let installed = true;
  /** The next boot ends a 7E07 restoration: it is not an automatic restoration request. */
  let restorationRestart = false;

  const readState = (): RestorationState => {
    const stored = controller.stateDir.read<RestorationState>(STATE_RECORD);
    return stored?.version === 1 ? stored : { version: 1 };
  };
  const writeState = (state: RestorationState): void => controller.stateDir.write(STATE_RECORD, state);

  const failed = (detail: string): void =>
    security.record({ name: 'restore-failure', detail: `Automatic restoration ${detail} Nothing was changed; the controller started with its current data.` });

  const restore = async (setting: AutomaticRestorationSetting): Promise<void> => {
    let name = setting.backup;
    if (name === 'latest') {
      const newest = engine.sdCard.list().at(-1);
      if (!newest) return failed('not performed: there is no backup on the SD memory card. Insert the card with the backup, or make one.');
      name = newest.name;
    }
    const from = `from the SD memory card (${name})`;
    let file: Buffer;
    try {
      file = engine.sdCard.read(name);
    } catch (e) {
      return failed(`not performed: ${e instanceof Error ? e.message : 'the backup cannot be read'}.`);
    }
    const sha256 = createHash('sha256').update(file).digest('hex');
    const state = readState();
    if (setting.timing === 'once' && state.lastRestored?.name === name && state.lastRestored.sha256 === sha256) return;

    let encrypted: boolean;
    try {
      encrypted = inspectBackupFile(file).encrypted;
    } catch (e) {
      return failed(`${from} refused: integrity check failed (${e instanceof Error ? e.message : 'unreadable file'}).`);
    }
    const password = encrypted ? engine.automaticPassword() : undefined;
    if (encrypted && password === undefined) {
      return failed(`${from} refused: the backup is encrypted and the controller keeps no backup password. Make one encrypted backup by hand with this backup's password, so the controller keeps it.`);
    }

    const release = lock.tryAcquire('automatic restoration');
    if (!release) return failed(`${from} not performed: the ${lock.busyWith} was running.`);
    try {
      let prepared: PreparedRestore;
      try {
        prepared = await engine.prepareRestore(file, password, {
          restoreSpecialDevices: setting.restoreSpecialDevices,
          ...(setting.targets !== undefined && { targets: setting.targets }),
        });
      } catch (e) {
        if (!(e instanceof EndCodeError)) throw e;
        if (e.endCode === SecurityEndCode.backupWrongPassword) {
          return failed(`${from} refused: decryption failed (the backup password the controller keeps is not this backup's). Make one encrypted backup by hand with this backup's password.`);
        }
        return failed(`${from} refused: integrity check failed (${e.message}).`);
      }
      const missing = (setting.targets ?? []).filter((drive) => !prepared.sections.includes(drive));
      if (missing.length > 0) {
        return failed(`${from} refused: the backup holds no ${missing.join(', ')} drive (users and certificate are only in encrypted backups).`);
      }

      const initialized: string[] = [];
      const kept: string[] = [];
      if (setting.initializeOtherDrives) {
        for (const section of engine.sections()) {
          if (prepared.sections.includes(section.name)) continue;
          if (section.initialize) {
            section.initialize();
            initialized.push(section.name);
          } else kept.push(section.name);
        }
      }
      // Records first (this boot puts them in effect next), then device memory (volatile memory is already
      // cleared, so what is written now stays).
      prepared.applyRecords();
      for (const step of prepared.atBoot) step();
      writeState({ version: 1, lastRestored: { name, sha256 } });
      const other = setting.initializeOtherDrives
        ? `other drives initialized: ${initialized.join(', ') || 'none'}${kept.length > 0 ? ` (security information kept: ${kept.join(', ')})` : ''}`
        : 'other drives kept as they were';
      security.record({
        name: 'restore-success',
        detail:
          `Automatic restoration ${from} (${setting.timing}): ${prepared.sections.join(', ')}; special relays and registers ${setting.restoreSpecialDevices ? 'restored' : 'not restored'}; ${other}. ` +
          'They are in effect from this start; the backup encryption setting was not restored (2.4.6.1).',
      });
    } finally {
      release();
    }
  };

  const offBeforeActivation = controller.onBeforeActivation(async () => {
    if (!installed) return;
    if (restorationRestart) {
      // The restart that ends a 7E07 restoration: its restored records are already written, and the
      // automatic restoration setting it sees is the device's own (never restored), but it is no request.
      restorationRestart = false;
      return;
    }
    try {
      // The setting this boot is about to put in effect.
      const setting = security.writtenParameter<AutomaticRestorationSetting>(AUTOMATIC_RESTORATION_BLOCK);
      if (setting?.enabled !== true) return;
      await restore(setting);
    } catch (e) {
      // A fault here must not keep the controller from starting.
      security.record({ name: 'restore-failure', detail: `Automatic restoration failed: ${e instanceof Error ? e.message : 'unknown error'}` });
    }
  });

  const offEvents = controller.onEvent((event) => {
    if (
      event.type === 'request' &&
      event.endCode === 0 &&
      event.command === SecurityCommand.Backup &&
      event.subcommand === SecurityOperation.Backup.RestoreCommit
    ) {
      restorationRestart = true;
    }
  });

  // 2.4.1: initialization forgets what was restored, so a setting written afterwards starts afresh.
  security.onInitializeAll(() => {
    if (!installed) return;
    controller.stateDir.remove(STATE_RECORD);
  });

  return () => {
    installed = false;
    offBeforeActivation();
    offEvents();
  };
}
