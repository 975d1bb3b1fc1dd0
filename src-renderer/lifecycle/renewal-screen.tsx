// Certificate renewal of a known device (2.4.7.3), offered from 90 days before expiry: what will happen
// and its consequence (a restart), the Administrator's logon, then the proven new pin and the new
// certificate for the connection destination devices. Main runs and decides everything.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../components/screen-heading';
import { Icon } from '../components/icons';
import { useAppStore } from '../state/app-store';
import { downloadExport } from '../wizard/download';
import { IpcErrorNotice } from '../components/ipc-error-notice';
import { AdministratorLogon, logonTyped, type AdministratorLogonValue } from '../components/administrator-logon';
import { deviceActionStore } from './device-action-store';
import { SubmitWithReason } from './device-screen-frame';

export const useRenewalStore = deviceActionStore('renewal:run');

export function RenewalScreen(): ReactElement {
  const { t, i18n } = useTranslation();
  const goHome = useAppStore((s) => s.goHome);
  const { device, busy, error, result, run } = useRenewalStore();
  const [logon, setLogon] = useState<AdministratorLogonValue>({ user: '', password: '' });
  const day = (iso: string) => new Date(iso).toLocaleDateString(i18n.language);
  const ready = !busy && logonTyped(logon);
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!ready) return;
    const typed = logon.password;
    setLogon({ ...logon, password: '' });
    await run({ userName: logon.user.trim(), password: typed });
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
          <AdministratorLogon idPrefix="renewal" value={logon} onChange={setLogon} />
          <SubmitWithReason id="renewal" icon="key" label={t('lifecycle.renewal.run')} ready={ready} busy={busy} running={t('lifecycle.renewal.running')} needs={t('lifecycle.renewal.needs')} />
        </form>
      )}
    </section>
  );
}
