// A long settings step (step 7: seven function groups) as sub-pages with a rail. Main owns the sub-pages
// (which ones, the one open, each one's status); this draws them and sends the technician's choice. The
// rail is keyboard-usable (arrow keys move along it, Enter or Space opens, Tab leaves it) and the focus
// moves to the opened sub-page's heading. Opening or changing a sub-page confirms nothing: the step's own
// "Confirm these values" does, for every group at once, and the page says so.
import { useEffect, useRef, type KeyboardEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepPartView, StepView } from '../../src-main/ipc/wizard-contract';
import { Icon, type IconName } from '../components/icons';
import { useBilingual } from '../i18n/bilingual';
import { useWizardStore } from '../state/wizard-store';
import { SettingsForms } from './settings/settings-forms';

const PART_ICON: Record<StepPartView['status'], IconName> = {
  todo: 'todo',
  seen: 'eye',
  changed: 'edit',
  refused: 'error',
  confirmed: 'check',
};

/** A sub-page's status as an icon AND words (never colour alone). */
function PartStatus({ status }: { status: StepPartView['status'] }): ReactElement {
  const { t } = useTranslation();
  return (
    <span className={`part-status part-status--${status}`} data-status={status}>
      <Icon name={PART_ICON[status]} /> <span>{t(`wizard.parts.status.${status}`)}</span>
    </span>
  );
}

/** "Keep the values in force" for each of these blocks main refused a change on (the change was never applied). */
export function KeepValues({ keys }: { keys: readonly string[] }): ReactElement | null {
  const { t } = useTranslation();
  const issues = useWizardStore((s) => s.session?.profileIssues ?? []);
  const keepSettings = useWizardStore((s) => s.keepSettings);
  const pending = useWizardStore((s) => s.pending);
  const refused = keys.filter((k) => issues.some((i) => i.path === `settings.${k}` || i.path.startsWith(`settings.${k}.`)));
  if (!refused.length) return null;
  return (
    <div className="notice notice--warning" data-testid="refused-notice">
      <Icon name="warning" />
      <span>
        {t('wizard.parts.refusedNote')}{' '}
        {refused.map((k) => (
          <button key={k} type="button" className="button" disabled={pending !== undefined} data-testid="keep-values" onClick={() => void keepSettings(k)}>
            {t('wizard.parts.keep')}
          </button>
        ))}
      </span>
    </div>
  );
}

export function SettingsParts({ step }: { step: StepView }): ReactElement {
  const { t } = useTranslation();
  const bi = useBilingual();
  const selectStep = useWizardStore((s) => s.selectStep);
  const parts = step.parts ?? [];
  const index = Math.max(0, parts.findIndex((p) => p.id === step.part));
  const part = parts[index]!;
  const rail = useRef<HTMLOListElement>(null);

  // A sub-page opened after the step's own first view takes the focus at its heading (not on first show:
  // then the step's heading has it).
  const shown = useRef(part.id);
  useEffect(() => {
    if (shown.current === part.id) return;
    shown.current = part.id;
    document.getElementById(`${part.id}-title`)?.focus();
  }, [part.id]);

  function onRailKey(event: KeyboardEvent<HTMLOListElement>): void {
    const buttons = [...(rail.current?.querySelectorAll<HTMLButtonElement>('button[data-part]') ?? [])];
    const at = buttons.indexOf(event.target as HTMLButtonElement);
    if (at < 0) return;
    const to = { ArrowDown: at + 1, ArrowRight: at + 1, ArrowUp: at - 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    buttons[(to + buttons.length) % buttons.length]?.focus();
  }

  const open = (p: StepPartView) => void selectStep(step.id, p.id);
  const previous = parts[index - 1];
  const next = parts[index + 1];
  const notOpened = parts.filter((p) => p.status === 'todo');
  return (
    <div className="parts" data-testid="step-parts">
      <nav className="part-rail" aria-label={t('wizard.parts.label', { number: step.number })}>
        <ol ref={rail} onKeyDown={onRailKey}>
          {parts.map((p, i) => (
            <li key={p.id}>
              <button
                type="button"
                className={`part-tab${p.id === part.id ? ' part-tab--open' : ''}`}
                // One tab stop for the rail: the open sub-page's button; the arrow keys reach the others.
                tabIndex={p.id === part.id ? 0 : -1}
                aria-current={p.id === part.id ? 'page' : undefined}
                data-testid="part-tab"
                data-part={p.id}
                data-status={p.status}
                onClick={() => open(p)}
              >
                <span className="part-tab__number">{i + 1}</span>
                <span className="part-tab__title">{bi(p.title)}</span>
                <PartStatus status={p.status} />
              </button>
            </li>
          ))}
        </ol>
      </nav>
      {/* Not a landmark of its own: the block inside is the section named by the heading that takes the focus. */}
      <div className="part-page" data-testid="part-page" data-part={part.id}>
        <p className="note part-page__position">{t('wizard.parts.position', { index: index + 1, count: parts.length })}</p>
        <KeepValues keys={part.keys} />
        <SettingsForms keys={part.keys} />
        <div className="part-page__nav">
          {previous ? (
            <button type="button" className="button button--quiet" onClick={() => open(previous)} data-testid="part-previous">
              <Icon name="arrow-left" /> {t('wizard.parts.previous', { title: bi(previous.title) })}
            </button>
          ) : null}
          {next ? (
            <button type="button" className="button" onClick={() => open(next)} data-testid="part-next">
              {t('wizard.parts.next', { title: bi(next.title) })}
            </button>
          ) : null}
        </div>
      </div>
      <p className="note" data-testid="parts-confirm-note">
        <Icon name="info" /> {t('wizard.parts.confirmNote', { count: parts.length })}
        {notOpened.length ? ` ${t('wizard.parts.notOpened', { groups: notOpened.map((p) => bi(p.title)).join(', ') })}` : ''}
      </p>
    </div>
  );
}
