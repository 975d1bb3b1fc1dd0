// Builds the SessionView the renderer draws: the procedure's steps (as guideline data) with the state the
// journal proves, the locks with their reasons, the write plan in the order it will be written, the link,
// and never a secret. Pure: everything it shows comes from its input.
import type { AttestationItemView, Bilingual, IecRequirementView, LinkView, QuestionView, BusyView, ReportView, SessionView, SettingIssueView, StepStatus, StepView, WriteItemView } from '../../ipc/wizard-contract';
import { stepFinished, type StepRecord } from '../../commissioning/engine/commissioning-engine';
import { formatReference, formatReferences, GUIDELINE, ruleById, type OrderingRuleId, type Procedure, type ProcedureStep, type WritePlanItem } from '../../commissioning/guideline';
import type { Journal } from '../../commissioning/journal/journal';
import type { ControllerProfile } from '../../model/security-settings';
import type { StepLock } from './step-locks';
import { bilingualSentences, isMessageId, joinSentences, msg, verbatim } from '../../messages/catalogue';

/** A setting's title in the technician's words (the catalogue's `setting.title.<key>`), the key itself if none. */
export function settingTitle(key: string, scope?: string): Bilingual {
  const id = `setting.title.${key}`;
  const base = isMessageId(id) ? msg(id) : verbatim(key);
  const scopeId = `setting.scope.${scope}`;
  return scope && isMessageId(scopeId) ? joinSentences([base, msg(scopeId)]) : base;
}

export interface ViewInput {
  sessionId: string;
  operatorName: string;
  procedure: Procedure;
  journal: Journal;
  records: StepRecord[];
  profile: ControllerProfile;
  profileIssues: SettingIssueView[];
  profileWarnings: SettingIssueView[];
  /** Settings steps whose values the technician entered and main validated (not yet journaled). */
  valuesSet: ReadonlySet<string>;
  running?: string;
  notes: ReadonlyMap<string, Bilingual>;
  selected?: string;
  link: LinkView | null;
  passwordsEntered: string[];
  writePlan: WritePlanItem[];
  plannedLink: LinkView['kind'];
  locks: ReadonlyMap<string, StepLock>;
  /** Finished steps that cannot run again now, with why (run-again.ts, or their lock). */
  again?: ReadonlyMap<string, StepLock & { permanent: boolean }>;
  question?: QuestionView;
  clock?: { deviceTime: string; pcTime: string; offsetSeconds: number };
  busy?: BusyView;
  report?: ReportView;
  error?: SessionView['error'];
}

/** Whether the journal shows the step finished (what the steps after it may rely on): the engine's rule. */
export function journalFinished(state: StepRecord['state']): boolean {
  return stepFinished(state);
}

export function stepStatus(step: ProcedureStep, record: StepRecord, input: Pick<ViewInput, 'running' | 'valuesSet' | 'profile' | 'records'>): StepStatus {
  if (input.running === step.id) return 'in-progress';
  switch (record.state) {
    case 'done': {
      if (step.kind !== 'write') return 'verified';
      // Each write was read back; the settings are proven in effect once step 11 read them after the restart.
      const errorCheck = input.records.find((r) => r.number === 11);
      return errorCheck?.state === 'done' ? 'verified' : 'written';
    }
    case 'profile-set':
      return 'values-set';
    case 'operator-performed':
      return input.profile.attestations.some((a) => a.id === step.id) ? 'attested' : 'operator-performed';
    case 'not-applicable':
      return 'not-applicable';
    case 'failed':
      return 'failed';
    default:
      return step.kind === 'settings' && input.valuesSet.has(step.id) ? 'values-set' : 'todo';
  }
}

function iecOf(step: ProcedureStep, procedure: Procedure): IecRequirementView[] {
  const table = GUIDELINE[procedure.system].settingsTable;
  const byId = new Map<string, { id: string; title: string; fits: boolean[] }>();
  for (const row of table.filter((r) => step.verifies.includes(r.id))) {
    for (const m of row.iec) {
      const e = byId.get(m.id) ?? { id: m.id, title: m.title, fits: [] };
      e.fits.push(m.bestFit);
      byId.set(m.id, e);
    }
  }
  return [...byId.values()].map((e) => ({ id: e.id, title: e.title, bestFit: e.fits.every(Boolean) })).sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

const ruleText = (id: OrderingRuleId): string => `${id} (${formatReferences(ruleById(id).references)})`;

function writeItems(input: ViewInput): WriteItemView[] {
  const link = input.link?.kind ?? input.plannedLink;
  const stateOf = (writeId: string): WriteItemView['state'] => {
    const last = input.journal.lastWrite(writeId)?.state;
    return last === undefined ? 'planned' : last === 'verified' || last === 'reconciled' ? 'verified' : last === 'operator-performed' ? 'written' : last;
  };
  const writes = input.writePlan.filter((item) => item.action === 'write');
  // The plan depends on the link: over Ethernet encrypted communication is written in two parts
  // (2.4.7.1 B), over USB in one. After the restart the app is on Ethernet with TLS, so a key already
  // written whole is shown as the one item it was, not as two parts that never ran.
  const writtenWhole = new Set(writes.filter((i) => i.scope && input.journal.lastWrite(i.key) !== undefined).map((i) => i.key));
  const shown: typeof writes = [];
  for (const item of writes) {
    if (!writtenWhole.has(item.key)) shown.push(item);
    else if (!shown.some((i) => i.key === item.key)) {
      const parts = writes.filter((i) => i.key === item.key);
      shown.push({ ...item, scope: undefined, ruleIds: parts.flatMap((i) => i.ruleIds), requires: parts.flatMap((i) => i.requires) });
    }
  }
  return shown.map((item): WriteItemView => {
    const writeId = item.scope ? `${item.key}:${item.scope}` : item.key;
    return {
      key: item.key,
      ...(item.scope ? { scope: item.scope } : {}),
      title: settingTitle(item.key, item.scope),
      link,
      state: stateOf(writeId),
      rules: [...new Set([...item.ruleIds, ...item.requires])].map(ruleText),
    };
  });
}

/** Every id wizard:attest accepts for this procedure, in the order the procedure needs them. */
export function attestationItems(procedure: Procedure, profile: ControllerProfile): AttestationItemView[] {
  const g = GUIDELINE[procedure.system];
  const given = new Map(profile.attestations.map((a) => [a.id, a]));
  const connect = procedure.steps.find((s) => s.kind === 'connect')!;
  const items: AttestationItemView[] = [
    {
      id: connect.id,
      kind: 'trust-boundary',
      title: msg('attestation.trustBoundary'),
      references: [formatReference(ruleById('order.encryption-by-link').references[1]!)],
    },
    ...procedure.steps.filter((s) => s.kind === 'operator-checklist').map((s): AttestationItemView => ({ id: s.id, kind: 'checklist', title: s.title, references: s.references.map(formatReference) })),
    ...g.settingsTable.filter((r) => r.verification === 'attestation').map((r): AttestationItemView => ({ id: r.id, kind: 'settings-row', title: r.item, references: r.references.map(formatReference) })),
    ...g.implementationMatters.map((i): AttestationItemView => ({ id: i.id, kind: 'implementation-matter', title: i.item, references: i.references.map(formatReference) })),
  ];
  return items.map((i) => {
    const a = given.get(i.id);
    return a ? { ...i, attested: { by: a.by, at: a.at, text: a.text } } : i;
  });
}

/**
 * What the step found, in both languages: the engine's messages; a checklist's own wording; otherwise (a
 * journal written before results were messages) the English detail, and in Japanese where to find it.
 */
function stepDetail(step: ProcedureStep, record: StepRecord): Bilingual | undefined {
  if (record.messages?.length) return bilingualSentences(record.messages);
  if (!record.detail) return undefined;
  if (step.kind === 'operator-checklist' && record.detail === step.operatorDoes.en) return step.operatorDoes;
  return { en: record.detail, ja: msg('step.result.detailInJournal').ja };
}

/** Statuses after which the panel offers "Run this step again" (or says why it cannot). */
const FINISHED_STATUSES = new Set<StepStatus>(['verified', 'written', 'values-set', 'attested', 'operator-performed', 'not-applicable']);

export function buildSessionView(input: ViewInput): SessionView {
  const { procedure } = input;
  const steps: StepView[] = procedure.steps.map((step, i) => {
    const record = input.records[i]!;
    let status = stepStatus(step, record, input);
    const lock = input.locks.get(step.id);
    if (lock && status === 'todo') status = 'locked';
    const again = FINISHED_STATUSES.has(status) ? input.again?.get(step.id) : undefined;
    const note = input.notes.get(step.id);
    const detail: Bilingual | undefined = note ?? stepDetail(step, record);
    return {
      id: step.id,
      number: step.number,
      kind: step.kind,
      title: step.title,
      appDoes: step.appDoes,
      operatorDoes: step.operatorDoes,
      references: step.references.map(formatReference),
      iec: iecOf(step, procedure),
      ...(step.reconstructed ? { reconstructed: { basis: step.reconstructed.basis } } : {}),
      settingKeys: [...step.writes],
      status,
      ...(status === 'locked' && lock ? { lock } : {}),
      ...(again ? { again } : {}),
      ...(detail ? { detail } : {}),
      ...(record.startedAt ? { startedAt: record.startedAt } : {}),
      ...(record.finishedAt ? { finishedAt: record.finishedAt } : {}),
    };
  });
  const firstOpen = steps.find((s) => !['verified', 'values-set', 'attested', 'operator-performed', 'not-applicable', 'written'].includes(s.status)) ?? steps.at(-1)!;
  const current = input.running ?? input.selected ?? firstOpen.id;
  return {
    sessionId: input.sessionId,
    system: procedure.system,
    model: input.profile.model,
    operatorName: input.operatorName,
    procedure: { id: procedure.id, figure: procedure.figure, title: procedure.title, reconstructed: procedure.reconstructed, ...(procedure.notice ? { notice: procedure.notice } : {}) },
    steps,
    currentStepId: current,
    link: input.link,
    profile: input.profile,
    profileIssues: input.profileIssues,
    profileWarnings: input.profileWarnings,
    passwordsEntered: input.passwordsEntered,
    writePlan: writeItems(input),
    ...(input.question ? { question: input.question } : {}),
    ...(input.clock ? { clock: input.clock } : {}),
    ...(input.busy ? { busy: input.busy } : {}),
    ...(input.report ? { report: input.report } : {}),
    attestations: attestationItems(procedure, input.profile),
    ...(input.error ? { error: input.error } : {}),
  };
}
