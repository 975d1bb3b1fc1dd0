// What the operator attests (UX brief: "attested by the operator", with name and time, never called
// verified). Checklist steps attest the step itself; the test operation attests the rows the device
// cannot show and the implementation matters (Tables 10/28), by their row ids.
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepView } from '../../src-main/ipc/wizard-contract';
import { Icon } from '../components/icons';
import { useBilingual } from '../i18n/bilingual';
import { useWizardStore } from '../state/wizard-store';

export interface AttestationItem {
  id: string;
  label: string;
  text: string;
  /** Implementation matters (Tables 10/28) may be attested; the rest are required to go on. */
  optional?: boolean;
}

/** "Table 9 row 7" -> "table9.row7": the row ids main's report uses for attestations. */
export function rowIdOf(reference: string): string | undefined {
  const m = /^Table (\d+) row (\d+)$/.exec(reference.trim());
  return m ? `table${m[1]}.row${m[2]}` : undefined;
}

/** The attestations a step asks for. */
export function useAttestationItems(step: StepView, system: 'mx-r' | 'mx-f', testOperation = step.kind === 'verification' && step.number === 14): AttestationItem[] {
  const { t } = useTranslation();
  const bi = useBilingual();
  const offered = useWizardStore((s) => s.session?.attestations);
  const linkKind = useWizardStore((s) => s.session?.link?.kind);
  if (offered) {
    // Main lists what may be attested; each goes on the panel of the step that asks for it.
    const kinds: string[] =
      step.kind === 'operator-checklist' ? ['checklist'] : step.kind === 'connect' && linkKind === 'ethernet' ? ['trust-boundary'] : testOperation ? ['settings-row', 'implementation-matter'] : [];
    return offered
      .filter((a) => kinds.includes(a.kind) && (a.kind !== 'checklist' || a.id === step.id) && (a.kind !== 'trust-boundary' || a.id === step.id))
      .map((a) => {
        const matter = /^table(?:10|28)\.row([1-7])$/.exec(a.id)?.[1];
        const text =
          a.kind === 'checklist'
            ? bi(step.operatorDoes)
            : a.kind === 'trust-boundary'
              ? t('wizard.attest.trustBoundary')
              : matter
                ? t(`wizard.attest.matters.${matter}.text`)
                : a.statement
                  ? bi(a.statement)
                  : t('wizard.attest.rowText');
        return {
          id: a.id,
          label: `${a.references.join(', ')}${a.references.length ? ': ' : ''}${bi(a.title)}`,
          text,
          ...(a.kind === 'implementation-matter' ? { optional: true } : {}),
        };
      });
  }
  if (step.kind === 'operator-checklist' || step.kind === 'connect') {
    return [{ id: step.id, label: t('wizard.attest.step'), text: bi(step.operatorDoes) }];
  }
  if (step.kind === 'verification' && step.number === 14) {
    const matters = system === 'mx-r' ? '10' : '28';
    const rows = step.references.map(rowIdOf).filter((id): id is string => id !== undefined && !id.startsWith(`table${matters}.`));
    const items: AttestationItem[] = rows.map((id) => ({ id, label: t('wizard.attest.row', { ref: id.replace(/^table(\d+)\.row(\d+)$/, 'Table $1 row $2') }), text: t('wizard.attest.rowText') }));
    for (let row = 1; row <= 7; row++) {
      items.push({ id: `table${matters}.row${row}`, label: `Table ${matters} row ${row}: ${t(`wizard.attest.matters.${row}.title`)}`, text: t(`wizard.attest.matters.${row}.text`) });
    }
    return items;
  }
  return [];
}

/**
 * A checklist step's items (Figure 8/22 step 1): each ticked on its own; the step's attestation below is
 * given only once all are ticked. The ticks are the screen's; the attestation is the record.
 */
export function ChecklistItems({ step, attested, onAllTicked }: { step: StepView; attested: boolean; onAllTicked: (all: boolean) => void }): ReactElement | null {
  const { t } = useTranslation();
  const bi = useBilingual();
  const [ticked, setTicked] = useState<ReadonlySet<number>>(new Set());
  const items = step.checklist ?? [];
  useEffect(() => onAllTicked(attested || ticked.size === items.length), [attested, ticked, items.length, onAllTicked]);
  if (!items.length) return null;
  return (
    <fieldset className="attestations checklist" data-testid="checklist">
      <legend>{t('wizard.attest.checklistTitle')}</legend>
      <ul>
        {items.map((item, i) => (
          <li key={i} data-testid="checklist-item">
            <label className="check">
              <input
                type="checkbox"
                checked={attested || ticked.has(i)}
                disabled={attested}
                onChange={(e) => setTicked((prev) => {
                  const next = new Set(prev);
                  if (e.target.checked) next.add(i);
                  else next.delete(i);
                  return next;
                })}
              />
              <span>
                {bi(item.text)} <span className="note">({item.reference})</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function AttestationList({ items, waitFor }: { items: AttestationItem[]; waitFor?: string }): ReactElement {
  const { t, i18n } = useTranslation();
  const session = useWizardStore((s) => s.session);
  const attest = useWizardStore((s) => s.attest);
  const pending = useWizardStore((s) => s.pending);
  const done = new Map(session?.profile.attestations.map((a) => [a.id, a]) ?? []);
  for (const a of session?.attestations ?? []) if (a.attested && !done.has(a.id)) done.set(a.id, { id: a.id, ...a.attested });
  const finals = new Set((session?.attestations ?? []).filter((a) => a.final).map((a) => a.id));
  return (
    <fieldset className="attestations" data-testid="attestations">
      <legend>{t('wizard.attest.legend', { name: session?.operatorName ?? '' })}</legend>
      <ul>
        {items.map((item) => {
          const a = done.get(item.id);
          // Taken back by unticking, until the step that relies on it is confirmed (then it is on record).
          const final = finals.has(item.id);
          return (
            <li key={item.id} data-testid="attestation" data-attested={a ? 'true' : 'false'} data-final={final ? 'true' : 'false'}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={a !== undefined}
                  // Not disabled while main answers (a disabled box drops the focus to the page); a second
                  // press meanwhile is ignored.
                  disabled={final || (waitFor !== undefined && a === undefined)}
                  aria-describedby={waitFor !== undefined && a === undefined ? 'attest-wait' : undefined}
                  aria-disabled={pending !== undefined || undefined}
                  onChange={() => {
                    if (pending === undefined) void attest(item.id, item.text, a !== undefined);
                  }}
                />
                <span>
                  <strong>{item.label}</strong>
                  {item.text !== item.label ? <> — {item.text}</> : null}
                  {item.optional ? <span className="note"> ({t('wizard.attest.optional')})</span> : null}
                </span>
              </label>
              {a ? (
                <span className="step-status step-status--attested">
                  <Icon name="attested" /> {t('wizard.attest.by', { by: a.by, at: new Date(a.at).toLocaleString(i18n.language) })}
                  <span className="note"> {final ? t('wizard.attest.final') : t('wizard.attest.undoable')}</span>
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      {waitFor ? (
        <p id="attest-wait" className="note">
          {waitFor}
        </p>
      ) : null}
    </fieldset>
  );
}
