// Certificate renewal of a known device (2.4.7.3), offered from 90 days before expiry: what will happen
// and its consequence (a restart), the Administrator's logon, then the proven new pin and the new
// certificate for the connection destination devices. Main runs and decides everything.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import type { IpcError, KnownDevice } from '../../src-main/ipc/contract';
import type { RenewalView } from '../../src-main/ipc/lifecycle-contract';
import { bridge } from '../bridge/current-bridge';
import { ScreenHeading } from '../components/screen-heading';
import { Icon } from '../components/icons';
import { useBilingual } from '../i18n/bilingual';
import { useAppStore } from '../state/app-store';
import { downloadExport } from '../wizard/download';
import { IpcErrorNotice } from '../components/ipc-error-notice';

interface RenewalState {
  device: KnownDevice | undefined;
  busy: boolean;
  error: IpcError | undefined;
  result: RenewalView | undefined;
  open(device: KnownDevice): void;
  run(userName: string, password: string): Promise<void>;
}

export const useRenewalStore = create<RenewalState>()((set, get) => ({
  device: undefined,
  busy: false,
  error: undefined,
  result: undefined,
  open(device) {
    set({ device, busy: false, error: undefined, result: undefined });
  },
  async run(userName, password) {
    const device = get().device;
    if (!device || get().busy) return;
    set({ busy: true, error: undefined });
    const r = await bridge().invoke('renewal:run', { deviceId: device.deviceId, userName, password });
    set(r.ok ? { busy: false, result: r.value } : { busy: false, error: r.error });
  },
}));

export function RenewalScreen(): ReactElement {
  const { t, i18n } = useTranslation();
  const bi = useBilingual();
  const goHome = useAppStore((s) => s.goHome);
  const { device, busy, error, result, run } = useRenewalStore();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const day = (iso: string) => new Date(iso).toLocaleDateString(i18n.language);
  const ready = !busy && user.trim() !== '' && password !== '';
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!ready) return;
    const typed = password;
    setPassword('');
    await run(user.trim(), typed);
  }
  return (
    <section className="screen" aria-labelledby="renewal-title" data-testid="renewal-screen">
      <p>
        <button type="button" className="button button--quiet" onClick={goHome}>
          <Icon name="arrow-left" /> {t('lifecycle.visit.back')}
        </button>
      </p>
      <ScreenHeading id="renewal-title">{t('lifecycle.renewal.title', { model: device?.model ?? '' })}</ScreenHeading>
      <p className="lead">{t('lifecycle.renewal.lead')}</p>
      {device ? (
        <p className="known-devices__warning" data-testid="renewal-standing">
          <Icon name="warning" /> {t(`home.known.certificate.${device.certificate.standing}`, { date: day(device.certificate.notAfter), days: device.certificate.daysLeft })}
        </p>
      ) : null}
      <IpcErrorNotice error={error} testId="renewal-error" />
      {result ? (
        <section className="panel" aria-labelledby="renewal-done" data-testid="renewal-result">
          <h2 id="renewal-done" className="step-status step-status--pass">
            <Icon name="verified" /> {t('lifecycle.renewal.done', { fingerprint: result.renewed.fingerprint256.slice(0, 23), date: day(result.renewed.notAfter) })}
          </h2>
          {result.old ? <p className="note">{t('lifecycle.renewal.old', { fingerprint: result.old.fingerprint256.slice(0, 23), date: day(result.old.notAfter) })}</p> : null}
          <p>{t('lifecycle.renewal.files')}</p>
          <p className="button-row">
            {result.files.map((f) => (
              <button key={f.fileName} type="button" className="button" onClick={() => downloadExport(f)}>
                <Icon name="download" /> {t('lifecycle.renewal.download', { file: f.fileName })}
              </button>
            ))}
          </p>
          <ul className="note">
            {result.files.map((f) => (
              <li key={f.fileName}>{t('lifecycle.visit.saved', { path: f.savedTo })}</li>
            ))}
          </ul>
        </section>
      ) : (
        <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="renewal-title">
          <p className="notice notice--info">
            <Icon name="info" /> <span>{t('lifecycle.renewal.consequence')}</span>
          </p>
          <div className="field">
            <label htmlFor="renewal-user">{t('lifecycle.visit.user')}</label>
            <input id="renewal-user" type="text" autoComplete="off" spellCheck={false} value={user} onChange={(e) => setUser(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="renewal-password">{t('lifecycle.visit.password')}</label>
            <span className="field__with-unit">
              <input id="renewal-password" type={show ? 'text' : 'password'} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
              <button type="button" className="button button--quiet button--icon" aria-label={t('wizard.password.showWhilePressed')} title={t('wizard.password.showWhilePressed')} onPointerDown={() => setShow(true)} onPointerUp={() => setShow(false)} onPointerLeave={() => setShow(false)} onBlur={() => setShow(false)}>
                <Icon name="eye" />
              </button>
            </span>
          </div>
          <p>
            <button type="submit" className="button button--primary" aria-disabled={!ready} aria-describedby="renewal-why">
              <Icon name="key" /> {t('lifecycle.renewal.run')}
            </button>{' '}
            <span id="renewal-why" className="note" role="status">
              {busy ? t('lifecycle.renewal.running') : ready ? '' : t('lifecycle.renewal.needs')}
            </span>
          </p>
        </form>
      )}
    </section>
  );
}
