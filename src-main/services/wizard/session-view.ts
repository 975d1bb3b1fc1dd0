// Builds the SessionView the renderer draws: the procedure's steps (as guideline data) with the state the
// journal proves, the locks with their reasons, the write plan in the order it will be written, the link,
// and never a secret. Pure: everything it shows comes from its input.
import type { AttestationItemView, Bilingual, IecRequirementView, LinkView, QuestionView, BusyView, ReportView, SessionView, SettingIssueView, StepStatus, StepView, WriteItemView } from '../../ipc/wizard-contract';
import { stepFinished, type StepRecord } from '../../commissioning/engine/commissioning-engine';
import { formatReference, formatReferences, GUIDELINE, ref, ruleById, type GuidelineReference, type OrderingRuleId, type Procedure, type ProcedureStep, type WritePlanItem } from '../../commissioning/guideline';
import { mxfTwinOf } from '../../commissioning/guideline/procedures/figure-22-mx-f';
import type { Journal } from '../../commissioning/journal/journal';
import { COMMUNICATION_FUNCTIONS, type ControllerProfile } from '../../model/security-settings';
import type { StepLock } from './step-locks';
import { handsOn } from './hands-on';
import { bilingualEach, isMessageId, joinSentences, msg, verbatim, type Message } from '../../messages/catalogue';
import { serviceTitle } from '../../messages/service-titles';

/** A setting's title in the technician's words (the catalogue's `setting.title.<key>`), the key itself if none. */
export function settingTitle(key: string, scope?: string): Bilingual {
  const id = `setting.title.${key}`;
  const base = isMessageId(id) ? msg(id) : verbatim(key);
  const scopeId = `setting.scope.${scope}`;
  return scope && isMessageId(scopeId) ? joinSentences([base, msg(scopeId)]) : base;
}

/**
 * One result message in the technician's words: the engine's messages name probed services and the
 * certificate's partners by id (the CLI prints them so); here they are named in the user's language.
 */
function messageView(m: Message, profile: ControllerProfile): Bilingual {
  if (m.id === 'step.result.portsProbed' && typeof m.params?.ports === 'string') {
    const parts = [...m.params.ports.matchAll(/(\S+) (\d+)\/tcp (open|closed|filtered)/g)].map(([, service, port, state]) => {
      const name = service === 'other' ? msg('step.result.portUnknownService') : serviceTitle(service!);
      const st = msg(`step.result.portState.${state as 'open' | 'closed' | 'filtered'}`);
      return bilingualEach('step.result.portProbed', (l) => ({ service: name[l], port: port!, state: st[l] }));
    });
    if (parts.length) return joinSentences(parts);
  }
  if (m.id === 'step.result.certificateExported') {
    const partners = COMMUNICATION_FUNCTIONS.filter((f) => profile.settings.encryptedCommunication.functions[f].tls).map((f) => `wizard.function.${f}`).filter(isMessageId);
    return msg(m.id, { ...m.params, partners: { list: partners } });
  }
  return msg(m.id, m.params);
}

function stepDetail(step: ProcedureStep, record: StepRecord, profile: ControllerProfile): Bilingual | undefined {
  if (record.messages?.length) return joinSentences(record.messages.map((m) => messageView(m, profile)));
  if (!record.detail) return undefined;
  if (step.kind === 'operator-checklist' && record.detail === step.operatorDoes.en) return step.operatorDoes;
  return { en: record.detail, ja: msg('step.result.detailInJournal').ja };
}

/** Step 4: where the backup taken before the initialization went (or why there is none), from the journal. */
function backupLine(journal: Journal, stepId: string): Bilingual | undefined {
  const entry = [...journal.entries].reverse().find((e) => e.type === 'operation' && e.stepId === stepId && e.operation === 'backup' && (e.state === 'done' || e.state === 'declined'));
  if (!entry || entry.type !== 'operation') return undefined;
  if (entry.state === 'declined') return msg('step.result.backupDeclined', { reason: entry.detail ?? '' });
  const where = (entry.detail ?? '').replace(/^Backup\s+/, '').replace(/\.$/, '');
  return msg('step.result.backupSaved', { where });
}


// The passages each settings block implements, as chapter 2 (MX-R) cites them; MX-F shows the chapter 3
// twins (3.x sections, Tables 27-31), never the MX-R numbers under an MX-F title.
const SETTING_REFERENCES: Record<string, GuidelineReference[]> = {
  users: [ref.section('2.4.4.1'), ref.table('11')],
  passwordPolicy: [ref.section('2.4.4.2'), ref.table('9', 2)],
  lockout: [ref.section('2.4.4.2'), ref.table('9', 5)],
  logonMessage: [ref.table('9', 6)],
  sessionTimers: [ref.table('9', 8)],
  clock: [ref.section('2.4.5'), ref.table('9', 12)],
  eventHistory: [ref.section('2.4.5'), ref.table('9', 10), ref.table('9', 11)],
  backupEncryption: [ref.section('2.4.6.1')],
  encryptedCommunication: [ref.section('2.4.7'), ref.table('13')],
  ipFilter: [ref.section('2.4.8'), ref.table('9', 18)],
  defaultOpenPorts: [ref.section('2.4.9'), ref.section('2.4.9.1')],
  bandwidthLimit: [ref.section('2.4.10'), ref.table('9', 21)],
  operationSetting: [ref.section('2.4.11'), ref.table('14')],
  enhancedSecurity: [ref.section('2.3.1')],
  outOfTargetOperation: [ref.section('2.4.4.2')],
};

export function settingReferences(system: Procedure['system']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(SETTING_REFERENCES).map(([key, refs]) => [key, formatReferences(system === 'mx-f' ? refs.map(mxfTwinOf).filter((r): r is GuidelineReference => r !== undefined) : refs)]),
  );
}

export interface ViewInput {
  sessionId: string;
  /** The firmware version read from the device (undefined: not connected yet; null: the device did not say). */
  firmwareVersion?: string | null;
  operatorName: string;
  procedure: Procedure;
  journal: Journal;
  records: StepRecord[];
  profile: ControllerProfile;
  profileIssues: SettingIssueView[];
  profileWarnings: SettingIssueView[];
  /**
   * Settings steps whose values changed since the step was last confirmed. A change never confirms a
   * step: only its confirm action does (the journal's 'profile-set'), and a change after that opens it
   * again until it is confirmed anew.
   */
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
      return step.kind === 'settings' && input.valuesSet.has(step.id) ? 'todo' : 'values-set';
    case 'operator-performed':
      return input.profile.attestations.some((a) => a.id === step.id) ? 'attested' : 'operator-performed';
    case 'not-applicable':
      return 'not-applicable';
    case 'failed':
      return 'failed';
    default:
      return 'todo';
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

/** A rule is shown by the guideline passages it comes from (its id is internal). */
const ruleText = (id: OrderingRuleId): string => formatReferences(ruleById(id).references);

/** The link a session's writes travelled over: the one it started on (writes are all before the restart). */
function startLink(journal: Journal): LinkView['kind'] | undefined {
  const session = journal.entries.find((e) => e.type === 'session');
  if (!session || session.type !== 'session') return undefined;
  return session.target.startsWith('tls://') ? 'ethernet-tls' : session.target.startsWith('tcp://') ? 'ethernet' : 'usb';
}

function writeItems(input: ViewInput): WriteItemView[] {
  const link = input.link?.kind ?? input.plannedLink;
  const writtenOver = startLink(input.journal) ?? link;
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
      // A change already on the device says the link it went over (USB), not today's (TLS after the restart).
      link: stateOf(writeId) === 'planned' ? link : writtenOver,
      state: stateOf(writeId),
      rules: [...new Set([...new Set([...item.ruleIds, ...item.requires])].map(ruleText))],
    };
  });
}

/**
 * The step whose confirmation relies on an attestation: a checklist step on its own, the rows of the
 * settings table and the implementation matters on the test operation (step 14); the trust boundary on
 * the first write of a secret (undefined: decided by the journal's writes, see attestationFinal).
 */
export function attestationStep(procedure: Procedure, item: Pick<AttestationItemView, 'id' | 'kind'>): ProcedureStep | undefined {
  if (item.kind === 'checklist') return procedure.steps.find((s) => s.id === item.id);
  // The test operation is the procedure's last verification step (step 14 of Figure 8 and Figure 22).
  if (item.kind === 'settings-row' || item.kind === 'implementation-matter') return procedure.steps.findLast((s) => s.kind === 'verification');
  return undefined;
}

/** Whether an attestation is final: the step relying on it is confirmed (or, for the trust boundary, a write began). */
export function attestationFinal(procedure: Procedure, item: Pick<AttestationItemView, 'id' | 'kind'>, records: readonly StepRecord[], journal: Journal): boolean {
  if (item.kind === 'trust-boundary') return journal.entries.some((e) => e.type === 'write');
  const step = attestationStep(procedure, item);
  const record = step ? records.find((r) => r.id === step.id) : undefined;
  return record !== undefined && stepFinished(record.state);
}

/** Every id wizard:attest accepts for this procedure, in the order the procedure needs them. */
export function attestationItems(procedure: Procedure, profile: ControllerProfile, progress?: { records: readonly StepRecord[]; journal: Journal }): AttestationItemView[] {
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
    ...g.implementationMatters.map((i): AttestationItemView => ({ id: i.id, kind: 'implementation-matter', title: i.item, ...(i.text ? { statement: i.text } : {}), references: i.references.map(formatReference) })),
  ];
  return items.map((i) => {
    const a = given.get(i.id);
    const final = a !== undefined && progress !== undefined && attestationFinal(procedure, i, progress.records, progress.journal);
    return a ? { ...i, attested: { by: a.by, at: a.at, text: a.text }, ...(final ? { final: true } : {}) } : i;
  });
}

/**
 * What the step found, in both languages: the engine's messages; a checklist's own wording; otherwise (a
 * journal written before results were messages) the English detail, and in Japanese where to find it.
 */
/** Statuses after which the panel offers "Run this step again" (or says why it cannot). */
const FINISHED_STATUSES = new Set<StepStatus>(['verified', 'written', 'values-set', 'attested', 'operator-performed', 'not-applicable']);

export function buildSessionView(input: ViewInput): SessionView {
  const { procedure } = input;
  const steps: StepView[] = procedure.steps.map((step, i) => {
    const record = input.records[i]!;
    let status = stepStatus(step, record, input);
    const lock = input.locks.get(step.id);
    if (lock && status === 'todo' && !lock.ownWork) status = 'locked';
    const again = FINISHED_STATUSES.has(status) ? input.again?.get(step.id) : undefined;
    const note = input.notes.get(step.id);
    const base: Bilingual | undefined = note ?? stepDetail(step, record, input.profile);
    const backup = step.kind === 'device-operation' ? backupLine(input.journal, step.id) : undefined;
    const detail: Bilingual | undefined = backup ? joinSentences([...(base ? [base] : []), backup]) : base;
    return {
      id: step.id,
      number: step.number,
      kind: step.kind,
      title: step.title,
      appDoes: step.appDoes,
      operatorDoes: step.operatorDoes,
      references: step.references.map(formatReference),
      iec: iecOf(step, procedure),
      handsOn: handsOn(procedure.system, step.number),
      ...(step.checklist ? { checklist: step.checklist } : {}),
      ...(step.recordsFirmwareVersion ? { recorded: [{ label: msg('wizard.recorded.firmware'), value: typeof input.firmwareVersion === 'string' ? { en: input.firmwareVersion, ja: input.firmwareVersion } : msg('wizard.recorded.notRead') }] } : {}),
      why: GUIDELINE[procedure.system].settingsTable.filter((r) => step.verifies.includes(r.id)).map((r) => ({ reference: formatReference({ doc: 'guideline', table: r.table, row: r.row }), text: r.requirement })),
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
    settingReferences: settingReferences(procedure.system),
    attestations: attestationItems(procedure, input.profile, { records: input.records, journal: input.journal }),
    ...(input.error ? { error: input.error } : {}),
  };
}
