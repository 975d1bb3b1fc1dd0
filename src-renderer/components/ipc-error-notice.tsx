// A refused request on a screen that owns its own error (the lifecycle screens): what happened in the
// technician's language, main's own words in the details. One component, so every screen says it alike.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../src-main/ipc/contract';
import { useBilingual } from '../i18n/bilingual';
import { Icon } from './icons';

export function IpcErrorNotice({ error, testId, onDismiss }: { error: IpcError | undefined; testId: string; onDismiss?: () => void }): ReactElement | null {
  const { t } = useTranslation();
  const bi = useBilingual();
  if (!error) return null;
  return (
    <div className="notice notice--error" role="alert" data-testid={testId} data-error-code={error.code}>
      <Icon name="error" />
      <div className="notice__body">
        <p className="notice__title">{t(`error.${error.code}.title`, { defaultValue: t('error.internal.title') })}</p>
        <p>{error.text ? bi(error.text) : error.message}</p>
        {error.details ? (
          <details>
            <summary>{t('error.details')}</summary>
            <p className="notice__details">{error.details}</p>
          </details>
        ) : null}
      </div>
      {onDismiss ? (
        <button type="button" className="button button--quiet" onClick={onDismiss}>
          {t('error.dismiss')}
        </button>
      ) : null}
    </div>
  );
}
