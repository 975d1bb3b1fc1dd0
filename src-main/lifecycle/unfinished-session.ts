// An unfinished session of one kind at one target (a maintenance visit, a disposal): its journal is what a
// new run resumes instead of starting again (`mxc visit`, `mxc dispose`, the app's visit), so an interrupted
// visit resumes as a visit and never as a commissioning.
import { Journal } from '../commissioning/journal/journal';
import type { JournalDocument } from '../commissioning/journal/journal-entry';
import type { JournalStore } from '../commissioning/journal/journal-store';
import { formatEndpointText, type Endpoint } from '../devices/endpoint';

export interface UnfinishedSession {
  sessionId: string;
  startedAt: string;
  lastActivityAt: string;
  /** Steps the journal records as done (finished without a finding) or with findings. */
  stepsDone: number;
}

export function unfinishedSessionAt(journals: JournalStore, kind: string, target: Endpoint): (UnfinishedSession & { document: JournalDocument }) | undefined {
  const text = formatEndpointText(target);
  const found = Journal.unfinished(journals)
    .filter((d) => d.entries.some((e) => e.type === 'session' && e.kind === kind && e.target === text))
    .sort((a, b) => (b.entries.at(-1)?.at ?? b.createdAt).localeCompare(a.entries.at(-1)?.at ?? a.createdAt))[0];
  if (!found) return undefined;
  const last = new Map<string, string>();
  for (const e of found.entries) if (e.type === 'step') last.set(e.stepId, e.state);
  return {
    sessionId: found.sessionId,
    startedAt: found.createdAt,
    lastActivityAt: found.entries.at(-1)?.at ?? found.createdAt,
    stepsDone: [...last.values()].filter((s) => s === 'done' || s === 'failed').length,
    document: found,
  };
}
