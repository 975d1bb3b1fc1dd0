// Parameters of the virtual controller. As on a real CPU, a parameter written to the controller is
// stored at once (non-volatile) but takes effect only when the CPU restarts (remote RESET or power
// cycle): `written` is what is stored, `active` is what the running controller uses.
// Sections are owned by the modules that use them (e.g. "security.ip-filter"), so a module can add
// its parameters without editing this file.

import type { StateDirectory } from './state-directory';

const RECORD = 'parameters';

interface StoredParameters {
  version: 1;
  sections: Record<string, unknown>;
}

export class ParameterStore {
  private activeSections: Record<string, unknown> = {};

  constructor(private readonly dir: StateDirectory) {}

  /** The value the running controller uses (loaded at the last start/restart). */
  active<T>(section: string): T | undefined {
    return structuredClone(this.activeSections[section]) as T | undefined;
  }

  /** The value stored in the controller, which becomes active at the next restart. */
  written<T>(section: string): T | undefined {
    return structuredClone(this.load().sections[section]) as T | undefined;
  }

  write(section: string, value: unknown): void {
    const stored = this.load();
    stored.sections[section] = structuredClone(value);
    this.dir.write(RECORD, stored);
  }

  /** True when something was written since the last restart (the CPU needs a reset to apply it). */
  get pendingRestart(): boolean {
    return JSON.stringify(this.load().sections) !== JSON.stringify(this.activeSections);
  }

  /** The restart step: what is written becomes what is used. */
  activate(): void {
    this.activeSections = this.load().sections;
  }

  private load(): StoredParameters {
    const stored = this.dir.read<StoredParameters>(RECORD);
    if (!stored || stored.version !== 1 || typeof stored.sections !== 'object' || stored.sections === null) {
      return { version: 1, sections: {} };
    }
    return stored;
  }
}
