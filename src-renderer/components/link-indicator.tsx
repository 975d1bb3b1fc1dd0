// The link is always visible (UX brief): how this computer reaches the device, as an icon and a word.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../state/app-store';
import { Icon } from './icons';

export function LinkIndicator(): ReactElement {
  const { t } = useTranslation();
  const identity = useAppStore((s) => s.connection?.identity);
  const kind = identity?.linkKind;
  const icon = kind === 'usb' ? 'usb' : kind === 'ethernet' ? 'ethernet' : kind === 'ethernet-tls' ? 'lock' : 'unlinked';
  return (
    <div className={`link-indicator${kind ? ' link-indicator--connected' : ''}`} role="status" data-testid="link-indicator">
      <Icon name={icon} />
      <span className="link-indicator__label">{t('link.label')}:</span>
      <span className="link-indicator__value">{kind ? t(`link.${kind}`) : t('link.none')}</span>
      {identity?.virtual ? <span className="link-indicator__note">({t('link.practice')})</span> : null}
    </div>
  );
}
