// The settings blocks of steps 3 and 5-8, in the guideline's order, each editing one key of the
// session's profile. Main validates every change; the panels show its issues next to the fields.
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  CommunicationFunction,
  ControllerProfile,
  DefaultOpenService,
  IpFilter,
  NetworkPortId,
  PortState,
} from '../../../src-main/model/security-settings';
import { Icon } from '../../components/icons';
import { useWizardStore } from '../../state/wizard-store';
import { CONTROLLER_NETWORK_PORTS, SERVICES_BY_PORT_KIND } from '../../../src-main/model/controller-services';
import { CheckField, FieldMessages, NumberField, SelectField, SettingsBlock, TextField } from './field-kit';
import { UsersForm } from './users-form';
import { ipFilterProblem } from './ip-address';
import { useBilingual } from '../../i18n/bilingual';

type Settings = ControllerProfile['settings'];

// Mirrors the model's tables (the renderer imports types only from src-main).
const FUNCTIONS: readonly CommunicationFunction[] = ['melsoft-got', 'slmp', 'ftps', 'socket', 'opc-ua'];
// The controller's services and network ports: the one list the app and the virtual devices share.
const PORTS: Record<'mx-r' | 'mx-f', Partial<Record<NetworkPortId, 'cc-link-ie-tsn' | 'ethernet'>>> = CONTROLLER_NETWORK_PORTS;
const SERVICES: Record<'cc-link-ie-tsn' | 'ethernet', readonly DefaultOpenService[]> = SERVICES_BY_PORT_KIND;
const TLS_VERSIONS = { 'mx-r': ['1.2', '1.3'], 'mx-f': ['1.2', '1.3', '1.2/1.3'] } as const;
/** The engineering tool's own services, kept open inside the trust boundary (2.4.9.1 example 1). */
const ENGINEERING_SERVICES: ReadonlySet<DefaultOpenService> = new Set(['melsoft-udp', 'melsoft-tcp', 'melsoft-direct']);
// Project choice: the event history estimate uses ~96 bytes per event (128 KB ≈ 1365 events).
const BYTES_PER_EVENT = 96;
const DEFAULT_CERTIFICATE_DAYS = 365;
/** The entry main pre-fills for this PC (recommendedProfile's note); it may not be removed here. */
const PC_ENTRY_NOTE = 'commissioning PC';

function useSettingsUpdate(): (key: string, value: unknown) => void {
  const update = useWizardStore((s) => s.updateSettings);
  return (key, value) => void update(key, value);
}

function PasswordPolicyForm({ s }: { s: Settings }): ReactElement {
  const { t } = useTranslation();
  const up = useSettingsUpdate();
  const v = s.passwordPolicy;
  const set = (patch: Partial<typeof v>) => up('passwordPolicy', { ...v, ...patch });
  return (
    <SettingsBlock id="passwordPolicy" title={t('wizard.settings.passwordPolicy.title')} reference="2.4.4.2 · Table 9 row 2">
      <SelectField id="pp-strength" label={t('wizard.settings.passwordPolicy.strength')} path="passwordPolicy.strength" value={v.strength} options={(['weak', 'medium', 'strong'] as const).map((x) => ({ value: x, label: t(`wizard.settings.passwordPolicy.${x}`) }))} onChange={(strength) => set({ strength })} hint={t('wizard.settings.passwordPolicy.strengthHint')} />
      <NumberField id="pp-min" label={t('wizard.settings.passwordPolicy.minLength')} path="passwordPolicy.minLength" value={v.minLength} unit={t('wizard.unit.characters')} onCommit={(minLength) => set({ minLength })} />
      <CheckField id="pp-expiry-on" label={t('wizard.settings.passwordPolicy.expiryEnabled')} path="passwordPolicy.expiryEnabled" checked={v.expiryEnabled} onChange={(expiryEnabled) => set({ expiryEnabled })} />
      <NumberField id="pp-expiry" label={t('wizard.settings.passwordPolicy.expiryDays')} path="passwordPolicy.expiryDays" value={v.expiryDays} unit={t('wizard.unit.days')} onCommit={(expiryDays) => set({ expiryDays })} />
      <NumberField id="pp-history" label={t('wizard.settings.passwordPolicy.historyCount')} path="passwordPolicy.historyCount" value={v.historyCount} onCommit={(historyCount) => set({ historyCount })} />
    </SettingsBlock>
  );
}

function LockoutForm({ s }: { s: Settings }): ReactElement {
  const { t } = useTranslation();
  const up = useSettingsUpdate();
  const v = s.lockout;
  return (
    <SettingsBlock id="lockout" title={t('wizard.settings.lockout.title')} reference="2.4.4.2 · Table 9 row 5">
      <NumberField id="lo-failures" label={t('wizard.settings.lockout.failures')} path="lockout.failures" value={v.failures} unit={t('wizard.unit.times')} onCommit={(failures) => up('lockout', { ...v, failures })} />
      <NumberField id="lo-minutes" label={t('wizard.settings.lockout.minutes')} path="lockout.minutes" value={v.minutes} unit={t('wizard.unit.minutes')} onCommit={(minutes) => up('lockout', { ...v, minutes })} />
    </SettingsBlock>
  );
}

function LogonMessageForm({ s }: { s: Settings }): ReactElement {
  const { t } = useTranslation();
  const up = useSettingsUpdate();
  const v = s.logonMessage;
  return (
    <SettingsBlock id="logonMessage" title={t('wizard.settings.logonMessage.title')} reference="Table 9 row 6">
      <CheckField id="lm-on" label={t('wizard.settings.logonMessage.enabled')} path="logonMessage.enabled" checked={v.enabled} onChange={(enabled) => up('logonMessage', { ...v, enabled })} />
      <TextField id="lm-text" label={t('wizard.settings.logonMessage.text')} path="logonMessage.text" value={v.text} multiline onCommit={(text) => up('logonMessage', { ...v, text })} hint={t('wizard.settings.logonMessage.hint', { n: v.text.length })} />
    </SettingsBlock>
  );
}

function SessionTimersForm({ s }: { s: Settings }): ReactElement {
  const { t } = useTranslation();
  const up = useSettingsUpdate();
  const v = s.sessionTimers;
  return (
    <SettingsBlock id="sessionTimers" title={t('wizard.settings.sessionTimers.title')} reference="Table 9 row 8">
      <NumberField id="st-logoff" label={t('wizard.settings.sessionTimers.logoff')} path="sessionTimers.logoffTimeoutMinutes" value={v.logoffTimeoutMinutes} unit={t('wizard.unit.minutes')} onCommit={(logoffTimeoutMinutes) => up('sessionTimers', { ...v, logoffTimeoutMinutes })} />
      <NumberField id="st-alive" label={t('wizard.settings.sessionTimers.alive')} path="sessionTimers.ethernetAliveCheckSeconds" value={v.ethernetAliveCheckSeconds} unit={t('wizard.unit.seconds')} onCommit={(ethernetAliveCheckSeconds) => up('sessionTimers', { ...v, ethernetAliveCheckSeconds })} />
      <NumberField id="st-ftp" label={t('wizard.settings.sessionTimers.ftp')} path="sessionTimers.ftpSessionTimeoutSeconds" value={v.ftpSessionTimeoutSeconds} unit={t('wizard.unit.seconds')} onCommit={(ftpSessionTimeoutSeconds) => up('sessionTimers', { ...v, ftpSessionTimeoutSeconds })} />
    </SettingsBlock>
  );
}

function ClockForm({ s }: { s: Settings }): ReactElement {
  const { t, i18n } = useTranslation();
  const up = useSettingsUpdate();
  const v = s.clock;
  const device = useWizardStore((st) => st.session?.clock);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <SettingsBlock id="clock" title={t('wizard.settings.clock.title')} reference="2.4.5 · Table 9 row 12">
      <p className="note" data-testid="pc-time">
        {t('wizard.settings.clock.pcTime', { time: now.toLocaleString(i18n.language) })}
      </p>
      {device ? (
        // Not a live region: the time below ticks every second and would be read out each time.
        <p className={`notice ${Math.abs(device.offsetSeconds) > v.maxOffsetSeconds ? 'notice--warning' : 'notice--info'}`} data-testid="device-clock">
          <Icon name={Math.abs(device.offsetSeconds) > v.maxOffsetSeconds ? 'warning' : 'check'} />{' '}
          {t('wizard.settings.clock.deviceTime', {
            // The offset main measured, carried forward on this PC's clock: the line ticks while it is shown.
            time: new Date(now.getTime() + device.offsetSeconds * 1000).toLocaleString(i18n.language),
            offset: (device.offsetSeconds >= 0 ? '+' : '') + device.offsetSeconds.toFixed(1),
          })}{' '}
          {Math.abs(device.offsetSeconds) > v.maxOffsetSeconds ? t('wizard.settings.clock.tooFar', { max: v.maxOffsetSeconds }) : t('wizard.settings.clock.withinLimit')}
        </p>
      ) : null}
      <SelectField id="clk-source" label={t('wizard.settings.clock.source')} path="clock.source" value={v.source} options={(['engineering-tool', 'sntp'] as const).map((x) => ({ value: x, label: t(`wizard.settings.clock.${x}`) }))} onChange={(source) => up('clock', { ...v, source })} />
      {v.source === 'sntp' ? <TextField id="clk-sntp" label={t('wizard.settings.clock.sntpServer')} path="clock.sntpServer" value={v.sntpServer ?? ''} onCommit={(sntpServer) => up('clock', { ...v, sntpServer: sntpServer.trim() || undefined })} hint={t('wizard.settings.clock.sntpHint')} /> : null}
      <NumberField id="clk-offset" label={t('wizard.settings.clock.maxOffset')} path="clock.maxOffsetSeconds" value={v.maxOffsetSeconds} unit={t('wizard.unit.seconds')} onCommit={(maxOffsetSeconds) => up('clock', { ...v, maxOffsetSeconds })} />
      {v.source !== 'engineering-tool' ? (
        <button type="button" className="button" onClick={() => up('clock', { source: 'engineering-tool', maxOffsetSeconds: v.maxOffsetSeconds })}>
          <Icon name="refresh" /> {t('wizard.settings.clock.syncFromPc')}
        </button>
      ) : (
        <p className="note">{t('wizard.settings.clock.fromPcNote')}</p>
      )}
    </SettingsBlock>
  );
}

function EventHistoryForm({ s }: { s: Settings }): ReactElement {
  const { t } = useTranslation();
  const up = useSettingsUpdate();
  const v = s.eventHistory;
  const set = (patch: Partial<typeof v>) => up('eventHistory', { ...v, ...patch });
  const events = Math.floor((v.sizeKb * 1024) / BYTES_PER_EVENT);
  return (
    <SettingsBlock id="eventHistory" title={t('wizard.settings.eventHistory.title')} reference="2.4.5 · Table 9 rows 9-11">
      <CheckField id="eh-on" label={t('wizard.settings.eventHistory.enabled')} path="eventHistory.enabled" checked={v.enabled} onChange={(enabled) => set({ enabled })} />
      <SelectField id="eh-dest" label={t('wizard.settings.eventHistory.destination')} path="eventHistory.destination" value={v.destination} options={(['data-memory', 'sd-card'] as const).map((x) => ({ value: x, label: t(`wizard.settings.eventHistory.${x}`) }))} onChange={(destination) => set({ destination })} hint={t('wizard.settings.eventHistory.destinationHint')} />
      <NumberField id="eh-size" label={t('wizard.settings.eventHistory.size')} path="eventHistory.sizeKb" value={v.sizeKb} unit="KB" onCommit={(sizeKb) => set({ sizeKb })} hint={<span data-testid="event-estimate">{t('wizard.settings.eventHistory.estimate', { events: events.toLocaleString() })}</span>} />
      <CheckField id="eh-tamper" label={t('wizard.settings.eventHistory.tamperCheck')} path="eventHistory.tamperCheck" checked={v.tamperCheck} onChange={(tamperCheck) => set({ tamperCheck })} />
      <NumberField id="eh-backup" label={t('wizard.settings.eventHistory.backupInterval')} path="eventHistory.backupIntervalDays" value={v.backupIntervalDays} unit={t('wizard.unit.days')} onCommit={(backupIntervalDays) => set({ backupIntervalDays })} />
    </SettingsBlock>
  );
}

function BackupEncryptionForm({ s }: { s: Settings }): ReactElement {
  const { t } = useTranslation();
  const up = useSettingsUpdate();
  return (
    <SettingsBlock id="backupEncryption" title={t('wizard.settings.backupEncryption.title')} reference="2.4.6.1">
      <CheckField id="be-on" label={t('wizard.settings.backupEncryption.enabled')} path="backupEncryption.enabled" checked={s.backupEncryption.enabled} onChange={(enabled) => up('backupEncryption', { enabled })} />
      <p className="notice notice--warning">
        <Icon name="warning" /> {t('wizard.settings.backupEncryption.warning')}
      </p>
    </SettingsBlock>
  );
}

function EncryptedCommunicationForm({ s, system }: { s: Settings; system: 'mx-r' | 'mx-f' }): ReactElement {
  const { t } = useTranslation();
  const up = useSettingsUpdate();
  const cert = s.certificate;
  const enc = s.encryptedCommunication;
  return (
    <SettingsBlock id="encryptedCommunication" title={t('wizard.settings.encrypted.title')} reference="2.4.7 · Table 13">
      <NumberField
        id="ec-validity"
        label={t('wizard.settings.encrypted.validity')}
        path="certificate.validityDays"
        value={cert.validityDays}
        unit={t('wizard.unit.days')}
        onCommit={(validityDays) => up('certificate', { ...cert, validityDays })}
        hint={cert.validityDays !== DEFAULT_CERTIFICATE_DAYS ? <span className="field__warning" data-testid="validity-warning"><Icon name="warning" /> {t('wizard.settings.encrypted.validityWarning')}</span> : t('wizard.settings.encrypted.validityHint')}
      />
      <SelectField id="ec-key" label={t('wizard.settings.encrypted.keyType')} path="certificate.keyType" value={cert.keyType} options={(['ecdsa-p256', 'rsa-2048'] as const).map((x) => ({ value: x, label: x === 'ecdsa-p256' ? 'ECDSA P-256' : 'RSA 2048' }))} onChange={(keyType) => up('certificate', { ...cert, keyType })} />
      <SelectField
        id="ec-tls"
        label={t('wizard.settings.encrypted.tlsVersion')}
        path="encryptedCommunication.tlsVersion"
        value={enc.tlsVersion as string}
        options={TLS_VERSIONS[system].map((x) => ({ value: x as string, label: `TLS ${x}` }))}
        onChange={(tlsVersion) => up('encryptedCommunication', { ...enc, tlsVersion })}
        hint={t(`wizard.settings.encrypted.tlsHint.${system}`)}
      />
      <table className="grid-table">
        <caption>{t('wizard.settings.encrypted.functions')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wizard.settings.encrypted.function')}</th>
            <th scope="col">{t('wizard.settings.encrypted.inUse')}</th>
            <th scope="col">{t('wizard.settings.encrypted.beyond')}</th>
            <th scope="col">{t('wizard.settings.encrypted.tls')}</th>
          </tr>
        </thead>
        <tbody>
          {FUNCTIONS.map((f) => {
            const use = enc.functions[f];
            const set = (patch: Partial<typeof use>) => up('encryptedCommunication', { ...enc, functions: { ...enc.functions, [f]: { ...use, ...patch } } });
            const name = t(`wizard.function.${f}`);
            return (
              <tr key={f}>
                <th scope="row">
                  {name}
                  <FieldMessages id={`ec-${f}-msg`} path={`encryptedCommunication.functions.${f}`} />
                </th>
                <td><input type="checkbox" aria-label={`${name}: ${t('wizard.settings.encrypted.inUse')}`} checked={use.inUse} onChange={(e) => set({ inUse: e.target.checked })} /></td>
                <td><input type="checkbox" aria-label={`${name}: ${t('wizard.settings.encrypted.beyond')}`} checked={use.beyondTrustBoundary} onChange={(e) => set({ beyondTrustBoundary: e.target.checked })} /></td>
                <td><input type="checkbox" aria-label={`${name}: ${t('wizard.settings.encrypted.tls')}`} checked={use.tls} onChange={(e) => set({ tls: e.target.checked })} /></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </SettingsBlock>
  );
}

function IpFilterForm({ s }: { s: Settings }): ReactElement {
  const { t } = useTranslation();
  const up = useSettingsUpdate();
  const v = s.ipFilter;
  const [address, setAddress] = useState('');
  const problem = address.trim() ? ipFilterProblem(address, v.entries.map((e) => e.address)) : undefined;
  const set = (patch: Partial<IpFilter>) => up('ipFilter', { ...v, ...patch });
  return (
    <SettingsBlock id="ipFilter" title={t('wizard.settings.ipFilter.title')} reference="2.4.8 · Table 9 row 18">
      <CheckField id="ipf-on" label={t('wizard.settings.ipFilter.enabled')} path="ipFilter.enabled" checked={v.enabled} onChange={(enabled) => set({ enabled })} />
      <SelectField id="ipf-mode" label={t('wizard.settings.ipFilter.mode')} path="ipFilter.mode" value={v.mode} options={(['allow', 'deny'] as const).map((x) => ({ value: x, label: t(`wizard.settings.ipFilter.${x}`) }))} onChange={(mode) => set({ mode })} />
      <ul className="entry-list" aria-label={t('wizard.settings.ipFilter.entries')}>
        {v.entries.map((entry, i) => {
          const protectedEntry = entry.note === PC_ENTRY_NOTE;
          return (
            <li key={entry.address} data-testid="ip-entry">
              <code>{entry.address}</code>
              {protectedEntry ? (
                <span className="badge">
                  <Icon name="lock" /> {t('wizard.settings.ipFilter.thisPc')}
                </span>
              ) : entry.note ? (
                <span className="note">{entry.note}</span>
              ) : null}
              <FieldMessages id={`ipf-${i}-msg`} path={`ipFilter.entries.${i}`} />
              {protectedEntry ? (
                <span className="note">{t('wizard.settings.ipFilter.protected')}</span>
              ) : (
                <button type="button" className="button button--quiet" aria-label={t('wizard.settings.ipFilter.remove', { address: entry.address })} onClick={() => set({ entries: v.entries.filter((_, j) => j !== i) })}>
                  {t('wizard.settings.remove')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {/* Main's self-lockout guard (2.4.8) names the list as a whole: its reason belongs under the list. */}
      <FieldMessages id="ipf-entries-msg" path="ipFilter.entries" exact />
      <form
        className="form-row"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!address.trim() || problem) return;
          set({ entries: [...v.entries, { address: address.trim() }] });
          setAddress('');
        }}
      >
        <div className="field">
          <label htmlFor="ipf-new">{t('wizard.settings.ipFilter.add')}</label>
          <input id="ipf-new" type="text" autoComplete="off" spellCheck={false} value={address} onChange={(e) => setAddress(e.target.value)} aria-invalid={problem ? true : undefined} aria-describedby="ipf-new-msg" />
          <span id="ipf-new-msg" className={problem ? 'field__error' : 'field__hint'} aria-live="polite">
            {problem ? (
              <>
                <Icon name="error" /> {t(`wizard.settings.ipFilter.${problem}`)}
              </>
            ) : (
              t('wizard.settings.ipFilter.hint')
            )}
          </span>
        </div>
        <button type="submit" className="button" disabled={!address.trim() || problem !== undefined}>
          {t('wizard.settings.ipFilter.addButton')}
        </button>
      </form>
      <FieldMessages id="ipf-msg" path="ipFilter" exact />
    </SettingsBlock>
  );
}

function DefaultOpenPortsForm({ s, system }: { s: Settings; system: 'mx-r' | 'mx-f' }): ReactElement {
  const { t } = useTranslation();
  const up = useSettingsUpdate();
  const v = s.defaultOpenPorts;
  const ports = Object.entries(PORTS[system]) as Array<[NetworkPortId, 'cc-link-ie-tsn' | 'ethernet']>;
  const setPort = (port: NetworkPortId, services: Partial<Record<DefaultOpenService, PortState>>) => up('defaultOpenPorts', { ...v, [port]: services });
  const preset = (port: NetworkPortId, kind: 'cc-link-ie-tsn' | 'ethernet', inside: boolean) =>
    setPort(port, Object.fromEntries(SERVICES[kind].map((svc) => [svc, inside && kind === 'ethernet' && ENGINEERING_SERVICES.has(svc) ? 'open' : 'closed'])) as Partial<Record<DefaultOpenService, PortState>>);
  return (
    <SettingsBlock id="defaultOpenPorts" title={t('wizard.settings.ports.title')} reference="2.4.9 · Figures 14, 15">
      <p className="note">{t('wizard.settings.ports.lead')}</p>
      {/* Example 2 closes MELSOFT too: say which path stays before the technician clicks it (2.4.9.1 2), 2.4.9.2). */}
      <p className="note" id="dop-outside-note">{t('wizard.settings.ports.presetOutsideNote')}</p>
      {ports.map(([port, kind]) => (
        <fieldset key={port} className="port-set" data-testid={`port-${port}`}>
          <legend>{t('wizard.settings.ports.port', { port: port.replace('port', ''), kind: t(`wizard.settings.ports.kind.${kind}`) })}</legend>
          <div className="actions">
            <button type="button" className="button" onClick={() => preset(port, kind, true)}>
              {t('wizard.settings.ports.presetInside')}
            </button>
            <button type="button" className="button" aria-describedby="dop-outside-note" onClick={() => preset(port, kind, false)}>
              {t('wizard.settings.ports.presetOutside')}
            </button>
          </div>
          <ul className="port-services">
            {SERVICES[kind].map((svc) => {
              const state = v[port]?.[svc] ?? 'open';
              return (
                <li key={svc}>
                  <label className="check">
                    <input type="checkbox" checked={state === 'open'} onChange={(e) => setPort(port, { ...v[port], [svc]: e.target.checked ? 'open' : 'closed' })} />
                    {t(`wizard.service.${svc}`)}
                  </label>
                  <span className={`port-state port-state--${state}`}>
                    <Icon name={state === 'open' ? 'warning' : 'lock'} /> {t(`wizard.settings.ports.${state}`)}
                  </span>
                </li>
              );
            })}
          </ul>
          <FieldMessages id={`dop-${port}-msg`} path={`defaultOpenPorts.${port}`} />
        </fieldset>
      ))}
    </SettingsBlock>
  );
}

function BandwidthForm({ s }: { s: Settings }): ReactElement {
  const { t, i18n } = useTranslation();
  const bi = useBilingual();
  const up = useSettingsUpdate();
  const v = s.bandwidthLimit;
  const measurement = useWizardStore((st) => st.session?.bandwidth);
  const measure = useWizardStore((st) => st.measureBandwidth);
  const pending = useWizardStore((st) => st.pending);
  const suggested = measurement?.suggested;
  return (
    <SettingsBlock id="bandwidthLimit" title={t('wizard.settings.bandwidth.title')} reference="2.4.10 · Table 9 row 21">
      <p className="notice notice--info">
        <Icon name="info" /> {t('wizard.settings.bandwidth.guidance')}
      </p>
      {/* Main times the link to the device; what it cannot see (the plant's other partners) is measured on the switch. */}
      <div className="bandwidth-measure" data-testid="bandwidth-measure">
        <button type="button" className="button" disabled={pending !== undefined} aria-busy={pending === 'running'} onClick={() => void measure()}>
          <Icon name="refresh" /> {pending === 'running' ? t('wizard.settings.bandwidth.measuring') : t('wizard.settings.bandwidth.measure')}
        </button>
        {measurement ? (
          <div className="notice notice--info" data-testid="bandwidth-measurement" aria-live="polite">
            <Icon name="info" />
            <div>
              <strong>{t('wizard.settings.bandwidth.measuredAt', { time: new Date(measurement.at).toLocaleTimeString(i18n.language) })}</strong>
              {measurement.text.map((line, i) => (
                <p key={i}>{bi(line)}</p>
              ))}
              {suggested ? (
                <button type="button" className="button" disabled={pending !== undefined || (v.sendKbps === suggested.sendKbps && v.receiveKbps === suggested.receiveKbps)} data-testid="bandwidth-use" onClick={() => up('bandwidthLimit', { ...v, sendKbps: suggested.sendKbps, receiveKbps: suggested.receiveKbps })}>
                  {t('wizard.settings.bandwidth.use')}
                </button>
              ) : null}
            </div>
          </div>
        ) : null}
      </div>
      <p className="note" data-testid="bandwidth-how">
        {t('wizard.settings.bandwidth.howToMeasure')}
      </p>
      <CheckField id="bw-on" label={t('wizard.settings.bandwidth.enabled')} path="bandwidthLimit.enabled" checked={v.enabled} onChange={(enabled) => up('bandwidthLimit', { ...v, enabled })} />
      <NumberField id="bw-send" label={t('wizard.settings.bandwidth.send')} path="bandwidthLimit.sendKbps" value={v.sendKbps} unit="kbit/s" onCommit={(sendKbps) => up('bandwidthLimit', { ...v, sendKbps })} />
      <NumberField id="bw-receive" label={t('wizard.settings.bandwidth.receive')} path="bandwidthLimit.receiveKbps" value={v.receiveKbps} unit="kbit/s" onCommit={(receiveKbps) => up('bandwidthLimit', { ...v, receiveKbps })} />
    </SettingsBlock>
  );
}

function OperationSettingForm({ s }: { s: Settings }): ReactElement {
  const { t } = useTranslation();
  const up = useSettingsUpdate();
  return (
    <SettingsBlock id="operationSetting" title={t('wizard.settings.operation.title')} reference="2.4.11 · Table 14">
      <SelectField id="op-on-error" label={t('wizard.settings.operation.onError')} path="operationSetting.onError" value={s.operationSetting.onError} options={(['stop', 'continue'] as const).map((x) => ({ value: x, label: t(`wizard.settings.operation.${x}`) }))} onChange={(onError) => up('operationSetting', { onError })} />
    </SettingsBlock>
  );
}

function EnhancedSecurityForm({ s }: { s: Settings }): ReactElement {
  const { t } = useTranslation();
  const up = useSettingsUpdate();
  return (
    <SettingsBlock id="enhancedSecurity" title={t('wizard.settings.enhanced.title')} reference="2.3.1">
      <CheckField id="es-on" label={t('wizard.settings.enhanced.enabled')} path="enhancedSecurity.enabled" checked={s.enhancedSecurity.enabled} onChange={(enabled) => up('enhancedSecurity', { enabled })} hint={t('wizard.settings.enhanced.hint')} />
    </SettingsBlock>
  );
}

function OutOfTargetForm({ s }: { s: Settings }): ReactElement {
  const { t } = useTranslation();
  const up = useSettingsUpdate();
  return (
    <SettingsBlock id="outOfTargetOperation" title={t('wizard.settings.outOfTarget.title')} reference="2.4.4.2">
      <CheckField id="oot" label={t('wizard.settings.outOfTarget.deviceLabel')} path="outOfTargetOperation.deviceLabelAccessAuthenticated" checked={s.outOfTargetOperation.deviceLabelAccessAuthenticated} onChange={(deviceLabelAccessAuthenticated) => up('outOfTargetOperation', { deviceLabelAccessAuthenticated })} />
    </SettingsBlock>
  );
}

/** The guideline's order of the blocks; the certificate is edited with encrypted communication. */
const ORDER = ['users', 'passwordPolicy', 'lockout', 'logonMessage', 'sessionTimers', 'operationSetting', 'enhancedSecurity', 'clock', 'eventHistory', 'backupEncryption', 'encryptedCommunication', 'ipFilter', 'defaultOpenPorts', 'bandwidthLimit', 'outOfTargetOperation'] as const;

export function SettingsForms({ keys }: { keys: string[] }): ReactElement {
  const profile = useWizardStore((s) => s.session?.profile);
  const update = useSettingsUpdate();
  if (!profile) return <></>;
  const s = profile.settings;
  const system = profile.system;
  const wanted = new Set(keys.map((k) => (k === 'certificate' ? 'encryptedCommunication' : k)));
  return (
    <div className="settings-forms">
      {ORDER.filter((k) => wanted.has(k)).map((k) => {
        switch (k) {
          case 'users':
            return <UsersForm key={k} value={s.users} onChange={(value) => update('users', value)} />;
          case 'passwordPolicy':
            return <PasswordPolicyForm key={k} s={s} />;
          case 'lockout':
            return <LockoutForm key={k} s={s} />;
          case 'logonMessage':
            return <LogonMessageForm key={k} s={s} />;
          case 'sessionTimers':
            return <SessionTimersForm key={k} s={s} />;
          case 'operationSetting':
            return <OperationSettingForm key={k} s={s} />;
          case 'enhancedSecurity':
            return <EnhancedSecurityForm key={k} s={s} />;
          case 'clock':
            return <ClockForm key={k} s={s} />;
          case 'eventHistory':
            return <EventHistoryForm key={k} s={s} />;
          case 'backupEncryption':
            return <BackupEncryptionForm key={k} s={s} />;
          case 'encryptedCommunication':
            return <EncryptedCommunicationForm key={k} s={s} system={system} />;
          case 'ipFilter':
            return <IpFilterForm key={k} s={s} />;
          case 'defaultOpenPorts':
            return <DefaultOpenPortsForm key={k} s={s} system={system} />;
          case 'bandwidthLimit':
            return <BandwidthForm key={k} s={s} />;
          case 'outOfTargetOperation':
            return <OutOfTargetForm key={k} s={s} />;
        }
      })}
    </div>
  );
}
