// What happened, what to do next; the main process's own words and the device's end code go in the
// details, not the headline (UX brief: errors).
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useBilingual } from '../i18n/bilingual';
import { BRIDGE_PROBLEMS, useAppStore } from '../state/app-store';
import { Icon } from './icons';

export function ErrorNotice(): ReactElement | null {
  const { t } = useTranslation();
  const bi = useBilingual();
  const error = useAppStore((s) => s.error);
  const dismiss = useAppStore((s) => s.dismissError);
  if (!error) return null;
  // Main's own words in the technician's language; the English only where main has no catalogue text.
  const extra = [error.text ? bi(error.text) : error.message, error.details].filter(Boolean).join(' — ');
  return (
    <div className="notice notice--error" role="alert" data-testid="error-notice" data-error-code={error.key}>
      <Icon name="error" />
      <div className="notice__body">
        <p className="notice__title">{t(`error.${error.key}.title`)}</p>
        <p>{t(`error.${error.key}.action`)}</p>
        {extra ? (
          <details>
            <summary>{t('error.details')}</summary>
            <p className="notice__details">{extra}</p>
          </details>
        ) : null}
      </div>
      {BRIDGE_PROBLEMS.has(error.key) ? (
        // Nothing on this page works without the app: the one way on is to load it again.
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t('error.reload')}
        </button>
      ) : (
        <button type="button" className="button button--quiet" onClick={dismiss}>
          {t('error.dismiss')}
        </button>
      )}
    </div>
  );
}
