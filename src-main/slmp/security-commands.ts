// The security commands of the virtual MX devices: the project's own commands inside ordinary SLMP
// frames (the real controllers carry these functions over the proprietary MELSOFT protocol, which the
// project neither implements nor imitates). Documented in docs/protocol.md.
//
// Project choice: the commands use codes 7E00-7E0F, a range the public SLMP reference does not use, so
// a real controller answers C059 (not supported) and the driver falls back to operator-performed steps.
// One command per function group; the subcommand selects the operation. Request and response data are
// UTF-8 JSON objects (at most MAX_REQUEST_DATA_BYTES per frame); bulk bytes travel base64-encoded in
// chunks. Refusals are SLMP end codes (C810-C816 authentication, CFxx the project's own).

export const SecurityCommand = {
  /** 7E00: what this device supports (the capability query). */
  Capabilities: 0x7e00,
  /** 7E01: logon (challenge-response, SCRAM-SHA-256 structure), logoff, change own password. */
  Session: 0x7e01,
  /** 7E02: user information: users, groups, password/lockout settings, unlock, reset. */
  Users: 0x7e02,
  /** 7E03: security parameters (take effect at restart): read written/in effect, write. */
  Parameters: 0x7e03,
  /** 7E04: device clock. */
  Clock: 0x7e04,
  /** 7E05: event history: read, verify (manipulation check), clear. */
  EventHistory: 0x7e05,
  /** 7E06: server certificate and private key for encrypted communication. */
  Certificate: 0x7e06,
  /** 7E07: backup and restoration. */
  Backup: 0x7e07,
  /** 7E08: firmware update and add-on install. */
  Firmware: 0x7e08,
  /** 7E09: initialization of all information. */
  Initialize: 0x7e09,
  /** 7E0A: self-diagnostics: errors, flags (e.g. certificate expiring), operation setting state. */
  Diagnostics: 0x7e0a,
} as const;

export const SecurityOperation = {
  Capabilities: { Read: 0x0000 },
  Session: { LogonBegin: 0x0001, LogonComplete: 0x0002, Logoff: 0x0003, ChangeOwnPassword: 0x0004, Status: 0x0005 },
  Users: { Read: 0x0001, Write: 0x0002, Unlock: 0x0003, ResetPassword: 0x0004, ResetExpiry: 0x0005 },
  Parameters: { Read: 0x0001, Write: 0x0002 },
  Clock: { Read: 0x0001, Write: 0x0002 },
  EventHistory: { Read: 0x0001, Verify: 0x0002, Clear: 0x0003 },
  Certificate: { Read: 0x0001, Write: 0x0002, Delete: 0x0003 },
  Backup: { Create: 0x0001, ReadChunk: 0x0002, RestoreBegin: 0x0003, RestoreChunk: 0x0004, RestoreCommit: 0x0005, List: 0x0006 },
  Firmware: { Begin: 0x0001, Chunk: 0x0002, Commit: 0x0003, ReadVersion: 0x0004 },
  Initialize: { All: 0x0001 },
  Diagnostics: { Read: 0x0001, Clear: 0x0002 },
} as const;

/** Bulk transfers (backups, firmware packages) move at most this many raw bytes per frame. */
export const BULK_CHUNK_BYTES = 4096;

/** The version of this command set; the capability answer carries it. */
export const SECURITY_PROTOCOL_VERSION = 1;

const SECURITY_CODES = new Set<number>(Object.values(SecurityCommand));
export const isSecurityCommand = (command: number): boolean => SECURITY_CODES.has(command);

export function encodeJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value ?? {}), 'utf8');
}

export class SecurityPayloadError extends Error {
  readonly code = 'security-payload';
  constructor(message: string) {
    super(message);
    this.name = 'SecurityPayloadError';
  }
}

/** Parses a JSON object payload; an empty payload is {}. Anything else is a SecurityPayloadError. */
export function decodeJson(data: Buffer): Record<string, unknown> {
  if (data.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch {
    throw new SecurityPayloadError('the payload is not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SecurityPayloadError('the payload is not a JSON object');
  }
  return value as Record<string, unknown>;
}

export interface SecurityCapabilities {
  protocolVersion: number;
  model: string;
  family: 'MX-R' | 'MX-F';
  firmwareVersion: string;
  serialNumber: string;
  /** Function groups this device serves, by SecurityCommand key. */
  functions: Array<keyof typeof SecurityCommand>;
  /** TLS versions it can be set to (MX-R one of 1.2/1.3; MX-F also "1.2/1.3", 3.4.7.1). */
  tlsVersions: string[];
}

/**
 * Project choice: end codes of the security commands beyond the user-authentication ones (C810-C816
 * from the public facts, CF10-CF1C in simulator/security/device-choices.ts). docs/protocol.md lists them.
 */
export const SecurityEndCode = {
  requiresStop: 0xcf20,
  secretOnPlainLink: 0xcf21,
  certificateKeyMismatch: 0xcf22,
  backupWrongPassword: 0xcf23,
  backupIntegrityFailed: 0xcf24,
  packageRefused: 0xcf25,
  unknownTransfer: 0xcf26,
  wrongConfirmation: 0xcf27,
  /** A backup asked without a password while backup encryption is on (2.4.6.1): not a wrong password. */
  backupPasswordRequired: 0xcf28,
} as const;
