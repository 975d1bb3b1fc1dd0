// The Administrator's logon on every screen of a known device's later life (visit, renewal, disposal,
// firmware, users, restoration): the user name and the password, shown only while the eye is pressed.
// One component, so the labels, the autocomplete hints and the show-while-pressed behave alike everywhere.
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './icons';

export interface AdministratorLogonValue {
  user: string;
  password: string;
}

export function AdministratorLogon({ idPrefix, value, onChange }: { idPrefix: string; value: AdministratorLogonValue; onChange(next: AdministratorLogonValue): void }): ReactElement {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-user`}>{t('lifecycle.visit.user')}</label>
        <input id={`${idPrefix}-user`} type="text" autoComplete="off" spellCheck={false} value={value.user} onChange={(e) => onChange({ ...value, user: e.target.value })} />
      </div>
      <PasswordField id={`${idPrefix}-password`} label={t('lifecycle.visit.password')} autoComplete="current-password" value={value.password} onChange={(password) => onChange({ ...value, password })} />
    </>
  );
}

/** A password field with the eye that shows it only while pressed. */
export function PasswordField(props: { id: string; label: string; value: string; onChange(v: string): void; autoComplete: 'current-password' | 'new-password' | 'off'; hint?: string }): ReactElement {
  const { t } = useTranslation();
  const [show, setShow] = useState(false);
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <span className="field__with-unit">
        <input id={props.id} type={show ? 'text' : 'password'} autoComplete={props.autoComplete} value={props.value} onChange={(e) => props.onChange(e.target.value)} {...(props.hint ? { 'aria-describedby': `${props.id}-hint` } : {})} />
        <button type="button" className="button button--quiet button--icon" aria-label={t('wizard.password.showWhilePressed')} title={t('wizard.password.showWhilePressed')} onPointerDown={() => setShow(true)} onPointerUp={() => setShow(false)} onPointerLeave={() => setShow(false)} onBlur={() => setShow(false)}>
          <Icon name="eye" />
        </button>
      </span>
      {props.hint ? (
        <span id={`${props.id}-hint`} className="field__hint">
          {props.hint}
        </span>
      ) : null}
    </div>
  );
}

/** Ready to send: a user and a password typed. */
export const logonTyped = (v: AdministratorLogonValue): boolean => v.user.trim() !== '' && v.password !== '';
