// The wireless LAN adapter's settings blocks of Figure 36 (steps 4 and 6-10), each editing one key of the
// session's adapter profile. Main validates every change (Table 46's combinations, the RADIUS server of an
// Enterprise mode, the MAC address format, this PC in the wired filter); the blocks show its issues next to
// the fields. The secrets (the new login password, the factory one, the passphrase) go to main, never back.
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdapterProfile } from '../../../src-main/model/security-settings';
import { TABLE_46_COMBINATIONS, WIRELESS_CHANNELS, isEnterprise, type WirelessAuthenticationMode, type WirelessEncryptionMode } from '../../../src-main/model/wireless-modes';
import { Icon } from '../../components/icons';
import { useWizardStore } from '../../state/wizard-store';
import { CheckField, FieldMessages, NumberField, SettingsBlock, TextField } from './field-kit';
import { PasswordEntry } from './password-entry';

type Settings = AdapterProfile['settings'];
type Security = Settings['security'];
type MacFilter = Settings['macFilter']['wired'];

/** The secrets-file names main knows the adapter's secrets by (wizard:set-password's userName). */
type SecretName = 'admin' | 'factory' | 'passphrase';
const SECRET_TEXT_KEY: Record<SecretName, string> = { admin: 'login', factory: 'factory', passphrase: 'passphrase' };
/** A MAC address as the profile writes it (six upper-case hex pairs); main checks it again. */
const MAC_FORMAT = /^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/;
// Project choice: RADIUS authentication's registered port (RFC 2865) when the technician gives none.
const RADIUS_PORT = 1812;

function useUpdate(): (key: string, value: unknown) => void {
  const update = useWizardStore((s) => s.updateSettings);
  return (key, value) => void update(key, value);
}

/** One of the adapter's secrets, named for what it is. */
export function AdapterSecret({ name, index }: { name: SecretName; index: number }): ReactElement {
  const { t } = useTranslation();
  const k = SECRET_TEXT_KEY[name];
  return (
    <div className="adapter-secret" data-testid={`adapter-secret-${k}`}>
      <strong>{t(`wizard.adapter.secret.${k}.title`)}</strong>
      <p className="note">{t(`wizard.adapter.secret.${k}.hint`)}</p>
      <PasswordEntry
        userName={name}
        index={index}
        judged={name !== 'factory'}
        texts={{ enter: t(`wizard.adapter.secret.${k}.enter`), change: t(`wizard.adapter.secret.${k}.change`), group: t(`wizard.adapter.secret.${k}.title`), label: t(`wizard.adapter.secret.${k}.label`) }}
      />
    </div>
  );
}

function WebPasswordForm({ s }: { s: Settings }): ReactElement {
  const { t } = useTranslation();
  const up = useUpdate();
  const v = s.webPassword;
  return (
    <SettingsBlock id="webPassword" title={t('wizard.adapter.webPassword.title')} reference="4.4.5 · Table 44 rows 6, 7">
      <p className="note">{t('wizard.adapter.webPassword.lead')}</p>
      <NumberField id="wp-min" label={t('wizard.adapter.webPassword.minLength')} path="webPassword.minLength" value={v.minLength} unit={t('wizard.unit.characters')} onCommit={(minLength) => up('webPassword', { ...v, minLength })} />
      <NumberField id="wp-interval" label={t('wizard.adapter.webPassword.interval')} path="webPassword.changeIntervalDays" value={v.changeIntervalDays} unit={t('wizard.unit.days')} onCommit={(changeIntervalDays) => up('webPassword', { ...v, changeIntervalDays })} hint={t('wizard.adapter.webPassword.intervalHint')} />
      <AdapterSecret name="admin" index={300} />
      <AdapterSecret name="factory" index={301} />
    </SettingsBlock>
  );
}

function OperationForm({ s, keys }: { s: Settings; keys: ReadonlySet<string> }): ReactElement {
  const { t } = useTranslation();
  const up = useUpdate();
  const counterpart = useWizardStore((st) => st.session?.practiceCounterpart);
  return (
    <SettingsBlock id="operationMode" title={t('wizard.adapter.operation.title')} reference="4.4.4 · Table 45 rows 5, 7">
      {keys.has('operationMode') ? (
        <fieldset className="choice-group" aria-describedby="op-mode-msg">
          <legend>{t('wizard.adapter.operation.mode')}</legend>
          {(['AP', 'STA'] as const).map((mode) => (
            <label key={mode} className="radio">
              <input type="radio" name="adapter-operation-mode" value={mode} checked={s.operationMode === mode} onChange={() => up('operationMode', mode)} />
              <span>
                <strong>{t(`wizard.adapter.operation.${mode}`)}</strong> <span className="note">{t(`wizard.adapter.operation.${mode}Hint`)}</span>
              </span>
            </label>
          ))}
          <FieldMessages id="op-mode-msg" path="operationMode" hint={counterpart ? t('wizard.adapter.operation.practice', { role: t(`wizard.adapter.role.${counterpart.role === 'AP' ? 'STA' : 'AP'}`), counterpart: t(`wizard.adapter.role.${counterpart.role}`) }) : undefined} />
        </fieldset>
      ) : null}
      {keys.has('ssid') ? <TextField id="op-ssid" label={t('wizard.adapter.operation.ssid')} path="ssid" value={s.ssid} onCommit={(ssid) => up('ssid', ssid)} hint={t('wizard.adapter.operation.ssidHint')} /> : null}
      {keys.has('channel') ? (
        <div className="field">
          <label htmlFor="op-channel">{t('wizard.adapter.operation.channel')}</label>
          <select id="op-channel" value={String(s.channel)} onChange={(e) => up('channel', Number(e.target.value))} aria-describedby="op-channel-msg">
            {WIRELESS_CHANNELS.map((c) => (
              <option key={c} value={String(c)}>
                {t('wizard.adapter.operation.channelOption', { channel: c, band: c <= 14 ? '2.4 GHz' : '5 GHz' })}
              </option>
            ))}
          </select>
          <FieldMessages id="op-channel-msg" path="channel" hint={t('wizard.adapter.operation.channelHint')} />
        </div>
      ) : null}
    </SettingsBlock>
  );
}

/** "WPA3-Personal|AES": one radio per combination. */
const comboId = (a: string, e: string): string => `${a}|${e}`;
/** The factory mode of an adapter: shown so that its refusal is seen, never offered as a row of Table 46. */
const OPEN = { authentication: 'Open' as WirelessAuthenticationMode, encryption: 'none' as WirelessEncryptionMode };

function SecurityForm({ s }: { s: Settings }): ReactElement {
  const { t } = useTranslation();
  const up = useUpdate();
  // The choice as made here: a change main refuses (an Enterprise mode without its RADIUS server yet)
  // is not in the profile, but its fields stay open to complete it.
  const [draft, setDraft] = useState<Security>(s.security);
  const saved = JSON.stringify(s.security);
  useEffect(() => setDraft(JSON.parse(saved) as Security), [saved]);
  const send = (next: Security) => {
    setDraft(next);
    up('security', next);
  };
  const choose = (authentication: WirelessAuthenticationMode, encryption: WirelessEncryptionMode) => {
    const radius = isEnterprise(authentication) ? (draft.radius ?? { server: '', port: RADIUS_PORT, certificateFingerprint256: '' }) : undefined;
    send({ authentication, encryption, ...(radius ? { radius } : {}) });
  };
  const personal = draft.authentication.includes('Personal');
  const radius = draft.radius;
  const setRadius = (patch: Partial<NonNullable<Security['radius']>>) => send({ ...draft, radius: { server: '', port: RADIUS_PORT, certificateFingerprint256: '', ...radius, ...patch } });
  const rows = [...TABLE_46_COMBINATIONS, OPEN];
  return (
    <SettingsBlock id="security" title={t('wizard.adapter.security.title')} reference="4.4.1, 4.4.2 · Table 46 · Table 44 rows 1, 2">
      <fieldset className="choice-group" aria-describedby="sec-msg">
        <legend>{t('wizard.adapter.security.legend')}</legend>
        {rows.map((c, i) => {
          const id = comboId(c.authentication, c.encryption);
          const open = c === OPEN;
          return (
            <label key={id} className={`radio${open ? ' radio--refused' : ''}`} data-testid="security-combination">
              <input type="radio" name="adapter-security" value={id} checked={comboId(draft.authentication, draft.encryption) === id} onChange={() => choose(c.authentication, c.encryption)} />
              <span>
                <strong>{open ? t('wizard.adapter.security.open') : t('wizard.adapter.security.combination', { authentication: c.authentication, encryption: c.encryption })}</strong>{' '}
                {i === 0 ? (
                  <span className="badge badge--recommended">
                    <Icon name="shield" /> {t('wizard.adapter.security.recommended')}
                  </span>
                ) : null}{' '}
                <span className="note">{open ? t('wizard.adapter.security.openHint') : t(isEnterprise(c.authentication) ? 'wizard.adapter.security.enterpriseHint' : c.authentication === 'Enhanced Open' ? 'wizard.adapter.security.enhancedOpenHint' : 'wizard.adapter.security.personalHint')}</span>
              </span>
            </label>
          );
        })}
        <FieldMessages id="sec-msg" path="security" />
      </fieldset>
      {isEnterprise(draft.authentication) ? (
        <div className="form-row" data-testid="radius">
          <TextField id="sec-radius-server" label={t('wizard.adapter.security.radiusServer')} path="security.radius.server" value={radius?.server ?? ''} onCommit={(server) => setRadius({ server: server.trim() })} />
          <NumberField id="sec-radius-port" label={t('wizard.adapter.security.radiusPort')} path="security.radius.port" value={radius?.port ?? RADIUS_PORT} onCommit={(port) => setRadius({ port })} />
          <TextField id="sec-radius-fp" label={t('wizard.adapter.security.radiusFingerprint')} path="security.radius.certificateFingerprint256" value={radius?.certificateFingerprint256 ?? ''} onCommit={(fp) => setRadius({ certificateFingerprint256: fp.trim().toUpperCase() })} hint={t('wizard.adapter.security.radiusHint')} />
        </div>
      ) : null}
      {personal ? <AdapterSecret name="passphrase" index={302} /> : null}
    </SettingsBlock>
  );
}

function MacList({ side, v, pcMac, set }: { side: 'wired' | 'wireless'; v: MacFilter; pcMac: string | undefined; set(next: MacFilter): void }): ReactElement {
  const { t } = useTranslation();
  const [mac, setMac] = useState('');
  const typed = mac.trim().toUpperCase().replace(/-/g, ':');
  const problem = !typed ? undefined : !MAC_FORMAT.test(typed) ? 'format' : v.entries.includes(typed) ? 'duplicate' : undefined;
  const counterpart = useWizardStore((s) => s.session?.practiceCounterpart);
  const offerCounterpart = side === 'wireless' && counterpart && !v.entries.includes(counterpart.wirelessMac);
  const add = (entry: string) => set({ ...v, entries: [...v.entries, entry] });
  return (
    <fieldset className="port-set" data-testid={`mac-filter-${side}`}>
      <legend>{t(`wizard.adapter.mac.${side}`)}</legend>
      <CheckField id={`mac-${side}-on`} label={t('wizard.adapter.mac.enabled', { side: t(`wizard.adapter.mac.inSentence.${side}`) })} path={`macFilter.${side}.enabled`} checked={v.enabled} onChange={(enabled) => set({ ...v, enabled })} />
      <ul className="entry-list" aria-label={t('wizard.adapter.mac.entries', { side: t(`wizard.adapter.mac.inSentence.${side}`) })}>
        {v.entries.map((entry, i) => {
          const thisPc = side === 'wired' && entry === pcMac;
          return (
            <li key={entry} data-testid="mac-entry">
              <code>{entry}</code>
              {thisPc ? (
                <span className="badge">
                  <Icon name="lock" /> {t('wizard.adapter.mac.thisPc')}
                </span>
              ) : counterpart?.wirelessMac === entry ? (
                <span className="note">{t('wizard.adapter.mac.counterpartNote', { role: t(`wizard.adapter.role.${counterpart.role}`) })}</span>
              ) : null}
              <FieldMessages id={`mac-${side}-${i}-msg`} path={`macFilter.${side}.entries.${i}`} />
              {thisPc ? (
                <span className="note">{t('wizard.adapter.mac.protected')}</span>
              ) : (
                <button type="button" className="button button--quiet" aria-label={t('wizard.adapter.mac.remove', { mac: entry })} onClick={() => set({ ...v, entries: v.entries.filter((_, j) => j !== i) })}>
                  {t('wizard.settings.remove')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <FieldMessages id={`mac-${side}-entries-msg`} path={`macFilter.${side}.entries`} exact />
      {offerCounterpart ? (
        <p className="note">
          {t('wizard.adapter.mac.counterpart', { role: t(`wizard.adapter.role.${counterpart.role}`), mac: counterpart.wirelessMac })}{' '}
          <button type="button" className="button" onClick={() => add(counterpart.wirelessMac)}>
            {t('wizard.adapter.mac.addCounterpart', { role: t(`wizard.adapter.role.${counterpart.role}`) })}
          </button>
        </p>
      ) : null}
      <form
        className="form-row"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!typed || problem) return;
          add(typed);
          setMac('');
        }}
      >
        <div className="field">
          <label htmlFor={`mac-${side}-new`}>{t('wizard.adapter.mac.add', { side: t(`wizard.adapter.mac.inSentence.${side}`) })}</label>
          <input id={`mac-${side}-new`} type="text" autoComplete="off" spellCheck={false} value={mac} onChange={(e) => setMac(e.target.value)} aria-invalid={problem ? true : undefined} aria-describedby={`mac-${side}-new-msg`} />
          <span id={`mac-${side}-new-msg`} className={problem ? 'field__error' : 'field__hint'} aria-live="polite">
            {problem ? (
              <>
                <Icon name="error" /> {t(`wizard.adapter.mac.${problem}`)}
              </>
            ) : (
              t('wizard.adapter.mac.hint')
            )}
          </span>
        </div>
        <button type="submit" className="button" disabled={!typed || problem !== undefined}>
          {t('wizard.adapter.mac.addButton')}
        </button>
      </form>
    </fieldset>
  );
}

function MacFilterForm({ s, pcMac }: { s: Settings; pcMac: string | undefined }): ReactElement {
  const { t } = useTranslation();
  const up = useUpdate();
  const v = s.macFilter;
  return (
    <SettingsBlock id="macFilter" title={t('wizard.adapter.mac.title')} reference="4.4.3 · Table 44 rows 3, 4">
      <p className="note">{t('wizard.adapter.mac.lead')}</p>
      <MacList side="wired" v={v.wired} pcMac={pcMac} set={(wired) => up('macFilter', { ...v, wired })} />
      <MacList side="wireless" v={v.wireless} pcMac={pcMac} set={(wireless) => up('macFilter', { ...v, wireless })} />
      <FieldMessages id="mac-msg" path="macFilter" exact />
    </SettingsBlock>
  );
}

function StealthForm({ s }: { s: Settings }): ReactElement {
  const { t } = useTranslation();
  const up = useUpdate();
  return (
    <SettingsBlock id="stealthSsid" title={t('wizard.adapter.stealth.title')} reference="4.4.4 · Table 44 row 5">
      <CheckField id="stealth-on" label={t('wizard.adapter.stealth.enabled')} path="stealthSsid" checked={s.stealthSsid} onChange={(on) => up('stealthSsid', on)} hint={s.operationMode === 'STA' ? t('wizard.adapter.stealth.station') : t('wizard.adapter.stealth.hint')} />
    </SettingsBlock>
  );
}

function LoggingForm({ s }: { s: Settings }): ReactElement {
  const { t } = useTranslation();
  const up = useUpdate();
  const v = s.logging;
  const b = s.settingsBackup;
  return (
    <SettingsBlock id="logging" title={t('wizard.adapter.logging.title')} reference="4.4.6, 4.4.7 · Table 44 row 8">
      <CheckField id="log-on" label={t('wizard.adapter.logging.enabled')} path="logging.enabled" checked={v.enabled} onChange={(enabled) => up('logging', { ...v, enabled })} />
      <NumberField id="log-interval" label={t('wizard.adapter.logging.interval')} path="logging.readOutIntervalDays" value={v.readOutIntervalDays} unit={t('wizard.unit.days')} onCommit={(readOutIntervalDays) => up('logging', { ...v, readOutIntervalDays })} hint={t('wizard.adapter.logging.hint')} />
      <NumberField id="backup-interval" label={t('wizard.adapter.logging.backupInterval')} path="settingsBackup.intervalDays" value={b.intervalDays} unit={t('wizard.unit.days')} onCommit={(intervalDays) => up('settingsBackup', { ...b, intervalDays })} hint={t('wizard.adapter.logging.backupHint')} />
    </SettingsBlock>
  );
}

/** The blocks a step of Figure 36 shows, in the figure's order. */
export function AdapterSettingsForms({ keys }: { keys: string[] }): ReactElement {
  const profile = useWizardStore((s) => s.session?.profile) as unknown as AdapterProfile | undefined;
  const pcMac = useWizardStore((s) => s.session?.thisPcMac);
  if (!profile || profile.system !== 'wlan-adapter') return <></>;
  const s = profile.settings;
  const wanted = new Set(keys);
  return (
    <div className="settings-forms">
      {wanted.has('webPassword') ? <WebPasswordForm s={s} /> : null}
      {wanted.has('operationMode') || wanted.has('ssid') || wanted.has('channel') ? <OperationForm s={s} keys={wanted} /> : null}
      {wanted.has('security') ? <SecurityForm s={s} /> : null}
      {wanted.has('macFilter') ? <MacFilterForm s={s} pcMac={pcMac} /> : null}
      {wanted.has('stealthSsid') ? <StealthForm s={s} /> : null}
      {wanted.has('logging') || wanted.has('settingsBackup') ? <LoggingForm s={s} /> : null}
    </div>
  );
}
