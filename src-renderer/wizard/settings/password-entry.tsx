// One user's new password (UX brief: nothing secret on screen twice). Typed with a show-while-pressed
// toggle, checked by main's estimator and the device's rule as it is typed, confirmed, sent to main and
// cleared; or generated here, shown once to be recorded, then sent. Never prefilled, never shown back.
import { useEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PasswordCheck } from '../../../src-main/ipc/wizard-contract';
import { PASSWORD_MAX_LENGTH } from '../../../src-main/ipc/password-limits';
import { Icon } from '../../components/icons';
import { useBilingual } from '../../i18n/bilingual';
import { useWizardStore } from '../../state/wizard-store';
import { generatePassword } from './password-generator';

// Project choice: the strength check runs 300 ms after the last keystroke.
const CHECK_DELAY_MS = 300;

function RevealButton({ onReveal, label }: { onReveal(show: boolean): void; label: string }): ReactElement {
  const keyDown = (e: KeyboardEvent) => {
    if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      onReveal(true);
    }
  };
  return (
    <button
      type="button"
      className="button button--quiet button--icon"
      aria-label={label}
      title={label}
      onPointerDown={() => onReveal(true)}
      onPointerUp={() => onReveal(false)}
      onPointerLeave={() => onReveal(false)}
      onKeyDown={keyDown}
      onKeyUp={() => onReveal(false)}
      onBlur={() => onReveal(false)}
    >
      <Icon name="eye" />
    </button>
  );
}

/** What the entry is called when it is not a user's password (the adapter's secrets); all four are said. */
export interface SecretTexts {
  enter: string;
  change: string;
  group: string;
  label: string;
}

/**
 * `texts`: the adapter's secrets name themselves; `judged: false`: a value read from a manual (the factory
 * password), which no rule of ours judges and nobody generates.
 */
export function PasswordEntry({ userName, index, texts, judged = true }: { userName: string; index: number; texts?: SecretTexts; judged?: boolean }): ReactElement {
  const { t } = useTranslation();
  const bi = useBilingual();
  const entered = useWizardStore((s) => s.session?.passwordsEntered.includes(userName) ?? false);
  const { checkPassword, setPassword } = useWizardStore();
  const [password, setPasswordText] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [show, setShow] = useState(false);
  const [check, setCheck] = useState<PasswordCheck | undefined>(undefined);
  const [generated, setGenerated] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState(false);
  const [refused, setRefused] = useState<string | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const id = `pw-${index}`;
  const newField = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  // The focus follows the editor: into the first field when it opens (typing at once is not lost), back
  // to the button that opened it when it closes.
  useEffect(() => {
    if (open) newField.current?.focus();
    else if (wasOpen.current) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);

  useEffect(() => {
    clearTimeout(timer.current);
    if (!password || !judged) {
      setCheck(undefined);
      return;
    }
    timer.current = setTimeout(() => void checkPassword(userName, password).then(setCheck), CHECK_DELAY_MS);
    return () => clearTimeout(timer.current);
  }, [password, userName, checkPassword, judged]);

  function clear(): void {
    setPasswordText('');
    setConfirmation('');
    setGenerated(undefined);
    setCheck(undefined);
    setShow(false);
  }

  async function send(value: string, confirm: string): Promise<void> {
    setRefused(undefined);
    const ok = await setPassword(userName, value, confirm);
    if (ok) {
      clear();
      setOpen(false);
    } else {
      const refusal = useWizardStore.getState().requestError;
      setRefused(refusal?.text ? bi(refusal.text) : (refusal?.message ?? t('wizard.password.refused')));
    }
  }

  const mismatch = confirmation.length > 0 && confirmation !== password;
  const ruleOk = !judged || (check ? check.deviceRule.ok : false);
  const canSend = password.length > 0 && confirmation === password && ruleOk;

  return (
    <div className="password-entry" data-testid={`password-entry-${userName}`}>
      <p className="password-entry__state">
        {entered ? (
          <span className="step-status step-status--verified">
            <Icon name="check" /> {t('wizard.password.entered')}
          </span>
        ) : (
          <span className="step-status step-status--todo">
            <Icon name="key" /> {t('wizard.password.missing')}
          </span>
        )}
        {!open ? (
          <button type="button" ref={opener} className="button button--quiet" onClick={() => setOpen(true)}>
            <Icon name="key" /> {entered ? (texts?.change ?? t('wizard.password.change', { user: userName })) : (texts?.enter ?? t('wizard.password.enter', { user: userName }))}
          </button>
        ) : null}
      </p>
      {open ? (
        <div className="password-entry__form" role="group" aria-label={texts?.group ?? t('wizard.password.groupLabel', { user: userName })}>
          {generated ? (
            <div className="generated" role="alert" data-testid="generated-password">
              <p className="notice__title">{t('wizard.password.generatedTitle')}</p>
              <p>{t('wizard.password.generatedText')}</p>
              <code className="generated__value">{generated}</code>
              <div className="actions">
                <button type="button" className="button" onClick={() => void send(generated, generated)}>
                  <Icon name="check" /> {t('wizard.password.useGenerated')}
                </button>
                <button type="button" className="button button--quiet" onClick={() => setGenerated(undefined)}>
                  {t('wizard.password.discardGenerated')}
                </button>
              </div>
            </div>
          ) : (
            <>
              <div className="form-row">
                <div className="field">
                  <label htmlFor={`${id}-new`}>{texts?.label ?? t('wizard.password.new', { user: userName })}</label>
                  <span className="field__with-unit">
                    <input id={`${id}-new`} ref={newField} type={show ? 'text' : 'password'} autoComplete="new-password" spellCheck={false} maxLength={PASSWORD_MAX_LENGTH} value={password} onChange={(e) => setPasswordText(e.target.value)} aria-describedby={judged ? `${id}-strength` : undefined} />
                    <RevealButton onReveal={setShow} label={t('wizard.password.showWhilePressed')} />
                  </span>
                </div>
                <div className="field">
                  <label htmlFor={`${id}-confirm`}>{t('wizard.password.confirm')}</label>
                  <input id={`${id}-confirm`} type={show ? 'text' : 'password'} autoComplete="new-password" spellCheck={false} maxLength={PASSWORD_MAX_LENGTH} value={confirmation} onChange={(e) => setConfirmation(e.target.value)} aria-invalid={mismatch ? true : undefined} aria-describedby={`${id}-confirm-msg`} />
                  <span id={`${id}-confirm-msg`} className="field__error" aria-live="polite">
                    {mismatch ? (
                      <>
                        <Icon name="error" /> {t('wizard.password.mismatch')}
                      </>
                    ) : null}
                  </span>
                </div>
              </div>
              {judged ? (
              <div id={`${id}-strength`} className="strength" aria-live="polite" data-testid="password-strength">
                {check ? (
                  <>
                    <span className="strength__label">{t('wizard.password.strength')}</span>
                    <meter min={0} max={4} low={2} high={3} optimum={4} value={check.score} aria-label={t('wizard.password.strength')} />
                    <span data-testid="password-score">{t(`wizard.password.score.${check.score}`)}</span>
                    <ul className="strength__rules">
                      {check.deviceRule.ok ? (
                        <li className="ok">
                          <Icon name="check" /> {t('wizard.password.ruleOk')}
                        </li>
                      ) : (
                        check.deviceRule.failures.map((f, i) => (
                          <li key={i} className="bad">
                            <Icon name="error" /> {bi(f)}
                          </li>
                        ))
                      )}
                      {check.feedback.map((f, i) => (
                        <li key={`f${i}`} className="hint">
                          <Icon name="info" /> {bi(f)}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <span className="field__hint">{t('wizard.password.typeToCheck')}</span>
                )}
              </div>
              ) : null}
              <div className="actions">
                <button type="button" className="button" disabled={!canSend} onClick={() => void send(password, confirmation)}>
                  <Icon name="check" /> {t('wizard.password.set')}
                </button>
                {judged ? (
                  <button type="button" className="button button--quiet" onClick={() => setGenerated(generatePassword())}>
                    <Icon name="refresh" /> {t('wizard.password.generate')}
                  </button>
                ) : null}
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => {
                    clear();
                    setOpen(false);
                  }}
                >
                  {t('wizard.password.close')}
                </button>
              </div>
            </>
          )}
          {refused ? (
            <p className="field__error" role="alert">
              <Icon name="error" /> {refused}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
