// What a backup of the virtual controller holds ("all data", guideline 2.4.6: "It is recommended to select
// all target data"). Each part is a section: captured into one entry `sections/<name>` of the backup file
// (docs/backup-format.md) and restored from it. Restoration prepares every section first and applies them
// only when all are readable, so a backup that cannot be restored completely changes nothing.
//
// Project choice: what "all data" is in the virtual device —
//   device-memory  every device area (D, M, X, Y, W, B, R, ZR, SD, SM); SD/SM are written back only when
//                  the restoration asks for special relays/registers (Table 35 row 6)
//   parameters     every written parameter (the 7E03 blocks and the modules' own sections), except the
//                  backup encryption setting, which is never restored (2.4.6.1), and the automatic
//                  restoration setting (automatic-restoration.ts), which governs restoration itself
//   certificate    the server certificate with its private key — in ENCRYPTED backups only, so a private
//                  key never lands on an SD card or a PC in clear
//   users          the access-control module's user information record (verifiers, never passwords;
//                  groups, lockouts, password history) — in ENCRYPTED backups only: a verifier in clear
//                  would let anyone holding the file guess the passwords offline
//   + the sections other modules register (registerBackupSection).
// Not in a backup: the device clock, the serial number, the event history and its chain key (restoring it would let anyone roll back the
// evidence), the firmware and add-on versions (a restoration never changes firmware, Table 35 row 2), the
// automatic-backup password, and the SD card itself.
//
// A restoration ends with a restart of the controller (as initialization does): the restored records
// (parameters, users, certificate) are written before it and put in effect by it, like any written
// parameter; device memory is written back right after it (the restart clears volatile memory).

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { certificateMatchesKey, parseCertificate } from '../../crypto/certificate';
import { DEVICE_AREAS } from '../device-memory';
import type { VirtualController } from '../virtual-controller';
import { CERTIFICATE_RECORD, removeStoredCertificate, writeStoredCertificate, type StoredCertificate } from './certificate-store';

export interface RestoreOptions {
  /** Table 35 row 6: write back special relays and registers (SM, SD) too. */
  readonly restoreSpecialDevices: boolean;
  /**
   * The restoration target drives (section names) of an automatic restoration (Table 35 row 6); the
   * sections of the backup outside them are not restored. Undefined: every section the backup holds.
   */
  readonly targets?: readonly string[];
}

export interface BackupSection {
  /** The entry is `sections/<name>`; lower-case letters, digits and '-'. */
  readonly name: string;
  /** Holds a secret (a private key): only in encrypted backups. */
  readonly secret?: boolean;
  /**
   * Applied after the restart that ends a restoration (device memory: the restart would clear it again)
   * instead of before it (non-volatile records, which the restart then puts in effect).
   */
  readonly appliesAtBoot?: boolean;
  capture(): Uint8Array | Promise<Uint8Array>;
  /** Checks the data and returns what applies it; throws BackupSectionError when it cannot be restored. */
  prepare(data: Uint8Array, options: RestoreOptions): () => void;
  /**
   * Returns this drive to its factory state: "initialization for automatic restoration" of the drives
   * other than the restoration target (Table 35 row 6). Absent: a restoration never initializes it (the
   * security records: initializing them is 2.4.1's "initialize all information", for Administrators).
   */
  initialize?(): void;
}

export class BackupSectionError extends Error {
  readonly code = 'SIM_BACKUP_SECTION';
  constructor(section: string, message: string) {
    super(`The "${section}" part of the backup cannot be restored: ${message}`);
    this.name = 'BackupSectionError';
  }
}

const SECTION_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;
const registry = new WeakMap<VirtualController, Map<string, BackupSection>>();

/** Adds a section to this controller's backups; returns what removes it again. */
export function registerBackupSection(controller: VirtualController, section: BackupSection): () => void {
  if (!SECTION_NAME.test(section.name)) throw new BackupSectionError(section.name, 'the section name is not valid');
  let sections = registry.get(controller);
  if (!sections) {
    sections = new Map();
    registry.set(controller, sections);
  }
  if (sections.has(section.name)) throw new BackupSectionError(section.name, 'a section of this name is already registered');
  sections.set(section.name, section);
  return () => {
    if (sections.get(section.name) === section) sections.delete(section.name);
  };
}

export function backupSectionsOf(controller: VirtualController): BackupSection[] {
  return [...(registry.get(controller)?.values() ?? [])];
}

export const SECTION_ENTRY_PREFIX = 'sections/';

function json(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

function parseJson(section: string, data: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    throw new BackupSectionError(section, 'its data is not readable');
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------------------
// device-memory

const SPECIAL_DEVICES = new Set(['SD', 'SM']);

export function deviceMemorySection(controller: VirtualController): BackupSection {
  const name = 'device-memory';
  return {
    name,
    appliesAtBoot: true,
    capture() {
      const areas: Record<string, { kind: string; size: number; dataB64: string }> = {};
      for (const area of DEVICE_AREAS) {
        const words = controller.memory.readWords(area.name, 0, area.kind === 'word' ? area.size : area.size / 16);
        const raw = Buffer.alloc(words.length * 2);
        words.forEach((w, i) => raw.writeUInt16LE(w, i * 2));
        // Device memory is mostly zeros: deflate keeps a full snapshot to a few KB.
        areas[area.name] = { kind: area.kind, size: area.size, dataB64: deflateRawSync(raw).toString('base64') };
      }
      return json({ version: 1, areas });
    },
    prepare(data, options) {
      const parsed = parseJson(name, data);
      if (!isObject(parsed) || parsed['version'] !== 1 || !isObject(parsed['areas'])) throw new BackupSectionError(name, 'unknown layout');
      const writes: Array<{ device: string; words: number[] }> = [];
      for (const area of DEVICE_AREAS) {
        const saved = parsed['areas'][area.name];
        if (saved === undefined) continue;
        if (SPECIAL_DEVICES.has(area.name) && !options.restoreSpecialDevices) continue;
        if (!isObject(saved) || saved['kind'] !== area.kind || saved['size'] !== area.size || typeof saved['dataB64'] !== 'string') {
          throw new BackupSectionError(name, `device ${area.name} does not match this controller's device allocation`);
        }
        const wordCount = area.kind === 'word' ? area.size : area.size / 16;
        let raw: Buffer;
        try {
          raw = inflateRawSync(Buffer.from(saved['dataB64'], 'base64'), { maxOutputLength: wordCount * 2 });
        } catch {
          throw new BackupSectionError(name, `device ${area.name} is damaged`);
        }
        if (raw.length !== wordCount * 2) throw new BackupSectionError(name, `device ${area.name} has the wrong size`);
        writes.push({ device: area.name, words: Array.from({ length: wordCount }, (_, i) => raw.readUInt16LE(i * 2)) });
      }
      return () => {
        for (const w of writes) controller.memory.writeWords(w.device, 0, w.words);
        // SD203/SD0/SM0 keep showing the CPU's own state, whatever the backup held.
        controller.cpu.sync();
      };
    },
    initialize() {
      // Every area, the latched ranges and file registers too: a restart alone would keep those.
      for (const area of DEVICE_AREAS) {
        controller.memory.writeWords(area.name, 0, new Array<number>(area.kind === 'word' ? area.size : area.size / 16).fill(0));
      }
      controller.cpu.sync();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// parameters

const PARAMETER_RECORD = 'parameters';
const NOT_RESTORED_BLOCK = 'backupEncryption';
// Restoring an older automatic restoration setting would change what the next start restores (or switch
// it off) behind the technician's back: the setting in the device stays as it is.
const AUTOMATIC_RESTORATION_BLOCK = 'automaticRestoration';

/**
 * Carries the device's current backup encryption setting into the restored parameters, wherever a module
 * keeps it (a section named for it, or a member of a section, up to three levels deep): 2.4.6.1.
 */
export function keepCurrentBlock(restored: unknown, current: unknown, block: string = NOT_RESTORED_BLOCK, depth = 3): unknown {
  if (!isObject(restored)) return restored;
  const out: Record<string, unknown> = { ...restored };
  const now = isObject(current) ? current : {};
  // Both sides' keys: a backup made before anything was written has no section where the device now keeps
  // the block, and the block must still survive the restoration.
  for (const key of new Set([...Object.keys(out), ...Object.keys(now)])) {
    if (key === block || key.endsWith(`.${block}`)) {
      if (key in now) out[key] = structuredClone(now[key]);
      else delete out[key];
    } else if (depth > 0 && key in out) {
      out[key] = keepCurrentBlock(out[key], now[key], block, depth - 1);
    } else if (depth > 0 && isObject(now[key])) {
      const carried = keepCurrentBlock({}, now[key], block, depth - 1);
      if (isObject(carried) && Object.keys(carried).length > 0) out[key] = carried;
    }
  }
  return out;
}

export function parameterSection(controller: VirtualController): BackupSection {
  const name = 'parameters';
  return {
    name,
    capture: () => json(controller.stateDir.read(PARAMETER_RECORD) ?? { version: 1, sections: {} }),
    prepare(data) {
      const parsed = parseJson(name, data);
      if (!isObject(parsed) || parsed['version'] !== 1 || !isObject(parsed['sections'])) throw new BackupSectionError(name, 'unknown layout');
      const restoredSections = parsed['sections'];
      return () => {
        const current = controller.stateDir.read<{ sections?: unknown }>(PARAMETER_RECORD);
        const kept = keepCurrentBlock(keepCurrentBlock(restoredSections, current?.sections), current?.sections, AUTOMATIC_RESTORATION_BLOCK);
        controller.stateDir.write(PARAMETER_RECORD, { version: 1, sections: kept });
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// certificate (encrypted backups only)

export function certificateSection(controller: VirtualController): BackupSection {
  const name = 'certificate';
  return {
    name,
    secret: true,
    capture: () => json(controller.stateDir.read(CERTIFICATE_RECORD) ?? null),
    prepare(data) {
      const parsed = parseJson(name, data);
      if (parsed === null) return () => removeStoredCertificate(controller.stateDir);
      const stored = parsed as StoredCertificate;
      if (!isObject(parsed) || stored.version !== 1 || typeof stored.certificatePem !== 'string' || typeof stored.privateKeyPem !== 'string') {
        throw new BackupSectionError(name, 'unknown layout');
      }
      try {
        if (!certificateMatchesKey(parseCertificate(stored.certificatePem).der, stored.privateKeyPem)) throw new Error('mismatch');
      } catch {
        throw new BackupSectionError(name, 'the certificate and its key do not match');
      }
      return () => writeStoredCertificate(controller.stateDir, stored);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// records of other modules, restored as they were

/** The access-control module's user information record (controller-security.ts USERS_RECORD). */
export const USERS_RECORD = 'security-users';

/** A state-directory record captured and restored whole (the restart after restoration loads it). */
export function stateRecordSection(controller: VirtualController, name: string, record: string, secret = false): BackupSection {
  return {
    name,
    secret,
    capture: () => json(controller.stateDir.read(record) ?? null),
    prepare(data) {
      const parsed = parseJson(name, data);
      if (parsed !== null && !isObject(parsed)) throw new BackupSectionError(name, 'unknown layout');
      return () => (parsed === null ? controller.stateDir.remove(record) : controller.stateDir.write(record, parsed));
    },
  };
}
