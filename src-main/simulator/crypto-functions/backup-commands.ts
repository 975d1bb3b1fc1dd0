// 7E07 Backup and restoration (guideline 2.4.6; docs/protocol.md): create a backup of all data
// (backup-sections.ts) to the SD memory card or for the PC, read it in chunks, restore it from PC chunks or
// from the SD card by name (CPU in STOP), list the card. A restoration ends with a restart of the
// controller (answer first, then restart, as 7E09 does), which puts the restored settings in effect. A wrong password (CF23) or a modified file (CF24)
// changes nothing (Table 17 row 6); every success and failure is recorded; the backup encryption setting
// itself is never restored (2.4.6.1).

import { createHash } from 'node:crypto';
import type { ScryptParams } from '../../crypto/backup-file';
import { BULK_CHUNK_BYTES, SecurityCommand, SecurityEndCode, SecurityOperation } from '../../slmp/security-commands';
import type { ConnectionContext } from '../connection-context';
import { END, EndCodeError } from '../end-code-error';
import type { SecurityContext } from '../security-context';
import type { EventDraft } from '../security/event-history';
import { Operation } from '../security/operations';
import { BackupEngine, type PreparedRestore } from './backup-engine';
import { exclusiveFunctionsOf } from './exclusive-functions';
import { badData, chunkData, optionalBoolean, optionalString, readBody, reply, requiredInteger, requiredString, unknownSubcommand } from './request-body';
import { newTransferId, TransferTable, UploadBuffer, type Transfer } from './transfer-table';

// Project choice: a restoration file may be at most 64 MiB (a full device-memory snapshot is a few KB
// compressed; a real controller's programs and files are well below this).
export const MAX_RESTORE_BYTES = 64 * 1024 * 1024;
// Project choice: a backup password is 1-256 characters; the rules of a strong password are the
// technician's to keep (2.4.6.1 "manage your password appropriately"), the device only needs one.
const MAX_PASSWORD_CHARS = 256;

export interface BackupCommandsOptions {
  sdCardDir?: string;
  kdf?: ScryptParams;
}

interface PendingBackup extends Transfer {
  readonly data: Buffer;
}

interface PendingRestore extends Transfer {
  readonly source: 'pc' | 'sd-card';
  readonly name: string | undefined;
  readonly upload: UploadBuffer | undefined;
  readonly file: Buffer | undefined;
  readonly release: () => void;
}

export function installBackupCommands(security: SecurityContext, options: BackupCommandsOptions = {}): () => void {
  const { controller } = security;
  const engine = new BackupEngine(security, options);
  const lock = exclusiveFunctionsOf(controller);
  const backups = new TransferTable<PendingBackup>();
  const restores = new TransferTable<PendingRestore>((r) => r.release());
  let installed = true;
  // Device memory of the last restoration, written back by the boot its restart runs.
  let pendingAtBoot: Array<() => void> = [];
  const offBoot = controller.onBoot(() => {
    const steps = pendingAtBoot;
    pendingAtBoot = [];
    for (const step of steps) step();
  });

  const who = (context: ConnectionContext, user: string | undefined): Pick<EventDraft, 'user' | 'peer'> => ({
    ...(user !== undefined && { user }),
    peer: security.peerOf(context),
  });

  const busy = (what: string): never => {
    throw new EndCodeError(END.notExecutable, `The ${what} cannot start while the ${lock.busyWith ?? 'another function'} is running; try again when it has finished`);
  };

  const create = async (body: Record<string, unknown>, context: ConnectionContext) => {
    const user = security.authorize(context, Operation.Backup);
    const destination = body['destination'];
    if (destination !== 'pc' && destination !== 'sd-card') badData('"destination" must be "pc" or "sd-card"');
    const password = optionalString(body, 'password', MAX_PASSWORD_CHARS);
    if (password !== undefined) security.requireProtectedLink(context, body, 'a backup password');
    const failed = (detail: string): void => security.record({ name: 'backup-failure', ...who(context, user), detail });
    if (password === undefined && engine.encryptionRequired()) {
      failed('Backup refused: backup encryption is on, and no password was given (2.4.6.1).');
      throw new EndCodeError(SecurityEndCode.backupPasswordRequired, 'Backup encryption is on: enter a password for the backup');
    }
    const release = lock.tryAcquire('backup');
    if (!release) {
      failed(`Backup refused: the ${lock.busyWith} is running.`);
      return busy('backup');
    }
    let data: Buffer;
    let name: string;
    try {
      data = await engine.create(password);
      const now = security.now();
      name = destination === 'sd-card' ? engine.sdCard.write('BACKUP', now, data) : `BACKUP-${now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}.mxcbak`;
    } catch (e) {
      failed(`Backup to the ${destination === 'pc' ? 'PC' : 'SD memory card'} failed: ${e instanceof Error ? e.message : 'unknown error'}`);
      throw e;
    } finally {
      release();
    }
    if (password !== undefined) engine.rememberAutomaticPassword(password);
    const backupId = newTransferId();
    backups.add({ id: backupId, connectionId: context.id, lastActivity: Date.now(), data });
    security.record({
      name: 'backup-success',
      ...who(context, user),
      detail: `Backup ${name} to the ${destination === 'pc' ? 'PC' : 'SD memory card'}, ${password !== undefined ? 'encrypted' : 'NOT encrypted'}, ${data.length} bytes`,
    });
    return reply({ backupId, name, size: data.length, sha256: createHash('sha256').update(data).digest('hex') });
  };

  const restoreBegin = (body: Record<string, unknown>, context: ConnectionContext) => {
    const user = security.authorize(context, Operation.Restore);
    security.requireStop('restoration');
    const source = body['source'];
    if (source !== 'pc' && source !== 'sd-card') badData('"source" must be "pc" or "sd-card"');
    const size = source === 'pc' ? requiredInteger(body, 'size', 1, MAX_RESTORE_BYTES) : undefined;
    const name = source === 'sd-card' ? requiredString(body, 'name', 128) : undefined;
    const file = name !== undefined ? engine.sdCard.read(name) : undefined;
    // A new begin replaces this connection's unfinished restoration (e.g. after a mistyped password).
    restores.dropConnection(context.id);
    const release = lock.tryAcquire('restoration');
    if (!release) {
      security.record({ name: 'restore-failure', ...who(context, user), detail: `Restoration refused: the ${lock.busyWith} is running.` });
      return busy('restoration');
    }
    const restoreId = newTransferId();
    restores.add({
      id: restoreId,
      connectionId: context.id,
      lastActivity: Date.now(),
      source,
      name,
      upload: size !== undefined ? new UploadBuffer(size) : undefined,
      file,
      release,
    });
    return reply({ restoreId });
  };

  const restoreCommit = async (body: Record<string, unknown>, context: ConnectionContext) => {
    const user = security.authorize(context, Operation.Restore);
    security.requireStop('restoration');
    const pending = restores.get(body['restoreId'], context);
    const password = optionalString(body, 'password', MAX_PASSWORD_CHARS);
    if (password !== undefined) security.requireProtectedLink(context, body, 'a backup password');
    const restoreSpecialDevices = optionalBoolean(body, 'restoreSpecialDevices') ?? false;
    const file = pending.file ?? pending.upload!.complete();
    const from = pending.source === 'sd-card' ? `the SD memory card (${pending.name})` : 'the PC';
    let prepared: PreparedRestore;
    try {
      prepared = await engine.prepareRestore(file, password, { restoreSpecialDevices });
    } catch (e) {
      const wrongPassword = e instanceof EndCodeError && e.endCode === SecurityEndCode.backupWrongPassword;
      security.record({
        name: 'restore-failure',
        ...who(context, user),
        detail: `Restoration from ${from} refused: ${wrongPassword ? 'decryption failed (wrong password)' : 'integrity check failed'}. Nothing was changed.`,
      });
      // A wrong password may be retyped on the same transfer; any other refusal ends it.
      if (!wrongPassword) restores.drop(pending.id);
      throw e;
    }
    restores.drop(pending.id);
    prepared.applyRecords();
    pendingAtBoot = prepared.atBoot;
    security.record({
      name: 'restore-success',
      ...who(context, user),
      detail: `Restored from ${from}: ${prepared.sections.join(', ')}. The controller restarts to put them in effect; the backup encryption setting was not restored (2.4.6.1).`,
    });
    // Answer first, then restart as initialization does: every connection drops.
    return { ...reply({ restored: prepared.sections, restarting: true }), after: () => controller.restart() };
  };

  const offCommand = controller.commands.register(SecurityCommand.Backup, (request, context) => {
    const body = readBody(request);
    switch (request.subcommand) {
      case SecurityOperation.Backup.Create:
        return create(body, context);
      case SecurityOperation.Backup.ReadChunk: {
        security.authorize(context, Operation.Backup);
        const pending = backups.get(body['backupId'], context);
        const offset = requiredInteger(body, 'offset', 0, pending.data.length);
        const chunk = pending.data.subarray(offset, offset + BULK_CHUNK_BYTES);
        return reply({ dataB64: chunk.toString('base64'), eof: offset + chunk.length >= pending.data.length });
      }
      case SecurityOperation.Backup.RestoreBegin:
        return restoreBegin(body, context);
      case SecurityOperation.Backup.RestoreChunk: {
        security.authorize(context, Operation.Restore);
        const pending = restores.get(body['restoreId'], context);
        if (!pending.upload) throw new EndCodeError(SecurityEndCode.unknownTransfer, 'This restoration reads the SD memory card; it takes no chunks');
        pending.upload.append(requiredInteger(body, 'offset', 0, MAX_RESTORE_BYTES), chunkData(body));
        return reply({});
      }
      case SecurityOperation.Backup.RestoreCommit:
        return restoreCommit(body, context);
      case SecurityOperation.Backup.List:
        security.authorize(context, Operation.Backup);
        return reply({ backups: engine.sdCard.list() });
      default:
        return unknownSubcommand(request);
    }
  });

  const offEvents = controller.onEvent((event) => {
    if (event.type !== 'disconnected') return;
    backups.dropConnection(event.context.id);
    restores.dropConnection(event.context.id);
  });

  // 2.4.1 / 2.6: initialization clears settings (the automatic-backup password with them); the SD card stays.
  security.onInitializeAll(() => {
    if (!installed) return;
    backups.clear();
    restores.clear();
    engine.forgetAutomaticPassword();
  });

  return () => {
    installed = false;
    offBoot();
    offCommand();
    offEvents();
    backups.clear();
    restores.clear();
  };
}
