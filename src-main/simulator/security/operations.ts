// Every class of operation the virtual controller checks before it acts, and what allows it
// (guideline 2.4.4.1 / 3.4.4.1, Tables 11 and 29). The six authorities are the guideline's; which
// operations are Administrator-only comes from the engineering tool's manual (facts: "Administrators alone
// may write, initialize, clear the event history, manage certificates, release lockouts, reset password
// expiry, run/stop remotely, update firmware and back up/restore"). Rows the sources do not settle are
// marked `// Project choice:`.

export const AUTHORITIES = ['fileAccess', 'memoryAccess', 'deviceAccess', 'diagnosis', 'remoteOperation', 'update'] as const;
export type Authority = (typeof AUTHORITIES)[number];
export type Authorities = Readonly<Record<Authority, boolean>>;

export const Operation = {
  TypeNameRead: 'type-name-read',
  DeviceRead: 'device-read',
  DeviceWrite: 'device-write',
  FileRead: 'file-read',
  FileWrite: 'file-write',
  ParameterRead: 'parameter-read',
  ParameterWrite: 'parameter-write',
  ProgramWrite: 'program-write',
  MemoryRead: 'memory-read',
  MemoryWrite: 'memory-write',
  RemoteRun: 'remote-run',
  RemoteStop: 'remote-stop',
  RemoteReset: 'remote-reset',
  RemotePause: 'remote-pause',
  RemoteLatchClear: 'remote-latch-clear',
  DiagnosisRead: 'diagnosis-read',
  SelfTest: 'self-test',
  ErrorClear: 'error-clear',
  EventHistoryRead: 'event-history-read',
  EventHistoryClear: 'event-history-clear',
  ClockRead: 'clock-read',
  ClockSet: 'clock-set',
  UserInformationRead: 'user-information-read',
  UserManagement: 'user-management',
  UnlockUser: 'unlock-user',
  ResetPasswordExpiry: 'reset-password-expiry',
  ChangeOwnPassword: 'change-own-password',
  Logoff: 'logoff',
  CertificateRead: 'certificate-read',
  CertificateWrite: 'certificate-write',
  CertificateDelete: 'certificate-delete',
  Backup: 'backup',
  Restore: 'restore',
  FirmwareUpdate: 'firmware-update',
  AddOnInstall: 'add-on-install',
  InitializeAll: 'initialize-all',
} as const;
export type Operation = (typeof Operation)[keyof typeof Operation];

export interface OperationRule {
  /** null: any logged-on user (or, for `outOfTarget`, anyone) */
  readonly authority: Authority | null;
  /** 'read' operations are what the fixed Users group may do (Table 11: "only data viewing") */
  readonly kind: 'read' | 'write';
  readonly administratorOnly: boolean;
  /** allowed without logon even with user authentication on */
  readonly outOfTarget?: 'always' | 'device-access-setting';
  /** allowed to a user whose password expired (2.4.4: it must be changed before anything else) */
  readonly allowedWithExpiredPassword?: boolean;
  readonly ref: string;
}

const rule = (authority: Authority | null, kind: 'read' | 'write', administratorOnly: boolean, ref: string, extra: Partial<OperationRule> = {}): OperationRule => ({
  authority,
  kind,
  administratorOnly,
  ref,
  ...extra,
});

export const OPERATION_RULES: Readonly<Record<Operation, OperationRule>> = {
  // Project choice: the type name stays readable without logon so the app can tell which device it reached.
  [Operation.TypeNameRead]: rule(null, 'read', false, 'SLMP 0101', { outOfTarget: 'always' }),
  // 2.4.4.2: device/label access is an authentication target only when the out-of-target setting says so.
  [Operation.DeviceRead]: rule('deviceAccess', 'read', false, '2.4.4.2', { outOfTarget: 'device-access-setting' }),
  [Operation.DeviceWrite]: rule('deviceAccess', 'write', false, '2.4.4.2', { outOfTarget: 'device-access-setting' }),
  [Operation.FileRead]: rule('fileAccess', 'read', false, '2.4.4.1'),
  [Operation.FileWrite]: rule('fileAccess', 'write', false, '2.4.4.1'),
  [Operation.ParameterRead]: rule('fileAccess', 'read', false, '2.4.4.1'),
  [Operation.ParameterWrite]: rule('fileAccess', 'write', true, 'facts: Administrators alone may write'),
  [Operation.ProgramWrite]: rule('fileAccess', 'write', true, 'facts: Administrators alone may write'),
  [Operation.MemoryRead]: rule('memoryAccess', 'read', false, '2.4.4.1'),
  [Operation.MemoryWrite]: rule('memoryAccess', 'write', false, '2.4.4.1'),
  [Operation.RemoteRun]: rule('remoteOperation', 'write', true, 'facts: Administrators alone may run/stop remotely'),
  [Operation.RemoteStop]: rule('remoteOperation', 'write', true, 'facts: Administrators alone may run/stop remotely'),
  // Project choice: RESET stops the CPU like STOP does, so it is Administrator-only too.
  [Operation.RemoteReset]: rule('remoteOperation', 'write', true, '2.4.4.1'),
  [Operation.RemotePause]: rule('remoteOperation', 'write', false, '2.4.4.1'),
  [Operation.RemoteLatchClear]: rule('remoteOperation', 'write', false, '2.4.4.1'),
  [Operation.DiagnosisRead]: rule('diagnosis', 'read', false, '2.4.4.1'),
  [Operation.SelfTest]: rule('diagnosis', 'read', false, '2.4.4.1'),
  [Operation.ErrorClear]: rule('diagnosis', 'write', false, '2.4.4.1'),
  [Operation.EventHistoryRead]: rule('diagnosis', 'read', false, '2.4.5'),
  [Operation.EventHistoryClear]: rule('diagnosis', 'write', true, 'facts: Administrators alone may clear the event history'),
  [Operation.ClockRead]: rule('diagnosis', 'read', false, '2.4.5'),
  // Project choice: setting the clock moves certificate validity (2.4.7.3) and event timestamps (2.4.5),
  // so it is Administrator-only.
  [Operation.ClockSet]: rule('remoteOperation', 'write', true, '2.4.5 / 2.4.7.3'),
  // Project choice: the user list is security information; only Administrators read it.
  [Operation.UserInformationRead]: rule(null, 'read', true, '2.4.4'),
  [Operation.UserManagement]: rule(null, 'write', true, '2.4.4.1: groups are created only by Administrators'),
  [Operation.UnlockUser]: rule(null, 'write', true, '2.4.4.3'),
  [Operation.ResetPasswordExpiry]: rule(null, 'write', true, 'facts: Administrators alone may reset password expiry'),
  [Operation.ChangeOwnPassword]: rule(null, 'write', false, '2.4.4', { allowedWithExpiredPassword: true }),
  [Operation.Logoff]: rule(null, 'read', false, 'Table 10 row 3', { allowedWithExpiredPassword: true }),
  [Operation.CertificateRead]: rule('fileAccess', 'read', false, '2.4.7.2'),
  [Operation.CertificateWrite]: rule('update', 'write', true, 'facts: Administrators alone may manage certificates'),
  [Operation.CertificateDelete]: rule('update', 'write', true, 'facts: Administrators alone may manage certificates'),
  [Operation.Backup]: rule('fileAccess', 'write', true, 'facts: Administrators alone may back up/restore'),
  [Operation.Restore]: rule('fileAccess', 'write', true, 'facts: Administrators alone may back up/restore'),
  [Operation.FirmwareUpdate]: rule('update', 'write', true, '2.4.2'),
  [Operation.AddOnInstall]: rule('update', 'write', true, '2.4.3'),
  [Operation.InitializeAll]: rule('memoryAccess', 'write', true, '2.4.1'),
};

export const ALL_AUTHORITIES: Authorities = Object.freeze({ fileAccess: true, memoryAccess: true, deviceAccess: true, diagnosis: true, remoteOperation: true, update: true });
export const NO_AUTHORITIES: Authorities = Object.freeze({ fileAccess: false, memoryAccess: false, deviceAccess: false, diagnosis: false, remoteOperation: false, update: false });

export const ADMINISTRATORS = 'Administrators';
export const USERS = 'Users';

/**
 * Table 11: Administrators may do everything; Users only view (every 'read' operation that is not
 * Administrator-only); a user-defined group what its authorities allow, short of Administrator-only rows.
 */
export function groupMayPerform(group: string, authorities: Authorities, operation: Operation): boolean {
  const r = OPERATION_RULES[operation];
  if (group === ADMINISTRATORS) return true;
  if (r.administratorOnly) return false;
  // Self-service (own password, logoff) needs no authority: every logged-on user has it.
  if (r.authority === null) return true;
  if (group === USERS) return r.kind === 'read';
  return authorities[r.authority];
}
