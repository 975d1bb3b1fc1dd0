// Where journals live: a file per session in the data directory (written atomically: a temporary file,
// fsync, rename, so a crash leaves either the old or the new journal, never half of one), or the app's
// KeyValueStore. Both refuse secrets (assertNoSecrets) before anything reaches the disk.
import { AppError } from '../../messages/app-error';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { KeyValueStore } from '../../store/store';
import { assertNoSecrets } from '../../store/no-secrets';
import { JOURNAL_FORMAT, type JournalDocument } from './journal-entry';

export interface JournalStore {
  save(doc: JournalDocument): void;
  load(sessionId: string): JournalDocument | undefined;
  list(): string[];
  remove(sessionId: string): void;
  /** Shown in messages ("the journal is kept in ..."). */
  readonly location: string;
}

export class JournalCorruptError extends AppError {
  declare readonly code: 'JOURNAL_CORRUPT';
  constructor(readonly sessionId: string, where: string) {
    super({
      code: 'JOURNAL_CORRUPT',
      messageId: 'errors.journal.corrupt',
      params: { sessionId },
      nextStep: { id: 'errors.journal.nextStep' },
      englishText: `The journal of session ${sessionId} (${where}) cannot be read. The device may hold a half-applied change: read the device again and start a new session; keep the file for support.`,
    });
  }
}

const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;
function checkId(id: string): string {
  if (!SESSION_ID.test(id)) throw new Error(`"${id}" is not a session id (letters, digits, "_" and "-" only).`);
  return id;
}

export class FileJournalStore implements JournalStore {
  constructor(readonly directory: string) {
    // 0700: the journal names users and devices; it is nobody else's business on a shared PC.
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  }

  get location(): string {
    return this.directory;
  }

  #file(id: string): string {
    return join(this.directory, `${checkId(id)}.journal.json`);
  }

  save(doc: JournalDocument): void {
    assertNoSecrets(doc, 'journal');
    const target = this.#file(doc.sessionId);
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, JSON.stringify(doc, null, 1));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  }

  load(sessionId: string): JournalDocument | undefined {
    let text: string;
    try {
      text = readFileSync(this.#file(sessionId), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    try {
      const doc = JSON.parse(text) as JournalDocument;
      if (doc.format !== JOURNAL_FORMAT || !Array.isArray(doc.entries)) throw new Error('format');
      return doc;
    } catch {
      throw new JournalCorruptError(sessionId, this.#file(sessionId));
    }
  }

  list(): string[] {
    return readdirSync(this.directory)
      .filter((f) => f.endsWith('.journal.json'))
      .map((f) => f.slice(0, -'.journal.json'.length));
  }

  remove(sessionId: string): void {
    rmSync(this.#file(sessionId), { force: true });
  }
}

/** Journals inside the app's store (electron-store / conf), under "journal:<sessionId>". */
export class KeyValueJournalStore implements JournalStore {
  constructor(readonly store: KeyValueStore) {}

  get location(): string {
    return this.store.path;
  }

  save(doc: JournalDocument): void {
    assertNoSecrets(doc, 'journal');
    this.store.set(`journal:${checkId(doc.sessionId)}`, doc);
    const index = new Set(this.list());
    index.add(doc.sessionId);
    this.store.set('journal-index', [...index]);
  }

  load(sessionId: string): JournalDocument | undefined {
    return this.store.get<JournalDocument>(`journal:${checkId(sessionId)}`);
  }

  list(): string[] {
    return this.store.get<string[]>('journal-index') ?? [];
  }

  remove(sessionId: string): void {
    this.store.delete(`journal:${checkId(sessionId)}`);
    this.store.set('journal-index', this.list().filter((id) => id !== sessionId));
  }
}
