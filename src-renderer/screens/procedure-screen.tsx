// The procedure (UX brief screen 3): device identity and link on top, the figure's steps with their
// state on the left, the looked-at step's panel on the right; questions as modal dialogs.
import { useEffect, useRef, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../src-main/ipc/wizard-contract';
import { Icon } from '../components/icons';
import { StepStatusBadge } from '../components/step-status';
import { ScreenHeading } from '../components/screen-heading';
import { useBilingual } from '../i18n/bilingual';
import { useAppStore } from '../state/app-store';
import { useWizardStore } from '../state/wizard-store';
import { QuestionDialog } from '../wizard/question-dialog';
import { StepPanel } from '../wizard/step-panel';
import { BusyProgress, RequestError, SessionError } from '../wizard/wizard-notices';
import { ReportScreen } from './report-screen';

function DeviceBar({ session }: { session: SessionView }): ReactElement {
  const { t } = useTranslation();
  const link = session.link;
  const icon = link?.kind === 'usb' ? 'usb' : link?.kind === 'ethernet' ? 'ethernet' : link?.kind === 'ethernet-tls' ? 'lock' : 'unlinked';
  return (
    <dl className="device-bar" aria-label={t('wizard.device.label')} data-testid="device-bar">
      <div>
        <dt>{t('device.model')}</dt>
        <dd data-testid="session-model">
          <Icon name="device" /> {session.model}
        </dd>
      </div>
      <div>
        <dt>{t('device.system')}</dt>
        <dd>{t(`system.${session.system}.full`)}</dd>
      </div>
      <div>
        <dt>{t('device.link')}</dt>
        <dd data-testid="session-link">
          <Icon name={icon} /> {link ? t(`link.${link.kind}`) : t('link.none')}
          {link?.virtual ? <span className="note"> ({t('link.practice')})</span> : null}
        </dd>
      </div>
      <div>
        <dt>{t('wizard.device.operator')}</dt>
        <dd>
          <Icon name="person" /> {session.operatorName}
        </dd>
      </div>
    </dl>
  );
}

function StepRail({ session, viewed }: { session: SessionView; viewed: string }): ReactElement {
  const { t } = useTranslation();
  const bi = useBilingual();
  const selectStep = useWizardStore((s) => s.selectStep);
  return (
    <nav className="step-rail" aria-label={t('wizard.rail.label')}>
      <ol>
        {session.steps.map((step) => (
          <li key={step.id}>
            <button
              type="button"
              className={`rail-step${step.id === viewed ? ' rail-step--viewed' : ''}${step.id === session.currentStepId ? ' rail-step--current' : ''}`}
              aria-current={step.id === viewed ? 'step' : undefined}
              // The rail cuts long titles at two lines; the whole title is one hover away (and in the panel).
              title={t('wizard.panel.stepTitle', { number: step.number, title: bi(step.title) })}
              onClick={() => void selectStep(step.id)}
              data-testid="rail-step"
              data-step-id={step.id}
              data-status={step.status}
            >
              <span className="rail-step__number">{step.number}</span>
              <span className="rail-step__title">{bi(step.title)}</span>
              <StepStatusBadge status={step.status} />
              {step.id === session.currentStepId ? <span className="visually-hidden">{t('wizard.rail.current')}</span> : null}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function ProcedureScreen(): ReactElement | null {
  const { t } = useTranslation();
  const bi = useBilingual();
  const session = useWizardStore((s) => s.session);
  const viewedStepId = useWizardStore((s) => s.viewedStepId);
  const showReport = useWizardStore((s) => s.showReport);
  const goHome = useAppStore((s) => s.goHome);
  const panelRef = useRef<HTMLDivElement>(null);
  const viewed = session?.steps.find((s) => s.id === viewedStepId) ?? session?.steps.find((s) => s.id === session.currentStepId);
  // A new step's panel takes focus at its heading, so Enter runs its primary action and a screen reader
  // announces the step.
  useEffect(() => {
    panelRef.current?.querySelector<HTMLElement>('#step-title')?.focus();
  }, [viewed?.id]);
  if (!session || !viewed) return null;
  if (showReport && session.report) return <ReportScreen session={session} />;

  return (
    <section className="screen screen--procedure" aria-labelledby="procedure-title">
      <div className="procedure-head">
        <ScreenHeading id="procedure-title">{bi(session.procedure.title)}</ScreenHeading>
        <button type="button" className="button button--quiet" onClick={goHome}>
          <Icon name="arrow-left" /> {t('wizard.home')}
        </button>
      </div>
      <DeviceBar session={session} />
      {session.procedure.reconstructed ? (
        <p className="notice notice--info" data-testid="procedure-reconstructed">
          <Icon name="info" />
          <span>
            <strong>{t('wizard.procedure.reconstructed')}</strong> {session.procedure.notice ? bi(session.procedure.notice) : ''}
          </span>
        </p>
      ) : null}
      {session.error ? <SessionError error={session.error} /> : null}
      <RequestError />
      {session.busy ? <BusyProgress busy={session.busy} /> : null}
      <div className="procedure">
        <StepRail session={session} viewed={viewed.id} />
        <div ref={panelRef} className="procedure__panel">
          <StepPanel key={viewed.id} session={session} step={viewed} />
        </div>
      </div>
      {session.question ? <QuestionDialog key={session.question.id} question={session.question} model={session.model} /> : null}
    </section>
  );
}
