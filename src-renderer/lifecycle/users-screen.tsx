// Users of a known controller over time (2.4.4.3): an Administrator logs on; the users with their state;
// release a lockout, remove a user (the warning main gives is shown and acknowledged first; the last
// Administrator and oneself are refused with main's reason), add a user, change one's own password.
// Main keeps the logged-on link, checks every password against the device's rule and decides everything.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import type { IpcError, KnownDevice, RequestOf } from '../../src-main/ipc/contract';
import type { ControllerUserView, UsersView } from '../../src-main/ipc/lifecycle-contract';
import { bridge } from '../bridge/current-bridge';
import { Icon } from '../components/icons';
import { ModalDialog } from '../components/modal-dialog';
import { AdministratorLogon, logonTyped, PasswordField, type AdministratorLogonValue } from '../components/administrator-logon';
import { useBilingual } from '../i18n/bilingual';
import { DeviceScreenFrame, SubmitWithReason } from './device-screen-frame';

type UsersChannel = 'users:open' | 'users:add' | 'users:remove' | 'users:unlock' | 'users:own-password';

interface UsersState {
  device: KnownDevice | undefined;
  view: UsersView | undefined;
  busy: boolean;
  error: IpcError | undefined;
  open(device: KnownDevice): void;
  send<C extends UsersChannel>(channel: C, request: RequestOf<C>): Promise<boolean>;
  logoff(): Promise<void>;
  dismissError(): void;
}

export const useUsersStore = create<UsersState>()((set, get) => ({
  device: undefined,
  view: undefined,
  busy: false,
  error: undefined,
  open(device) {
    set({ device, view: undefined, busy: false, error: undefined });
  },
  async send(channel, request) {
    if (get().busy) return false;
    set({ busy: true, error: undefined });
    const r = await bridge().invoke(channel, request);
    // Main ended the logon (a lost link, a session timeout): the screen asks for it again.
    if (!r.ok) set({ busy: false, error: r.error, ...(r.error.code === 'no-session' ? { view: undefined } : {}) });
    else set({ busy: false, view: r.value as UsersView });
    return r.ok;
  },
  async logoff() {
    set({ view: undefined, error: undefined });
    await bridge().invoke('users:close', {});
  },
  dismissError() {
    set({ error: undefined });
  },
}));

function UsersLogon(): ReactElement {
  const { t } = useTranslation();
  const { device, busy, send } = useUsersStore();
  const [logon, setLogon] = useState<AdministratorLogonValue>({ user: '', password: '' });
  const ready = !busy && logonTyped(logon);
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!ready || !device) return;
    const password = logon.password;
    setLogon({ ...logon, password: '' });
    await send('users:open', { deviceId: device.deviceId, userName: logon.user.trim(), password });
  }
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="users-title">
      <AdministratorLogon idPrefix="users" value={logon} onChange={setLogon} />
      <SubmitWithReason id="users-logon" icon="person" label={t('lifecycle.users.logon')} ready={ready} busy={busy} running={t('lifecycle.users.loggingOn')} needs={t('lifecycle.users.needsLogon')} />
    </form>
  );
}

function RemoveDialog({ user, onClose }: { user: ControllerUserView; onClose(): void }): ReactElement {
  const { t } = useTranslation();
  const bi = useBilingual();
  const send = useUsersStore((s) => s.send);
  return (
    <ModalDialog titleId="users-remove-title" describedBy="users-remove-text" onCancel={onClose} testId="users-remove-dialog">
      <h2 id="users-remove-title">{t('lifecycle.users.confirmRemoveTitle', { name: user.name })}</h2>
      <div id="users-remove-text">
        <p>{t('lifecycle.users.confirmRemove', { name: user.name })}</p>
        {user.removal.warning ? (
          <p className="notice notice--error" data-testid="users-remove-warning">
            <Icon name="warning" /> <span>{bi(user.removal.warning)}</span>
          </p>
        ) : null}
      </div>
      <p className="button-row">
        <button
          type="button"
          className="button button--danger button--primary"
          onClick={() => {
            onClose();
            void send('users:remove', { name: user.name, acknowledgedWarning: user.removal.warning !== undefined });
          }}
        >
          {t('lifecycle.users.confirmRemoveYes')}
        </button>{' '}
        <button type="button" className="button" data-autofocus onClick={onClose}>
          {t('lifecycle.users.cancel')}
        </button>
      </p>
    </ModalDialog>
  );
}

function UsersList({ view }: { view: UsersView }): ReactElement {
  const { t, i18n } = useTranslation();
  const bi = useBilingual();
  const { busy, send } = useUsersStore();
  const [removing, setRemoving] = useState<ControllerUserView | undefined>(undefined);
  return (
    <section className="panel" aria-labelledby="users-list-title">
      <h2 id="users-list-title">{t('lifecycle.users.list')}</h2>
      <table className="grid-table" data-testid="users-list">
        <thead>
          <tr>
            <th scope="col">{t('lifecycle.users.name')}</th>
            <th scope="col">{t('lifecycle.users.group')}</th>
            <th scope="col">{t('lifecycle.users.state')}</th>
            <th scope="col">{t('lifecycle.users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {view.users.map((u) => (
            <tr key={u.name} data-testid="users-row" data-user={u.name} data-locked={String(u.locked)}>
              <th scope="row">
                {u.name} {u.you ? t('lifecycle.users.you') : ''}
              </th>
              <td>{u.group}</td>
              <td>{u.locked ? (u.lockedUntil ? t('lifecycle.users.lockedUntil', { time: new Date(u.lockedUntil).toLocaleString(i18n.language) }) : t('lifecycle.users.locked')) : t('lifecycle.users.ok')}</td>
              <td>
                {u.locked ? (
                  <button type="button" className="button" disabled={busy} onClick={() => void send('users:unlock', { name: u.name })}>
                    <Icon name="lock" /> {t('lifecycle.users.unlock', { name: u.name })}
                  </button>
                ) : null}{' '}
                {u.removal.allowed ? (
                  <button type="button" className="button button--quiet" disabled={busy} onClick={() => setRemoving(u)}>
                    {t('lifecycle.users.remove', { name: u.name })}
                  </button>
                ) : u.removal.refused ? (
                  <span className="note">{bi(u.removal.refused)}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {removing ? <RemoveDialog user={removing} onClose={() => setRemoving(undefined)} /> : null}
    </section>
  );
}

function AddUser({ view }: { view: UsersView }): ReactElement {
  const { t } = useTranslation();
  const { busy, send } = useUsersStore();
  const [name, setName] = useState('');
  const [group, setGroup] = useState(view.groups.find((g) => !g.administrators)?.name ?? view.groups[0]?.name ?? '');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (busy || !name.trim() || !password) return;
    const ok = await send('users:add', { name: name.trim(), group, password, confirmation });
    setPassword('');
    setConfirmation('');
    if (ok) setName('');
  }
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="users-add-title">
      <h2 id="users-add-title">{t('lifecycle.users.add')}</h2>
      <p className="note">{t('lifecycle.users.policy', { strength: t(`lifecycle.users.strength.${view.policy.strength}`), min: view.policy.minLength })}</p>
      <div className="field">
        <label htmlFor="users-new-name">{t('lifecycle.users.newName')}</label>
        <input id="users-new-name" type="text" autoComplete="off" spellCheck={false} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="users-new-group">{t('lifecycle.users.newGroup')}</label>
        <select id="users-new-group" value={group} onChange={(e) => setGroup(e.target.value)}>
          {view.groups.map((g) => (
            <option key={g.name} value={g.name}>
              {g.name}
            </option>
          ))}
        </select>
      </div>
      <PasswordField id="users-new-password" label={t('lifecycle.users.newPassword')} autoComplete="new-password" value={password} onChange={setPassword} />
      <PasswordField id="users-new-confirmation" label={t('lifecycle.users.confirmPassword')} autoComplete="new-password" value={confirmation} onChange={setConfirmation} />
      <p>
        <button type="submit" className="button" aria-disabled={busy || !name.trim() || !password}>
          <Icon name="person" /> {t('lifecycle.users.addRun')}
        </button>
      </p>
    </form>
  );
}

function OwnPassword(): ReactElement {
  const { t } = useTranslation();
  const { busy, send } = useUsersStore();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (busy || !current || !next) return;
    await send('users:own-password', { current, next, confirmation });
    setCurrent('');
    setNext('');
    setConfirmation('');
  }
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="users-own-title">
      <h2 id="users-own-title">{t('lifecycle.users.own')}</h2>
      <p className="note">{t('lifecycle.users.ownLead')}</p>
      <PasswordField id="users-own-current" label={t('lifecycle.users.current')} autoComplete="current-password" value={current} onChange={setCurrent} />
      <PasswordField id="users-own-next" label={t('lifecycle.users.next')} autoComplete="new-password" value={next} onChange={setNext} />
      <PasswordField id="users-own-confirmation" label={t('lifecycle.users.confirmOwn')} autoComplete="new-password" value={confirmation} onChange={setConfirmation} />
      <p>
        <button type="submit" className="button" aria-disabled={busy || !current || !next}>
          <Icon name="key" /> {t('lifecycle.users.ownRun')}
        </button>
      </p>
    </form>
  );
}

export function UsersScreen(): ReactElement {
  const { t } = useTranslation();
  const bi = useBilingual();
  const { device, view, error, logoff, dismissError } = useUsersStore();
  return (
    <DeviceScreenFrame id="users" title={t('lifecycle.users.title', { model: device?.model ?? '' })} lead={t('lifecycle.users.lead')} error={error} onDismiss={dismissError} onBack={() => void (view ? logoff() : undefined)}>
      {view ? (
        <>
          <p className="note" data-testid="users-logged-on">
            {t('lifecycle.users.loggedOnAs', { user: view.loggedOnAs })}{' '}
            <button type="button" className="button button--quiet" onClick={() => void logoff()}>
              {t('lifecycle.users.logoff')}
            </button>
          </p>
          <div role="status" data-testid="users-done">
            {view.done ? (
              <p className="step-status step-status--pass">
                <Icon name="check" /> {bi(view.done)}
              </p>
            ) : null}
            {view.warning ? (
              <p className="known-devices__warning" data-testid="users-warning">
                <Icon name="warning" /> {bi(view.warning)}
              </p>
            ) : null}
          </div>
          <UsersList view={view} />
          <AddUser view={view} />
          <OwnPassword />
        </>
      ) : (
        <UsersLogon />
      )}
    </DeviceScreenFrame>
  );
}
