// What the operator attests (UX brief: "attested by the operator", with name and time, never called
// verified). Checklist steps attest the step itself; the test operation attests the rows the device
// cannot show and the implementation matters (Tables 10/28), by their row ids.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepView } from '../../src-main/ipc/wizard-contract';
import { Icon } from '../components/icons';
import { useBilingual } from '../i18n/bilingual';
import { useWizardStore } from '../state/wizard-store';

export interface AttestationItem {
  id: string;
  label: string;
  text: string;
}

/** "Table 9 row 7" -> "table9.row7": the row ids main's report uses for attestations. */
export function rowIdOf(reference: string): string | undefined {
  const m = /^Table (\d+) row (\d+)$/.exec(reference.trim());
  return m ? `table${m[1]}.row${m[2]}` : undefined;
}

/** The attestations a step asks for. */
export function useAttestationItems(step: StepView, system: 'mx-r' | 'mx-f'): AttestationItem[] {
  const { t } = useTranslation();
  const bi = useBilingual();
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

export function AttestationList({ items }: { items: AttestationItem[] }): ReactElement {
  const { t, i18n } = useTranslation();
  const session = useWizardStore((s) => s.session);
  const attest = useWizardStore((s) => s.attest);
  const pending = useWizardStore((s) => s.pending);
  const done = new Map(session?.profile.attestations.map((a) => [a.id, a]) ?? []);
  return (
    <fieldset className="attestations" data-testid="attestations">
      <legend>{t('wizard.attest.legend', { name: session?.operatorName ?? '' })}</legend>
      <ul>
        {items.map((item) => {
          const a = done.get(item.id);
          return (
            <li key={item.id} data-testid="attestation" data-attested={a ? 'true' : 'false'}>
              <label className="check">
                <input type="checkbox" checked={a !== undefined} disabled={a !== undefined || pending !== undefined} onChange={() => void attest(item.id, item.text)} />
                <span>
                  <strong>{item.label}</strong> — {item.text}
                </span>
              </label>
              {a ? (
                <span className="step-status step-status--attested">
                  <Icon name="attested" /> {t('wizard.attest.by', { by: a.by, at: new Date(a.at).toLocaleString(i18n.language) })}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
