import { useState, type FormEvent, type KeyboardEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceIdentity } from '../../src-main/ipc/contract';
import { ScreenHeading } from '../components/screen-heading';
import { ErrorNotice } from '../components/error-notice';
import { Icon } from '../components/icons';
import { useAppStore } from '../state/app-store';
import { useWizardStore } from '../state/wizard-store';
import { RequestError } from '../wizard/wizard-notices';

const CPU_ICON = { RUN: 'run', STOP: 'stop', PAUSE: 'pause', unknown: 'unknown' } as const;
const LINK_ICON = { usb: 'usb', ethernet: 'ethernet', 'ethernet-tls': 'lock' } as const;

function hex(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function IdentityPanel({ identity, system }: { identity: DeviceIdentity; system: string }): ReactElement {
  const { t } = useTranslation();
  return (
    <section className="panel identity" aria-labelledby="identity-title" data-testid="identity-panel">
      <h2 id="identity-title">
        {t('device.identity')}
        {identity.virtual ? (
          <span className="badge badge--practice" data-testid="practice-badge">
            <Icon name="practice" /> {t('device.practice')}
          </span>
        ) : (
          <span className="badge">
            <Icon name="device" /> {t('device.real')}
          </span>
        )}
      </h2>
      <dl className="facts">
        <dt>{t('device.model')}</dt>
        <dd data-testid="identity-model">{identity.model}</dd>
        <dt>{t('device.modelCode')}</dt>
        <dd data-testid="identity-model-code">
          <code>{hex(identity.modelCode)}</code>
        </dd>
        <dt>{t('device.cpuState')}</dt>
        <dd data-testid="identity-cpu-state" className={`state state--${identity.cpuState.toLowerCase()}`}>
          <Icon name={CPU_ICON[identity.cpuState]} /> {t(`device.cpu.${identity.cpuState}`)}
        </dd>
        <dt>{t('device.link')}</dt>
        <dd data-testid="identity-link">
          <Icon name={LINK_ICON[identity.linkKind]} /> {t(`link.${identity.linkKind}`)}
          <span className="facts__sub">{identity.linkDescription}</span>
        </dd>
        <dt>{t('device.system')}</dt>
        <dd>{system}</dd>
      </dl>
      {identity.virtual ? <p className="note">{t('device.practiceNote')}</p> : null}
    </section>
  );
}

/** After the identity: who commissions (the report and every attestation carry the name), then start. */
function StartCommissioning(): ReactElement {
  const { t } = useTranslation();
  const start = useWizardStore((s) => s.start);
  const pending = useWizardStore((s) => s.pending);
  const openProcedure = useAppStore((s) => s.openProcedure);
  const busy = useAppStore((s) => s.busy);
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = name.trim() === '';

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setTouched(true);
    if (missing || pending) return;
    if (await start(name.trim())) openProcedure();
  }

  return (
    <section className="panel panel--recommended start-panel" aria-labelledby="start-title">
      <h2 id="start-title">
        <Icon name="shield" /> {t('wizard.start.title')}
      </h2>
      <p>{t('wizard.start.lead')}</p>
      <form className="form-row" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="operator-name">{t('wizard.start.operator')}</label>
          <input
            id="operator-name"
            type="text"
            autoComplete="name"
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={touched && missing ? true : undefined}
            aria-describedby="operator-name-msg"
          />
          <span id="operator-name-msg" className={touched && missing ? 'field__error' : 'field__hint'}>
            {touched && missing ? (
              <>
                <Icon name="error" /> {t('wizard.start.operatorMissing')}
              </>
            ) : (
              t('wizard.start.operatorHint')
            )}
          </span>
        </div>
        <button type="submit" className="button button--primary" data-primary-action disabled={pending !== undefined || busy !== undefined} aria-busy={pending === 'starting'}>
          {pending === 'starting' ? t('wizard.start.starting') : t('wizard.start.button')}
        </button>
      </form>
      <RequestError />
    </section>
  );
}

export function DeviceScreen(): ReactElement | null {
  const { t } = useTranslation();
  const { connection, busy, disconnect, rereadIdentity } = useAppStore();
  if (!connection) return null;
  const { identity } = connection;

  function onKeyDown(event: KeyboardEvent<HTMLElement>): void {
    if (event.key !== 'Enter' || event.target !== event.currentTarget.querySelector('h1')) return;
    event.preventDefault();
    event.currentTarget.querySelector<HTMLButtonElement>('[data-primary-action]:not(:disabled)')?.click();
  }

  return (
    <section className="screen" aria-labelledby="device-title" onKeyDown={onKeyDown}>
      <ScreenHeading id="device-title">{t('device.title', { model: identity.model })}</ScreenHeading>
      <ErrorNotice />
      <IdentityPanel identity={identity} system={t(`system.${connection.system}.full`)} />
      <StartCommissioning />
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={busy !== undefined}
          aria-busy={busy === 'disconnecting'}
          onClick={() => void disconnect()}
        >
          {busy === 'disconnecting' ? t('device.disconnecting') : t('device.disconnect')}
        </button>
        <button type="button" className="button" disabled={busy !== undefined} onClick={() => void rereadIdentity()}>
          <Icon name="refresh" /> {t('device.reread')}
        </button>
      </div>
    </section>
  );
}
