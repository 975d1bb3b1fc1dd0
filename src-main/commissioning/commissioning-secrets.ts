// Where passwords come from during a session: the app asks in dialogs, the CLI reads its secrets file.
// Secrets are asked for at the moment they are written (or a verification check logs on with them) and
// are never kept by the engine. Both the engine and the verification battery use this vocabulary.

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
