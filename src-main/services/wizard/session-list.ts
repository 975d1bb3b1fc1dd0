// The wizard's sessions on disk: the journal (commissioning/journal, the proof) and beside it the
// session's own file with what a resume needs that the journal does not hold — the profile (never a
// secret: the schema refuses secret fields), the operator, how the device was reached. Unfinished
// journals are what the Home screen offers to resume.
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SessionSummary } from '../../ipc/wizard-contract';
import type { SystemId } from '../../ipc/contract';
import { GUIDELINE } from '../../commissioning/guideline';
import { Journal } from '../../commissioning/journal/journal';
import type { JournalStore } from '../../commissioning/journal/journal-store';
import type { ControllerProfile } from '../../model/security-settings';
import type { CheckedProfile } from '../../session/checked-profile';
import { journalFinished } from './session-view';

export interface SessionFile {
  sessionId: string;
  system: SystemId;
  model: string;
  operatorName: string;
  startedAt: string;
  /** The first endpoint in the journal's text form (usb-socket:…, tcp://…). */
  endpoint: string;
  practiceModel?: string;
  pcAddress?: string;
  profile: ControllerProfile;
  /** Settings steps whose values changed since their step was last confirmed (a change is never a confirmation). */
  valuesSet: string[];
  /** Setting keys changed since their step was last confirmed (the sub-pages' "changed" status). */
  changedKeys?: string[];
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export class SessionFiles {
  constructor(readonly directory: string) {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  }

  /** Only a checked profile is saved (session/checked-profile.ts refuses secret-named fields before anything). */
  save(file: SessionFile & { profile: CheckedProfile }): void {
    if (!ID.test(file.sessionId)) throw new Error('invalid session id');
    const target = join(this.directory, `${file.sessionId}.session.json`);
    const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, JSON.stringify(file, null, 1), { mode: 0o600 });
    renameSync(temp, target);
  }

  load(sessionId: string): SessionFile | undefined {
    if (!ID.test(sessionId)) return undefined;
    try {
      return JSON.parse(readFileSync(join(this.directory, `${sessionId}.session.json`), 'utf8')) as SessionFile;
    } catch {
      return undefined;
    }
  }

  ids(): string[] {
    return readdirSync(this.directory)
      .filter((f) => f.endsWith('.session.json'))
      .map((f) => f.slice(0, -'.session.json'.length));
  }
}

/** The unfinished sessions that have a wizard session file, newest first. */
export function listUnfinishedSessions(journals: JournalStore, files: SessionFiles): SessionSummary[] {
  const known = new Set(files.ids());
  const out: SessionSummary[] = [];
  for (const doc of Journal.unfinished(journals)) {
    if (!known.has(doc.sessionId)) continue;
    const file = files.load(doc.sessionId);
    if (!file) continue;
    const procedure = GUIDELINE[file.system].procedure;
    const last = new Map<string, string>();
    for (const e of doc.entries) if (e.type === 'step') last.set(e.stepId, e.state);
    const verifiedSteps = procedure.steps.filter((s) => journalFinished((last.get(s.id) ?? 'not-run') as never)).length;
    out.push({
      sessionId: doc.sessionId,
      system: file.system as SystemId,
      model: file.model,
      startedAt: file.startedAt,
      lastActivityAt: doc.entries.at(-1)?.at ?? doc.createdAt,
      verifiedSteps,
      totalSteps: procedure.steps.length,
    });
  }
  return out.sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
}
