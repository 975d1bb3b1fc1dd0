// The sub-pages of a long settings step (Figure 8 / Figure 22 step 7: seven function groups on one page
// were about 3,000 pixels tall). Main owns them as it owns the step state: which function groups a step
// has, which one the technician has open, which ones they have looked at, changed, had refused, and
// whether the step's confirmation covers them. The renderer draws the rail from this and decides nothing.
// A sub-page is never "done" by being looked at or changed: only the step's confirm action confirms.
import type { Bilingual, SettingIssueView, StepPartView } from '../../ipc/wizard-contract';
import type { ProcedureStep } from '../../commissioning/guideline';
import { settingTitle } from './session-view';

/** Keys edited on the same sub-page as another key (the certificate with encrypted communication, 2.4.7). */
const EDITED_WITH: Readonly<Record<string, string>> = { certificate: 'encryptedCommunication' };

/**
 * Project choice (docs/project-choices.md): a settings step with more than this many function groups is
 * split into one sub-page per group. Step 3 (five groups, about one screen at 1024x700) stays one page;
 * step 7 (seven groups) is split.
 */
export const MAX_GROUPS_ON_ONE_PAGE = 5;

export interface StepPart {
  /** The function group's id: its main setting key (e.g. 'ipFilter'; 'encryptedCommunication' holds the certificate too). */
  id: string;
  keys: string[];
  title: Bilingual;
}

/** The step's sub-pages in the guideline's order, or [] when the step is one page. */
export function stepParts(step: Pick<ProcedureStep, 'kind' | 'writes'>): StepPart[] {
  if (step.kind !== 'settings') return [];
  const parts: StepPart[] = [];
  for (const key of step.writes as readonly string[]) {
    const id = EDITED_WITH[key] ?? key;
    const part = parts.find((p) => p.id === id);
    if (part) part.keys.push(key);
    else parts.push({ id, keys: [key], title: settingTitle(id) });
  }
  // The certificate is written before encrypted communication but shown on its sub-page.
  return parts.length > MAX_GROUPS_ON_ONE_PAGE ? parts : [];
}

/** Whether an issue's path (settings.<key>…) belongs to one of these keys. */
export function issueOnKeys(issue: Pick<SettingIssueView, 'path'>, keys: readonly string[]): boolean {
  return keys.some((k) => issue.path === `settings.${k}` || issue.path.startsWith(`settings.${k}.`));
}

/** What main remembers of a split step between requests (memory; the changed keys are also in the session file). */
export interface PartsState {
  /** The open sub-page per step. */
  selected: Map<string, string>;
  /** The sub-pages the technician has opened, per step. */
  seen: Map<string, Set<string>>;
  /** Setting keys changed (and accepted) since their step was last confirmed. */
  changedKeys: Set<string>;
}

export function newPartsState(changedKeys: readonly string[] = []): PartsState {
  return { selected: new Map(), seen: new Map(), changedKeys: new Set(changedKeys) };
}

/** Opens a sub-page (the first when none is named or the name is not one of the step's); returns its id. */
export function openPart(state: PartsState, step: Pick<ProcedureStep, 'id' | 'kind' | 'writes'>, partId?: string): string | undefined {
  const parts = stepParts(step);
  if (!parts.length) return undefined;
  const part = parts.find((p) => p.id === partId) ?? parts.find((p) => p.id === state.selected.get(step.id)) ?? parts[0]!;
  state.selected.set(step.id, part.id);
  const seen = state.seen.get(step.id) ?? new Set<string>();
  seen.add(part.id);
  state.seen.set(step.id, seen);
  return part.id;
}

/** The step was confirmed: its keys are no longer "changed since the confirmation". */
export function confirmParts(state: PartsState, step: Pick<ProcedureStep, 'writes'>): void {
  for (const key of step.writes) state.changedKeys.delete(key);
}

/**
 * The sub-pages as the rail shows them. Status, first match wins: a change refused here ('refused', not
 * applied), a change accepted since the step's last confirmation ('changed'), covered by the step's
 * confirmation ('confirmed'), opened ('seen'), else 'todo'.
 */
export function partViews(
  step: Pick<ProcedureStep, 'id' | 'kind' | 'writes'>,
  input: { state: PartsState; confirmed: boolean; issues: readonly SettingIssueView[]; references: Readonly<Record<string, string>> },
): { parts: StepPartView[]; part: string } | undefined {
  const parts = stepParts(step);
  if (!parts.length) return undefined;
  const seen = input.state.seen.get(step.id);
  const views = parts.map((p): StepPartView => {
    const status: StepPartView['status'] = input.issues.some((i) => issueOnKeys(i, p.keys))
      ? 'refused'
      : p.keys.some((k) => input.state.changedKeys.has(k))
        ? 'changed'
        : input.confirmed
          ? 'confirmed'
          : seen?.has(p.id)
            ? 'seen'
            : 'todo';
    return { id: p.id, keys: p.keys, title: p.title, status, ...(input.references[p.id] ? { references: input.references[p.id] } : {}) };
  });
  const selected = input.state.selected.get(step.id);
  return { parts: views, part: views.some((v) => v.id === selected) ? selected! : views[0]!.id };
}
