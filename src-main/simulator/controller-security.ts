// The access-control security of a virtual MX controller, wired into the controller core for real:
// every command (the standard ones too) is authorized against the logged-on user of its connection,
// connections from addresses the IP filter refuses are closed at once, the default open ports are real
// listeners that close when set closed, bandwidth is limited per controller, and every event lands in
// the event history on the device clock. It implements SecurityContext for the other modules
// (certificate/TLS, backup, firmware), which take it in their install functions.
//
// Non-volatile (state directory, survives a process restart): users and lockouts, the event history's
// settings, chain key and head (its records in data memory = the state directory, or on the SD card),
// the clock offset, the serial number, the parameters written. Volatile: logons, self-diagnostic
// errors, the bandwidth buckets. Parameters take effect at boot (start or remote RESET).

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { KdfParams } from '../crypto/password-hash';
import { Command } from '../slmp/commands';
import { SecurityCommand, SecurityEndCode } from '../slmp/security-commands';
import type { ConnectionContext } from './connection-context';
import { EndCodeError } from './end-code-error';
import type { ListenerSpec } from './listener-set';
import type { SecurityContext } from './security-context';
import { BandwidthLimiter, FACTORY_BANDWIDTH } from './security/bandwidth-limiter';
import { DefaultOpenPorts, NETWORK_PORTS, SERVICES, type ServiceId } from './security/default-open-ports';
import { capacityFor, EventHistory, type EventDraft, type EventHistoryState, type Peer } from './security/event-history';
import { appendHistoryFile, historyFileNeedsRewrite, readHistoryFile, rewriteHistoryFile } from './security/history-file';
import { EventCoalescer } from './security/event-coalescer';
import { dropOldest, GENESIS_ANCHOR, verifyChain, type ChainAnchor } from '../crypto/audit-chain';
import { FACTORY_IP_FILTER, IpFilter } from './security/ip-filter';
import { Operation } from './security/operations';
import { UserAuthentication, type UserAuthenticationState } from './security/user-authentication';
import { SntpClockSync } from './security/sntp-clock-sync';
import { SNTP_PORT } from './security/sntp-client';
import { realScheduler, type Scheduler } from './crypto-functions/scheduler';
import {
  onErrorOf,
  slmpOnTlsOnly,
  toAuthSettings,
  toBandwidthSettings,
  toEventHistorySettings,
  toIpFilterSettings,
  toPortStates,
  toSntpClockSettings,
  type Blocks,
} from './security-commands/parameter-blocks';
import type { BootContext, VirtualController } from './virtual-controller';

export interface ControllerSecurityOptions {
  /** The SD memory card: a folder, never touched by initialization. Default: `<stateDir>/sd-card`. */
  sdCardDir?: string;
  /** scrypt cost of new password verifiers (tests: the practice cost, the default). */
  kdf?: KdfParams;
  /** UDP port of the SNTP server (clock block with source "sntp"); default 123. Tests pass their loopback server's. */
  sntpPort?: number;
  /** What drives the periodic SNTP synchronisation (tests: a ManualScheduler). */
  scheduler?: Scheduler;
  /**
   * Bind each default open service on its nominal port number (MELSOFT TCP on 5007, ...) instead of a port
   * the OS picks: a stock controller on its own loopback address (127.x.y.z) then looks from the network
   * exactly as a real one does, so verification probes the real numbers. Off by default: many controllers
   * share 127.0.0.1 in tests.
   */
  defaultPortsAtNominal?: boolean;
  /** Address the default open services bind when no SLMP service names one (a stock controller has none at first). */
  servicesHost?: string;
}

export interface SelfDiagnosticError {
  code: number;
  message: string;
  /** ISO 8601, device clock */
  at: string;
}

export type DiagnosticFlag = 'certificateExpiringSoon' | 'certificateExpired' | 'bandwidthLimited';

/** What the access-control command modules use beyond SecurityContext. */
export interface ControllerSecurity extends SecurityContext {
  readonly auth: UserAuthentication;
  readonly history: EventHistory;
  readonly sdCardDir: string;
  readonly serialNumber: string;
  /** Reported by 7E00; the firmware module sets it after an update (persisted). */
  firmwareVersion: string;
  /** The connection's logon session id, or null. */
  sessionId(context: ConnectionContext): string | null;
  setSession(context: ConnectionContext, session: { id: string; userName: string; group: string } | undefined): void;
  /** Persists the user-authentication state (after every command that may change it). */
  saveUsers(): void;
  /**
   * Re-reads the event history from where it is stored (the records file is the history: an edit of
   * the file is what the manipulation check must see), and persists it after a direct change.
   */
  reloadHistory(): void;
  saveHistory(): void;
  /** Moves the device clock; returns the time before. */
  setClock(time: Date): Date;
  /** Written and in-effect parameter blocks (7E03). */
  writtenBlocks(): Blocks;
  activeBlocks(): Blocks;
  writeBlocks(blocks: Blocks): void;
  pendingRestart(): boolean;
  /** Raises a self-diagnostic error (a test hook; a real CPU detects its own): stops the CPU unless the operation setting says continue. */
  raiseError(code: number, message: string): void;
  errors(): SelfDiagnosticError[];
  clearErrors(by?: { user?: string; peer?: Peer }): void;
  flags(): Record<DiagnosticFlag | 'pendingRestart', boolean>;
  operationSetting(): 'stop' | 'continue';
  /** 2.4.1: clears everything non-volatile except the SD card and the clock, then the device restarts. */
  initializeAll(by: { user?: string; peer?: Peer }): Promise<void>;
}

const SESSION = Symbol('security.session');
const PARAMETERS_SECTION = 'security.blocks';
const USERS_RECORD = 'security-users';
const HISTORY_RECORD = 'security-event-history';
const KEY_RECORD = 'security-event-key';
const CLOCK_RECORD = 'security-clock';
const IDENTITY_RECORD = 'security-identity';
/** The records file of the event history (one record per line), in the state directory (data memory) or on the SD card. */
export const EVENT_RECORDS_FILE = 'event-history-records.jsonl';
const HISTORY_FLUSH_MS = 50;
/** The history's settings, anchor and head, and the anchor of the first record the records file holds. */
type HistoryMeta = Omit<EventHistoryState, 'records'> & { fileAnchor?: ChainAnchor };

// Project choice: the firmware version a factory-fresh virtual controller reports.
export const FACTORY_FIRMWARE_VERSION = '1.000';
// Project choice: logons idle past the session timeout are swept every second (and on every command).
const SESSION_SWEEP_MS = 1000;

// Which operation each command is (the guard's table). null: the handler decides (logon, 7E00).
const STANDARD_OPERATIONS: Readonly<Record<number, Operation>> = {
  [Command.ReadTypeName]: Operation.TypeNameRead,
  [Command.SelfTest]: Operation.SelfTest,
  [Command.RemoteRun]: Operation.RemoteRun,
  [Command.RemoteStop]: Operation.RemoteStop,
  [Command.RemotePause]: Operation.RemotePause,
  [Command.RemoteLatchClear]: Operation.RemoteLatchClear,
  [Command.RemoteReset]: Operation.RemoteReset,
  [Command.ErrorClear]: Operation.ErrorClear,
  [Command.DeviceRead]: Operation.DeviceRead,
  [Command.DeviceWrite]: Operation.DeviceWrite,
};

// The floor for every security command, the other modules' too; a handler may check more finely.
const SECURITY_OPERATIONS: Readonly<Record<number, Readonly<Record<number, Operation | null>>>> = {
  [SecurityCommand.Capabilities]: { 0: null },
  [SecurityCommand.Session]: { 1: null, 2: null, 3: null, 4: null, 5: null },
  // 0002 and 0004 are authorized by the user model (the first write needs no logon).
  [SecurityCommand.Users]: { 1: Operation.UserInformationRead, 2: null, 3: Operation.UnlockUser, 4: Operation.UserManagement, 5: Operation.ResetPasswordExpiry },
  [SecurityCommand.Parameters]: { 1: Operation.ParameterRead, 2: Operation.ParameterWrite },
  [SecurityCommand.Clock]: { 1: Operation.ClockRead, 2: Operation.ClockSet },
  [SecurityCommand.EventHistory]: { 1: Operation.EventHistoryRead, 2: Operation.EventHistoryRead, 3: Operation.EventHistoryClear },
  [SecurityCommand.Certificate]: { 1: Operation.CertificateRead, 2: Operation.CertificateWrite, 3: Operation.CertificateDelete },
  [SecurityCommand.Backup]: { 1: Operation.Backup, 2: Operation.Backup, 3: Operation.Restore, 4: Operation.Restore, 5: Operation.Restore, 6: Operation.Backup },
  [SecurityCommand.Firmware]: { 1: Operation.FirmwareUpdate, 2: Operation.FirmwareUpdate, 3: Operation.FirmwareUpdate, 4: Operation.DiagnosisRead },
  [SecurityCommand.Initialize]: { 1: Operation.InitializeAll },
  [SecurityCommand.Diagnostics]: { 1: Operation.DiagnosisRead, 2: Operation.ErrorClear },
};

/** Operation of a request, null when none applies (unknown commands answer C059 anyway). */
export function operationOf(command: number, subcommand: number): Operation | null {
  if (command in STANDARD_OPERATIONS) return STANDARD_OPERATIONS[command]!;
  return SECURITY_OPERATIONS[command]?.[subcommand] ?? null;
}

const STANDARD_EVENTS: Readonly<Record<number, EventDraft['name']>> = {
  [Command.RemoteRun]: 'remote-run',
  [Command.RemoteStop]: 'remote-stop',
  [Command.RemoteReset]: 'remote-reset',
  [Command.ErrorClear]: 'error-clear',
};

export function installControllerSecurity(controller: VirtualController, options: ControllerSecurityOptions = {}): ControllerSecurity {
  const dir = controller.stateDir;
  const family = controller.model.family;
  const sdCardDir = options.sdCardDir ?? join(dir.path, 'sd-card');
  const initializeHooks: Array<() => void | Promise<void>> = [];

  // ---- identity, clock, event history key
  let identity = dir.read<{ serialNumber: string; firmwareVersion?: string }>(IDENTITY_RECORD);
  if (!identity) {
    // Project choice: serial numbers "VS" + 12 hex digits, so a practice device never looks like a real one.
    identity = { serialNumber: `VS${randomBytes(6).toString('hex').toUpperCase()}` };
    dir.write(IDENTITY_RECORD, identity);
  }
  let clockOffsetMs = dir.read<{ offsetMs: number }>(CLOCK_RECORD)?.offsetMs ?? 0;
  const now = (): Date => new Date(Date.now() + clockOffsetMs);
  let keyRecord = dir.read<{ keyB64: string }>(KEY_RECORD);
  if (!keyRecord) {
    keyRecord = { keyB64: randomBytes(32).toString('base64') };
    dir.write(KEY_RECORD, keyRecord);
  }
  const eventKey = Buffer.from(keyRecord.keyB64, 'base64');

  // ---- event history: settings, anchor and head in the state directory; records at the destination,
  // appended (security/history-file.ts): a record costs an append, not a rewrite of the history.
  const recordsPath = (destination: string): string => (destination === 'sd-card' ? join(sdCardDir, EVENT_RECORDS_FILE) : join(dir.path, EVENT_RECORDS_FILE));
  /** What the file holds: how many records, the anchor of its first one, the seq of its last one. */
  let file = { lines: 0, anchor: GENESIS_ANCHOR as ChainAnchor, lastSeq: 0, rewrite: false };
  /**
   * What the history was loaded from: the saved head and settings and the bytes of the records file. A
   * read with both unchanged keeps the history in memory (and what it verified); any change to either (an
   * edit of a record, a deleted line, another anchor) loads and verifies the history from the file again.
   */
  let loadedFrom: string | undefined;
  const historyFingerprint = (): string => {
    const meta = dir.read<HistoryMeta>(HISTORY_RECORD);
    if (!meta) return 'none';
    const path = recordsPath(meta.settings.destination);
    return createHash('sha256')
      .update(JSON.stringify(meta))
      .update('\0')
      .update(existsSync(path) ? readFileSync(path) : Buffer.alloc(0))
      .digest('hex');
  };
  const loadHistory = (): EventHistory => {
    loadedFrom = historyFingerprint();
    const meta = dir.read<HistoryMeta>(HISTORY_RECORD);
    if (!meta) {
      file = { lines: 0, anchor: GENESIS_ANCHOR, lastSeq: 0, rewrite: false };
      return new EventHistory({ key: eventKey, now });
    }
    // A missing records file (SD card removed, file deleted) is an empty history: verify then reports it.
    const path = recordsPath(meta.settings.destination);
    const records = readHistoryFile(path);
    const fileAnchor = meta.fileAnchor ?? meta.anchor;
    file = { lines: records.length, anchor: fileAnchor, lastSeq: records[records.length - 1]?.seq ?? fileAnchor.seq, rewrite: historyFileNeedsRewrite(path) };
    let anchor = fileAnchor;
    const capacity = capacityFor(meta.settings.sizeBytes);
    if (records.length > capacity) anchor = dropOldest(records, records.length - capacity, anchor);
    // Records appended before a crash kept the head from being saved: sealed by this device, they count.
    let head = meta.head;
    const last = records[records.length - 1];
    if (last && head && last.seq > head.seq && verifyChain(records, eventKey, anchor).ok) head = { mac: last.mac, seq: last.seq };
    return EventHistory.fromJSON({ ...meta, anchor, head, records }, { key: eventKey, now });
  };
  let history = loadHistory();
  let stopped = false;
  let flushTimer: NodeJS.Timeout | undefined;
  /** Writes what the file lacks: the new records appended (or the whole ring when it must be rewritten), then the head. */
  const flushHistory = (): void => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    // The file changes: the next read loads it again rather than trust the memory.
    loadedFrom = undefined;
    const { records, ...meta } = history.toJSON();
    const path = recordsPath(meta.settings.destination);
    const fresh = records.filter((r) => r.seq > file.lastSeq);
    if (file.rewrite || file.lines + fresh.length > 2 * history.capacity) {
      rewriteHistoryFile(path, records);
      file = { lines: records.length, anchor: meta.anchor, lastSeq: records[records.length - 1]?.seq ?? meta.anchor.seq, rewrite: false };
    } else if (fresh.length > 0) {
      appendHistoryFile(path, fresh);
      file.lines += fresh.length;
      file.lastSeq = fresh[fresh.length - 1]!.seq;
    } else if (!existsSync(path)) {
      rewriteHistoryFile(path, records);
    }
    dir.write(HISTORY_RECORD, { ...meta, fileAnchor: file.anchor } satisfies HistoryMeta);
  };
  /** After a change of the whole history (clear, new settings, initialization): the file is rewritten now. */
  const saveHistory = (): void => {
    if (stopped) return;
    file.rewrite = true;
    flushHistory();
  };
  // Project choice: a record after a quiet moment is written at once; records that follow within 50 ms of
  // a write are batched into one append 50 ms later. A flood costs one write per 50 ms, and a crash loses at
  // most the last 50 ms of a flood.
  let lastFlushAt = 0;
  const appendEvent = (draft: EventDraft): void => {
    if (stopped || !history.append(draft) || flushTimer !== undefined) return;
    const sinceLast = Date.now() - lastFlushAt;
    if (sinceLast >= HISTORY_FLUSH_MS) {
      lastFlushAt = Date.now();
      flushHistory();
      return;
    }
    flushTimer = setTimeout(() => {
      lastFlushAt = Date.now();
      flushHistory();
    }, HISTORY_FLUSH_MS - sinceLast);
    flushTimer.unref();
  };
  // Refusals and TLS starts/ends any unauthenticated peer can cause are coalesced (security/event-coalescer.ts).
  const noise = new EventCoalescer({ now: () => Date.now(), append: appendEvent });
  const record = (draft: EventDraft): void => {
    if (stopped) return;
    if (!noise.offer(draft)) appendEvent(draft);
  };

  // ---- time synchronisation by SNTP (configured at every boot from the clock block in effect)
  const clockSync = new SntpClockSync({
    now,
    setClock: (time) => void security.setClock(time),
    record,
    scheduler: options.scheduler ?? realScheduler,
    port: options.sntpPort ?? SNTP_PORT,
  });

  // ---- users
  const authOptions = { now, sink: record, ...(options.kdf !== undefined && { kdf: options.kdf }) };
  const loadUsers = (): UserAuthentication => {
    const saved = dir.read<UserAuthenticationState>(USERS_RECORD);
    return saved ? UserAuthentication.fromJSON(saved, authOptions) : new UserAuthentication(authOptions);
  };
  let auth = loadUsers();
  const saveUsers = (): void => {
    if (!stopped) dir.write(USERS_RECORD, auth.toJSON());
  };

  // ---- what the boot puts in effect
  let ipFilter = new IpFilter(FACTORY_IP_FILTER);
  let bandwidth = new BandwidthLimiter(FACTORY_BANDWIDTH);
  let onError: 'stop' | 'continue' = 'stop';
  let errors: SelfDiagnosticError[] = [];
  const flags: Record<DiagnosticFlag, boolean> = { certificateExpiringSoon: false, certificateExpired: false, bandwidthLimited: false };
  /** Listener specs as they first opened (resolved ports), so a service closed and reopened keeps its port. */
  const remembered = new Map<string, ListenerSpec>();

  const blocksOf = (which: 'written' | 'active'): Blocks =>
    (which === 'written' ? controller.parameters.written<Blocks>(PARAMETERS_SECTION) : controller.parameters.active<Blocks>(PARAMETERS_SECTION)) ?? {};

  const peerOf = (context: ConnectionContext): Peer => ({
    address: context.remoteAddress?.replace(/^::ffff:/, '') ?? 'usb-cable',
    transport: context.transport,
  });

  const sessionId = (context: ConnectionContext): string | null => (context.attributes.get(SESSION) as string | undefined) ?? null;
  const setSession: ControllerSecurity['setSession'] = (context, session) => {
    if (session) {
      context.attributes.set(SESSION, session.id);
      context.user = { name: session.userName, role: session.group };
    } else {
      context.attributes.delete(SESSION);
      context.user = undefined;
    }
  };

  const authorize = (context: ConnectionContext, operation: Operation): string | undefined => {
    const sid = sessionId(context);
    const decision = auth.authorize(sid, operation, peerOf(context));
    if (decision.allowed) return decision.userName;
    record(decision.event);
    // A logon that timed out is gone: the connection is logged off (and the refusal says why).
    if (sid !== null && auth.session(sid) === null) setSession(context, undefined);
    throw new EndCodeError(decision.endCode, decision.message);
  };

  // ---- the guard on every command
  controller.commands.use((request, context) => {
    const operation = operationOf(request.command, request.subcommand);
    if (operation === null) return undefined;
    try {
      authorize(context, operation);
      return undefined;
    } catch (e) {
      if (e instanceof EndCodeError) return e.endCode;
      throw e;
    }
  });

  // ---- IP filter at accept time (2.4.8); the USB cable has no IP address and is never filtered
  controller.onConnection((context) => {
    if (context.transport === 'usb' || context.remoteAddress === undefined) return true;
    const check = ipFilter.check(context.remoteAddress);
    if (check.allowed) return true;
    record({ name: 'ip-filter-refused', peer: peerOf(context), detail: `access refused by IP filter (${check.reason}) on ${context.service}` });
    return false;
  });

  // ---- bandwidth limitation (2.4.10), one budget for the whole controller
  controller.setTrafficShaper((context, bytes, direction) => {
    if (context.transport === 'usb') return 0;
    const decision = bandwidth.onTraffic(bytes, direction, now());
    if (decision.triggered) flags.bandwidthLimited = true;
    return decision.allowed ? 0 : Math.max(1, decision.delayMs);
  });

  // ---- events the core reports: remote operations, logoff at disconnect
  controller.onEvent((e) => {
    if (e.type === 'request' && e.endCode === 0 && e.command in STANDARD_EVENTS) {
      const user = e.context.user?.name;
      if (e.command === Command.ErrorClear) errors = [];
      record({ name: STANDARD_EVENTS[e.command]!, peer: peerOf(e.context), ...(user !== undefined && { user }) });
    }
    if (e.type === 'disconnected') {
      const sid = sessionId(e.context);
      if (sid !== null && auth.session(sid) !== null) auth.logoff(sid);
    }
    if (e.type === 'booted') {
      for (const spec of controller.listeners.specs()) remembered.set(spec.service, spec);
    }
  });

  // ---- idle logoff (Table 35 row 3): sessions past the timeout are logged off and recorded
  const sweep = setInterval(() => {
    for (const context of controller.openConnections()) {
      const sid = sessionId(context);
      if (sid !== null && auth.session(sid) === null) setSession(context, undefined);
    }
  }, SESSION_SWEEP_MS);
  sweep.unref();
  controller.onStop(() => {
    clearInterval(sweep);
    clockSync.stop();
    noise.flush();
    if (history.size > 0 || dir.read(HISTORY_RECORD)) flushHistory();
    stopped = true;
  });

  // ---- boot: the parameters written become the ones in effect
  controller.onBoot((boot: BootContext) => {
    const blocks = blocksOf('active');
    auth = loadUsers();
    auth.applySettings(toAuthSettings(blocks));

    const nextHistory = toEventHistorySettings(blocks);
    if (JSON.stringify(nextHistory) !== JSON.stringify(history.settings)) {
      const before = recordsPath(history.settings.destination);
      history.updateSettings(nextHistory);
      const after = recordsPath(history.settings.destination);
      saveHistory();
      if (before !== after) rmSync(before, { force: true });
    }

    ipFilter = new IpFilter(toIpFilterSettings(blocks));
    bandwidth = new BandwidthLimiter(toBandwidthSettings(blocks.bandwidthLimit as Record<string, unknown> | undefined), {
      sink: (draft) => record({ ...draft, detail: `access restriction: ${draft.detail ?? ''}` }),
    });
    flags.bandwidthLimited = false;
    onError = onErrorOf(blocks);
    // Table 9 row 8: the Ethernet alive check closes a connection that stays silent that long.
    const alive = (blocks.sessionTimers as { ethernetAliveCheckSeconds?: number } | undefined)?.ethernetAliveCheckSeconds;
    controller.setConnectionIdleTimeout(alive === undefined ? undefined : alive * 1000);
    errors = [];
    applyListeners(boot, blocks);
    // Table 9 row 12: with source "sntp" the device keeps its clock on the server from this boot on.
    clockSync.configure(toSntpClockSettings(blocks));
  });

  function applyListeners(boot: BootContext, blocks: Blocks): void {
    const slmp = boot.listeners.find((l) => l.service === 'slmp') ?? remembered.get('slmp');
    const host = slmp?.host ?? options.servicesHost ?? '127.0.0.1';
    const ports = new DefaultOpenPorts(family, toPortStates(blocks, family));
    const ethernet = NETWORK_PORTS[family].find((p) => p.kind === 'ethernet')!;
    const open = new Set<ServiceId>(ports.openServices(ethernet.id));
    // Every default service is re-decided here; other services (slmp, usb, tls) pass through.
    const isDefault = (l: ListenerSpec): boolean => l.networkPort !== undefined;
    const keep = boot.listeners.filter((l) => !isDefault(l) || open.has(l.service as ServiceId));
    for (const service of open) {
      if (keep.some((l) => l.service === service)) continue;
      const previous = remembered.get(service);
      keep.push(
        previous ?? {
          service,
          transport: SERVICES[service].transport,
          host,
          port: options.defaultPortsAtNominal === true ? SERVICES[service].nominalPort : 0,
          networkPort: ethernet.id,
          nominalPort: SERVICES[service].nominalPort,
          protocol: 'none',
        },
      );
    }
    // Table 13: with SLMP set to TLS, the plain SLMP service closes; the TLS one (another module) serves.
    const plainSlmp = (l: ListenerSpec): boolean => l.service === 'slmp' && l.transport === 'tcp' && l.tls === undefined;
    if (slmpOnTlsOnly(blocks)) boot.listeners = keep.filter((l) => !plainSlmp(l));
    else {
      if (slmp && !keep.some(plainSlmp)) keep.unshift(slmp);
      boot.listeners = keep;
    }
  }

  const security: ControllerSecurity = {
    controller,
    sdCardDir,
    serialNumber: identity.serialNumber,
    // Non-volatile, and kept by initialization (firmware is not information the user wrote).
    get firmwareVersion() {
      return identity!.firmwareVersion ?? FACTORY_FIRMWARE_VERSION;
    },
    set firmwareVersion(version: string) {
      identity = { ...identity!, firmwareVersion: version };
      dir.write(IDENTITY_RECORD, identity);
    },
    get auth() {
      return auth;
    },
    get history() {
      return history;
    },
    now,
    record,
    peerOf,
    authorize,
    sessionId,
    setSession,
    saveUsers,
    saveHistory,
    reloadHistory() {
      // What is still waiting for the file goes there first: the file is the history.
      noise.flush();
      if (flushTimer !== undefined) flushHistory();
      if (loadedFrom === undefined || loadedFrom !== historyFingerprint()) history = loadHistory();
    },

    requireProtectedLink(context, body, what) {
      if (context.transport === 'usb' || context.transport === 'tls') return;
      if (body.trustBoundaryAttested === true) {
        record({ name: 'trust-boundary-attested', peer: peerOf(context), ...(context.user && { user: context.user.name }), detail: `${what} over plain Ethernet; the operator attested the PC is inside the trust boundary` });
        return;
      }
      record({ name: 'secret-refused', peer: peerOf(context), ...(context.user && { user: context.user.name }), detail: what });
      throw new EndCodeError(
        SecurityEndCode.secretOnPlainLink,
        `${what} carries a secret: send it over the USB cable or TLS, or attest that this PC is inside the trust boundary (2.4.7.1 procedure B)`,
      );
    },

    requireStop(what) {
      if (controller.cpu.operatingState !== 'STOP') {
        throw new EndCodeError(SecurityEndCode.requiresStop, `${what} needs the CPU in STOP: stop it first (remote STOP)`);
      }
    },

    activeParameter<T>(block: string): T | undefined {
      return structuredClone(blocksOf('active')[block]) as T | undefined;
    },

    writtenParameter<T>(block: string): T | undefined {
      return structuredClone(blocksOf('written')[block]) as T | undefined;
    },

    setDiagnosticFlag(flag, on) {
      flags[flag] = on;
    },

    onInitializeAll(clear) {
      initializeHooks.push(clear);
    },

    setClock(time) {
      const previous = now();
      clockOffsetMs = time.getTime() - Date.now();
      dir.write(CLOCK_RECORD, { offsetMs: clockOffsetMs });
      return previous;
    },

    writtenBlocks: () => blocksOf('written'),
    activeBlocks: () => blocksOf('active'),
    writeBlocks(blocks) {
      controller.parameters.write(PARAMETERS_SECTION, blocks);
    },
    pendingRestart: () => controller.parameters.pendingRestart,

    raiseError(code, message) {
      errors.push({ code, message, at: now().toISOString() });
      // Project choice: at most 16 self-diagnostic errors are kept, the oldest dropped first.
      if (errors.length > 16) errors.shift();
      controller.cpu.raiseError(code);
      // Table 14: "stop" stops the CPU on an error; "continue" keeps it running.
      if (onError === 'stop') controller.cpu.set('STOP');
      record({ name: 'error-occurred', detail: `error ${code.toString(16).toUpperCase().padStart(4, '0')}: ${message}; CPU ${onError === 'stop' ? 'stopped' : 'continues'} (operation setting)` });
    },
    errors: () => errors.map((e) => ({ ...e })),
    clearErrors(by = {}) {
      errors = [];
      controller.cpu.clearError();
      record({ name: 'error-clear', ...(by.user !== undefined && { user: by.user }), ...(by.peer !== undefined && { peer: by.peer }) });
    },
    flags: () => ({ ...flags, pendingRestart: controller.parameters.pendingRestart }),
    operationSetting: () => onError,

    async initializeAll(by) {
      controller.memory.clearVolatile();
      controller.memory.clearLatched();
      dir.remove('parameters');
      auth.initializeAll();
      saveUsers();
      const wasInDataMemory = history.settings.destination === 'data-memory';
      history.initialize();
      file.rewrite = true;
      // The SD card is never touched (2.6); the new history (factory destination: the SD card) replaces
      // its own records file there. Records in data memory are deleted.
      if (wasInDataMemory) rmSync(recordsPath('data-memory'), { force: true });
      record({ name: 'initialize-all', ...(by.user !== undefined && { user: by.user }), ...(by.peer !== undefined && { peer: by.peer }) });
      for (const hook of initializeHooks) await hook();
    },
  };

  return security;
}
