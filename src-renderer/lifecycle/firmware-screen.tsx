// Firmware or add-on update of a known device (2.4.2 / 2.4.3, Table 17/35 row 2): what the app will check
// and what happens if a check fails, the Administrator's logon, the update file (and optionally the one
// to go back to), the operator's confirmation that the system is stopped and disconnected; then the
// version read back. Main checks and decides everything.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/icons';
import { AdministratorLogon, logonTyped, type AdministratorLogonValue } from '../components/administrator-logon';
import { ChosenFileField, type ChosenFile } from './chosen-file-field';
import { deviceActionStore } from './device-action-store';
import { DeviceScreenFrame, SubmitWithReason } from './device-screen-frame';

export const useFirmwareStore = deviceActionStore('firmware:run');

export function FirmwareScreen(): ReactElement {
  const { t } = useTranslation();
  const { device, busy, error, result, run } = useFirmwareStore();
  const [logon, setLogon] = useState<AdministratorLogonValue>({ user: '', password: '' });
  const [pkg, setPkg] = useState<ChosenFile | undefined>(undefined);
  const [rollback, setRollback] = useState<ChosenFile | undefined>(undefined);
  const [confirmed, setConfirmed] = useState(false);
  const ready = !busy && logonTyped(logon) && pkg !== undefined && confirmed;
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!ready || !pkg) return;
    const password = logon.password;
    setLogon({ ...logon, password: '' });
    await run({ userName: logon.user.trim(), password, confirmedStoppedAndDisconnected: confirmed, package: pkg, ...(rollback ? { rollbackPackage: rollback } : {}) });
  }
  const what = result ? (result.kind === 'firmware' ? t('lifecycle.firmware.firmware') : t('lifecycle.firmware.addOn', { name: result.name ?? '' })) : '';
  return (
    <DeviceScreenFrame id="firmware" title={t('lifecycle.firmware.title', { model: device?.model ?? '' })} lead={t('lifecycle.firmware.lead')} error={error}>
      {result ? (
        <section className="panel" aria-labelledby="firmware-done" data-testid="firmware-result" data-ok={String(result.ok)}>
          <h2 id="firmware-done" className={`step-status step-status--${result.ok ? 'pass' : 'fail'}`}>
            <Icon name={result.ok ? 'verified' : 'error'} /> {result.ok ? t('lifecycle.firmware.updated', { what, before: result.before, after: result.after }) : t('lifecycle.firmware.notUpdated', { what, after: result.after, expected: result.expected })}
          </h2>
          {!result.ok ? <p>{result.rolledBack ? (result.rolledBack.ok ? t('lifecycle.firmware.rolledBack', { to: result.rolledBack.to }) : t('lifecycle.firmware.rollbackFailed', { to: result.rolledBack.to })) : t('lifecycle.firmware.noRollback')}</p> : null}
          <p className="note">{t('lifecycle.firmware.checked', { digest: result.packageSha256.slice(0, 16) })}</p>
        </section>
      ) : (
        <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="firmware-title">
          <p className="notice notice--info">
            <Icon name="info" /> <span>{t('lifecycle.firmware.ifCheckFails')}</span>
          </p>
          <AdministratorLogon idPrefix="firmware" value={logon} onChange={setLogon} />
          <ChosenFileField id="firmware-package" label={t('lifecycle.firmware.package')} onChange={setPkg} />
          <ChosenFileField id="firmware-rollback" label={t('lifecycle.firmware.rollback')} hint={t('lifecycle.firmware.rollbackHint')} onChange={setRollback} />
          <div className="field">
            <label>
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> {t('lifecycle.firmware.confirm')}
            </label>
          </div>
          <SubmitWithReason id="firmware" icon="upload" label={t('lifecycle.firmware.run')} ready={ready} busy={busy} running={t('lifecycle.firmware.running')} needs={t('lifecycle.firmware.needs')} />
        </form>
      )}
    </DeviceScreenFrame>
  );
}
