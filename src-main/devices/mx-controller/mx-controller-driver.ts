// Driver for the MELSEC MX controllers (MX-R, MX-F) over SLMP.
//
// Two kinds of device answer here. The virtual controllers offer their security functions through the
// project's own commands 7E00-7E0A (docs/protocol.md); this driver is their client and every method of
// ControllerSecurityDriver works ('full'). A real controller carries those functions over the proprietary
// MELSOFT protocol and answers C059 to 7E00: the driver then reports 'observe-only', keeps what standard
// SLMP can do (identity, CPU state, remote RUN/STOP, restart, error clear) and refuses every security
// method with DeviceOperationError 'not-supported' ("set this in the engineering tool; the app verifies
// what it can observe"), which the engine turns into an operator-performed step.
//
// Bulk transfers (backup to the PC, restoration, firmware) move BULK_CHUNK_BYTES per frame, report
// progress after each chunk and check the AbortSignal between chunks. Cancelling leaves the device
// unchanged: a restoration or a firmware update is only applied by its final commit request, which is
// never sent after a cancel; the device forgets the unfinished transfer (its id then answers CF26).
import { createHash } from 'node:crypto';
import type { Link } from '../../links/link';
import { SlmpClient, type SlmpClientOptions } from '../../slmp/client';
import { SlmpEndCodeError } from '../../slmp/end-codes';
import { BULK_CHUNK_BYTES, SecurityCommand as Cmd, SecurityOperation as Op } from '../../slmp/security-commands';
import { computeClientProof, buildAuthMessage, createNonce, verifyServerSignature } from '../../crypto/logon-proof';
import type { UserInformation } from '../../model/security-settings';
import type { DeviceIdentityReading } from '../device-driver';
import type {
  ControllerCapabilities,
  ControllerOperation,
  ControllerSecurityDriver,
  DeviceCertificate,
  Diagnostics,
  EventHistoryIntegrity,
  EventRecordView,
  LogonResult,
  ParameterBlocks,
  ParameterReading,
  Progress,
  SettingRejection,
  UserAuthenticationReading,
  WriteOptions,
} from '../controller-security-driver';
import { DeviceOperationError, NOT_SUPPORTED_TEXT } from '../device-error';
import { CPU_STATE_REGISTER, cpuStateFromSd203 } from './cpu-state';
import { SecurityCommandClient, SLOW_OPERATION_TIMEOUT_MS, translateError, type CallOptions } from './security-client';
import * as R from './security-responses';

// Project choice: the largest backup or firmware package the driver moves (512 MiB). A device's declared
// size above it is refused before any chunk is read, so a bad answer cannot make the app buffer without end.
export const MAX_TRANSFER_BYTES = 512 * 1024 * 1024;

/** What every controller offers through standard SLMP, real or virtual. */
export const OBSERVABLE_OPERATIONS: readonly ControllerOperation[] = ['identity', 'cpu-state', 'restart', 'error-clear', 'remote-run-stop'];

/** The capability answer's function groups (SecurityCommand keys) -> the operations they carry. */
const OPERATIONS_OF_GROUP: Readonly<Record<string, readonly ControllerOperation[]>> = {
  Session: ['logon'],
  Users: ['users'],
  Parameters: ['parameters'],
  Clock: ['clock'],
  EventHistory: ['event-history'],
  Certificate: ['certificate'],
  Backup: ['backup', 'restore'],
  Firmware: ['firmware'],
  Initialize: ['initialize'],
  Diagnostics: ['diagnostics'],
};

type TransferOptions = { signal?: AbortSignal; onProgress?: (p: Progress) => void };

export class MxControllerDriver implements ControllerSecurityDriver {
  readonly client: SlmpClient;
  private readonly security: SecurityCommandClient;
  private capabilityReading: Promise<ControllerCapabilities> | undefined;
  /** A restoration the device keeps after a wrong password (CF23), for a retyped password. */
  private awaitingPassword: { key: string; restoreId: string | number } | undefined;
  /** The user this driver logged on as on this connection; undefined when not logged on. */
  private loggedOnAs: string | undefined;

  constructor(
    readonly link: Link,
    options: SlmpClientOptions = {},
  ) {
    this.client = new SlmpClient(link, options);
    this.security = new SecurityCommandClient(this.client, () => this.loggedOnAs !== undefined);
    // A logon belongs to the connection: once the link is gone, so is the logon.
    link.onClose(() => {
      this.loggedOnAs = undefined;
      this.awaitingPassword = undefined;
    });
  }

  /** The user name of this connection's logon, if any (never the password: the driver keeps none). */
  get loggedOnUser(): string | undefined {
    return this.loggedOnAs;
  }

  async echo(text: string): Promise<{ sent: number; received: number }> {
    const before = this.client.bytesOnLink;
    await this.client.selfTest(text);
    const after = this.client.bytesOnLink;
    return { sent: after.sent - before.sent, received: after.received - before.received };
  }

  /** Read Type Name (0101): standard SLMP, answered without a logon, records no event. */
  async keepAlive(): Promise<void> {
    await this.client.readTypeName();
  }

  async readIdentity(): Promise<DeviceIdentityReading> {
    const [typeName, [sd203]] = await Promise.all([
      this.client.readTypeName(),
      this.client.readWords(CPU_STATE_REGISTER.device, CPU_STATE_REGISTER.head, 1),
    ]);
    return {
      model: typeName.model,
      modelCode: typeName.modelCode,
      cpuState: sd203 === undefined ? 'unknown' : cpuStateFromSd203(sd203),
      linkKind: this.link.kind,
      linkDescription: this.link.description,
      virtual: this.link.virtual,
    };
  }

  /**
   * 7E00. C059 (a real controller) -> 'observe-only' with the model from Read Type Name. Read once per
   * connection; a restart or initialization reads it again.
   */
  capabilities(): Promise<ControllerCapabilities> {
    this.capabilityReading ??= this.readCapabilities().catch((error: unknown) => {
      this.capabilityReading = undefined;
      throw error;
    });
    return this.capabilityReading;
  }

  private async readCapabilities(): Promise<ControllerCapabilities> {
    try {
      const caps = await this.security.call(Cmd.Capabilities, Op.Capabilities.Read, {}, R.CapabilitiesResponse);
      // Only the function groups the device names are offered: a device without, say, firmware update
      // gets 'not-supported' from the driver instead of a C059 from the wire.
      const operations = new Set<ControllerOperation>(OBSERVABLE_OPERATIONS);
      for (const group of caps.functions) for (const op of OPERATIONS_OF_GROUP[group] ?? []) operations.add(op);
      return {
        mode: 'full',
        operations,
        model: caps.model,
        family: caps.family,
        firmwareVersion: caps.firmwareVersion,
        serialNumber: caps.serialNumber,
        tlsVersions: caps.tlsVersions,
      };
    } catch (error) {
      if (!(error instanceof DeviceOperationError && error.code === 'not-supported')) throw error;
    }
    const { model } = await this.standard(Cmd.Capabilities, () => this.client.readTypeName());
    return {
      mode: 'observe-only',
      operations: new Set(OBSERVABLE_OPERATIONS),
      model,
      family: familyOfModel(model),
      firmwareVersion: null,
      serialNumber: null,
      tlsVersions: [],
    };
  }

  // -----------------------------------------------------------------------------------------------
  // Session (7E01)

  /**
   * SCRAM-SHA-256-structured logon: the password never crosses the link. The device must prove it
   * holds this user's verifier (server signature); a device that cannot is refused
   * ('device-proof-failed') and the connection is closed, because whatever answered is not the device
   * the password was set on.
   */
  async logon(userName: string, password: string): Promise<LogonResult> {
    await this.requireFull('logon', 'Logging on through the app');
    const clientNonce = createNonce();
    const begin = await this.security.call(Cmd.Session, Op.Session.LogonBegin, { userName, clientNonceB64: clientNonce }, R.LogonBeginResponse);
    let authMessage: string;
    try {
      authMessage = buildAuthMessage({ userName, clientNonce, combinedNonce: begin.combinedNonceB64, salt: begin.saltB64, kdf: begin.kdf });
    } catch (error) {
      await this.closeQuietly();
      throw proofFailed(error);
    }
    const proof = await computeClientProof(password, begin.saltB64, begin.kdf, authMessage);
    const done = await this.security.call(Cmd.Session, Op.Session.LogonComplete, { logonId: begin.logonId, clientProofB64: proof.clientProof }, R.LogonCompleteResponse);
    if (!verifyServerSignature(proof.expectedServerSignature, done.serverSignatureB64)) {
      await this.closeQuietly();
      throw proofFailed();
    }
    this.loggedOnAs = userName;
    return { logonMessage: done.logonMessage, mustChangePassword: done.mustChangePassword, group: done.group, sessionTimeoutMinutes: done.sessionTimeoutMinutes };
  }

  async logoff(): Promise<void> {
    await this.requireFull('logon', 'Logging off');
    await this.security.call(Cmd.Session, Op.Session.Logoff, {}, R.Empty);
    this.loggedOnAs = undefined;
  }

  async changeOwnPassword(currentPassword: string, newPassword: string, options: WriteOptions = {}): Promise<void> {
    await this.requireFull('logon', 'Changing the password through the app');
    await this.security.call(Cmd.Session, Op.Session.ChangeOwnPassword, { currentPassword, newPassword, ...attested(options) }, R.Empty);
  }

  // -----------------------------------------------------------------------------------------------
  // Users (7E02)

  async readUserAuthentication(): Promise<UserAuthenticationReading> {
    await this.requireFull('users', 'Reading the user information');
    const r = await this.security.call(Cmd.Users, Op.Users.Read, {}, R.UsersResponse);
    return {
      enabled: r.enabled,
      groups: r.groups.map((g) => ({ name: g.name, kind: g.kind, authorities: g.authorities as UserAuthenticationReading['groups'][number]['authorities'] })),
      users: r.users.map((u) => ({
        name: u.name,
        group: u.group,
        locked: u.locked,
        ...(u.lockedUntil ? { lockedUntil: u.lockedUntil } : {}),
        ...(u.passwordExpiresAt ? { passwordExpiresAt: u.passwordExpiresAt } : {}),
      })),
    };
  }

  async writeUserInformation(info: UserInformation, passwords: ReadonlyMap<string, string>, options: WriteOptions = {}): Promise<SettingRejection[]> {
    await this.requireFull('users', 'Writing the user information');
    const users = info.users.map((u) => {
      const password = passwords.get(u.name);
      return password === undefined ? { name: u.name, group: u.group } : { name: u.name, group: u.group, password };
    });
    const r = await this.security.call(Cmd.Users, Op.Users.Write, { groups: info.groups, users, ...attested(options) }, R.RejectionsResponse);
    return r.rejected;
  }

  async unlockUser(userName: string): Promise<void> {
    await this.requireFull('users', 'Releasing a lockout through the app');
    await this.security.call(Cmd.Users, Op.Users.Unlock, { userName }, R.Empty);
  }

  // -----------------------------------------------------------------------------------------------
  // Parameters (7E03), clock (7E04)

  async readParameters(): Promise<ParameterReading> {
    await this.requireFull('parameters', 'Reading the security parameters');
    const r = await this.security.call(Cmd.Parameters, Op.Parameters.Read, {}, R.ParametersResponse);
    // The blocks' inner shapes are the device's to enforce (it rejects an invalid block on write).
    return { written: r.written as ParameterBlocks, inEffect: r.inEffect as ParameterBlocks, pendingRestart: r.pendingRestart };
  }

  /** Parameters take effect at the next restart(); readParameters() shows written and in effect. */
  async writeParameters(blocks: ParameterBlocks, options: WriteOptions = {}): Promise<SettingRejection[]> {
    await this.requireFull('parameters', 'Writing the security parameters');
    const r = await this.security.call(Cmd.Parameters, Op.Parameters.Write, { blocks, ...attested(options) }, R.RejectionsResponse);
    return r.rejected;
  }

  async readClock(): Promise<Date> {
    await this.requireFull('clock', 'Reading the clock through the app');
    const r = await this.security.call(Cmd.Clock, Op.Clock.Read, {}, R.ClockResponse);
    return toDate(r.deviceTime, 'deviceTime', Cmd.Clock, Op.Clock.Read);
  }

  async writeClock(time: Date): Promise<void> {
    await this.requireFull('clock', 'Setting the clock');
    await this.security.call(Cmd.Clock, Op.Clock.Write, { time: time.toISOString() }, R.ClockSetResponse);
  }

  // -----------------------------------------------------------------------------------------------
  // Certificate (7E06)

  async readCertificate(): Promise<DeviceCertificate | null> {
    await this.requireFull('certificate', 'Reading the certificate through the app');
    const r = await this.security.call(Cmd.Certificate, Op.Certificate.Read, {}, R.CertificateResponse);
    if (r.certificatePem === null) return null;
    return r as DeviceCertificate;
  }

  async writeCertificate(certificatePem: string, privateKeyPem: string, options: WriteOptions = {}): Promise<{ fingerprint256: string }> {
    await this.requireFull('certificate', 'Writing the certificate');
    const r = await this.security.call(Cmd.Certificate, Op.Certificate.Write, { certificatePem, privateKeyPem, ...attested(options) }, R.CertificateWriteResponse);
    return { fingerprint256: r.fingerprint256 };
  }

  async deleteCertificate(): Promise<void> {
    await this.requireFull('certificate', 'Deleting the certificate');
    await this.security.call(Cmd.Certificate, Op.Certificate.Delete, {}, R.Empty);
  }

  // -----------------------------------------------------------------------------------------------
  // Event history (7E05)

  async readEventHistory(options: { from?: number; max?: number } = {}): Promise<{ records: EventRecordView[]; total: number }> {
    await this.requireFull('event-history', 'Reading the event history through the app');
    const body: Record<string, unknown> = {};
    if (options.from !== undefined) body['from'] = options.from;
    if (options.max !== undefined) body['max'] = options.max;
    const r = await this.security.call(Cmd.EventHistory, Op.EventHistory.Read, body, R.EventsResponse);
    return {
      records: r.records.map((e) => ({
        seq: e.seq,
        at: e.at,
        code: e.code,
        name: e.name,
        ...(e.user ? { user: e.user } : {}),
        ...(e.peer ? { peer: e.peer } : {}),
        ...(e.transport ? { transport: e.transport } : {}),
        ...(e.detail ? { detail: e.detail } : {}),
      })),
      total: r.total,
    };
  }

  async verifyEventHistory(): Promise<EventHistoryIntegrity> {
    await this.requireFull('event-history', 'Checking the event history');
    const r = await this.security.call(Cmd.EventHistory, Op.EventHistory.Verify, {}, R.VerifyEventsResponse);
    return { ok: r.ok, ...(r.firstBadIndex != null ? { firstBadIndex: r.firstBadIndex } : {}), ...(r.reason ? { reason: r.reason } : {}) };
  }

  async clearEventHistory(): Promise<void> {
    await this.requireFull('event-history', 'Clearing the event history');
    await this.security.call(Cmd.EventHistory, Op.EventHistory.Clear, {}, R.Empty);
  }

  // -----------------------------------------------------------------------------------------------
  // Backup and restoration (7E07)

  /**
   * Creates a backup. To the PC, the file's bytes are read chunk by chunk and returned; the size and,
   * when the device gives it, the SHA-256 are checked. A cancel between chunks stops reading; the device
   * keeps nothing changed (a backup only reads the device).
   */
  async createBackup(
    options: { destination: 'pc' | 'sd-card'; password?: string } & TransferOptions & WriteOptions,
  ): Promise<{ name: string; file?: Buffer }> {
    await this.requireFull('backup', 'Creating a backup through the app');
    const body: Record<string, unknown> = { destination: options.destination };
    if (options.password !== undefined) Object.assign(body, { password: options.password }, attested(options));
    const created = await this.security.call(Cmd.Backup, Op.Backup.Create, body, R.BackupCreateResponse, slow(options));
    if (options.destination === 'sd-card') return { name: created.name };
    if (created.size > MAX_TRANSFER_BYTES) throw transferMalformed(Cmd.Backup, Op.Backup.Create, 'size');
    const parts: Buffer[] = [];
    let offset = 0;
    // Bounded: a round that is not the last brings at least one byte, never past the declared size.
    const maxRounds = created.size + 1;
    for (let round = 0; round < maxRounds; round++) {
      this.throwIfCancelled(options.signal, Cmd.Backup, Op.Backup.ReadChunk);
      const chunk = await this.security.call(Cmd.Backup, Op.Backup.ReadChunk, { backupId: created.backupId, offset }, R.BackupChunkResponse, callSignal(options));
      const bytes = Buffer.from(chunk.dataB64, 'base64');
      if (bytes.length > BULK_CHUNK_BYTES || offset + bytes.length > created.size) throw transferMalformed(Cmd.Backup, Op.Backup.ReadChunk, 'dataB64');
      parts.push(bytes);
      offset += bytes.length;
      options.onProgress?.({ done: offset, total: created.size });
      if (chunk.eof) break;
      if (bytes.length === 0) throw transferMalformed(Cmd.Backup, Op.Backup.ReadChunk, 'eof');
    }
    const file = Buffer.concat(parts);
    if (file.length !== created.size) throw transferMalformed(Cmd.Backup, Op.Backup.ReadChunk, 'size');
    if (created.sha256) {
      if (createHash('sha256').update(file).digest('hex') !== created.sha256.toLowerCase()) throw transferMalformed(Cmd.Backup, Op.Backup.ReadChunk, 'sha256');
    }
    return { name: created.name, file };
  }

  /**
   * Restores a backup. The device needs the CPU in STOP (CF20 -> 'requires-stop'). Nothing is applied
   * before the final commit: a cancel between chunks, a wrong password (CF23) or a modified file (CF24)
   * leaves the device as it was. After a wrong password the device keeps the uploaded file for a retyped
   * password on this connection: calling again with the same source commits that transfer with the new
   * password instead of uploading again (the device would answer "busy" to a second upload meanwhile).
   * The restoration ends with the device restarting: the link drops and so does the logon.
   */
  async restoreBackup(
    source: { file: Buffer } | { sdCardName: string },
    options: { password?: string; restoreSpecialDevices?: boolean } & TransferOptions & WriteOptions,
  ): Promise<{ restored: string[] }> {
    await this.requireFull('restore', 'Restoring a backup through the app');
    const key = 'file' in source ? `pc:${createHash('sha256').update(source.file).digest('hex')}` : `sd:${source.sdCardName}`;
    let restoreId: string | number;
    if (this.awaitingPassword?.key === key) {
      restoreId = this.awaitingPassword.restoreId;
    } else if ('file' in source) {
      restoreId = (await this.security.call(Cmd.Backup, Op.Backup.RestoreBegin, { source: 'pc', size: source.file.length }, R.RestoreBeginResponse, callSignal(options))).restoreId;
      await this.upload(source.file, options, Cmd.Backup, Op.Backup.RestoreChunk, (offset, dataB64) => ({ restoreId, offset, dataB64 }));
    } else {
      restoreId = (await this.security.call(Cmd.Backup, Op.Backup.RestoreBegin, { source: 'sd-card', name: source.sdCardName }, R.RestoreBeginResponse, callSignal(options))).restoreId;
    }
    this.awaitingPassword = undefined;
    this.throwIfCancelled(options.signal, Cmd.Backup, Op.Backup.RestoreCommit);
    const commit: Record<string, unknown> = { restoreId };
    if (options.restoreSpecialDevices) commit['restoreSpecialDevices'] = true;
    if (options.password !== undefined) Object.assign(commit, { password: options.password }, attested(options));
    // The commit itself is not cancellable: once sent, the device decides; the signal only stops what precedes it.
    let r;
    try {
      r = await this.security.call(Cmd.Backup, Op.Backup.RestoreCommit, commit, R.RestoreCommitResponse, { timeoutMs: SLOW_OPERATION_TIMEOUT_MS });
    } catch (error) {
      if (error instanceof DeviceOperationError && error.code === 'backup-wrong-password') this.awaitingPassword = { key, restoreId };
      throw error;
    }
    this.loggedOnAs = undefined;
    this.capabilityReading = undefined;
    return { restored: r.restored };
  }

  async listSdCardBackups(): Promise<Array<{ name: string; size: number; createdAt: string }>> {
    await this.requireFull('backup', 'Listing the SD card backups through the app');
    return (await this.security.call(Cmd.Backup, Op.Backup.List, {}, R.BackupListResponse)).backups;
  }

  // -----------------------------------------------------------------------------------------------
  // Firmware (7E08)

  /**
   * Uploads and installs a firmware package or add-on. The device verifies the vendor signature and the
   * target model at commit (CF25 -> 'package-refused', version unchanged); a cancel between chunks never
   * sends the commit, so the firmware is unchanged.
   */
  async updateFirmware(pkg: Buffer, options: TransferOptions = {}): Promise<{ kind: string; version: string }> {
    await this.requireFull('firmware', 'Updating the firmware through the app');
    if (pkg.length === 0 || pkg.length > MAX_TRANSFER_BYTES) {
      throw new DeviceOperationError('invalid-request', { headline: 'The package file is empty or too large.', whatToDo: 'Select the firmware package file from the vendor.' });
    }
    const { uploadId } = await this.security.call(Cmd.Firmware, Op.Firmware.Begin, { size: pkg.length }, R.FirmwareBeginResponse, callSignal(options));
    await this.upload(pkg, options, Cmd.Firmware, Op.Firmware.Chunk, (offset, dataB64) => ({ uploadId, offset, dataB64 }));
    this.throwIfCancelled(options.signal, Cmd.Firmware, Op.Firmware.Commit);
    return this.security.call(Cmd.Firmware, Op.Firmware.Commit, { uploadId }, R.FirmwareCommitResponse, { timeoutMs: SLOW_OPERATION_TIMEOUT_MS });
  }

  async readVersions(): Promise<{ firmwareVersion: string; addOns: Array<{ name: string; version: string }> }> {
    await this.requireFull('firmware', 'Reading the firmware versions through the app');
    return this.security.call(Cmd.Firmware, Op.Firmware.ReadVersion, {}, R.VersionsResponse);
  }

  // -----------------------------------------------------------------------------------------------
  // Initialization (7E09), diagnostics (7E0A), standard operations

  /** 2.6: the device clears everything but the SD card, then restarts (the link drops). */
  async initializeAll(confirmModel: string): Promise<void> {
    await this.requireFull('initialize', 'Initializing all information through the app');
    await this.security.call(Cmd.Initialize, Op.Initialize.All, { confirmModel }, R.Empty, { timeoutMs: SLOW_OPERATION_TIMEOUT_MS });
    this.loggedOnAs = undefined;
    this.capabilityReading = undefined;
  }

  async readDiagnostics(): Promise<Diagnostics> {
    await this.requireFull('diagnostics', 'Reading the diagnostics through the app');
    return this.security.call(Cmd.Diagnostics, Op.Diagnostics.Read, {}, R.DiagnosticsResponse);
  }

  /** Full mode: clears the device's diagnostic error list (7E0A); observe-only: standard Error clear (1617). */
  async clearErrors(): Promise<void> {
    const caps = await this.capabilities();
    if (caps.mode === 'full') {
      await this.security.call(Cmd.Diagnostics, Op.Diagnostics.Clear, {}, R.Empty);
      return;
    }
    await this.standard(0x1617, () => this.client.errorClear());
  }

  async remoteStop(): Promise<void> {
    await this.standard(0x1002, () => this.client.remoteStop());
  }

  async remoteRun(): Promise<void> {
    await this.standard(0x1001, () => this.client.remoteRun());
  }

  /** Remote RESET: written parameters take effect; the link drops and so does the logon. */
  async restart(): Promise<void> {
    await this.standard(0x1006, () => this.client.remoteReset());
    this.loggedOnAs = undefined;
    this.capabilityReading = undefined;
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  // -----------------------------------------------------------------------------------------------

  private async requireFull(operation: ControllerOperation, what: string): Promise<void> {
    const caps = await this.capabilities();
    if (caps.mode === 'full' && caps.operations.has(operation)) return;
    throw new DeviceOperationError('not-supported', { headline: `${what}: ${lowerFirst(NOT_SUPPORTED_TEXT.headline)}`, whatToDo: NOT_SUPPORTED_TEXT.whatToDo, guidelineRef: '2.4' }, { causeCode: caps.mode });
  }

  /** A standard SLMP command, with its errors translated like the security commands'. */
  private async standard<T>(command: number, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const subcommand = error instanceof SlmpEndCodeError ? error.subcommand : 0;
      throw translateError(error, { command: error instanceof SlmpEndCodeError ? error.command : command, subcommand, loggedOn: this.loggedOnAs !== undefined });
    }
  }

  private async upload(
    bytes: Buffer,
    options: TransferOptions,
    command: number,
    subcommand: number,
    body: (offset: number, dataB64: string) => Record<string, unknown>,
  ): Promise<void> {
    options.onProgress?.({ done: 0, total: bytes.length });
    for (let offset = 0; offset < bytes.length; offset += BULK_CHUNK_BYTES) {
      this.throwIfCancelled(options.signal, command, subcommand);
      const piece = bytes.subarray(offset, offset + BULK_CHUNK_BYTES);
      await this.security.call(command, subcommand, body(offset, piece.toString('base64')), R.Empty, callSignal(options));
      options.onProgress?.({ done: offset + piece.length, total: bytes.length });
    }
  }

  private throwIfCancelled(signal: AbortSignal | undefined, command: number, subcommand: number): void {
    if (!signal?.aborted) return;
    throw translateError(signal.reason ?? new Error('cancelled'), { command, subcommand, loggedOn: this.loggedOnAs !== undefined }, signal);
  }

  private async closeQuietly(): Promise<void> {
    this.loggedOnAs = undefined;
    await this.client.close().catch(() => undefined);
  }
}

export function familyOfModel(model: string): 'MX-R' | 'MX-F' {
  if (/^MXR/i.test(model)) return 'MX-R';
  if (/^MXF/i.test(model)) return 'MX-F';
  throw new DeviceOperationError(
    'not-supported',
    { headline: `The device at this address is a ${model || 'device without a type name'}, not an MX controller.`, whatToDo: 'Check the address, or choose the matching system.' },
    {},
  );
}

/** 2.4.7.1: the attestation travels only when the engine set it. */
function attested(options: WriteOptions): { trustBoundaryAttested?: boolean } {
  return options.trustBoundaryAttested === undefined ? {} : { trustBoundaryAttested: options.trustBoundaryAttested };
}

function callSignal(options: TransferOptions): CallOptions {
  return options.signal ? { signal: options.signal } : {};
}

function slow(options: TransferOptions): CallOptions {
  return { ...callSignal(options), timeoutMs: SLOW_OPERATION_TIMEOUT_MS };
}

function proofFailed(cause?: unknown): DeviceOperationError {
  return new DeviceOperationError(
    'device-proof-failed',
    {
      headline: 'The device could not prove that it knows this user: it is not the device the password was set on, or something between is answering for it. The app disconnected.',
      whatToDo: 'Do not enter passwords on this connection. Check the address and the cable, and connect over USB to verify the device.',
      guidelineRef: '2.4.4',
    },
    {},
    cause === undefined ? undefined : { cause },
  );
}

function transferMalformed(command: number, subcommand: number, path: string): DeviceOperationError {
  return new DeviceOperationError(
    'malformed-response',
    { headline: 'The device sent a transfer that does not add up (size, order or checksum).', whatToDo: 'Retry; if it repeats, restart the device and retry.' },
    { command: `${hex(command)}/${hex(subcommand)}`, paths: [path] },
  );
}

function toDate(text: string, path: string, command: number, subcommand: number): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    throw new DeviceOperationError(
      'malformed-response',
      { headline: 'The device answered with a time the app cannot read.', whatToDo: 'Set the device clock and retry.' },
      { command: `${hex(command)}/${hex(subcommand)}`, paths: [path] },
    );
  }
  return date;
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
