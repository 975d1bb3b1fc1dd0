// The event history of a virtual MX controller (guideline 2.4.5 / 3.4.5): a fixed-size ring of records
// in data memory or on the SD card, oldest overwritten first (Table 9 row 11), every record chained with
// a device-keyed MAC (the manipulation check, Table 9 row 13), clearing allowed to Administrators only and
// itself recorded (Table 12 row 4). Timestamps come from the DEVICE clock (Table 9 row 12), injected.

import {
  appendRecord,
  chainHead,
  dropOldest,
  GENESIS_ANCHOR,
  verifyChain,
  type ChainAnchor,
  type ChainVerification,
  type Sealed,
} from '../../crypto/audit-chain';
import {
  EVENT_DEFINITIONS,
  EVENT_HISTORY_SIZE_BYTES,
  EVENT_RECORD_BYTES,
  FACTORY_EVENT_HISTORY,
  UNFILTERABLE_EVENTS,
  type EventName,
  type EventSeverity,
} from './device-choices';
import { refuse, SecurityStateError, type Outcome } from './security-result';

export type Transport = 'tcp' | 'udp' | 'tls' | 'usb';

/** Who was on the other end of a connection. */
export interface Peer {
  readonly address: string;
  readonly transport: Transport;
}

/** What a model or the controller asks to be recorded; the history adds code, severity and time. */
export interface EventDraft {
  readonly name: EventName;
  readonly user?: string;
  readonly peer?: Peer;
  /** free text for the technician; never a password, key or token */
  readonly detail?: string;
}

export type EventSink = (draft: EventDraft) => void;

/**
 * Events any peer can cause without logging on (refusals, TLS starts and ends). Without a user they are
 * "noise": coalesced before they reach the history (event-coalescer.ts), and never allowed to push a
 * record of another kind (logon failures, lockouts, settings and users written, tampering) out of it.
 */
export const NOISE_EVENTS: ReadonlySet<EventName> = new Set<EventName>([
  'operation-refused',
  'ip-filter-refused',
  'closed-port-access',
  'secret-refused',
  'tls-start',
  'tls-end',
  'tls-failure',
]);

export function isNoise(record: { readonly name: EventName; readonly user?: string | undefined }): boolean {
  return NOISE_EVENTS.has(record.name) && record.user === undefined;
}

export type EventBody = {
  /** ISO 8601 from the device clock */
  at: string;
  code: number;
  name: EventName;
  severity: EventSeverity;
  user?: string;
  peerAddress?: string;
  transport?: Transport;
  detail?: string;
};

export type EventRecord = Sealed<EventBody>;

export type SaveDestination = 'data-memory' | 'sd-card';

export interface EventHistorySettings {
  readonly enabled: boolean;
  readonly destination: SaveDestination;
  readonly sizeBytes: number;
  readonly manipulationCheck: boolean;
  /** events the technician chose not to record (Table 17 row 4: "events for which no filter settings have been made") */
  readonly excluded: readonly EventName[];
}

export const FACTORY_EVENT_HISTORY_SETTINGS: EventHistorySettings = Object.freeze({
  ...FACTORY_EVENT_HISTORY,
  sizeBytes: EVENT_HISTORY_SIZE_BYTES.factory,
  excluded: [],
});

export interface EventHistoryState {
  readonly version: 1;
  readonly settings: EventHistorySettings;
  readonly anchor: ChainAnchor;
  /**
   * the newest record's MAC and number, kept beside the records so deleting the newest ones shows. Whoever
   * rewrites both records and head in the state directory is not caught; a real device keeps this where
   * the user cannot reach it.
   */
  readonly head: ChainAnchor;
  readonly records: readonly EventRecord[];
}

export interface ReadResult {
  readonly records: readonly EventRecord[];
  /** 'not-checked' when the manipulation check is off */
  readonly integrity: ChainVerification | 'not-checked';
}

export function capacityFor(sizeBytes: number): number {
  return Math.floor(sizeBytes / EVENT_RECORD_BYTES);
}

export function formatEventCode(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

export function validateEventHistorySettings(s: EventHistorySettings): string[] {
  const problems: string[] = [];
  const { min, max } = EVENT_HISTORY_SIZE_BYTES;
  if (!Number.isInteger(s.sizeBytes) || s.sizeBytes < min || s.sizeBytes > max || s.sizeBytes % 1024 !== 0) {
    problems.push(`The event history size must be ${min / 1024}-${max / 1024} KB in whole KB (got ${s.sizeBytes} bytes).`);
  }
  if (s.destination !== 'data-memory' && s.destination !== 'sd-card') problems.push('The save destination must be data memory or the SD memory card.');
  for (const name of s.excluded) {
    if (!(name in EVENT_DEFINITIONS)) problems.push(`"${name}" is not an event of this controller.`);
    else if (UNFILTERABLE_EVENTS.includes(name)) problems.push(`"${EVENT_DEFINITIONS[name].title}" cannot be filtered out: hiding it would hide an attack (Table 12).`);
  }
  return problems;
}

export interface EventHistoryOptions {
  /** per-device secret of the manipulation check; kept by the caller, never serialized here */
  readonly key: Uint8Array;
  /** the DEVICE clock */
  readonly now: () => Date;
  readonly settings?: EventHistorySettings;
}

export class EventHistory {
  #settings: EventHistorySettings;
  #records: EventRecord[] = [];
  #anchor: ChainAnchor = GENESIS_ANCHOR;
  #head: ChainAnchor = GENESIS_ANCHOR;
  readonly #key: Uint8Array;
  readonly #now: () => Date;
  /**
   * The last record the chain was verified through. Records change only through this class (a history
   * read from a file is a new object, verified from its anchor again), so a verified prefix stays verified
   * and the next check needs only the records after it: every page of a 10 000-record export no longer
   * re-checks the whole history.
   */
  #verifiedThrough: ChainAnchor | undefined;
  /** Noise not recorded because the history was full and its oldest record is not noise (reported with the next noise record). */
  #noiseNotRecorded = 0;

  constructor(options: EventHistoryOptions) {
    if (options.key.length < 16) throw new SecurityStateError('The event history key is too short (at least 16 bytes).');
    this.#key = options.key;
    this.#now = options.now;
    this.#settings = options.settings ?? FACTORY_EVENT_HISTORY_SETTINGS;
    const problems = validateEventHistorySettings(this.#settings);
    if (problems.length > 0) throw new SecurityStateError(problems.join(' '));
  }

  static fromJSON(state: EventHistoryState, options: Omit<EventHistoryOptions, 'settings'>): EventHistory {
    if (state?.version !== 1 || !Array.isArray(state.records) || typeof state.anchor?.mac !== 'string') {
      throw new SecurityStateError('The saved event history is not readable; the device starts with an empty history.');
    }
    const history = new EventHistory({ ...options, settings: state.settings });
    history.#records = state.records.map((r) => ({ ...r }));
    history.#anchor = { ...state.anchor };
    history.#head = state.head ? { ...state.head } : chainHead(history.#records, history.#anchor);
    return history;
  }

  toJSON(): EventHistoryState {
    return { version: 1, settings: this.#settings, anchor: this.#anchor, head: this.#head, records: this.#records.map((r) => ({ ...r })) };
  }

  get settings(): EventHistorySettings {
    return this.#settings;
  }

  get capacity(): number {
    return capacityFor(this.#settings.sizeBytes);
  }

  get size(): number {
    return this.#records.length;
  }

  /** Bound `append`, to hand to the other models as their event sink. */
  readonly sink: EventSink = (draft) => {
    this.append(draft);
  };

  /** Records an event; returns null when the history is off or the event is filtered out. */
  append(draft: EventDraft): EventRecord | null {
    if (!this.#settings.enabled || this.#settings.excluded.includes(draft.name)) return null;
    const def = EVENT_DEFINITIONS[draft.name];
    const body: EventBody = { at: this.#now().toISOString(), code: def.code, name: draft.name, severity: def.severity };
    if (draft.user !== undefined) body.user = draft.user;
    if (draft.peer !== undefined) {
      body.peerAddress = draft.peer.address;
      body.transport = draft.peer.transport;
    }
    if (draft.detail !== undefined) body.detail = draft.detail;
    // Project choice (the reserved share): noise may only push noise out. With the history full and its
    // oldest record of another kind, a noise event is counted, not recorded; the count goes with the next
    // noise record that can be made. Records are dropped oldest first only, so the chain stays whole.
    const full = this.#records.length >= this.capacity;
    if (isNoise(draft)) {
      if (full && this.#records[0] && !isNoise(this.#records[0])) {
        this.#noiseNotRecorded++;
        return null;
      }
      if (this.#noiseNotRecorded > 0) {
        body.detail = `${body.detail ?? ''}${body.detail ? '; ' : ''}${this.#noiseNotRecorded} earlier refusals or TLS starts/ends were counted, not recorded: the history was full and its oldest record is a security record`;
        this.#noiseNotRecorded = 0;
      }
    }
    // Oldest first out: the guideline's reason to back the history up periodically (Table 9 row 11).
    if (full) this.#anchor = dropOldest(this.#records, this.#records.length - this.capacity + 1, this.#anchor);
    const sealed = appendRecord(this.#records, body, this.#key, this.#anchor);
    this.#head = { mac: sealed.mac, seq: sealed.seq };
    return sealed;
  }

  /** What the engineering tool reads: the records, and with the check on, whether they are intact. */
  read(): ReadResult {
    const records = this.#records.map((r) => ({ ...r }));
    return { records, integrity: this.#settings.manipulationCheck ? this.verify() : 'not-checked' };
  }

  /** Checks the chain from the anchor to the remembered head, whatever the check setting. */
  verify(): ChainVerification {
    const records = this.#records;
    const through = this.#verifiedThrough;
    // Where the verified prefix ends: the index after the record it was verified through (still present).
    const start = through && records.length && through.seq >= this.#anchor.seq ? through.seq - records[0]!.seq + 1 : 0;
    const resumable = start > 0 && start <= records.length && records[start - 1]!.seq === through!.seq && records[start - 1]!.mac === through!.mac;
    const result = resumable ? verifyChain(records.slice(start), this.#key, through!, this.#head) : verifyChain(records, this.#key, this.#anchor, this.#head);
    if (result.ok) {
      const last = records[records.length - 1];
      this.#verifiedThrough = last ? { mac: last.mac, seq: last.seq } : { ...this.#anchor };
      return result;
    }
    // A failure is reported against the whole history (its index and reason as a full check finds them).
    return resumable ? verifyChain(records, this.#key, this.#anchor, this.#head) : result;
  }

  /**
   * 2.4.5 / Table 12 row 4: clearing is an Administrator's act and leaves a trace: the clearing is the
   * first record of the new history, chained on from the last cleared record.
   */
  clear(actor: { readonly administrator: boolean; readonly user?: string; readonly peer?: Peer }): Outcome<{ cleared: number }> {
    if (!actor.administrator) {
      return refuse('administrator-only', 'Only a user of the Administrators group can clear the event history. Log on as an Administrator.', '2.4.5');
    }
    const cleared = this.#records.length;
    this.#anchor = chainHead(this.#records, this.#anchor);
    this.#records = [];
    this.#verifiedThrough = undefined;
    const draft: EventDraft = { name: 'event-history-cleared', detail: `${cleared} records cleared` };
    this.append({ ...draft, ...(actor.user !== undefined && { user: actor.user }), ...(actor.peer !== undefined && { peer: actor.peer }) });
    return { ok: true, cleared };
  }

  /** 2.4.1: initialization of all information deletes the event history and its settings. */
  initialize(): void {
    this.#settings = FACTORY_EVENT_HISTORY_SETTINGS;
    this.#records = [];
    this.#anchor = GENESIS_ANCHOR;
    this.#head = GENESIS_ANCHOR;
    this.#verifiedThrough = undefined;
  }

  /** Changes the settings; a smaller size drops the oldest records at once. The change is recorded. */
  updateSettings(next: Partial<EventHistorySettings>, actor: { readonly user?: string; readonly peer?: Peer } = {}): Outcome<{ settings: EventHistorySettings }> {
    const merged: EventHistorySettings = { ...this.#settings, ...next };
    const problems = validateEventHistorySettings(merged);
    if (problems.length > 0) return refuse('invalid-setting', problems.join(' '), '2.4.5');
    const before = this.#settings;
    this.#settings = merged;
    const overflow = this.#records.length - this.capacity;
    if (overflow > 0) this.#anchor = dropOldest(this.#records, overflow, this.#anchor);
    const changes = (Object.keys(merged) as (keyof EventHistorySettings)[])
      .filter((k) => JSON.stringify(merged[k]) !== JSON.stringify(before[k]))
      .map((k) => `${k}=${JSON.stringify(merged[k])}`);
    // Recorded even when the history was just turned off: the last word is that it was turned off.
    if (changes.length > 0) {
      const wasEnabled = before.enabled;
      this.#settings = { ...merged, enabled: merged.enabled || wasEnabled };
      this.append({ name: 'event-history-settings-changed', detail: changes.join(', '), ...(actor.user !== undefined && { user: actor.user }), ...(actor.peer !== undefined && { peer: actor.peer }) });
      this.#settings = merged;
    }
    return { ok: true, settings: merged };
  }
}
