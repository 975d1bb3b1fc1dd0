// What a commissioning did differently from what the guideline recommends, one item each with the
// guideline reference: a procedure step turned off or not done, Table 14/32's "continue operation", a
// row met only through an exception, an implementation matter (Table 10/28/45) nobody attested, and a
// recommendation of the rules not followed. The verdict of a report is "met with deviations" as soon as
// one of these exists, and "commissioned as the guideline says" only when there is none: a table whose
// every row passes is not enough on its own (issue 12 item 1).
import { GUIDELINE, formatReferences, type Bilingual, type RowVerdict, type RuleVerdict } from '../guideline';
import type { ControllerProfile } from '../../model/security-settings';

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

export interface DeviationInput {
  profile: ControllerProfile;
  steps: ReadonlyArray<{ id: string; number: number; state: string }>;
  verdicts: readonly RowVerdict[];
  recommendations: readonly RuleVerdict[];
}

const ACCEPTED = new Set(['pass', 'attested', 'not-applicable']);

export function findDeviations(input: DeviationInput): Deviation[] {
  const { profile } = input;
  const g = GUIDELINE[profile.system];
  const figure = g.procedure.figure;
  const stepOf = (n: number) => g.procedure.steps.find((s) => s.number === n);
  const out: Deviation[] = [];

  // Step 6 turned off: the enhanced security setting is the guideline's step, not an option.
  const step6 = stepOf(6);
  if (step6 && !profile.settings.enhancedSecurity.enabled) {
    out.push({
      kind: 'step-turned-off',
      reference: `Figure ${figure} step 6`,
      itemId: step6.id,
      text: { en: 'The enhanced security setting (step 6) is turned off.', ja: '拡張セキュリティ設定（手順6）が無効になっています。' },
    });
  }
  // Table 14 / 32: "stop operation" is what the guideline recommends; "continue" is a deviation.
  if (profile.settings.operationSetting.onError === 'continue') {
    const table = profile.system === 'mx-r' ? '14' : '32';
    out.push({
      kind: 'operation-setting',
      reference: `Table ${table} row 2`,
      itemId: `table${table}.row2`,
      text: {
        en: `The operation setting on error is "continue operation" (Table ${table} row 2), not "stop operation"; the guideline asks to verify the behaviour on an error in advance.`,
        ja: `エラー時の動作設定が「運転継続」（表${table} No.2）で、「運転停止」ではありません。ガイドラインはエラー発生時の動作を事前に確認するよう求めています。`,
      },
    });
  }
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
      text: notDone
        ? { en: `Step ${step.number} "${step.title.en}" was not completed (${s.state}).`, ja: `手順${step.number}「${step.title.ja}」が完了していません（${s.state}）。` }
        : { en: `Step ${step.number} "${step.title.en}" is not attested by the operator.`, ja: `手順${step.number}「${step.title.ja}」が作業者により確認されていません。` },
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
      text: {
        en: `Not met on the device, accepted by an exception: "${v.exception.justification}" (${v.exception.by}).`,
        ja: `機器上では満たしておらず、例外として承認されています：「${v.exception.justification}」（${v.exception.by}）。`,
      },
    });
  }
  // Implementation matters (Tables 10/28): organisational, so only an attestation can meet them.
  for (const item of g.implementationMatters) {
    if (profile.attestations.some((a) => a.id === item.id)) continue;
    out.push({
      kind: 'attestation-missing',
      reference: `Table ${item.table} row ${item.row}`,
      itemId: item.id,
      text: { en: `Not attested: ${item.text.en}`, ja: `未確認：${item.text.ja}` },
    });
  }
  for (const r of input.recommendations) {
    if (r.status !== 'violated') continue;
    out.push({ kind: 'recommendation', reference: formatReferences(r.references), itemId: r.ruleId, text: r.message ?? { en: r.ruleId, ja: r.ruleId } });
  }
  return out;
}

export function verdictOf(verdicts: readonly RowVerdict[], deviations: readonly Deviation[]): Verdict {
  if (verdicts.length === 0 || verdicts.some((v) => !ACCEPTED.has(v.status) && !v.exception)) return 'not-met';
  return deviations.length ? 'with-deviations' : 'as-guideline';
}

/** The verdict in the technician's words (UI, HTML, CLI), one sentence. */
export const VERDICT_TEXT: Record<Verdict, Bilingual> = {
  'as-guideline': { en: 'Every row is met and nothing deviates: the device is commissioned as the guideline says.', ja: 'すべての項目を満たし、逸脱はありません。ガイドラインどおりに設定されています。' },
  'with-deviations': { en: 'Every row is met, with deviations from the guideline listed below.', ja: 'すべての項目を満たしていますが、下記のガイドラインからの逸脱があります。' },
  'not-met': { en: 'Not every row is met: see the rows marked failed or not verified.', ja: '満たしていない項目があります（不合格・未確認の項目を参照）。' },
};
