// What a commissioning session journals. The journal is the proof of what the app did and the only
// memory that survives a crash, a closed window or a pulled cable, so it is written BEFORE every write
// (intended), after the device acknowledged it (written) and after the read-back matched (verified).
import type { Message } from '../../messages/catalogue';
// It never holds a password or a private key: every entry passes assertNoSecrets before it is kept.

export const JOURNAL_FORMAT = 'mx-commissioner-journal';
export const JOURNAL_VERSION = 1;

/** A step of the figure: only 'done' (verified) or 'operator-performed'/'profile-set' count as finished. */
export type StepState = 'started' | 'profile-set' | 'done' | 'operator-performed' | 'not-applicable' | 'failed';

/**
 * One write to the device. 'intended' is journaled before the driver call; 'written' once the device
 * answered; 'verified' once the read-back equals the intended value. 'reconciled' is a verified state
 * reached on resume by re-reading a write whose answer was lost. 'operator-performed' is a write the
 * driver cannot do (observe-only), done by the operator in the engineering tool.
 */
export type WriteState = 'intended' | 'written' | 'verified' | 'reconciled' | 'operator-performed' | 'failed';

export type OperationName = 'initialize' | 'backup' | 'restart' | 'logon' | 'reconnect' | 'delete-logs';
export type OperationState = 'intended' | 'done' | 'verified' | 'declined' | 'failed';

interface EntryBase {
  seq: number;
  /** ISO time on this PC. */
  at: string;
}

export type JournalEntryBody =
  // `kind`: the kind of session (family/session-kind.ts); absent = first commissioning (journals before it).
  | { type: 'session'; sessionId: string; system: string; model: string; procedureId: string; kind?: string; target: string; profileDigest: string; operatorName: string }
  | { type: 'step'; stepId: string; state: StepState; detail?: string; messages?: Message[] }
  | { type: 'write'; stepId: string; writeId: string; key: string; scope?: string; state: WriteState; intended?: unknown; readBack?: unknown; detail?: string }
  | { type: 'operation'; stepId: string; operation: OperationName; state: OperationState; detail?: string }
  | { type: 'pin'; deviceId: string; fingerprint256: string; notAfter: string }
  | { type: 'resume'; detail: string }
  | { type: 'end'; result: 'completed' | 'failed'; detail?: string };

export type JournalEntry = EntryBase & JournalEntryBody;

export interface JournalDocument {
  format: typeof JOURNAL_FORMAT;
  version: typeof JOURNAL_VERSION;
  sessionId: string;
  createdAt: string;
  entries: JournalEntry[];
}
