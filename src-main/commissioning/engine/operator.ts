// What the engine asks of the person at the device, and where passwords come from. The app implements
// these with dialogs; the CLI with its options and the secrets file. Secrets are asked for at the moment
// they are written and are never kept by the engine.
import type { ProcedureStep } from '../guideline/types';
import type { DisruptiveCheckView } from '../verification/verification-check';

export interface AdministratorCredentials {
  userName: string;
  password: string;
}

export interface CommissioningSecrets {
  /** The password to set for a user of the profile (new users need one). */
  userPassword(userName: string): string | undefined;
  /** The Administrator of a used device, before its initialization (step 4). */
  previousAdministrator(): AdministratorCredentials | undefined;
  /** Encrypts the backup taken before initialization, when given. */
  backupPassword(): string | undefined;
}

export type BackupChoice = { kind: 'declined'; reason: string } | { kind: 'to-pc'; save: (name: string, file: Buffer) => Promise<string> } | { kind: 'to-sd-card' };

export interface Operator {
  readonly name: string;
  /**
   * Step 4 on a used device: typing the model name confirms the initialization of all information
   * (UX: irreversible means typing the device's name). Undefined = not confirmed.
   */
  confirmInitialization(model: string, clears: readonly string[]): Promise<string | undefined>;
  /** 2.4.1 / 2.6: back up before initialization, or decline with a reason. */
  backupBeforeInitialization(model: string): Promise<BackupChoice>;
  /** A step the driver cannot perform (observe-only): the operator does it in the engineering tool. */
  performManually(step: ProcedureStep, what: string): Promise<boolean>;
  /**
   * Step 14: run this disruptive check of Table 17 / 35 (a lockout with a temporary user, a restoration
   * attempt, traffic above the bandwidth limit)? Absent or false: the check is reported as not run.
   */
  confirmDisruptive?(check: DisruptiveCheckView): Promise<boolean>;
}

export class SecretsFromMap implements CommissioningSecrets {
  constructor(
    private readonly users: ReadonlyMap<string, string>,
    private readonly previous?: AdministratorCredentials,
    private readonly backup?: string,
  ) {}
  userPassword(userName: string): string | undefined {
    return this.users.get(userName);
  }
  previousAdministrator(): AdministratorCredentials | undefined {
    return this.previous;
  }
  backupPassword(): string | undefined {
    return this.backup;
  }
}

/** 7E09 / 2.4.1 / 2.6: what "initialization of all information" clears, shown before it is confirmed. */
export const INITIALIZATION_CLEARS = [
  'device/label data',
  'files (programs and parameters)',
  'security settings',
  'user information (user authentication returns to off)',
  'event history (a first record says it was initialized)',
  'certificates',
] as const;
export const INITIALIZATION_KEEPS = ['the SD memory card (remove it separately, 2.6)'] as const;
