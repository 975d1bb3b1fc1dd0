// A session's journal: append-only, persisted on every append (the store writes atomically), and read
// back as "views" the engine needs to resume: the last state of each step, write and operation.
import { randomBytes } from 'node:crypto';
import { assertNoSecrets } from '../../store/no-secrets';
import {
  JOURNAL_FORMAT,
  JOURNAL_VERSION,
  type JournalDocument,
  type JournalEntry,
  type JournalEntryBody,
  type OperationName,
  type OperationState,
  type StepState,
  type WriteState,
} from './journal-entry';
import type { JournalStore } from './journal-store';

export function newSessionId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomBytes(4).toString('hex')}`;
}

export class Journal {
  readonly #store: JournalStore;
  readonly #doc: JournalDocument;
  readonly #now: () => Date;

  private constructor(store: JournalStore, doc: JournalDocument, now: () => Date) {
    this.#store = store;
    this.#doc = doc;
    this.#now = now;
  }

  static create(store: JournalStore, options: { sessionId?: string; now?: () => Date } = {}): Journal {
    const now = options.now ?? (() => new Date());
    const doc: JournalDocument = { format: JOURNAL_FORMAT, version: JOURNAL_VERSION, sessionId: options.sessionId ?? newSessionId(now()), createdAt: now().toISOString(), entries: [] };
    store.save(doc);
    return new Journal(store, doc, now);
  }

  static open(store: JournalStore, sessionId: string, options: { now?: () => Date } = {}): Journal | undefined {
    const doc = store.load(sessionId);
    return doc ? new Journal(store, doc, options.now ?? (() => new Date())) : undefined;
  }

  /** Sessions in the store that neither completed nor failed for good: candidates to resume. */
  static unfinished(store: JournalStore): JournalDocument[] {
    return store
      .list()
      .map((id) => store.load(id))
      .filter((d): d is JournalDocument => d !== undefined && !d.entries.some((e) => e.type === 'end' && e.result === 'completed'));
  }

  get sessionId(): string {
    return this.#doc.sessionId;
  }
  get location(): string {
    return this.#store.location;
  }
  get entries(): readonly JournalEntry[] {
    return this.#doc.entries;
  }

  /** Persists before returning: the caller may touch the device only after this. */
  append(body: JournalEntryBody): JournalEntry {
    const entry = { seq: this.#doc.entries.length + 1, at: this.#now().toISOString(), ...body } as JournalEntry;
    // Checked here as well as in the store so a secret is refused with the entry that carried it.
    assertNoSecrets(entry, `journal entry ${entry.seq}`);
    this.#doc.entries.push(entry);
    try {
      this.#store.save(this.#doc);
    } catch (e) {
      this.#doc.entries.pop();
      throw e;
    }
    return entry;
  }

  session(): Extract<JournalEntry, { type: 'session' }> | undefined {
    return this.#doc.entries.find((e): e is Extract<JournalEntry, { type: 'session' }> => e.type === 'session');
  }

  stepState(stepId: string): StepState | undefined {
    return (this.#last((e) => e.type === 'step' && e.stepId === stepId) as { state: StepState } | undefined)?.state;
  }

  lastWrite(writeId: string): Extract<JournalEntry, { type: 'write' }> | undefined {
    return this.#last((e) => e.type === 'write' && e.writeId === writeId) as Extract<JournalEntry, { type: 'write' }> | undefined;
  }

  operationState(stepId: string, operation: OperationName): OperationState | undefined {
    return (this.#last((e) => e.type === 'operation' && e.stepId === stepId && e.operation === operation) as { state: OperationState } | undefined)?.state;
  }

  pin(): Extract<JournalEntry, { type: 'pin' }> | undefined {
    return this.#last((e) => e.type === 'pin') as Extract<JournalEntry, { type: 'pin' }> | undefined;
  }

  /** First and last time of a step, for the report. */
  stepTimes(stepId: string): { startedAt?: string; finishedAt?: string } {
    const mine = this.#doc.entries.filter((e) => e.type === 'step' && e.stepId === stepId);
    const started = mine.find((e) => (e as { state: string }).state === 'started');
    const last = mine.at(-1);
    return { ...(started ? { startedAt: started.at } : {}), ...(last && (last as { state: string }).state !== 'started' ? { finishedAt: last.at } : {}) };
  }

  writes(): Array<Extract<JournalEntry, { type: 'write' }>> {
    const last = new Map<string, Extract<JournalEntry, { type: 'write' }>>();
    for (const e of this.#doc.entries) if (e.type === 'write') last.set(e.writeId, e);
    return [...last.values()];
  }

  resumes(): number {
    return this.#doc.entries.filter((e) => e.type === 'resume').length;
  }

  #last(match: (e: JournalEntry) => boolean): JournalEntry | undefined {
    for (let i = this.#doc.entries.length - 1; i >= 0; i--) if (match(this.#doc.entries[i]!)) return this.#doc.entries[i];
    return undefined;
  }
}

export type { WriteState };
