// The session's error (what happened, what it means for the device, what to do; the end code only in the
// details) and a refused request; and long work with its progress and the cancel that is safe now.
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusyView, SessionView } from '../../src-main/ipc/wizard-contract';
import { Icon } from '../components/icons';
import { useBilingual } from '../i18n/bilingual';
import { useWizardStore } from '../state/wizard-store';

export function SessionError({ error }: { error: NonNullable<SessionView['error']> }): ReactElement {
  const { t } = useTranslation();
  const bi = useBilingual();
  return (
    <div className="notice notice--error" role="alert" data-testid="wizard-error" data-error-code={error.code}>
      <Icon name="error" />
      <div className="notice__body">
        <p className="notice__title">{bi(error.message)}</p>
        <p>{error.whatToDo ? bi(error.whatToDo) : t('wizard.error.defaultWhatToDo')}</p>
        <details>
          <summary>{t('error.details')}</summary>
          <p className="notice__details">
            {t('wizard.error.code', { code: error.code })}
            {error.details ? ` — ${error.details}` : ''}
            {error.references?.length ? ` — ${error.references.join(', ')}` : ''}
          </p>
        </details>
      </div>
    </div>
  );
}

export function RequestError(): ReactElement | null {
  const { t } = useTranslation();
  const bi = useBilingual();
  const error = useWizardStore((s) => s.requestError);
  const dismiss = useWizardStore((s) => s.dismissRequestError);
  if (!error) return null;
  const known = ['invalid-setting', 'step-locked', 'password-rejected', 'busy', 'no-session'].includes(error.code) || t(`error.${error.code}.title`, { defaultValue: '' }) !== '';
  return (
    <div className="notice notice--error" role="alert" data-testid="request-error" data-error-code={error.code}>
      <Icon name="error" />
      <div className="notice__body">
        <p className="notice__title">{known ? t(`error.${error.code}.title`) : t('error.internal.title')}</p>
        <p>{error.text ? bi(error.text) : error.message}</p>
        <p>{known ? t(`error.${error.code}.action`) : t('error.internal.action')}</p>
        {error.details ? (
          <details>
            <summary>{t('error.details')}</summary>
            <p className="notice__details">{error.details}</p>
          </details>
        ) : null}
      </div>
      <button type="button" className="button button--quiet" onClick={dismiss}>
        {t('error.dismiss')}
      </button>
    </div>
  );
}

export function BusyProgress({ busy }: { busy: BusyView }): ReactElement {
  const { t } = useTranslation();
  const bi = useBilingual();
  const cancel = useWizardStore((s) => s.cancel);
  const [cancelling, setCancelling] = useState(false);
  return (
    <div className="notice notice--busy" role="status" aria-live="polite" data-testid="wizard-busy">
      <Icon name="progress" />
      <div className="notice__body">
        <p className="notice__title">{bi(busy.what)}</p>
        {busy.progress ? (
          <p className="progress-line">
            <progress max={busy.progress.total} value={busy.progress.done} aria-label={bi(busy.what)} />
            <span>{t('wizard.busy.progress', { done: busy.progress.done, total: busy.progress.total })}</span>
          </p>
        ) : null}
        {busy.cancellable ? null : <p className="note" data-testid="not-cancellable"><Icon name="lock" /> {t('wizard.busy.notCancellable')}</p>}
      </div>
      {busy.cancellable ? (
        <button type="button" className="button" onClick={() => {
            setCancelling(true);
            void cancel().finally(() => setCancelling(false));
          }} disabled={cancelling}>
          {t('wizard.busy.cancel')}
        </button>
      ) : null}
    </div>
  );
}
