// What the engine asks of the person at the device, and where passwords come from. The app implements
// these with dialogs; the CLI with its options and the secrets file. Secrets are asked for at the moment
// they are written and are never kept by the engine.
import type { ProcedureStep } from '../guideline/types';
import type { DisruptiveCheckView } from '../verification/verification-check';
import { render, type MessageId } from '../../messages/catalogue';

// The secrets' vocabulary sits below both the engine and the verification battery, which logs on with it.
export { SecretsFromMap, type AdministratorCredentials, type CommissioningSecrets } from '../commissioning-secrets';

export type BackupChoice = { kind: 'declined'; reason: string } | { kind: 'to-pc'; save: (name: string, file: Buffer) => Promise<string> } | { kind: 'to-sd-card' };

export interface Operator {
  readonly name: string;
  /**
   * Step 4 on a used device: typing the model name confirms the initialization of all information
   * (UX: irreversible means typing the device's name). Undefined = not confirmed.
   */
  confirmInitialization(model: string, clears: readonly string[]): Promise<string | undefined>;
  /**
   * 2.4.1 / 2.6: back up before initialization, or decline with a reason. `settings-backup`: the wireless
   * LAN adapter's own encrypted settings backup (4.4.7, Figure 36 step 12), encrypted with its login
   * password: to this PC or declined, and no backup password of its own is asked.
   */
  backupBeforeInitialization(model: string, purpose?: 'settings-backup'): Promise<BackupChoice>;
  /** A step the driver cannot perform (observe-only): the operator does it in the engineering tool. */
  performManually(step: ProcedureStep, what: string, whatJa?: string): Promise<boolean>;
  /**
   * Step 14: run this disruptive check of Table 17 / 35 (a lockout with a temporary user, a restoration
   * attempt, traffic above the bandwidth limit)? Absent or false: the check is reported as not run.
   */
  confirmDisruptive?(check: DisruptiveCheckView): Promise<boolean>;
}

/** 7E09 / 2.4.1 / 2.6: what "initialization of all information" clears, shown before it is confirmed. */
export const INITIALIZATION_CLEAR_IDS = [
  'initialization.clears.deviceData',
  'initialization.clears.files',
  'initialization.clears.securitySettings',
  'initialization.clears.users',
  'initialization.clears.eventHistory',
  'initialization.clears.certificates',
] as const satisfies readonly MessageId[];
export const INITIALIZATION_KEEP_IDS = ['initialization.keeps.sdCard'] as const satisfies readonly MessageId[];
/** The same lists in English (the journal, the CLI's prompt). */
export const INITIALIZATION_CLEARS: readonly string[] = INITIALIZATION_CLEAR_IDS.map((id) => render(id, undefined, 'en'));
export const INITIALIZATION_KEEPS: readonly string[] = INITIALIZATION_KEEP_IDS.map((id) => render(id, undefined, 'en'));
