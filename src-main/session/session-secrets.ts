// Custody of a session's secrets: the passwords of the profile's users until they are on the device, the
// previous Administrator of a used controller until it is initialized, the backup password until the
// backup is taken. Memory only: never journaled, logged, stored or put in a view. Every host (the wizard,
// `mxc commission`) hands its secrets to one of these and the session wipes them at the same points.
import type { AdministratorCredentials, CommissioningSecrets } from '../commissioning/engine/operator';
import type { ProcedureStep } from '../commissioning/guideline/types';

export class SessionSecrets implements CommissioningSecrets {
  readonly #users = new Map<string, string>();
  #previous: AdministratorCredentials | undefined;
  #backup: string | undefined;

  constructor(initial: { users?: ReadonlyMap<string, string>; previousAdministrator?: AdministratorCredentials; backupPassword?: string } = {}) {
    for (const [name, password] of initial.users ?? []) this.#users.set(name, password);
    this.#previous = initial.previousAdministrator;
    this.#backup = initial.backupPassword;
  }

  userPassword(userName: string): string | undefined {
    return this.#users.get(userName);
  }
  previousAdministrator(): AdministratorCredentials | undefined {
    return this.#previous;
  }
  backupPassword(): string | undefined {
    return this.#backup;
  }

  setUserPassword(userName: string, password: string): void {
    this.#users.set(userName, password);
  }
  setPreviousAdministrator(credentials: AdministratorCredentials): void {
    this.#previous = credentials;
  }
  setBackupPassword(password: string): void {
    this.#backup = password;
  }

  /** The users whose password is held (names only). */
  usersEntered(): Set<string> {
    return new Set(this.#users.keys());
  }

  /**
   * Wipes what a finished step no longer needs: after the initialization (step 4) the previous
   * Administrator and the backup password; after the writes (step 9) every password but one
   * Administrator's, kept for the logons after the restart; after the report, everything.
   */
  afterStep(kind: ProcedureStep['kind'], finished: boolean, administrators: readonly string[]): void {
    if (kind === 'device-operation') {
      this.#previous = undefined;
      this.#backup = undefined;
    }
    if (kind === 'write' && finished) {
      const keep = administrators.find((n) => this.#users.has(n));
      for (const name of [...this.#users.keys()]) if (name !== keep) this.#users.delete(name);
    }
    if (kind === 'report') this.wipe();
  }

  wipe(): void {
    this.#users.clear();
    this.#previous = undefined;
    this.#backup = undefined;
  }
}
