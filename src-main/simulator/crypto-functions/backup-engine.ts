// Making and restoring a backup of the virtual controller (guideline 2.4.6), shared by the 7E07 commands
// and the automatic backup. The file is docs/backup-format.md (crypto/backup-file.ts); what goes into it is
// backup-sections.ts. Refusals are EndCodeErrors with the protocol's codes: CF23 wrong password, CF24 the
// file was modified or does not belong to this controller — and in both cases nothing on the device changed.

import { createBackupFile, DEFAULT_SCRYPT, openBackupFile, type BackupEntry, type ScryptParams } from '../../crypto/backup-file';
import { isCryptoError } from '../../crypto/crypto-error';
import { SecurityEndCode } from '../../slmp/security-commands';
import { EndCodeError } from '../end-code-error';
import type { SecurityContext } from '../security-context';
import {
  BackupSectionError,
  backupSectionsOf,
  certificateSection,
  deviceMemorySection,
  parameterSection,
  SECTION_ENTRY_PREFIX,
  stateRecordSection,
  USERS_RECORD,
  type BackupSection,
  type RestoreOptions,
} from './backup-sections';
import { readFirmwareState, serialNumberOf } from './firmware-state';
import { defaultSdCardDir, SdCard } from './sd-card';

export interface BackupEngineOptions {
  /** The SD memory card folder (default: the security context's `sdCardDir`, else "sd-card" in the state directory). */
  sdCardDir?: string;
  /** scrypt cost of encrypted backups (default DEFAULT_SCRYPT; tests pass the low-cost floor). */
  kdf?: ScryptParams;
}

const AUTOMATIC_PASSWORD_RECORD = 'backup-password';

export interface PreparedRestore {
  /** Names of the sections the backup restores. */
  readonly sections: string[];
  /**
   * Writes the restored non-volatile records: a 7E07 restoration's restart puts them in effect; automatic
   * restoration writes them before the boot's activation, so that same boot does.
   */
  applyRecords(): void;
  /** Device memory to write back once volatile memory has been cleared (by that restart, or by this boot). */
  readonly atBoot: Array<() => void>;
}

export class BackupEngine {
  readonly sdCard: SdCard;
  private readonly builtIn: BackupSection[];
  private readonly kdf: ScryptParams;

  constructor(
    private readonly security: SecurityContext,
    options: BackupEngineOptions = {},
  ) {
    const { controller } = security;
    const announced = (security as { sdCardDir?: unknown }).sdCardDir;
    this.sdCard = new SdCard(options.sdCardDir ?? (typeof announced === 'string' ? announced : defaultSdCardDir(controller)));
    this.kdf = options.kdf ?? DEFAULT_SCRYPT;
    this.builtIn = [
      deviceMemorySection(controller),
      parameterSection(controller),
      stateRecordSection(controller, 'users', USERS_RECORD, true),
      certificateSection(controller),
    ];
  }

  sections(): BackupSection[] {
    return [...this.builtIn, ...backupSectionsOf(this.security.controller)];
  }

  /** Whether the backup encryption setting in effect is on (2.4.6.1). */
  encryptionRequired(): boolean {
    return this.security.activeParameter<{ enabled?: unknown }>('backupEncryption')?.enabled === true;
  }

  /** A backup of all data; encrypted when a password is given. */
  async create(password: string | undefined): Promise<Buffer> {
    const { controller } = this.security;
    const encrypted = password !== undefined;
    const entries: BackupEntry[] = [];
    for (const section of this.sections()) {
      if (section.secret && !encrypted) continue;
      entries.push({ name: SECTION_ENTRY_PREFIX + section.name, data: await section.capture() });
    }
    const firmware = readFirmwareState(this.security);
    return createBackupFile(entries, {
      ...(encrypted && { password }),
      kdf: this.kdf,
      metadata: {
        model: controller.model.name,
        serial: serialNumberOf(this.security),
        firmware: firmware.firmwareVersion,
        createdAt: this.security.now(),
        encryption: encrypted,
      },
    });
  }

  /**
   * Opens and checks `file` and prepares every section; nothing changes on a refusal. The result applies
   * the non-volatile sections at once and hands back what must be applied after the restart.
   */
  async prepareRestore(file: Uint8Array, password: string | undefined, options: RestoreOptions): Promise<PreparedRestore> {
    const { controller } = this.security;
    let opened;
    try {
      opened = await openBackupFile(file, password);
    } catch (e) {
      if (!isCryptoError(e)) throw e;
      // The crypto messages name what happened and what to do; they never contain the password.
      if (e.code === 'wrong-password' || e.code === 'password-required') throw new EndCodeError(SecurityEndCode.backupWrongPassword, e.message);
      throw new EndCodeError(SecurityEndCode.backupIntegrityFailed, e.message);
    }
    if (opened.metadata.model.toUpperCase() !== controller.model.name.toUpperCase()) {
      throw new EndCodeError(
        SecurityEndCode.backupIntegrityFailed,
        `This backup was made on a ${opened.metadata.model}, not on this ${controller.model.name}; nothing was changed. Choose a backup of this controller.`,
      );
    }
    const byName = new Map(opened.entries.map((e) => [e.name, e.data]));
    const now: Array<() => void> = [];
    const atBoot: Array<() => void> = [];
    const sections: string[] = [];
    try {
      for (const section of this.sections()) {
        const data = byName.get(SECTION_ENTRY_PREFIX + section.name);
        // A secret section is trusted only from an encrypted (authenticated) backup.
        if (data === undefined || (section.secret && !opened.metadata.encryption)) continue;
        if (options.targets !== undefined && !options.targets.includes(section.name)) continue;
        (section.appliesAtBoot ? atBoot : now).push(section.prepare(data, options));
        sections.push(section.name);
      }
    } catch (e) {
      if (e instanceof BackupSectionError) throw new EndCodeError(SecurityEndCode.backupIntegrityFailed, `${e.message}; nothing was changed.`);
      throw e;
    }
    return {
      sections,
      applyRecords: () => {
        for (const run of now) run();
      },
      atBoot,
    };
  }

  /**
   * Project choice: automatic backups are encrypted with the password of the last encrypted backup an
   * Administrator made by hand, kept in the device's non-volatile state (0600) like its TLS private key:
   * the device must hold the key to encrypt on its own, and 7E07 carries the password nowhere else.
   */
  rememberAutomaticPassword(password: string): void {
    this.security.controller.stateDir.write(AUTOMATIC_PASSWORD_RECORD, { version: 1, password });
  }

  automaticPassword(): string | undefined {
    const stored = this.security.controller.stateDir.read<{ version: number; password?: unknown }>(AUTOMATIC_PASSWORD_RECORD);
    return typeof stored?.password === 'string' && stored.password !== '' ? stored.password : undefined;
  }

  forgetAutomaticPassword(): void {
    this.security.controller.stateDir.remove(AUTOMATIC_PASSWORD_RECORD);
  }
}
