// The virtual controller's SD memory card: a folder on the host holding the backup files made to it
// (Table 17 row 5: "a backup file shall be generated in the SD memory card"). Initialization of all
// information leaves it alone, as it leaves a real card (2.6).

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectBackupFile } from '../../crypto/backup-file';
import { END, EndCodeError } from '../end-code-error';
import type { VirtualController } from '../virtual-controller';

// Project choice: the card is the folder "sd-card" inside the state directory unless the installer is told
// otherwise, so one --state directory carries a whole practice device; backup files end in ".mxcbak".
export const DEFAULT_SD_CARD_FOLDER = 'sd-card';
export const BACKUP_FILE_EXTENSION = '.mxcbak';
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\.mxcbak$/;

export interface SdCardBackup {
  name: string;
  size: number;
  /** Device clock time from the file's clear metadata (file time when the file is not a readable backup). */
  createdAt: string;
}

export function defaultSdCardDir(controller: VirtualController): string {
  return join(controller.stateDir.path, DEFAULT_SD_CARD_FOLDER);
}

export class SdCard {
  constructor(readonly dir: string) {}

  list(): SdCardBackup[] {
    if (!existsSync(this.dir)) return [];
    const out: SdCardBackup[] = [];
    for (const name of readdirSync(this.dir)) {
      if (!FILE_NAME.test(name)) continue;
      const file = join(this.dir, name);
      const stat = statSync(file);
      if (!stat.isFile()) continue;
      let createdAt = stat.mtime.toISOString();
      try {
        createdAt = inspectBackupFile(readFileSync(file)).createdAt.toISOString();
      } catch {
        // Not a readable backup: listed with its file time, refused if someone tries to restore it.
      }
      out.push({ name, size: stat.size, createdAt });
    }
    return out.sort((a, b) => (a.createdAt === b.createdAt ? a.name.localeCompare(b.name) : a.createdAt.localeCompare(b.createdAt)));
  }

  read(name: string): Buffer {
    const file = this.file(name);
    if (!existsSync(file)) throw new EndCodeError(END.badData, `There is no backup named ${name} on the SD memory card`);
    return readFileSync(file);
  }

  /** Writes a new backup file named `<prefix>-<device date>-<device time>.mxcbak`; returns its name. */
  write(prefix: string, createdAt: Date, data: Uint8Array): string {
    mkdirSync(this.dir, { recursive: true });
    const stamp = createdAt.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    for (let n = 1; n <= 100; n++) {
      const name = `${prefix}-${stamp}${n === 1 ? '' : `-${n}`}${BACKUP_FILE_EXTENSION}`;
      const file = join(this.dir, name);
      if (existsSync(file)) continue;
      // 0600: an unencrypted backup holds the device's data in clear.
      writeFileSync(file, data, { mode: 0o600, flag: 'wx' });
      return name;
    }
    throw new EndCodeError(END.notExecutable, 'Too many backups with the same time stamp on the SD memory card');
  }

  remove(name: string): void {
    rmSync(this.file(name), { force: true });
  }

  private file(name: string): string {
    if (!FILE_NAME.test(name)) throw new EndCodeError(END.badData, `"${name}" is not the name of a backup file (letters, digits, . _ - and ${BACKUP_FILE_EXTENSION})`);
    return join(this.dir, name);
  }
}
