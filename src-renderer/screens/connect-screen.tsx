import { useState, type FormEvent, type KeyboardEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { SystemId } from '../../src-main/ipc/contract';
import { ScreenHeading } from '../components/screen-heading';
import { ErrorNotice } from '../components/error-notice';
import { Icon } from '../components/icons';
import { useAppStore } from '../state/app-store';
import { hostProblem, portProblem } from './ethernet-address';
import { PRACTICE_MODEL_OF } from '../../src-main/ipc/practice-models';

function PracticeSection({ system }: { system: SystemId }): ReactElement {
  const { t } = useTranslation();
  const connect = useAppStore((s) => s.connect);
  const busy = useAppStore((s) => s.busy);
  const model = PRACTICE_MODEL_OF[system];
  return (
    <section className="panel panel--recommended" aria-labelledby="practice-title">
      <h2 id="practice-title">
        <Icon name="practice" /> {t('connect.practice.title')}
        <span className="badge badge--recommended">{t('connect.practice.recommended')}</span>
      </h2>
      {model ? (
        <>
          <p>{t('connect.practice.text', { model })}</p>
          <button
            type="button"
            className="button button--primary"
            data-primary-action
            disabled={busy !== undefined}
            aria-busy={busy === 'connecting'}
            onClick={() => void connect({ via: 'practice', system, model })}
          >
            {busy === 'connecting' ? t('connect.connecting') : t('connect.practice.button', { model })}
          </button>
          <p className="note">{t('connect.practice.stockText', { model })}</p>
          <button type="button" className="button" disabled={busy !== undefined} onClick={() => void connect({ via: 'practice', system, model, stock: true })}>
            {t('connect.practice.stockButton', { model })}
          </button>
        </>
      ) : (
        <p>{t('connect.practice.none')}</p>
      )}
    </section>
  );
}

/**
 * The wireless LAN adapter's practice pair (Figure 36 steps 13-15): the access point first, then its
 * station with the same modes; each is reached through its web interface on the wired side (HTTPS).
 */
function PracticeAdapterSection(): ReactElement {
  const { t } = useTranslation();
  const connect = useAppStore((s) => s.connect);
  const busy = useAppStore((s) => s.busy);
  const model = PRACTICE_MODEL_OF['wlan-adapter']!;
  return (
    <section className="panel panel--recommended" aria-labelledby="practice-title">
      <h2 id="practice-title">
        <Icon name="practice" /> {t('connect.adapter.title')}
        <span className="badge badge--recommended">{t('connect.practice.recommended')}</span>
      </h2>
      <p>{t('connect.adapter.text')}</p>
      <p className="note">{t('connect.adapter.order')}</p>
      <div className="actions">
        <button type="button" className="button button--primary" data-primary-action disabled={busy !== undefined} aria-busy={busy === 'connecting'} aria-describedby="adapter-ap-note" onClick={() => void connect({ via: 'practice', system: 'wlan-adapter', model })}>
          {busy === 'connecting' ? t('connect.connecting') : t('connect.adapter.ap')}
        </button>
        <button type="button" className="button" disabled={busy !== undefined} aria-describedby="adapter-sta-note" onClick={() => void connect({ via: 'practice', system: 'wlan-adapter', model, station: true })}>
          {t('connect.adapter.sta')}
        </button>
      </div>
      <ul className="note">
        <li id="adapter-ap-note">{t('connect.adapter.apNote')}</li>
        <li id="adapter-sta-note">{t('connect.adapter.staNote')}</li>
      </ul>
      <p className="note" data-testid="adapter-real">{t('connect.adapter.real')}</p>
    </section>
  );
}

function UsbSection({ system }: { system: SystemId }): ReactElement {
  const { t } = useTranslation();
  const { usb, busy, connect, refreshUsb } = useAppStore();
  const devices = usb?.devices ?? [];
  return (
    <section className="panel" aria-labelledby="usb-title">
      <h2 id="usb-title">
        <Icon name="usb" /> {t('connect.usb.title')}
      </h2>
      <p>{t('connect.usb.why')}</p>
      <div className="note" data-testid="usb-real-controller">
        <p>{t('connect.usb.notPublic')}</p>
        <p>{t('connect.usb.realCan')}</p>
        <p>{t('connect.usb.realDoInstead')}</p>
        <p>{t('connect.usb.practiceUsb')}</p>
      </div>
      <div aria-live="polite">
        {busy === 'listing-usb' ? (
          <p>{t('connect.usb.searching')}</p>
        ) : devices.length > 0 ? (
          <ul className="device-list" aria-label={t('connect.usb.listLabel')}>
            {devices.map((device) => (
              <li key={device.id}>
                <span>
                  {device.label}
                  {device.serialNumber ? ` · ${device.serialNumber}` : ''}
                </span>
                <button
                  type="button"
                  className="button"
                  disabled={busy !== undefined}
                  onClick={() => void connect({ via: 'usb', system, deviceId: device.id })}
                >
                  {t('connect.usb.connect', { label: device.label })}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p>{usb && !usb.busAvailable ? t('connect.usb.noBus') : t('connect.usb.none')}</p>
        )}
      </div>
      <button type="button" className="button button--quiet" disabled={busy !== undefined} onClick={() => void refreshUsb()}>
        <Icon name="refresh" /> {t('connect.usb.refresh')}
      </button>
    </section>
  );
}

function EthernetSection({ system }: { system: SystemId }): ReactElement {
  const { t } = useTranslation();
  const { busy, connect } = useAppStore();
  const [host, setHost] = useState('');
  const [port, setPort] = useState('');
  const [touched, setTouched] = useState({ host: false, port: false });
  const hostIssue = hostProblem(host);
  const portIssue = portProblem(port);
  const showHost = touched.host && hostIssue;
  const showPort = touched.port && portIssue;

  function submit(event: FormEvent): void {
    event.preventDefault();
    setTouched({ host: true, port: true });
    if (hostIssue || portIssue) return;
    void connect({ via: 'ethernet', system, host: host.trim(), port: Number(port.trim()) });
  }

  return (
    <section className="panel" aria-labelledby="ethernet-title">
      <h2 id="ethernet-title">
        <Icon name="ethernet" /> {t('connect.ethernet.title')}
      </h2>
      <p>{t('connect.ethernet.why')}</p>
      <form className="form-row" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="ethernet-host">{t('connect.ethernet.host')}</label>
          <input
            id="ethernet-host"
            type="text"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            value={host}
            aria-invalid={showHost ? true : undefined}
            aria-describedby="ethernet-host-hint ethernet-host-error"
            onChange={(e) => {
              setHost(e.target.value);
              setTouched((v) => ({ ...v, host: true }));
            }}
          />
          <span id="ethernet-host-hint" className="field__hint">{t('connect.ethernet.hostHint')}</span>
          <span id="ethernet-host-error" className="field__error" aria-live="polite">
            {showHost ? (
              <>
                <Icon name="error" /> {t(`connect.ethernet.${hostIssue}`)}
              </>
            ) : null}
          </span>
        </div>
        <div className="field field--narrow">
          <label htmlFor="ethernet-port">{t('connect.ethernet.port')}</label>
          <input
            id="ethernet-port"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={port}
            aria-invalid={showPort ? true : undefined}
            aria-describedby="ethernet-port-hint ethernet-port-error"
            onChange={(e) => {
              setPort(e.target.value);
              setTouched((v) => ({ ...v, port: true }));
            }}
          />
          <span id="ethernet-port-hint" className="field__hint">{t('connect.ethernet.portHint')}</span>
          <span id="ethernet-port-error" className="field__error" aria-live="polite">
            {showPort ? (
              <>
                <Icon name="error" /> {t(`connect.ethernet.${portIssue}`)}
              </>
            ) : null}
          </span>
        </div>
        <button type="submit" className="button" disabled={busy !== undefined}>
          {t('connect.ethernet.button')}
        </button>
      </form>
    </section>
  );
}

export function ConnectScreen(): ReactElement | null {
  const { t } = useTranslation();
  const system = useAppStore((s) => s.system);
  const goHome = useAppStore((s) => s.goHome);
  if (!system) return null;

  // Enter on the screen itself (focus on the heading after arriving) triggers the one primary action.
  function onKeyDown(event: KeyboardEvent<HTMLElement>): void {
    if (event.key !== 'Enter' || event.target !== event.currentTarget.querySelector('h1')) return;
    event.preventDefault();
    event.currentTarget.querySelector<HTMLButtonElement>('[data-primary-action]:not(:disabled)')?.click();
  }

  return (
    <section className="screen" aria-labelledby="connect-title" onKeyDown={onKeyDown}>
      <button type="button" className="button button--quiet back" onClick={goHome}>
        <Icon name="arrow-left" /> {t('connect.back')}
      </button>
      <ScreenHeading id="connect-title">{t('connect.title', { system: t(`system.${system}.full`) })}</ScreenHeading>
      <p className="lead">{t('connect.lead')}</p>
      <ErrorNotice />
      {/* The adapter has no USB port: it is set through its web interface on its wired LAN side (4.3.1). */}
      <div className="panels">
        {system === 'wlan-adapter' ? <PracticeAdapterSection /> : <PracticeSection system={system} />}
        {system === 'wlan-adapter' ? null : <UsbSection system={system} />}
        {system === 'wlan-adapter' ? null : <EthernetSection system={system} />}
      </div>
    </section>
  );
}
