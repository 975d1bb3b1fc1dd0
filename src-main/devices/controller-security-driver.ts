// The security functions of an MX controller as typed operations (guideline 2.4 / 3.4). The virtual
// controllers implement all of them through the project's security commands (docs/protocol.md); a real
// controller answers C059 to those, so its driver reports `mode: 'observe-only'` and the engine turns
// each write into an operator-performed step followed by what the app can verify itself.
import type { ModuleConfiguration } from '../model/module-configuration';
import type { ControllerSettingKey, ControllerSettings, UserGroup, UserInformation } from '../model/security-settings';
import type { DeviceCapabilities, SessionDriver, WriteOptions } from './session-driver';

export type { WriteOptions } from './session-driver';

export type ControllerOperation =
  // What standard SLMP offers on every controller, real or virtual (the observe-only set).
  | 'identity'
  | 'cpu-state'
  | 'error-clear'
  | 'remote-run-stop'
  | 'logon'
  | 'users'
  | 'parameters'
  | 'clock'
  | 'event-history'
  | 'certificate'
  | 'backup'
  | 'restore'
  | 'firmware'
  | 'initialize'
  | 'diagnostics'
  | 'restart';

export interface ControllerCapabilities extends DeviceCapabilities {
  /** 'full': every operation below through the driver; 'observe-only': a real controller (C059). */
  mode: 'full' | 'observe-only';
  operations: ReadonlySet<ControllerOperation>;
  model: string;
  /** 'wlan-adapter': the adapter's web interface as the session sees it (devices/wlan-adapter/adapter-session-driver.ts). */
  family: 'MX-R' | 'MX-F' | 'wlan-adapter';
  firmwareVersion: string | null;
  serialNumber: string | null;
  tlsVersions: readonly string[];
}

export interface LogonResult {
  logonMessage: string;
  mustChangePassword: boolean;
  group: string;
  sessionTimeoutMinutes: number;
}

export interface UserAccountStatus {
  name: string;
  group: string;
  locked: boolean;
  lockedUntil?: string;
  passwordExpiresAt?: string;
}

export interface UserAuthenticationReading {
  enabled: boolean;
  groups: UserGroup[];
  users: UserAccountStatus[];
}

/**
 * Settings written as parameter blocks: everything of the profile but the user information, plus the
 * device's own blocks outside the commissioning profile (periodic maintenance; the module configuration,
 * evidence for Table 9/27 row 7 — not written: nothing mounted beside the controller).
 */
export type ParameterBlocks = Partial<Omit<ControllerSettings, 'users'>> & {
  automaticBackup?: AutomaticBackup;
  automaticRestoration?: AutomaticRestoration;
  moduleConfiguration?: ModuleConfiguration;
};
export type ParameterKey = Exclude<ControllerSettingKey, 'users'> | 'automaticBackup' | 'automaticRestoration' | 'moduleConfiguration';

export interface AutomaticBackup {
  enabled: boolean;
  trigger: 'time' | 'day-of-week' | 'stop-error';
  time?: string;
  daysOfWeek?: number[];
  retryCount: number;
  retryIntervalSeconds: number;
  maxKept: number;
}

/**
 * Automatic restoration at the controller's start (Table 35 row 6; docs/protocol.md 7E03): restores the
 * named (or newest) backup on the SD card, encrypted ones with the backup password the device keeps.
 */
export interface AutomaticRestoration {
  enabled: boolean;
  /** "latest" or the name of a backup file on the SD memory card. */
  backup: string;
  /** "once": a backup file is restored at one start only; "every-start": at every start. */
  timing: 'every-start' | 'once';
  restoreSpecialDevices: boolean;
  /** Initialize the drives other than the restoration target (never the security information). */
  initializeOtherDrives: boolean;
  /** The restoration target drives (device-memory, parameters, users, certificate); all in the backup when omitted. */
  targets?: string[];
}

export interface ParameterReading {
  written: ParameterBlocks;
  inEffect: ParameterBlocks;
  pendingRestart: boolean;
}

export interface SettingRejection {
  path: string;
  message: string;
}

export interface DeviceCertificate {
  certificatePem: string;
  fingerprint256: string;
  notBefore: string;
  notAfter: string;
  status: 'valid' | 'expiring-soon' | 'expired' | 'not-yet-valid';
}

export interface EventRecordView {
  seq: number;
  at: string;
  code: number;
  name: string;
  user?: string;
  peer?: string;
  transport?: string;
  detail?: string;
}

export interface EventHistoryIntegrity {
  ok: boolean;
  firstBadIndex?: number;
  reason?: string;
}

export interface Diagnostics {
  errors: Array<{ code: string; message: string; at: string }>;
  flags: { certificateExpiringSoon: boolean; certificateExpired: boolean; pendingRestart: boolean; bandwidthLimited: boolean };
  operationSetting: 'stop' | 'continue';
  /** The services the device announces as open, with their actual port numbers (absent: not announced). */
  services?: Array<{ service: string; transport: 'tcp' | 'udp'; port: number; networkPort?: 'port1' | 'port2' | 'port3' }>;
}

export interface Progress {
  done: number;
  total: number;
}

/** The MX controllers' driver: the session driver the engine calls, and everything the MX family calls. */
export interface ControllerSecurityDriver extends SessionDriver {
  capabilities(): Promise<ControllerCapabilities>;

  logon(userName: string, password: string): Promise<LogonResult>;
  logoff(): Promise<void>;
  changeOwnPassword(currentPassword: string, newPassword: string, options?: WriteOptions): Promise<void>;

  readUserAuthentication(): Promise<UserAuthenticationReading>;
  /** Replaces the user information; passwords by user name (new users need one). The first write turns user authentication on. */
  writeUserInformation(info: UserInformation, passwords: ReadonlyMap<string, string>, options?: WriteOptions): Promise<SettingRejection[]>;
  unlockUser(userName: string): Promise<void>;

  readParameters(): Promise<ParameterReading>;
  writeParameters(blocks: ParameterBlocks, options?: WriteOptions): Promise<SettingRejection[]>;

  readClock(): Promise<Date>;
  writeClock(time: Date): Promise<void>;

  readCertificate(): Promise<DeviceCertificate | null>;
  writeCertificate(certificatePem: string, privateKeyPem: string, options?: WriteOptions): Promise<{ fingerprint256: string }>;
  deleteCertificate(): Promise<void>;

  readEventHistory(options?: { from?: number; max?: number }): Promise<{ records: EventRecordView[]; total: number }>;
  verifyEventHistory(): Promise<EventHistoryIntegrity>;
  clearEventHistory(): Promise<void>;

  /** Returns the backup file's bytes (destination 'pc') or the name it got on the SD card. */
  createBackup(options: { destination: 'pc' | 'sd-card'; password?: string; signal?: AbortSignal; onProgress?: (p: Progress) => void } & WriteOptions): Promise<{ name: string; file?: Buffer }>;
  /** `restoreSpecialDevices`: write back the special relays and registers too (Table 35 row 6; off by default). */
  restoreBackup(
    source: { file: Buffer } | { sdCardName: string },
    options: { password?: string; restoreSpecialDevices?: boolean; signal?: AbortSignal; onProgress?: (p: Progress) => void } & WriteOptions,
  ): Promise<{ restored: string[] }>;
  listSdCardBackups(): Promise<Array<{ name: string; size: number; createdAt: string }>>;

  updateFirmware(pkg: Buffer, options?: { signal?: AbortSignal; onProgress?: (p: Progress) => void }): Promise<{ kind: string; version: string }>;
  readVersions(): Promise<{ firmwareVersion: string; addOns: Array<{ name: string; version: string }> }>;

  /** 2.6: clears everything but the SD card; the device restarts and the link drops. */
  initializeAll(confirmModel: string): Promise<void>;

  readDiagnostics(): Promise<Diagnostics>;
  // echo (the SLMP self test 0619) is the session driver's (session-driver.ts): the engine times the link with it.
  clearErrors(): Promise<void>;

  remoteStop(): Promise<void>;
  remoteRun(): Promise<void>;
  /** Remote RESET: parameters take effect; the link drops. */
  restart(): Promise<void>;
}
