// Every value of the virtual MX controllers' security functions that neither the guideline nor a public
// source gives. Each is the project's own choice, marked `// Project choice:` with the reason, and listed
// in docs/project-choices.md. Reference points (shared/facts/slmp-and-devices.md): the vendor's project
// password rule (Strong = 8 characters of 3 kinds, Medium = 8 of 2), an HMI of the same vendor (lockout
// after 3-10 failures for 1-3600 s, auto-logout 1-60 min, expiry 1-1000 days), its C controller (lockout
// escalation 1, 5, 15, 60 min; event history 128 KB ~ 1365 events), and SLMP end codes C810-C816.

import { PRACTICE_KDF, type KdfParams } from '../../crypto/password-hash';
import type { ControllerFamily } from '../controller-models';

/** A setting's allowed range and the value a factory-fresh virtual device has. */
export interface Range {
  readonly min: number;
  readonly max: number;
  readonly factory: number;
}

// ---------------------------------------------------------------------------------------------------
// User authentication (2.4.4 / 3.4.4)
// ---------------------------------------------------------------------------------------------------

// The password rule itself (strength levels, length, characters) is shared with the app:
// device-rules/password-rule.ts, where its project choices are marked.
export type { PasswordStrength } from '../../device-rules/password-rule';
import type { PasswordStrength } from '../../device-rules/password-rule';

// Project choice: factory strength "low" so Table 9 row 4 ("set Strong") is a step the technician takes.
export const FACTORY_PASSWORD_STRENGTH: PasswordStrength = 'low';

// Project choice: a configurable minimum on top of the strength rule, 6-32, factory 6.
export const PASSWORD_MIN_LENGTH: Range = { min: 6, max: 32, factory: 6 };

// Project choice: expiry 1-1000 days as the vendor's HMI; null = no expiry, the factory state (Table 9
// row 3 recommends turning it on). 90 days is what the app proposes when the technician turns it on.
export const PASSWORD_EXPIRY_DAYS = { min: 1, max: 1000, factory: null, proposed: 90 } as const;

// Project choice: a new password may not equal any of the last 0-10 passwords (factory 3), because
// Table 10 row 6 says passwords "shall not be reused" but gives no depth.
export const PASSWORD_HISTORY_DEPTH: Range = { min: 0, max: 10, factory: 3 };

// Project choice: lockout after 3-10 consecutive failures (factory 5), as the vendor's HMI.
export const LOCKOUT_THRESHOLD: Range = { min: 3, max: 10, factory: 5 };

// Project choice: first lockout lasts 1-3600 s (factory 60 s), as the vendor's HMI.
export const LOCKOUT_SECONDS: Range = { min: 1, max: 3600, factory: 60 };

// Project choice: each further failure right after a lockout (no successful logon in between) locks
// again for base x 1, 5, 15, 60 (capped at 3600 s): with the factory 60 s base this is the C controller's
// 1, 5, 15, 60 minutes.
export const LOCKOUT_ESCALATION_FACTORS: readonly number[] = [1, 5, 15, 60];
export const LOCKOUT_MAX_SECONDS = 3600;

// Project choice: idle logoff after 1-60 minutes (factory 30), as the vendor's HMI auto-logout.
export const SESSION_TIMEOUT_MINUTES: Range = { min: 1, max: 60, factory: 30 };

// Project choice: the logon notification (warning) message is up to 256 characters, empty at the factory.
export const LOGON_MESSAGE_MAX_CHARS = 256;

// Project choice: user names 1-20 characters of letters, digits, '.', '_' and '-' (no spaces, no ',').
export const USER_NAME_PATTERN = /^[A-Za-z0-9._-]{1,20}$/;
export const GROUP_NAME_PATTERN = /^[A-Za-z0-9._ -]{1,20}$/;

// Project choice: up to 32 users and 16 user-defined groups: ample for one production cell.
export const MAX_USERS = 32;
export const MAX_USER_DEFINED_GROUPS = 16;

// Project choice: up to 16 logged-on sessions and 16 pending logon challenges; each challenge answers
// within 30 s or is forgotten (bounds what an unauthenticated peer can make the device remember).
export const MAX_SESSIONS = 16;
export const MAX_PENDING_CHALLENGES = 16;
export const CHALLENGE_LIFETIME_MS = 30_000;

// Project choice: device/label access is OUT of the authentication target at the factory, so the
// 2.4.4.2 recommendation ("set the device/label access as the user authentication target") is a step.
export const FACTORY_DEVICE_ACCESS_IS_AUTH_TARGET = false;

// Project choice: the practice devices hash with the low scrypt cost (~4 ms): they protect no real asset
// and the tests log on hundreds of times. The app's own secrets use PRODUCTION_KDF.
export const DEVICE_KDF: KdfParams = PRACTICE_KDF;

// ---------------------------------------------------------------------------------------------------
// Reason codes of refusals -> SLMP end codes returned by the virtual controller
// ---------------------------------------------------------------------------------------------------

export type ReasonCode =
  | 'bad-credentials'
  | 'locked-out'
  | 'not-logged-on'
  | 'no-authority'
  | 'administrator-only'
  | 'password-expired'
  | 'session-expired'
  | 'password-rule'
  | 'password-reused'
  | 'last-administrator'
  | 'administrator-password-self-only'
  | 'unknown-user'
  | 'unknown-group'
  | 'fixed-group'
  | 'invalid-setting'
  | 'challenge-unknown'
  | 'authentication-disabled'
  | 'limit-reached'
  | 'not-administrator';

/**
 * C810-C816 are the real authentication end codes (facts); the rest are the project's own, in CF10-CF1F,
 * a range the public SLMP reference does not use, so a client can never confuse them with a real one.
 */
export const END_CODES: Readonly<Record<ReasonCode, number>> = {
  // Real: authentication failed (no lockout yet). Locked-out codes come from lockoutEndCode().
  'bad-credentials': 0xc810,
  'locked-out': 0xc811,
  // Project choice: "security function active" (C816) for every refusal by authority, so a real-looking
  // client sees the code a real controller gives when a security function blocks a command.
  'not-logged-on': 0xc816,
  'no-authority': 0xc816,
  'administrator-only': 0xc816,
  'not-administrator': 0xc816,
  // Project choice: own codes for what the public reference has no code for.
  'password-expired': 0xcf10,
  'session-expired': 0xcf11,
  'password-rule': 0xcf12,
  'password-reused': 0xcf13,
  'last-administrator': 0xcf14,
  'administrator-password-self-only': 0xcf15,
  'unknown-user': 0xcf16,
  'unknown-group': 0xcf17,
  'fixed-group': 0xcf18,
  'invalid-setting': 0xcf19,
  'challenge-unknown': 0xcf1a,
  'authentication-disabled': 0xcf1b,
  'limit-reached': 0xcf1c,
};

/** Facts: C811-C815 mean "retry after 1/5/15/60/60 minutes"; the escalation step picks one. */
export function lockoutEndCode(escalationStep: number): number {
  return 0xc811 + Math.min(Math.max(escalationStep, 0), 4);
}

// ---------------------------------------------------------------------------------------------------
// Event history (2.4.5 / 3.4.5, Table 12 / Table 30)
// ---------------------------------------------------------------------------------------------------

// Project choice: 16-1024 KiB in 1 KiB steps, factory 128 KiB; a record is estimated at 96 bytes, so the
// factory size holds 1365 events, as the vendor's C controller does (128 KB ~ 1365 events).
export const EVENT_HISTORY_SIZE_BYTES: Range = { min: 16 * 1024, max: 1024 * 1024, factory: 128 * 1024 };
export const EVENT_RECORD_BYTES = 96;

// Project choice: factory = enabled, saved to the SD card, manipulation check off, so that Table 9
// rows 9/13 and the MX-R enhanced security setting (data memory, check on) are visible changes.
export const FACTORY_EVENT_HISTORY = { enabled: true, destination: 'sd-card', manipulationCheck: false } as const;

export type EventSeverity = 'info' | 'warning' | 'critical';

export interface EventDefinition {
  /** 16-bit event code, shown as 4 hex digits */
  readonly code: number;
  readonly title: string;
  readonly severity: EventSeverity;
  /** guideline section or table row */
  readonly ref: string;
  /** Table 12 / Table 30 row this event serves, when it is one of the "security events to watch for" */
  readonly watchRow?: 1 | 2 | 3 | 4;
}

// Project choice: the whole event code table. Real MX event codes are not public; codes are grouped by
// the first hex digit: 1 user authentication, 2 access control by path, 3 encrypted communication and
// certificates, 4 operations, 5 maintenance, 6 the event history itself, 7 errors.
export const EVENT_DEFINITIONS = {
  'logon-success': { code: 0x1001, title: 'Logon succeeded', severity: 'info', ref: '2.4.4', watchRow: 1 },
  'logon-failure': { code: 0x1002, title: 'Logon failed', severity: 'warning', ref: '2.4.4 / Table 12 row 1', watchRow: 1 },
  lockout: { code: 0x1003, title: 'User locked out after consecutive logon failures', severity: 'critical', ref: '2.4.4.3 / Table 12 row 1', watchRow: 1 },
  'lockout-released': { code: 0x1004, title: 'Lockout released by an Administrator', severity: 'warning', ref: '2.4.4.3', watchRow: 1 },
  logoff: { code: 0x1005, title: 'Logoff', severity: 'info', ref: '2.4.4' },
  'session-timeout': { code: 0x1006, title: 'Logged off after the session timeout', severity: 'info', ref: '3.4.4 / Table 35 row 3' },
  'password-changed': { code: 0x1007, title: 'Password changed', severity: 'info', ref: '2.4.4.3' },
  'password-expiry-reset': { code: 0x1008, title: 'Password expiry reset by an Administrator', severity: 'warning', ref: '2.4.4' },
  'user-information-written': { code: 0x1009, title: 'User information written', severity: 'warning', ref: '2.4.4' },
  'operation-refused': { code: 0x100a, title: 'Operation refused: no authority', severity: 'warning', ref: '2.4.4.1 / Table 17 row 3', watchRow: 1 },
  'ip-filter-refused': { code: 0x2001, title: 'Access refused by the IP filter', severity: 'warning', ref: '2.4.8 / Table 12 row 3', watchRow: 3 },
  'closed-port-access': { code: 0x2002, title: 'Access to a closed port', severity: 'warning', ref: '2.4.9 / Table 12 row 3', watchRow: 3 },
  'bandwidth-limited': { code: 0x2003, title: 'Access restriction: bandwidth limit exceeded', severity: 'warning', ref: '2.4.10 / Table 17 row 10', watchRow: 3 },
  'tls-start': { code: 0x3001, title: 'TLS connection communication start', severity: 'info', ref: '2.4.7 / Table 17 row 7' },
  'tls-end': { code: 0x3002, title: 'TLS connection communication end', severity: 'info', ref: '2.4.7 / Table 17 row 7' },
  'tls-failure': { code: 0x3003, title: 'Communication by TLS could not be performed successfully', severity: 'critical', ref: '2.4.7 / Table 17 row 7' },
  'certificate-expiring': { code: 0x3004, title: 'Certificate expires within 90 days', severity: 'warning', ref: '2.4.7.3' },
  'certificate-expired': { code: 0x3005, title: 'Certificate expired', severity: 'critical', ref: '2.4.7.3' },
  'certificate-written': { code: 0x3006, title: 'Certificate created or written', severity: 'warning', ref: '2.4.7.2' },
  'certificate-deleted': { code: 0x3007, title: 'Certificate deleted', severity: 'warning', ref: '2.4.7.3' },
  'parameter-write': { code: 0x4001, title: 'Parameters written', severity: 'warning', ref: '2.4.4.1' },
  'program-write': { code: 0x4002, title: 'Program written', severity: 'warning', ref: '2.4.4.1 / Table 12 row 2', watchRow: 2 },
  'file-read': { code: 0x4003, title: 'File read', severity: 'info', ref: 'Table 12 row 2', watchRow: 2 },
  'file-write': { code: 0x4004, title: 'File written', severity: 'warning', ref: 'Table 12 row 2', watchRow: 2 },
  'clock-change': { code: 0x4005, title: 'Clock changed', severity: 'warning', ref: '2.4.5 / Table 9 row 12' },
  'remote-run': { code: 0x4006, title: 'Remote RUN', severity: 'warning', ref: '2.4.4.1' },
  'remote-stop': { code: 0x4007, title: 'Remote STOP', severity: 'warning', ref: '2.4.4.1' },
  'remote-reset': { code: 0x4008, title: 'Remote RESET', severity: 'warning', ref: '2.4.4.1' },
  'error-clear': { code: 0x4009, title: 'Error cleared', severity: 'info', ref: '2.4.11' },
  'security-setting-change': { code: 0x400a, title: 'Security setting changed', severity: 'warning', ref: '2.4.8 / 2.4.9 / 2.4.10' },
  'trust-boundary-attested': { code: 0x400b, title: 'Secret accepted over plain Ethernet on the operator\'s trust-boundary attestation', severity: 'warning', ref: '2.4.7.1' },
  'secret-refused': { code: 0x400c, title: 'Secret refused: sent over plain Ethernet without attestation', severity: 'warning', ref: '2.4.7.1' },
  'clock-sync-failure': { code: 0x400d, title: 'Time synchronisation (SNTP) failed; the clock was left unchanged', severity: 'warning', ref: '2.4.5 / 2.4.7.3 / Table 9 row 12' },
  'backup-success': { code: 0x5001, title: 'Backup completed', severity: 'info', ref: '2.4.6 / Table 17 row 5' },
  'backup-failure': { code: 0x5002, title: 'Backup failed', severity: 'warning', ref: '2.4.6 / Table 17 row 5' },
  'restore-success': { code: 0x5003, title: 'Restoration completed', severity: 'warning', ref: '2.4.6 / Table 17 row 6' },
  'restore-failure': { code: 0x5004, title: 'Restoration failed (e.g. decryption failure)', severity: 'critical', ref: '2.4.6.1 / Table 17 row 6' },
  'firmware-update-success': { code: 0x5005, title: 'Firmware update completed', severity: 'warning', ref: '2.4.2 / Table 17 row 2' },
  'firmware-update-failure': { code: 0x5006, title: 'Firmware update failed', severity: 'critical', ref: '2.4.2 / Table 17 row 2' },
  'addon-install-success': { code: 0x5007, title: 'Add-on installed', severity: 'warning', ref: '2.4.3' },
  'addon-install-failure': { code: 0x5008, title: 'Add-on installation failed', severity: 'critical', ref: '2.4.3' },
  'initialize-all': { code: 0x5009, title: 'All information in the controller initialized', severity: 'critical', ref: '2.4.1 / Table 17 row 1' },
  'event-history-cleared': { code: 0x6001, title: 'Event history cleared', severity: 'critical', ref: '2.4.5 / Table 12 row 4', watchRow: 4 },
  'event-history-settings-changed': { code: 0x6002, title: 'Event history settings changed', severity: 'warning', ref: '2.4.5' },
  'event-history-tampered': { code: 0x6003, title: 'Event history manipulation detected', severity: 'critical', ref: '2.4.5 / Table 9 row 13' },
  'error-occurred': { code: 0x7001, title: 'Error detected', severity: 'warning', ref: '2.4.5 / 2.4.11' },
} as const satisfies Record<string, EventDefinition>;

export type EventName = keyof typeof EVENT_DEFINITIONS;

// Project choice: these events can never be filtered out, because hiding them would hide an attack on
// the history or on logon itself (Table 12 rows 1 and 4).
export const UNFILTERABLE_EVENTS: readonly EventName[] = ['event-history-cleared', 'event-history-tampered', 'logon-failure', 'lockout', 'event-history-settings-changed'];

// ---------------------------------------------------------------------------------------------------
// Time synchronisation by SNTP (clock block, source "sntp"; 2.4.5 Table 9 row 12, 2.4.7.1, 2.4.7.3)
// ---------------------------------------------------------------------------------------------------

// Project choice: the clock block's `maxOffsetSeconds` ("the allowed clock offset", the same number the
// app's checks hold the device clock to against the PC) is also the largest correction the device
// accepts from SNTP. A server whose time is further off than that is refused and the refusal recorded
// (`clock-sync-failure`): the device cannot tell whether its clock or the server is wrong, and a rogue or
// broken time server would otherwise move the clock by hours — making a valid certificate look expired or
// an expired one valid (2.4.7.3: certificate validity works only on a correct clock) and falsifying event
// times (Table 9 row 12). A clock that far off is set by hand (7E04, the engineering tool); SNTP then
// keeps it. Project choice: a failure (no answer, a bad answer, an unsynchronised server, a refused
// correction) is recorded once per outage: further runs failing the same way record nothing until a run
// succeeds, the failure changes kind, or the device boots again.

// Project choice: the device asks its SNTP server at every boot and then every 60 minutes of real time:
// a controller's clock drifts seconds per day, so an hourly check keeps it well inside any allowed offset
// (1-300 s) without loading the server.
export const SNTP_SYNC_INTERVAL_MS = 60 * 60 * 1000;

// Project choice: one request per run, answered within 2 s or the run fails (no retries: the next run
// is the retry). On a LAN inside the trust boundary an answer takes milliseconds.
export const SNTP_TIMEOUT_MS = 2000;

// Project choice: the clock is corrected only when it is more than 0.5 s off the server: below the
// smallest allowed offset (1 s), so the clock always stays inside it, and above the jitter of a query,
// so an hourly check of a good clock does not fill the history with clock-change events.
export const SNTP_CORRECTION_THRESHOLD_MS = 500;

// Project choice: an answer whose round trip took longer than twice the correction threshold is not used:
// the offset of such a sample can be wrong by half its round trip, more than the threshold itself, and a
// correction could move a good clock the wrong way.
export const SNTP_MAX_ROUND_TRIP_MS = 2 * SNTP_CORRECTION_THRESHOLD_MS;

// ---------------------------------------------------------------------------------------------------
// IP filter (2.4.8 / 3.4.8)
// ---------------------------------------------------------------------------------------------------

// Project choice: up to 32 entries (single address, range or CIDR each), like the iQ-R IP filter.
export const IP_FILTER_MAX_ENTRIES = 32;

// Project choice: the controllers are IPv4 devices; an IPv6 peer (other than IPv4-mapped) matches no
// entry and is refused whenever the filter is on, in both allow and deny modes (fail closed).
export const IP_FILTER_REFUSES_IPV6_PEERS = true;

// ---------------------------------------------------------------------------------------------------
// Bandwidth limitation against DoS attack (2.4.10 / 3.4.10)
// ---------------------------------------------------------------------------------------------------

// Project choice: limits are set in bytes per second per direction, 1 KiB/s - 12.5 MB/s (100 Mbit/s line
// rate of the Ethernet port); the app proposes 1.25 MB/s (10 Mbit/s) when the technician turns it on.
export const BANDWIDTH_BYTES_PER_SECOND: Range = { min: 1024, max: 12_500_000, factory: 1_250_000 };

// Project choice: the token bucket holds 1 s worth of the limit, so normal bursty request/response
// traffic under the average limit is never throttled.
export const BANDWIDTH_BURST_SECONDS = 1;

// Project choice: one "access restriction" episode ends after 2 s without over-limit traffic; a new
// over-limit burst after that is a new episode and a new event.
export const BANDWIDTH_EPISODE_QUIET_MS = 2000;

// ---------------------------------------------------------------------------------------------------
// Default open ports (2.4.9 / 3.4.9)
// ---------------------------------------------------------------------------------------------------

// The services, their transports and nominal port numbers are the one list the app shares with the
// virtual devices: src-main/model/controller-services.ts (each number's source marked there).

// ---------------------------------------------------------------------------------------------------
// FTP server function (Table 9 row 8, Table 13 row 3 "File transfer (FTPS server/client)")
// ---------------------------------------------------------------------------------------------------

export const FTP_CHOICES = {
  // Project choice: with no sessionTimers block written, the FTP session timer is 600 s, the same idle limit
  // the virtual controller's other connections have at the factory; the app's recommended 300 s (Table 9
  // row 8) is then a visible change.
  factorySessionTimeoutSeconds: 600,
  // Project choice: a command line is at most 512 bytes with its CRLF (SMTP's limit, RFC 5321 4.5.3.1.4;
  // RFC 959 gives none); a longer one is answered 500 and discarded.
  maxLineBytes: 512,
  // Project choice: at most 4 KiB of received commands wait while one is processed, and at most 4 KiB of
  // replies the client has not read yet; beyond either, the server stops reading the connection until it
  // has caught up (TCP back-pressure, nothing dropped).
  maxBufferedBytes: 4096,
  // Project choice: the virtual controller has no file system to serve: data-connection set-up commands
  // (PASV, EPSV, PORT, EPRT) answer 502, transfers (LIST, RETR, STOR, ...) 425, file commands (CWD, SIZE,
  // DELE, ...) 550, each with a text saying so.
  servesFiles: false,
  // Project choice: while user authentication is off (factory state, 2.4.4.1), every FTP logon is refused
  // (530): the SLMP rule "anyone may do anything" is not extended to a service whose password would be the
  // only protection; nothing is recorded, as an SLMP logon attempt then records nothing either.
  logonWithoutUserAuthentication: false,
  // Project choice: the FTP session timer alone governs an FTP control connection (the Ethernet alive check
  // timer governs the SLMP connections); after a QUIT or the timer, the socket is destroyed 2 s after the
  // last reply at the latest.
  closeGraceMs: 2000,
} as const;

// ---------------------------------------------------------------------------------------------------
// Parameter blocks the security models do not bound themselves
// ---------------------------------------------------------------------------------------------------

// Project choice: the device's limits for the blocks the security models do not already bound.
export const DEVICE_PARAMETER_LIMITS = {
  connectionTimerSeconds: { min: 1, max: 3600 },
  clockMaxOffsetSeconds: { min: 1, max: 300 },
  backupIntervalDays: { min: 1, max: 365 },
  automaticBackupRetryCount: { min: 0, max: 10 },
  automaticBackupRetryIntervalSeconds: { min: 1, max: 3600 },
  automaticBackupMaxKept: { min: 1, max: 100 },
} as const;

// Project choice: the factory operation on a detected error is "stop" (the safe side of Table 14).
export const FACTORY_ON_ERROR: 'stop' | 'continue' = 'stop';

// Project choice: the TLS versions each family can be set to (MX-R one version, MX-F also both, 3.4.7.1).
const TLS_VERSIONS: Record<ControllerFamily, readonly string[]> = { 'MX-R': ['1.2', '1.3'], 'MX-F': ['1.2', '1.3', '1.2/1.3'] };
export const tlsVersionsOf = (family: ControllerFamily): string[] => [...TLS_VERSIONS[family]];

// ---------------------------------------------------------------------------------------------------
// Module configuration (7E03 block `moduleConfiguration`; Table 9/27 row 7, Table 19 row 4, Table 20 items 11-12)
// ---------------------------------------------------------------------------------------------------

// Project choice: the MX-F takes at most 4 expansion adapters, of which at most 2 serial communication
// adapters, and at most 16 extension modules, as the compact controllers of the same vendor do; the MX-R
// has no expansion adapters (the guideline names them for the MX-F only) and lists at most 64 modules
// beside the controller (the module count of a rack-type system). Positions count from the controller,
// 1 to the limit, each once per list.
export const MODULE_CONFIGURATION_LIMITS: Readonly<Record<ControllerFamily, { expansionAdapters: number; serialAdapters: number; extensionModules: number }>> = {
  'MX-F': { expansionAdapters: 4, serialAdapters: 2, extensionModules: 16 },
  'MX-R': { expansionAdapters: 0, serialAdapters: 0, extensionModules: 64 },
};

// Project choice: a module's name (its model name, e.g. "FX5-485ADP") is 1-32 characters without
// control characters: enough for any model name, short enough for a report line.
export const MODULE_NAME_MAX_CHARS = 32;

// Project choice: a factory-fresh virtual controller has nothing mounted beside it (no block written:
// the read answer leaves `moduleConfiguration` out, which means no modules). A practice device must not
// pretend hardware the technician did not configure, and writing the configuration is then a visible step.
