// Users, groups and authorities (2.4.4.1, Table 11), each user's new password, and the warning when
// only one Administrator exists (2.4.4.3). The built-in groups' authorities are fixed (Table 11).
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Authority, UserInformation } from '../../../src-main/model/security-settings';
import { Icon } from '../../components/icons';
import { FieldMessages, SettingsBlock } from './field-kit';
import { PasswordEntry } from './password-entry';

// Mirrors AUTHORITIES in src-main/model/security-settings.ts (the renderer imports types only from it).
const AUTHORITY_LIST: readonly Authority[] = ['file-read', 'file-write', 'memory-access', 'device-read', 'device-write', 'diagnosis', 'remote-operation', 'update'];

export function UsersForm({ value, onChange }: { value: UserInformation; onChange(value: UserInformation): void }): ReactElement {
  const { t } = useTranslation();
  const [newName, setNewName] = useState('');
  const [newGroup, setNewGroup] = useState('');
  const adminGroups = new Set(value.groups.filter((g) => g.kind === 'administrators').map((g) => g.name));
  const admins = value.users.filter((u) => adminGroups.has(u.group));
  const setUsers = (users: UserInformation['users']) => onChange({ ...value, users });
  const setGroups = (groups: UserInformation['groups']) => onChange({ ...value, groups });

  return (
    <SettingsBlock id="users" title={t('wizard.settings.users.title')} reference="2.4.4.1 · Table 11">
      {admins.length < 2 ? (
        <p className="notice notice--warning" data-testid="single-admin-warning">
          <Icon name="warning" /> {t('wizard.settings.users.oneAdmin')}
        </p>
      ) : null}
      <table className="grid-table">
        <caption>{t('wizard.settings.users.usersCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wizard.settings.users.name')}</th>
            <th scope="col">{t('wizard.settings.users.group')}</th>
            <th scope="col">{t('wizard.settings.users.password')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('wizard.settings.users.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {value.users.map((user, i) => (
            <tr key={`${user.name}-${i}`} data-testid={`user-row-${user.name}`}>
              <th scope="row">
                {user.name}
                <FieldMessages id={`user-${i}-msg`} path={`users.users.${i}`} />
              </th>
              <td>
                <select
                  aria-label={t('wizard.settings.users.groupOf', { user: user.name })}
                  value={user.group}
                  onChange={(e) => setUsers(value.users.map((u, j) => (j === i ? { ...u, group: e.target.value } : u)))}
                >
                  {value.groups.map((g) => (
                    <option key={g.name} value={g.name}>
                      {g.name}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <PasswordEntry userName={user.name} index={i} />
              </td>
              <td>
                <button type="button" className="button button--quiet" onClick={() => setUsers(value.users.filter((_, j) => j !== i))} aria-label={t('wizard.settings.users.remove', { user: user.name })}>
                  {t('wizard.settings.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FieldMessages id="users-list-msg" path="users.users" exact />
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault();
          const name = newName.trim();
          if (!name) return;
          setUsers([...value.users, { name, group: value.groups.find((g) => g.kind === 'users')?.name ?? value.groups[0]?.name ?? 'Users' }]);
          setNewName('');
        }}
      >
        <div className="field">
          <label htmlFor="new-user-name">{t('wizard.settings.users.newUser')}</label>
          <input id="new-user-name" type="text" autoComplete="off" spellCheck={false} value={newName} onChange={(e) => setNewName(e.target.value)} aria-describedby="new-user-hint" />
          <span id="new-user-hint" className="field__hint">
            {t('wizard.settings.users.nameHint')}
          </span>
        </div>
        <button type="submit" className="button" disabled={!newName.trim()}>
          {t('wizard.settings.users.add')}
        </button>
      </form>

      <table className="grid-table">
        <caption>{t('wizard.settings.users.groupsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wizard.settings.users.group')}</th>
            {AUTHORITY_LIST.map((a) => (
              <th scope="col" key={a}>
                {t(`wizard.authority.${a}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {value.groups.map((group, i) => {
            const fixed = group.kind !== 'user-defined';
            return (
              <tr key={`${group.name}-${i}`}>
                <th scope="row">
                  {group.name}
                  {fixed ? <span className="note"> ({t('wizard.settings.users.builtIn')})</span> : null}
                  <FieldMessages id={`group-${i}-msg`} path={`users.groups.${i}`} />
                </th>
                {AUTHORITY_LIST.map((a) => (
                  <td key={a}>
                    <input
                      type="checkbox"
                      aria-label={t('wizard.settings.users.authorityOf', { group: group.name, authority: t(`wizard.authority.${a}`) })}
                      checked={group.authorities.includes(a)}
                      disabled={fixed}
                      onChange={(e) =>
                        setGroups(value.groups.map((g, j) => (j === i ? { ...g, authorities: e.target.checked ? [...g.authorities, a] : g.authorities.filter((x) => x !== a) } : g)))
                      }
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault();
          const name = newGroup.trim();
          if (!name) return;
          setGroups([...value.groups, { name, kind: 'user-defined', authorities: ['file-read', 'device-read'] }]);
          setNewGroup('');
        }}
      >
        <div className="field">
          <label htmlFor="new-group-name">{t('wizard.settings.users.newGroup')}</label>
          <input id="new-group-name" type="text" autoComplete="off" value={newGroup} onChange={(e) => setNewGroup(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={!newGroup.trim()}>
          {t('wizard.settings.users.addGroup')}
        </button>
      </form>
    </SettingsBlock>
  );
}
