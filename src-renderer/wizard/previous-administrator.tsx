// Step 4 on a controller that was used before: its current Administrator logs the app on before the
// backup and the initialization. Sent to main (purpose 'previous-administrator'), kept in memory only
// until the initialization ends, never shown back. A factory-fresh controller needs none.
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/icons';
import { useWizardStore } from '../state/wizard-store';

/**
 * `account`: a device with one account (the wireless LAN adapter's login): only its current password is
 * asked, under the adapter's own words (4.4.8).
 */
export function PreviousAdministrator({ account }: { account?: string } = {}): ReactElement {
  const { t } = useTranslation();
  const words = account ? 'wizard.adapter.previous' : 'wizard.previousAdmin';
  const setPassword = useWizardStore((s) => s.setPassword);
  // Step 4 said it needs the current Administrator: the section opens with the focus in its first field.
  const needed = useWizardStore((s) => s.session?.error?.code === 'INITIALIZATION_NEEDS_ADMINISTRATOR');
  const [open, setOpen] = useState(needed);
  const userField = useRef<HTMLInputElement>(null);
  const passwordField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (needed) setOpen(true);
  }, [needed]);
  // Focused once the section is open (a field inside a closed <details> cannot take the focus).
  useEffect(() => {
    if (needed && open) (userField.current ?? passwordField.current)?.focus();
  }, [needed, open]);
  const [user, setUser] = useState(account ?? '');
  const [password, setPasswordText] = useState('');
  const [show, setShow] = useState(false);
  const [sent, setSent] = useState(false);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!user.trim() || !password) return;
    const ok = await setPassword(user.trim(), password, password, 'previous-administrator');
    setPasswordText('');
    // The section stays open: its confirmation ("entered") is what the technician looks for next.
    if (ok) setSent(true);
  }

  return (
    <details className="settings-block" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)} data-testid="previous-administrator">
      <summary>{t(`${words}.summary`)}</summary>
      <p className="note">{t(`${words}.lead`)}</p>
      {sent ? (
        <p className="step-status step-status--verified">
          <Icon name="check" /> {t(`${words}.sent`)}
        </p>
      ) : null}
      <form className="form-row" onSubmit={(e) => void submit(e)} noValidate>
        {account ? null : (
          <div className="field">
            <label htmlFor="prev-admin-user">{t('wizard.previousAdmin.user')}</label>
            <input id="prev-admin-user" ref={userField} type="text" autoComplete="off" spellCheck={false} value={user} onChange={(e) => setUser(e.target.value)} />
          </div>
        )}
        <div className="field">
          <label htmlFor="prev-admin-password">{t('wizard.previousAdmin.password')}</label>
          <span className="field__with-unit">
            <input id="prev-admin-password" ref={passwordField} type={show ? 'text' : 'password'} autoComplete="current-password" value={password} onChange={(e) => setPasswordText(e.target.value)} />
            <button type="button" className="button button--quiet button--icon" aria-label={t('wizard.password.showWhilePressed')} title={t('wizard.password.showWhilePressed')} onPointerDown={() => setShow(true)} onPointerUp={() => setShow(false)} onPointerLeave={() => setShow(false)} onBlur={() => setShow(false)}>
              <Icon name="eye" />
            </button>
          </span>
        </div>
        <button type="submit" className="button" disabled={!user.trim() || !password}>
          {t('wizard.previousAdmin.use')}
        </button>
      </form>
    </details>
  );
}
