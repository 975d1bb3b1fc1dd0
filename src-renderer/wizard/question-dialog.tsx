// The engine needs the technician (UX brief: destructive means deliberate): the dialog names the device
// and the consequence; irreversible actions are confirmed by typing the device's model name; the backup
// decision before initialization offers its choices.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestionView } from '../../src-main/ipc/wizard-contract';
import { ModalDialog } from '../components/modal-dialog';
import { Icon } from '../components/icons';
import { useBilingual } from '../i18n/bilingual';
import { useWizardStore } from '../state/wizard-store';

export function QuestionDialog({ question, model }: { question: QuestionView; model: string }): ReactElement {
  const { t } = useTranslation();
  const bi = useBilingual();
  const answer = useWizardStore((s) => s.answer);
  // Local: the step that asked is still running (its request waits for this answer).
  const [sending, setSending] = useState(false);
  const [typed, setTyped] = useState('');
  const [choice, setChoice] = useState(question.choices?.[0]?.id ?? '');
  const [backupPassword, setBackupPassword] = useState('');
  const [backupConfirm, setBackupConfirm] = useState('');
  const setPassword = useWizardStore((s) => s.setPassword);
  const asksBackupPassword = question.kind === 'backup-before-initialization' && choice === 'to-pc';
  const backupMismatch = asksBackupPassword && backupConfirm.length > 0 && backupConfirm !== backupPassword;
  // An empty backup password is refused here, before anything runs, not by the device afterwards.
  const backupIncomplete = asksBackupPassword && (backupPassword.length === 0 || backupConfirm !== backupPassword);
  const needsTyping = question.typeToConfirm !== undefined;
  const typedOk = !needsTyping || typed.trim() === question.typeToConfirm;
  const destructive = question.kind === 'confirm-initialization' || question.kind === 'confirm-disruptive';

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!typedOk || sending || backupIncomplete) return;
    setSending(true);
    // A controller that encrypts its backups needs the password for the backup to this PC (2.4.6.1):
    // handed to main first, kept in memory only for this backup.
    const before = asksBackupPassword && backupPassword ? setPassword('backup', backupPassword, backupConfirm, 'backup') : Promise.resolve(true);
    void before.then((ok) => {
      setBackupPassword('');
      setBackupConfirm('');
      if (!ok) {
        setSending(false);
        return;
      }
      return answer(question.id, true, { ...(needsTyping ? { typed: typed.trim() } : {}), ...(question.choices ? { choice } : {}) }).finally(() => setSending(false));
    });
  }

  return (
    <ModalDialog titleId="question-title" describedBy="question-text" onCancel={() => void answer(question.id, false)} testId="question-dialog">
      <form onSubmit={submit} noValidate>
        <h2 id="question-title">
          <Icon name={destructive ? 'warning' : 'info'} /> {bi(question.title)}
        </h2>
        <p className="modal__device">
          <Icon name="device" /> {t('wizard.question.device', { model })}
        </p>
        <p id="question-text">{bi(question.text)}</p>
        {question.consequences?.length ? (
          <>
            <p className="modal__label">{t('wizard.question.consequences')}</p>
            <ul className="consequences">
              {question.consequences.map((c, i) => (
                <li key={i}>{bi(c)}</li>
              ))}
            </ul>
          </>
        ) : null}
        {question.choices ? (
          <fieldset className="choice-group">
            <legend>{t('wizard.question.choose')}</legend>
            {question.choices.map((c, i) => (
              <label key={c.id} className="radio">
                <input type="radio" name="question-choice" value={c.id} checked={choice === c.id} onChange={() => setChoice(c.id)} {...(i === 0 ? { 'data-autofocus': true } : {})} />
                {bi(c.label)}
              </label>
            ))}
          </fieldset>
        ) : null}
        {asksBackupPassword ? (
          <div className="form-row" data-testid="backup-password">
            <div className="field">
              <label htmlFor="backup-password">{t('wizard.backupPassword.label')}</label>
              <input id="backup-password" type="password" autoComplete="new-password" value={backupPassword} onChange={(e) => setBackupPassword(e.target.value)} aria-describedby="backup-password-hint" />
              <span id="backup-password-hint" className="field__hint">
                {t('wizard.backupPassword.required')} {t('wizard.backupPassword.hint')} {t('wizard.backupPassword.savedIn')}
              </span>
            </div>
            <div className="field">
              <label htmlFor="backup-password-confirm">{t('wizard.backupPassword.confirm')}</label>
              <input id="backup-password-confirm" type="password" autoComplete="new-password" value={backupConfirm} onChange={(e) => setBackupConfirm(e.target.value)} aria-invalid={backupMismatch ? true : undefined} aria-describedby="backup-password-msg" />
              <span id="backup-password-msg" className="field__error" aria-live="polite">
                {backupMismatch ? (
                  <>
                    <Icon name="error" /> {t('wizard.backupPassword.mismatch')}
                  </>
                ) : null}
              </span>
            </div>
          </div>
        ) : null}
        {needsTyping ? (
          <div className="field">
            <label htmlFor="question-typed">{t('wizard.question.typeToConfirm', { name: question.typeToConfirm })}</label>
            <input id="question-typed" type="text" autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} data-autofocus aria-describedby="question-typed-hint" />
            <span id="question-typed-hint" className="field__hint">
              {typed.length > 0 && !typedOk ? (
                <>
                  <Icon name="error" /> {t('wizard.question.typedMismatch')}
                </>
              ) : (
                t('wizard.question.typedHint')
              )}
            </span>
          </div>
        ) : null}
        <div className="actions">
          <button type="submit" className={`button ${destructive ? 'button--danger' : 'button--primary'}`} disabled={!typedOk || sending || backupIncomplete}>
            {question.kind === 'perform-manually' ? t('wizard.question.done') : t('wizard.question.confirm')}
          </button>
          <button type="button" className="button" onClick={() => void answer(question.id, false)} disabled={sending}>
            {t('wizard.question.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
