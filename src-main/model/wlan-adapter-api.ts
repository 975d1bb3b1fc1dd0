// The wireless LAN adapter's web interface API, written once: the request bodies the driver
// (devices/wlan-adapter/wlan-adapter-driver.ts) sends and the virtual adapter (simulator/wlan-adapter/
// adapter-web.ts) parses, and the answers the virtual adapter gives and the driver reads. The API is the
// project's (a real adapter's web API is not public, docs/project-choices.md): one leaf schema, so the two
// sides cannot drift apart. A leaf: it imports zod and nothing else of ours.
import { z } from 'zod';

const text = z.string().min(1);
/** A file carried inside the JSON body (a backup, a firmware package), base64. */
const base64 = z.string().min(1).regex(/^[A-Za-z0-9+/]*={0,2}$/);

/** POST /api/logon. An empty password is a wrong one (the adapter logs and slows it like any other). */
export const LogonRequestSchema = z.object({ password: z.string() }).strict();
/** POST /api/password: the factory or current password, and the new one (4.4.5). */
export const PasswordChangeRequestSchema = z.object({ current: text, next: text }).strict();
/** PUT /api/settings/<key>: the value (the adapter checks it), and the personal modes' passphrase when it changes. */
export const SettingWriteRequestSchema = z.object({ value: z.unknown(), passphrase: z.string().optional() }).strict();
/** PUT /api/radius-certificate (4.4.2.1): the certificate the RADIUS server generated, PEM. */
export const RadiusCertificateRequestSchema = z.object({ pem: text }).strict();
/** POST /api/backup (4.4.7): the login password encrypts the file. */
export const BackupRequestSchema = z.object({ password: text }).strict();
/** POST /api/restore (4.4.7): the file and the login password of this adapter. */
export const RestoreRequestSchema = z.object({ file: base64, password: text }).strict();
/** The word an initialization request must carry (4.4.8): a request that lacks it changes nothing. */
export const INITIALIZE_CONFIRMATION = 'INITIALIZE';
/** POST /api/initialize. */
export const InitializeRequestSchema = z.object({ confirm: z.literal(INITIALIZE_CONFIRMATION) }).strict();
/** POST /api/firmware (4.4.9): the vendor's package. */
export const FirmwareRequestSchema = z.object({ package: base64 }).strict();

export type LogonRequest = z.infer<typeof LogonRequestSchema>;
export type PasswordChangeRequest = z.infer<typeof PasswordChangeRequestSchema>;
export type SettingWriteRequest = z.infer<typeof SettingWriteRequestSchema>;
export type RadiusCertificateRequest = z.infer<typeof RadiusCertificateRequestSchema>;
export type BackupRequest = z.infer<typeof BackupRequestSchema>;
export type RestoreRequest = z.infer<typeof RestoreRequestSchema>;
export type InitializeRequest = z.infer<typeof InitializeRequestSchema>;
export type FirmwareRequest = z.infer<typeof FirmwareRequestSchema>;

/** What each request field is, in the technician's words (the adapter's refusal of a missing one names it). */
export const REQUEST_FIELD_WORDS: Readonly<Record<string, string>> = {
  password: 'login password',
  current: 'current password',
  next: 'new password',
  pem: 'certificate',
  file: 'backup file',
  package: 'firmware update file',
  value: 'setting value',
  passphrase: 'passphrase',
};

// ---------------------------------------------------------------------------------------------------
// Answers

/** GET /api/identity: what the login page shows without a logon. */
export interface AdapterIdentityAnswer {
  model: string;
  api: number;
}

/** POST /api/logon. */
export interface LogonAnswer {
  token: string;
  /** The factory password was used: only the password change is allowed (Table 44 rows 6, 7). */
  mustChangePassword: boolean;
  sessionIdleSeconds: number;
}

/** The adapter's status, read with the settings (GET /api/settings). */
export interface AdapterStatusAnswer {
  model: string;
  serial: string;
  firmware: string;
  wiredMac: string;
  wirelessMac: string;
  initialPasswordReplaced: boolean;
  passwordChangedAt: string | null;
  logLastReadOutAt: string | null;
  lastSettingsBackupAt: string | null;
  radiusCertificate: { fingerprint256: string } | null;
  /** True while the personal modes' passphrase is still the factory one (4.4.2.1). */
  passphraseIsFactory: boolean;
  logEntries: number;
  /** The radio now: the stations associated with an AP, or the AP a STA is connected to. */
  wireless: { role: 'AP' | 'STA'; peers: string[] };
}

/** One record of the logging function (4.4.6), GET /api/logs. */
export interface AdapterLogEntry {
  seq: number;
  at: string;
  kind: 'connection' | 'event';
  text: string;
}

/** POST /api/firmware. */
export interface FirmwareAnswer {
  from: string;
  to: string;
}

/** A refusal: the HTTP status says the class, `code` the reason (the driver maps it to its own codes). */
export interface AdapterRefusalAnswer {
  error: { code: string; message: string };
}

// ---------------------------------------------------------------------------------------------------
// The records of the logging function (4.4.6) the app reads at a visit (Table 47 row 2: the history of
// setting changes, of errors, the devices connected). The virtual adapter writes them in these words; the
// app finds them with the patterns beside (a record it does not know is kept and shown as read).

export const ADAPTER_LOG_TEXT = {
  settingChanged: (key: string) => `Setting changed: ${key}`,
  loginFailed: (from: string) => `Login failed (wrong password) from ${from}`,
  restored: 'Settings restored from a backup',
  initialized: 'Settings initialized to the factory defaults (logs kept)',
  firmwareUpdated: (from: string, to: string) => `Firmware updated from ${from} to ${to}`,
  logsDeleted: 'Logs deleted',
} as const;

export const ADAPTER_LOG_PATTERN = {
  settingChanged: /^Setting changed: ([A-Za-z]+)$/,
  loginFailed: /^Login failed/,
  restored: /^Settings restored/,
  initialized: /^Settings initialized/,
  firmwareUpdated: /^Firmware updated/,
  logsDeleted: /^Logs deleted$/,
} as const;
