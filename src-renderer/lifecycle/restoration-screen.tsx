// Restoration of a backup with its password (Table 17/35 row 6, 2.4.6): the consequence named, the
// Administrator's logon, the backup chosen on this PC and its password; then what was restored and what
// the app did about the backup encryption setting, which the restoration does not restore (2.4.6.1).
// Main opens the backup, checks the CPU state, restores, sets encryption again and reads it back.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/icons';
import { AdministratorLogon, logonTyped, PasswordField, type AdministratorLogonValue } from '../components/administrator-logon';
import { useBilingual } from '../i18n/bilingual';
import { ChosenFileField, type ChosenFile } from './chosen-file-field';
import { deviceActionStore } from './device-action-store';
import { DeviceScreenFrame, SubmitWithReason } from './device-screen-frame';

export const useRestorationStore = deviceActionStore('restoration:run');

export function RestorationScreen(): ReactElement {
  const { t } = useTranslation();
  const bi = useBilingual();
  const { device, busy, error, result, run } = useRestorationStore();
  const [logon, setLogon] = useState<AdministratorLogonValue>({ user: '', password: '' });
  const [backup, setBackup] = useState<ChosenFile | undefined>(undefined);
  const [backupPassword, setBackupPassword] = useState('');
  const [restoredPassword, setRestoredPassword] = useState('');
  const ready = !busy && logonTyped(logon) && backup !== undefined && backupPassword !== '';
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!ready || !backup) return;
    const request = { userName: logon.user.trim(), password: logon.password, backup, backupPassword, ...(restoredPassword ? { restoredPassword } : {}) };
    setLogon({ ...logon, password: '' });
    setBackupPassword('');
    setRestoredPassword('');
    await run(request);
  }
  return (
    <DeviceScreenFrame id="restoration" title={t('lifecycle.restoration.title', { model: device?.model ?? '' })} lead={t('lifecycle.restoration.lead')} error={error}>
      {result ? (
        <section className="panel" aria-labelledby="restoration-done" data-testid="restoration-result">
          <h2 id="restoration-done" className="step-status step-status--pass">
            <Icon name="verified" /> {t('lifecycle.restoration.done', { what: result.restored.join(', ') })}
          </h2>
          <p className="notice notice--info" data-testid="restoration-encryption" data-set-again={String(result.setAgain)}>
            <Icon name="key" /> <span>{bi(result.message)}</span>
          </p>
        </section>
      ) : (
        <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="restoration-title">
          <p className="notice notice--info">
            <Icon name="warning" /> <span>{t('lifecycle.restoration.consequence')}</span>
          </p>
          <AdministratorLogon idPrefix="restoration" value={logon} onChange={setLogon} />
          <ChosenFileField id="restoration-file" label={t('lifecycle.restoration.file')} onChange={setBackup} />
          <PasswordField id="restoration-backup-password" label={t('lifecycle.restoration.password')} autoComplete="off" value={backupPassword} onChange={setBackupPassword} />
          <PasswordField id="restoration-restored-password" label={t('lifecycle.restoration.restoredPassword')} hint={t('lifecycle.restoration.restoredPasswordHint')} autoComplete="off" value={restoredPassword} onChange={setRestoredPassword} />
          <SubmitWithReason id="restoration" icon="refresh" label={t('lifecycle.restoration.run')} ready={ready} busy={busy} running={t('lifecycle.restoration.running')} needs={t('lifecycle.restoration.needs')} />
        </form>
      )}
    </DeviceScreenFrame>
  );
}
