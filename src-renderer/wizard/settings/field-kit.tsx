// Small labelled fields for the settings panels. Values come from the session's profile; a change is
// sent to main as the whole settings block (wizard:update-settings), and main's issues for a field are
// written next to it. Typed values are kept locally while the field has focus so typing never jumps.
import { useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingIssueView } from '../../../src-main/ipc/wizard-contract';
import { useBilingual } from '../../i18n/bilingual';
import { Icon } from '../../components/icons';
import { useWizardStore } from '../../state/wizard-store';

// Project choice: a typed value is sent to main 450 ms after the last keystroke (and at once on blur).
const COMMIT_DELAY_MS = 450;

/** Main's issues whose path is this field or below it ("settings.lockout.failures"). */
export function useIssues(path: string): { errors: SettingIssueView[]; warnings: SettingIssueView[] } {
  const session = useWizardStore((s) => s.session);
  const full = `settings.${path}`;
  const match = (i: SettingIssueView) => i.path === full || i.path.startsWith(`${full}.`);
  return { errors: session?.profileIssues.filter(match) ?? [], warnings: session?.profileWarnings.filter(match) ?? [] };
}

/** The references a text does not cite already, as " (…)" ("…(2.4.8). (2.4.8)" said the same twice). */
function withoutCited(text: string, references: readonly string[] | undefined): string {
  const missing = (references ?? []).filter((r) => !text.includes(r));
  return missing.length ? ` (${missing.join(', ')})` : '';
}

/** One issue: main's bilingual text when it has one, its guideline references, and a way to the step it names. */
function IssueText({ issue }: { issue: SettingIssueView }): ReactElement {
  const { t } = useTranslation();
  const bi = useBilingual();
  const selectStep = useWizardStore((s) => s.selectStep);
  return (
    <>
      {issue.text ? `${bi(issue.text)}${withoutCited(bi(issue.text), issue.references)}` : issue.message}
      {issue.pointsTo ? (
        <button type="button" className="button button--quiet" onClick={() => void selectStep(issue.pointsTo!.stepId, issue.pointsTo!.part)}>
          {t('wizard.settings.openStep', { number: issue.pointsTo.number })}
        </button>
      ) : null}
    </>
  );
}

export function FieldMessages({ id, path, hint, exact }: { id: string; path: string; hint?: ReactNode; exact?: boolean }): ReactElement {
  const { errors, warnings } = useIssues(path);
  const full = `settings.${path}`;
  const keep = (i: SettingIssueView) => !exact || i.path === full;
  return (
    <span id={id} className="field__messages" aria-live="polite">
      {hint ? <span className="field__hint">{hint}</span> : null}
      {errors.filter(keep).map((issue, i) => (
        <span key={`e${i}`} className="field__error" data-testid="field-issue">
          <Icon name="error" /> <IssueText issue={issue} />
        </span>
      ))}
      {warnings.filter(keep).map((issue, i) => (
        <span key={`w${i}`} className="field__warning" data-testid="field-warning">
          <Icon name="warning" /> <IssueText issue={issue} />
        </span>
      ))}
    </span>
  );
}

function useDraft<T>(value: T, commit: (text: string) => void): [string, (text: string) => void, () => void] {
  const [draft, setDraft] = useState(String(value));
  const focused = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (!focused.current) setDraft(String(value));
  }, [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const change = (text: string) => {
    focused.current = true;
    setDraft(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => commit(text), COMMIT_DELAY_MS);
  };
  const blur = () => {
    focused.current = false;
    clearTimeout(timer.current);
    if (draft !== String(value)) commit(draft);
  };
  return [draft, change, blur];
}

export function NumberField(props: { id: string; label: string; path: string; value: number; unit?: string; hint?: ReactNode; onCommit(value: number): void }): ReactElement {
  const [draft, change, blur] = useDraft(props.value, (text) => {
    const n = Number(text.trim());
    // Not a number: main would refuse the type; the field keeps the text and says so locally.
    if (text.trim() !== '' && Number.isFinite(n)) props.onCommit(n);
  });
  const { errors } = useIssues(props.path);
  const notNumber = draft.trim() === '' || !Number.isFinite(Number(draft.trim()));
  return (
    <div className="field field--number">
      <label htmlFor={props.id}>{props.label}</label>
      <span className="field__with-unit">
        <input id={props.id} type="text" inputMode="numeric" autoComplete="off" value={draft} onChange={(e) => change(e.target.value)} onBlur={blur} aria-invalid={errors.length > 0 || notNumber ? true : undefined} aria-describedby={`${props.id}-msg`} />
        {props.unit ? <span className="field__unit">{props.unit}</span> : null}
      </span>
      <FieldMessages id={`${props.id}-msg`} path={props.path} hint={props.hint} />
    </div>
  );
}

export function TextField(props: { id: string; label: string; path: string; value: string; multiline?: boolean; hint?: ReactNode; onCommit(value: string): void }): ReactElement {
  const [draft, change, blur] = useDraft(props.value, props.onCommit);
  const { errors } = useIssues(props.path);
  const common = { id: props.id, value: draft, onBlur: blur, 'aria-invalid': errors.length > 0 ? true : undefined, 'aria-describedby': `${props.id}-msg`, autoComplete: 'off' } as const;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.multiline ? <textarea {...common} rows={3} onChange={(e) => change(e.target.value)} /> : <input {...common} type="text" onChange={(e) => change(e.target.value)} />}
      <FieldMessages id={`${props.id}-msg`} path={props.path} hint={props.hint} />
    </div>
  );
}

export function CheckField(props: { id: string; label: string; path: string; checked: boolean; hint?: ReactNode; disabled?: boolean; onChange(checked: boolean): void }): ReactElement {
  return (
    <div className="field field--check">
      <label className="check">
        <input id={props.id} type="checkbox" checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.target.checked)} aria-describedby={`${props.id}-msg`} />
        {props.label}
      </label>
      <FieldMessages id={`${props.id}-msg`} path={props.path} hint={props.hint} />
    </div>
  );
}

export function SelectField<V extends string>(props: { id: string; label: string; path: string; value: V; options: ReadonlyArray<{ value: V; label: string }>; hint?: ReactNode; onChange(value: V): void }): ReactElement {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value as V)} aria-describedby={`${props.id}-msg`}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages id={`${props.id}-msg`} path={props.path} hint={props.hint} />
    </div>
  );
}

export function SettingsBlock({ id, title, reference, children }: { id: string; title: string; reference?: string; children: ReactNode }): ReactElement {
  // Main names the passages for this device's chapter (MX-F: 3.4.x, Tables 27-31); the MX-R text is the fallback.
  const forDevice = useWizardStore((s) => s.session?.settingReferences?.[id]);
  reference = forDevice ?? reference;
  return (
    <section className="settings-block" aria-labelledby={`${id}-title`} data-testid={`settings-${id}`}>
      {/* Focusable by script only: a sub-page of step 7 opens with the focus on its block's heading. */}
      <h3 id={`${id}-title`} tabIndex={-1}>
        {title}
        {reference ? <span className="settings-block__ref">{reference}</span> : null}
      </h3>
      <div className="settings-block__fields">{children}</div>
    </section>
  );
}
