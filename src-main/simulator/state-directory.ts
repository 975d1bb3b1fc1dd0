// Where a virtual controller keeps what a real one keeps across power cycles: parameters, and later
// users, event history and certificates (non-volatile memory). Device memory is volatile and never
// lands here. Each record is one JSON file, written atomically (temp file + rename) so a crash in
// the middle of a write leaves the previous version, as flash memory would.

import { mkdtempSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class StateDirectoryError extends Error {
  readonly code: 'SIM_STATE_UNREADABLE' | 'SIM_STATE_BAD_NAME' | 'SIM_STATE_OTHER_MODEL';
  constructor(code: StateDirectoryError['code'], message: string) {
    super(message);
    this.name = 'StateDirectoryError';
    this.code = code;
  }
}

const RECORD_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export class StateDirectory {
  /** True when the directory was created for this run and is removed by dispose(). */
  readonly temporary: boolean;

  private constructor(
    readonly path: string,
    temporary: boolean,
  ) {
    this.temporary = temporary;
  }

  /** Opens (creating it if needed) `dir`, or a fresh temporary directory when `dir` is omitted. */
  static open(dir?: string): StateDirectory {
    if (dir) {
      mkdirSync(dir, { recursive: true });
      return new StateDirectory(dir, false);
    }
    return new StateDirectory(mkdtempSync(join(tmpdir(), 'mxc-sim-')), true);
  }

  read<T>(name: string): T | undefined {
    const file = this.file(name);
    if (!existsSync(file)) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch (e) {
      throw new StateDirectoryError(
        'SIM_STATE_UNREADABLE',
        `The virtual controller's stored "${name}" (${file}) is not readable JSON: ${(e as Error).message}. ` +
          'Restore it from a backup or delete it to start that part from factory defaults.',
      );
    }
  }

  write(name: string, value: unknown): void {
    const file = this.file(name);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, file);
  }

  remove(name: string): void {
    rmSync(this.file(name), { force: true });
  }

  /** Removes a temporary directory; a directory the user named is left in place. */
  dispose(): void {
    if (this.temporary) rmSync(this.path, { recursive: true, force: true });
  }

  private file(name: string): string {
    if (!RECORD_NAME.test(name)) {
      throw new StateDirectoryError('SIM_STATE_BAD_NAME', `"${name}" is not a valid state record name`);
    }
    return join(this.path, `${name}.json`);
  }
}
