// The link is always visible (UX brief): how this computer reaches the device, as an icon and a word.
// During a session the session's link is shown: Ethernet with the trust-boundary attestation, or TLS
// with the pinned certificate's fingerprint (abbreviated; the full value on hover and focus) and expiry.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../state/app-store';
import { useWizardStore } from '../state/wizard-store';
import { Icon } from './icons';
import { shownLink } from './shown-link';

export function abbreviateFingerprint(fingerprint: string): string {
  const pairs = fingerprint.split(':');
  return pairs.length > 8 ? `${pairs.slice(0, 3).join(':')}…${pairs.slice(-3).join(':')}` : fingerprint;
}

export function LinkIndicator(): ReactElement {
  const { t, i18n } = useTranslation();
  const identity = useAppStore((s) => s.connection?.identity);
  const screen = useAppStore((s) => s.screen);
  const lifecycleLink = useAppStore((s) => s.lifecycleLink);
  const sessionLink = useWizardStore((s) => s.session?.link);
  const inSession = useWizardStore((s) => s.session !== null);
  const shown = shownLink({ screen, lifecycleLink, identity, sessionLink, inSession });
  const { kind, virtual, tls } = shown;
  const icon = kind === 'usb' ? 'usb' : kind === 'ethernet' ? 'ethernet' : kind === 'ethernet-tls' ? 'lock' : 'unlinked';
  return (
    <div className={`link-indicator${kind ? ' link-indicator--connected' : ''}`} role="status" data-testid="link-indicator">
      <Icon name={icon} />
      <span className="link-indicator__label">{t('link.label')}:</span>
      <span className="link-indicator__value">{kind ? t(`link.${kind}`) : t('link.none')}</span>
      {virtual ? <span className="link-indicator__note">({t('link.practice')})</span> : null}
      {kind === 'ethernet' ? (
        <span className="link-indicator__note" data-testid="link-trust-boundary">
          {shown.trustBoundaryAttested ? t('link.trustAttested') : t('link.trustNotAttested')}
        </span>
      ) : null}
      {tls ? (
        <span className="link-indicator__tls" data-testid="link-tls">
          <span className="link-indicator__note">{t('link.fingerprint')}</span>
          <code className="fingerprint" tabIndex={0} title={tls.fingerprint256} aria-label={`${t('link.fingerprintFull')} ${tls.fingerprint256}`} data-full={tls.fingerprint256}>
            <span className="fingerprint__short">{abbreviateFingerprint(tls.fingerprint256)}</span>
            <span className="fingerprint__full">{tls.fingerprint256}</span>
          </code>
          <span className="link-indicator__note">
            {tls.notAfter ? t('link.expires', { date: new Date(tls.notAfter).toLocaleDateString(i18n.language) }) : ''}
            {tls.pinned ? ` · ${t('link.pinned')}` : ''}
          </span>
        </span>
      ) : null}
    </div>
  );
}
