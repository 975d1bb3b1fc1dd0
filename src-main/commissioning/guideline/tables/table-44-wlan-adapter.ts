// Table 44 "Setting the security functions of the wireless LAN adapter", 8 rows, guideline l.5815,
// with the checks judged on what the adapter's web interface reports back.
import type { AdapterSnapshot, Reading } from '../../../model/device-snapshot';
import { isEnterprise, isTable46Combination, type AdapterProfile } from '../../../model/security-settings';
import { IEC_BY_FUNCTION, iec } from '../iec62443';
import { ref } from '../references';
import type { Evidence, RowCheck, RowResult, SettingsTableRow } from '../types';
import { bilingual, bilingualEach, type Bilingual, type MessageId, type MessageParams } from '../../../messages/catalogue';

export type AdapterRow = SettingsTableRow<AdapterProfile, AdapterSnapshot>;
type AdapterCheck = RowCheck<AdapterProfile, AdapterSnapshot>;

const pass = (evidence: Evidence[]): RowResult => ({ status: 'pass', evidence });
// A reason is a catalogue message (adapterCheck.*) in both languages; `reason` keeps its English for the JSON and the CLI.
const because = (reason: Bilingual): Pick<RowResult, 'reason' | 'reasonText'> => ({ reason: reason.en, reasonText: reason });
const m = (id: MessageId, params?: MessageParams): Bilingual => bilingual(id, params);
const fail = (reason: Bilingual, evidence: Evidence[]): RowResult => ({ status: 'fail', evidence, ...because(reason) });
/** `what` names the reading: a message under adapterCheck.unread. */
const notVerified = (what: MessageId): RowResult => ({ status: 'not-verified', evidence: [], ...because(bilingualEach('adapterCheck.notRead', (l) => ({ what: bilingual(what)[l] }))) });
/** Wired or wireless LAN, in each language. */
const sideText = (side: 'wired' | 'wireless'): Bilingual => bilingual(`adapterCheck.side.${side}`);
const ev = (what: string, r: Reading<unknown> | undefined): Evidence => ({ what, value: r ? { value: r.value, readAt: r.readAt } : null });
const DAY_MS = 86_400_000;
const ageDays = (since: string, now: string): number => (Date.parse(now) - Date.parse(since)) / DAY_MS;

export const encryptionEnabled: AdapterCheck = (p, s) => {
  const r = s.settings.security;
  if (!r) return notVerified('adapterCheck.unread.encryption');
  const evidence = [ev('wireless security', r)];
  if (r.value.encryption === 'none') return fail(m('adapterCheck.notEncrypted'), evidence);
  if (!isTable46Combination(r.value.authentication, r.value.encryption)) return fail(m('adapterCheck.notTable46', { authentication: r.value.authentication, encryption: r.value.encryption }), evidence);
  if (r.value.encryption !== p.settings.security.encryption) return fail(m('adapterCheck.encryptionDiffers', { device: r.value.encryption, profile: p.settings.security.encryption }), evidence);
  return pass(evidence);
};

// Project choice: Enhanced Open encrypts but does not authenticate the partner, so it does not meet
// row 2 ("authentication shall be enabled to ensure the legitimacy of the communication partner").
export const authenticationEnabled: AdapterCheck = (p, s) => {
  const r = s.settings.security;
  if (!r) return notVerified('adapterCheck.unread.authentication');
  const evidence: Evidence[] = [ev('wireless security', r), ev('RADIUS certificate', s.status.radiusCertificate)];
  if (r.value.authentication === 'Open' || r.value.authentication === 'Enhanced Open')
    return fail(m('adapterCheck.noPartnerAuthentication', { authentication: r.value.authentication }), evidence);
  if (r.value.authentication !== p.settings.security.authentication) return fail(m('adapterCheck.authenticationDiffers', { device: r.value.authentication, profile: p.settings.security.authentication }), evidence);
  if (isEnterprise(r.value.authentication)) {
    const cert = s.status.radiusCertificate;
    if (!cert) return notVerified('adapterCheck.unread.radiusCertificate');
    const want = p.settings.security.radius?.certificateFingerprint256;
    if (!cert.value || cert.value.fingerprint256 !== want) return fail(m('adapterCheck.radiusCertificateMissing'), evidence);
  }
  return pass(evidence);
};

const macFilter = (side: 'wired' | 'wireless'): AdapterCheck => (p, s) => {
  const r = s.settings.macFilter;
  if (!r) return notVerified(`adapterCheck.unread.macFilter.${side}`);
  const evidence = [ev('MAC address filters', r)];
  const got = r.value[side];
  const want = p.settings.macFilter[side];
  if (!got.enabled) return fail(bilingualEach('adapterCheck.macFilterOff', (l) => ({ side: sideText(side)[l] })), evidence);
  const extra = got.entries.filter((m) => !want.entries.includes(m));
  const missing = want.entries.filter((m) => !got.entries.includes(m));
  if (extra.length || missing.length) {
    const parts: Bilingual[] = [bilingualEach('adapterCheck.macFilterDiffers', (l) => ({ side: sideText(side)[l] }))];
    if (extra.length) parts.push(m('adapterCheck.macNotInProfile', { addresses: extra.join(', ') }));
    if (missing.length) parts.push(m('adapterCheck.macMissing', { addresses: missing.join(', ') }));
    return fail({ en: `${parts.map((x) => x.en).join('; ')}.`, ja: `${parts.map((x) => x.ja).join('。')}。` }, evidence);
  }
  return pass(evidence);
};

export const wiredMacFilter = macFilter('wired');
export const wirelessMacFilter = macFilter('wireless');

export const stealthSsid: AdapterCheck = (p, s) => {
  const mode = s.settings.operationMode;
  const r = s.settings.stealthSsid;
  if (!mode || !r) return notVerified('adapterCheck.unread.stealthSsid');
  const evidence = [ev('operation mode', mode), ev('stealth SSID', r)];
  // 4.4.4: the stealth SSID is the access point's; a station announces no SSID.
  if (mode.value === 'STA') return { status: 'not-applicable', evidence, ...because(m('adapterCheck.stationNoStealth')) };
  return r.value ? pass(evidence) : fail(m('adapterCheck.ssidAnnounced'), evidence);
};

export const passwordChangedPeriodically: AdapterCheck = (p, s) => {
  const r = s.status.passwordChangedAt;
  if (!r) return notVerified('adapterCheck.unread.passwordChangedAt');
  const evidence: Evidence[] = [ev('password last changed', r), { what: 'change interval (days)', value: p.settings.webPassword.changeIntervalDays }];
  if (!r.value) return fail(m('adapterCheck.passwordNeverChanged'), evidence);
  const age = ageDays(r.value, s.takenAt);
  if (age > p.settings.webPassword.changeIntervalDays) return fail(m('adapterCheck.passwordTooOld', { days: Math.floor(age), interval: p.settings.webPassword.changeIntervalDays }), evidence);
  return pass(evidence);
};

export const passwordHardToGuess: AdapterCheck = (p, s) => {
  const r = s.status.initialPasswordReplaced;
  if (!r) return notVerified('adapterCheck.unread.initialPassword');
  const evidence = [ev('initial password replaced', r)];
  // The strength of a new password is checked when it is entered (crypto/ password policy); the device
  // can show only that the initial one is gone.
  return r.value ? pass(evidence) : fail(m('adapterCheck.initialPassword'), evidence);
};

export const logsReadPeriodically: AdapterCheck = (p, s) => {
  const logging = s.settings.logging;
  const last = s.status.logLastReadOutAt;
  if (!logging || !last) return notVerified('adapterCheck.unread.logging');
  const evidence = [ev('logging', logging), ev('last log read-out', last)];
  if (!logging.value.enabled) return fail(m('adapterCheck.loggingOff'), evidence);
  if (!last.value) return fail(m('adapterCheck.logsNeverRead'), evidence);
  const age = ageDays(last.value, s.takenAt);
  if (age > p.settings.logging.readOutIntervalDays) return fail(m('adapterCheck.logsTooOld', { days: Math.floor(age), interval: p.settings.logging.readOutIntervalDays }), evidence);
  return pass(evidence);
};

const row = (n: number, line: number, section: string, item: AdapterRow['item'], requirement: AdapterRow['requirement'], guidelineValue: AdapterRow['guidelineValue'], settingKeys: AdapterRow['settingKeys'], check: AdapterCheck, extraIec: AdapterRow['iec'] = []): AdapterRow => ({
  id: `table44.row${n}`,
  table: '44',
  row: n,
  item,
  requirement,
  guidelineValue,
  references: [ref.table('44', n, line), ref.section(section)],
  iec: [...IEC_BY_FUNCTION.wireless, ...extraIec],
  verification: 'device',
  settingKeys,
  // Read by devices/wlan-adapter/wlan-adapter-driver.ts (readSnapshot) over the web interface.
  driver: 'available',
  check,
});

const PW_ITEM = { en: 'Password authentication', ja: 'パスワード認証' };
const MAC_SECTION = '4.4.3';

export const TABLE_44_WLAN_ADAPTER: readonly AdapterRow[] = [
  row(1, 5819, '4.4.1', { en: 'Wireless encryption mode', ja: '無線暗号化モード' }, { en: 'Encryption shall be enabled to prevent communication interception.', ja: '通信の傍受を防ぐため、暗号化を有効にすること。' }, { en: 'AES (Table 46)', ja: 'AES（表46）' }, ['security'], encryptionEnabled, [iec('CR 4.1')]),
  row(2, 5824, '4.4.2', { en: 'Wireless authentication mode', ja: '無線認証モード' }, { en: 'Authentication shall be enabled to ensure the legitimacy of the communication partner.', ja: '通信相手の正当性を確保するため、認証を有効にすること。' }, { en: 'WPA3 recommended (4.4.2.1); RADIUS certificate written for Enterprise', ja: 'WPA3推奨（4.4.2.1）、Enterpriseの場合はRADIUS証明書を書込み' }, ['security'], authenticationEnabled, [iec('CR 1.9')]),
  row(3, 5832, MAC_SECTION, { en: 'Wired LAN MAC address filter', ja: '有線LAN MACアドレスフィルタ' }, { en: 'Accesses from external devices on the wired LAN side shall be restricted with the wired LAN MAC address filter.', ja: '有線LAN側の外部機器からのアクセスを有線LAN MACアドレスフィルタで制限すること。' }, { en: 'Enabled; only registered devices', ja: '有効、登録機器のみ' }, ['macFilter'], wiredMacFilter, [iec('CR 5.1', { bestFit: true })]),
  row(4, 5840, MAC_SECTION, { en: 'Wireless LAN MAC address filter', ja: '無線LAN MACアドレスフィルタ' }, { en: 'Accesses from external devices on the wireless LAN side shall be restricted with the wireless LAN MAC address filter.', ja: '無線LAN側の外部機器からのアクセスを無線LAN MACアドレスフィルタで制限すること。' }, { en: 'Enabled; only registered devices', ja: '有効、登録機器のみ' }, ['macFilter'], wirelessMacFilter),
  row(5, 5846, '4.4.4', { en: 'Stealth SSID', ja: 'ステルスSSID' }, { en: 'The stealth SSID shall be enabled to prevent unintended devices from connecting.', ja: '意図しない機器の接続を防ぐため、ステルスSSIDを有効にすること。' }, { en: 'Enabled (access point)', ja: '有効（アクセスポイント）' }, ['stealthSsid', 'operationMode'], stealthSsid),
  row(6, 5851, '4.4.5', PW_ITEM, { en: 'Passwords shall be periodically changed.', ja: 'パスワードは定期的に変更すること。' }, { en: 'Changed within the interval (project choice: 180 days)', ja: '変更間隔以内に変更（プロジェクトの選択：180日）' }, ['webPassword'], passwordChangedPeriodically, [iec('CR 1.7 RE1'), iec('CR 1.5')]),
  row(7, 5853, '4.4.5', PW_ITEM, { en: 'Each password shall be difficult to guess.', ja: 'パスワードは推測されにくいものにすること。' }, { en: 'Initial password replaced by a strong one', ja: '初期パスワードを強いパスワードに変更' }, ['webPassword'], passwordHardToGuess, [iec('CR 1.7'), iec('CR 1.5')]),
  row(8, 5855, '4.4.6', { en: 'Logging function', ja: 'ロギング機能' }, { en: 'Logs shall be periodically read to a personal computer, since the oldest entries are overwritten when the storage size is exceeded.', ja: '保存容量を超えると古いログから上書きされるため、定期的にログをパソコンへ読み出すこと。' }, { en: 'Read out within the interval (project choice: 30 days)', ja: '読出し間隔以内に読出し（プロジェクトの選択：30日）' }, ['logging'], logsReadPeriodically, [iec('CR 2.8'), iec('CR 2.9'), iec('CR 6.1')]),
];
