// What a commissioning did differently from what the guideline recommends, one item each with the
// guideline reference: what the device family finds in the profile itself (the MX family: step 6 turned
// off, Table 14/32's "continue operation"), a procedure step not done, a row met only through an exception, an implementation matter (Table 10/28/45) nobody attested, and a
// recommendation of the rules not followed. The verdict of a report is "met with deviations" as soon as
// one of these exists, and "commissioned as the guideline says" only when there is none: a table whose
// every row passes is not enough on its own (issue 12 item 1).
import { formatReferences, type Bilingual, type RowVerdict, type RuleVerdict, type SystemGuideline } from '../guideline';
import type { SecurityProfile } from '../../model/security-settings';
import { bilingualEach, msg, verbatim } from '../../messages/catalogue';

export type DeviationKind = 'step-turned-off' | 'step-not-done' | 'operation-setting' | 'exception' | 'attestation-missing' | 'recommendation';

export interface Deviation {
  kind: DeviationKind;
  /** The guideline item it departs from, as the guideline cites it ("Figure 8 step 6", "Table 10 row 4"). */
  reference: string;
  /** The id of that item in the data (step, row or rule id). */
  itemId: string;
  text: Bilingual;
}

/** 'as-guideline': every row met, nothing deviates; 'with-deviations': every row met or excepted, something deviates; 'not-met': a row is not met. */
export type Verdict = 'as-guideline' | 'with-deviations' | 'not-met';

/**
 * Where the guideline's data and a product's own departures come from: the device family of the profile
 * (a DeviceFamily fits; named structurally so this file imports no family).
 */
export interface DeviationSource {
  guideline(system: SecurityProfile['system']): Pick<SystemGuideline, 'procedure' | 'settingsTable' | 'implementationMatters'>;
  /** What the profile itself departs from that only the family knows (the MX family: step 6 off, Table 14/32). */
  deviations?(profile: any, procedure: SystemGuideline['procedure']): Deviation[];
}

export interface DeviationInput {
  profile: SecurityProfile;
  family: DeviationSource;
  steps: ReadonlyArray<{ id: string; number: number; state: string }>;
  verdicts: readonly RowVerdict[];
  recommendations: readonly RuleVerdict[];
}

const ACCEPTED = new Set(['pass', 'attested', 'not-applicable']);

export function findDeviations(input: DeviationInput): Deviation[] {
  const { profile } = input;
  const g = input.family.guideline(profile.system);
  const figure = g.procedure.figure;
  // The product's own departures first (the MX family's step 6 and Table 14/32), then the generic ones.
  const out: Deviation[] = [...(input.family.deviations?.(profile, g.procedure) ?? [])];

  // Steps not done: a step that failed, did not run, or (a checklist step) was never attested.
  for (const s of input.steps) {
    const step = g.procedure.steps.find((x) => x.id === s.id);
    if (!step || step.kind === 'report') continue;
    const notDone = s.state === 'failed' || s.state === 'not-run' || s.state === 'started';
    const unattestedChecklist = step.kind === 'operator-checklist' && !profile.attestations.some((a) => a.id === step.id);
    if (!notDone && !unattestedChecklist) continue;
    out.push({
      kind: 'step-not-done',
      reference: `Figure ${figure} step ${step.number}`,
      itemId: step.id,
      text: bilingualEach(notDone ? 'deviation.stepNotCompleted' : 'deviation.stepNotAttested', (l) => ({ number: step.number, title: step.title[l], state: s.state })),
    });
  }
  // Rows met only because an exception covers them.
  for (const v of input.verdicts) {
    if (ACCEPTED.has(v.status) || !v.exception) continue;
    const row = g.settingsTable.find((r) => r.id === v.rowId);
    out.push({
      kind: 'exception',
      reference: row ? `Table ${row.table} row ${row.row}` : v.rowId,
      itemId: v.rowId,
      text: msg('deviation.exception', { justification: v.exception.justification, by: v.exception.by }),
    });
  }
  // Implementation matters (Tables 10/28): organisational, so only an attestation can meet them.
  for (const item of g.implementationMatters) {
    if (profile.attestations.some((a) => a.id === item.id)) continue;
    out.push({
      kind: 'attestation-missing',
      reference: `Table ${item.table} row ${item.row}`,
      itemId: item.id,
      text: bilingualEach('deviation.notAttested', (l) => ({ item: item.text[l] })),
    });
  }
  for (const r of input.recommendations) {
    if (r.status !== 'violated') continue;
    out.push({ kind: 'recommendation', reference: formatReferences(r.references), itemId: r.ruleId, text: r.message ?? verbatim(r.ruleId) });
  }
  return out;
}

export function verdictOf(verdicts: readonly RowVerdict[], deviations: readonly Deviation[]): Verdict {
  if (verdicts.length === 0 || verdicts.some((v) => !ACCEPTED.has(v.status) && !v.exception)) return 'not-met';
  return deviations.length ? 'with-deviations' : 'as-guideline';
}

/** The verdict in the technician's words (UI, HTML, CLI), one sentence. */
export const VERDICT_TEXT: Record<Verdict, Bilingual> = {
  'as-guideline': msg('verdict.as-guideline'),
  'with-deviations': msg('verdict.with-deviations'),
  'not-met': msg('verdict.not-met'),
};
