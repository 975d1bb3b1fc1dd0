// The rows Table 9 (MX-R) and Table 27 (MX-F) share, by topic: the text of each row (summarized
// faithfully, English and Japanese), the guideline's value, the IEC 62443-4-2 requirements and the check.
// The two table files list their rows by number, line and section and pick a topic here, so a reader
// can lay each table file beside the guideline page and see every row once.
import type { ControllerSnapshot } from '../../../model/device-snapshot';
import type { ControllerProfile, ControllerSettingKey } from '../../../model/security-settings';
import { IEC_BY_FUNCTION, type IecMapping } from '../iec62443';
import { ref } from '../references';
import type { Bilingual, Evidence, SettingsTableRow } from '../types';
import * as checks from './controller-checks';
import { moduleConfigurationEvidence } from './module-configuration-evidence';

interface Topic {
  item: Bilingual;
  requirement: Bilingual;
  guidelineValue: Bilingual;
  iec: readonly IecMapping[];
  verification: 'device' | 'attestation';
  settingKeys: ControllerSettingKey[];
}

const UA_ITEM: Bilingual = { en: 'User authentication function', ja: 'ユーザ認証機能' };
const EH_ITEM: Bilingual = { en: 'Event history function', ja: 'イベント履歴機能' };
const EC_ITEM: Bilingual = { en: 'Encrypted communication function', ja: '暗号化通信機能' };
const PORT_ITEM: Bilingual = { en: 'Usage setting function of default open port', ja: 'デフォルトオープンポートの使用設定機能' };
const BW_ITEM: Bilingual = { en: 'Bandwidth limitation function against DoS attack', ja: 'DoS攻撃に対する帯域制限機能' };

export const CONTROLLER_TOPICS = {
  userAuthenticationFirst: {
    item: UA_ITEM,
    requirement: {
      en: 'User authentication shall be enabled before setting and operating the encrypted communication, IP filter, usage setting function of default open port, bandwidth limitation function against DoS attack, and time setting.',
      ja: '暗号化通信、IPフィルタ、デフォルトオープンポートの使用設定機能、DoS攻撃に対する帯域制限機能、時刻設定を設定・操作する前に、ユーザ認証を有効にすること。',
    },
    guidelineValue: { en: 'Enabled (with at least one Administrator), first of all security settings', ja: '有効（Administratorを1名以上登録）、他のセキュリティ設定より先' },
    iec: IEC_BY_FUNCTION.usersAndAuthorities,
    verification: 'device',
    settingKeys: ['users'],
  },
  operationAuthority: {
    item: UA_ITEM,
    requirement: { en: 'Operation authority for each user group shall be set properly.', ja: 'ユーザグループごとの操作権限を適切に設定すること。' },
    guidelineValue: { en: 'Users and group authorities on the device equal the profile (least authority for user-defined groups)', ja: '機器上のユーザとグループ権限がプロファイルと一致（ユーザ定義グループは最小権限）' },
    iec: IEC_BY_FUNCTION.usersAndAuthorities,
    verification: 'device',
    settingKeys: ['users'],
  },
  passwordExpiry: {
    item: UA_ITEM,
    requirement: { en: 'Passwords shall be periodically changed (enabling the password expiration date setting is recommended).', ja: 'パスワードは定期的に変更すること（パスワード有効期限設定を有効にすることを推奨）。' },
    guidelineValue: { en: 'Password expiration date setting enabled', ja: 'パスワード有効期限設定：有効' },
    iec: IEC_BY_FUNCTION.passwordExpiry,
    verification: 'device',
    settingKeys: ['passwordPolicy'],
  },
  passwordStrength: {
    item: UA_ITEM,
    requirement: { en: 'Each password shall be difficult to guess (setting the password strength to "Strong" is recommended).', ja: 'パスワードは推測されにくいものにすること（パスワード強度設定を「強」にすることを推奨）。' },
    guidelineValue: { en: 'Password strength "Strong"', ja: 'パスワード強度「強」' },
    iec: IEC_BY_FUNCTION.passwordStrength,
    verification: 'device',
    settingKeys: ['passwordPolicy'],
  },
  lockout: {
    item: UA_ITEM,
    requirement: { en: 'Appropriate lockout time and number of failures before lockout shall be set.', ja: '適切なロックアウト時間とロックアウト回数を設定すること。' },
    guidelineValue: { en: 'Set (values: project choice, see docs/project-choices.md)', ja: '設定済み（値はプロジェクトの選択）' },
    iec: IEC_BY_FUNCTION.lockout,
    verification: 'device',
    settingKeys: ['lockout'],
  },
  logonMessage: {
    item: UA_ITEM,
    requirement: { en: 'Appropriate usage notification messages giving warning to the logged-on users shall be set.', ja: 'ログオンしたユーザに警告する適切な使用通知メッセージを設定すること。' },
    guidelineValue: { en: 'A warning message is shown at logon', ja: 'ログオン時に警告メッセージを表示' },
    iec: IEC_BY_FUNCTION.logonMessage,
    verification: 'device',
    settingKeys: ['logonMessage'],
  },
  otherModulesProtected: {
    item: UA_ITEM,
    requirement: {
      en: 'Communication requests via a module other than a controller are out of the user authentication targets, so a network to which such a module is connected shall be protected by the module\'s security functions (e.g., IP filter) or by an external device (e.g., firewall).',
      ja: 'コントローラ以外のユニット経由の通信要求はユーザ認証の対象外のため、そのユニットが接続されたネットワークは、ユニットのセキュリティ機能（IPフィルタ等）または外部機器（ファイアウォール等）で保護すること。',
    },
    guidelineValue: {
      en: 'Attested by the operator (network of other modules protected); the modules the device reports are listed as evidence',
      ja: '作業者が確認（他ユニットのネットワークを保護）。機器が報告するユニットを証跡に表示',
    },
    iec: IEC_BY_FUNCTION.ipFilter,
    verification: 'attestation',
    settingKeys: [],
  },
  sessionTimers: {
    item: { en: 'User authentication function, Ethernet communication function, FTP server function', ja: 'ユーザ認証機能、Ethernet通信機能、FTPサーバ機能' },
    requirement: { en: 'Appropriate timers for connection and session shall be set.', ja: '接続およびセッションのタイマを適切に設定すること。' },
    guidelineValue: { en: 'Logoff timeout, alive check and FTP session timers set (values: project choice)', ja: 'ログオフタイムアウト、生存確認、FTPセッションタイマを設定（値はプロジェクトの選択）' },
    iec: IEC_BY_FUNCTION.sessionTimers,
    verification: 'device',
    settingKeys: ['sessionTimers'],
  },
  eventHistoryEnabled: {
    item: EH_ITEM,
    requirement: { en: 'The event history function shall be enabled (with the data memory as the save destination, 2.4.5).', ja: 'イベント履歴機能を有効にすること（保存先はデータメモリ、2.4.5）。' },
    guidelineValue: { en: 'Enabled, saved to the data memory', ja: '有効、保存先：データメモリ' },
    iec: [...IEC_BY_FUNCTION.eventHistoryEnabled, ...IEC_BY_FUNCTION.eventHistoryInDataMemory],
    verification: 'device',
    settingKeys: ['eventHistory'],
  },
  eventHistorySize: {
    item: EH_ITEM,
    requirement: { en: 'An appropriate storage size of the event history shall be set.', ja: 'イベント履歴の適切な保存容量を設定すること。' },
    guidelineValue: { en: 'Size set (value: project choice)', ja: '容量を設定（値はプロジェクトの選択）' },
    iec: IEC_BY_FUNCTION.eventHistorySize,
    verification: 'device',
    settingKeys: ['eventHistory'],
  },
  eventHistoryBackup: {
    item: EH_ITEM,
    requirement: { en: 'The event history shall be periodically backed up to a personal computer, since the oldest entries are overwritten when the storage size is exceeded.', ja: '保存容量を超えると古い履歴から上書きされるため、イベント履歴を定期的にパソコンへバックアップすること。' },
    guidelineValue: { en: 'Attested by the operator (backup interval recorded in the profile)', ja: '作業者が確認（バックアップ間隔をプロファイルに記録）' },
    iec: IEC_BY_FUNCTION.eventHistorySize,
    verification: 'attestation',
    settingKeys: ['eventHistory'],
  },
  correctTime: {
    item: EH_ITEM,
    requirement: { en: 'The correct time shall be set so that the time stamps are recorded correctly.', ja: 'タイムスタンプが正しく記録されるよう、正しい時刻を設定すること。' },
    guidelineValue: { en: 'Controller clock within the allowed offset of the PC (project choice: 2 s)', ja: 'コントローラの時計がパソコンとの許容差以内（プロジェクトの選択：2秒）' },
    iec: IEC_BY_FUNCTION.correctTime,
    verification: 'device',
    settingKeys: ['clock'],
  },
  tamperCheck: {
    item: EH_ITEM,
    requirement: { en: 'The manipulation check function for event history shall be enabled.', ja: 'イベント履歴の改ざんチェック機能を有効にすること。' },
    guidelineValue: { en: 'Enabled', ja: '有効' },
    iec: IEC_BY_FUNCTION.eventHistoryTamperCheck,
    verification: 'device',
    settingKeys: ['eventHistory'],
  },
  backupEncryption: {
    item: { en: 'Backup/restoration function', ja: 'バックアップ/リストア機能' },
    requirement: { en: 'Encryption setting of backup data shall be performed.', ja: 'バックアップデータの暗号化設定を行うこと。' },
    guidelineValue: { en: '"Encrypt"', ja: '「暗号化する」' },
    iec: IEC_BY_FUNCTION.encryptedBackups,
    verification: 'device',
    settingKeys: ['backupEncryption'],
  },
  encryptBeyondTrustBoundary: {
    item: EC_ITEM,
    requirement: { en: 'Communications with external devices beyond the trust boundary shall be encrypted.', ja: '信頼境界を越える外部機器との通信は暗号化すること。' },
    guidelineValue: { en: 'TLS on every function used beyond the trust boundary (Table 13)', ja: '信頼境界外で使う全通信機能でTLS（表13）' },
    iec: IEC_BY_FUNCTION.encryptedCommunication,
    verification: 'device',
    settingKeys: ['encryptedCommunication', 'certificate'],
  },
  encryptViaBuiltInPorts: {
    item: EC_ITEM,
    requirement: { en: 'Communications that require encryption shall be performed on the network ports built into the controller.', ja: '暗号化が必要な通信は、コントローラ内蔵のネットワークポートで行うこと。' },
    guidelineValue: { en: 'Attested by the operator (encrypted traffic uses built-in ports only)', ja: '作業者が確認（暗号化通信は内蔵ポートのみ）' },
    iec: IEC_BY_FUNCTION.encryptedCommunication,
    verification: 'attestation',
    settingKeys: [],
  },
  certificateOneYear: {
    item: EC_ITEM,
    requirement: { en: 'The expiration date of the certificate used for encrypted communications shall be set to one year (default setting).', ja: '暗号化通信に使用する証明書の有効期限は1年（初期設定）にすること。' },
    guidelineValue: { en: '365 days (one year, the default)', ja: '365日（1年、初期設定）' },
    iec: IEC_BY_FUNCTION.encryptedCommunication,
    verification: 'device',
    settingKeys: ['certificate'],
  },
  ipFilter: {
    item: { en: 'IP filter function', ja: 'IPフィルタ機能' },
    requirement: { en: 'Accesses from external devices shall be restricted with the IP filter.', ja: '外部機器からのアクセスをIPフィルタで制限すること。' },
    guidelineValue: { en: 'Enabled; only the permitted external devices allowed (2.4.8)', ja: '有効、許可する外部機器のみ許可（2.4.8）' },
    iec: IEC_BY_FUNCTION.ipFilter,
    verification: 'device',
    settingKeys: ['ipFilter'],
  },
  unusedPortsClosed: {
    item: PORT_ITEM,
    requirement: { en: 'Unused ports shall be set as closed.', ja: '使用しないポートはクローズに設定すること。' },
    guidelineValue: { en: 'Closed unless in use', ja: '使用するもの以外はクローズ' },
    iec: IEC_BY_FUNCTION.defaultOpenPorts,
    verification: 'device',
    settingKeys: ['defaultOpenPorts', 'enhancedSecurity'],
  },
  outsideViaBuiltInPorts: {
    item: PORT_ITEM,
    requirement: { en: 'Communications with the outside of the trust boundary shall be performed using the network ports built into the controller.', ja: '信頼境界外との通信は、コントローラ内蔵のネットワークポートを使用して行うこと。' },
    guidelineValue: { en: 'Attested by the operator', ja: '作業者が確認' },
    iec: IEC_BY_FUNCTION.defaultOpenPorts,
    verification: 'attestation',
    settingKeys: [],
  },
  bandwidthLimit: {
    item: BW_ITEM,
    requirement: { en: 'The bandwidth limitation function against DoS attack shall be set.', ja: 'DoS攻撃に対する帯域制限機能を設定すること。' },
    guidelineValue: { en: 'Send and receive bandwidth set from the normal bandwidth measured on site', ja: '現場で確認した通常帯域をもとに送信・受信帯域を設定' },
    iec: IEC_BY_FUNCTION.bandwidthLimit,
    verification: 'device',
    settingKeys: ['bandwidthLimit'],
  },
  dosCountermeasuresCombined: {
    item: { en: 'Bandwidth limitation function against DoS attack, IP filter, and usage setting function of default open port', ja: 'DoS攻撃に対する帯域制限機能、IPフィルタ、デフォルトオープンポートの使用設定機能' },
    requirement: {
      en: 'Use the countermeasures against DoS attacks together with other countermeasures against illegal access: the IP filter, the usage setting function of default open port and the bandwidth limitation function.',
      ja: 'DoS攻撃対策は、IPフィルタ、デフォルトオープンポートの使用設定機能、帯域制限機能など、他の不正アクセス対策と併用すること。',
    },
    guidelineValue: { en: 'Bandwidth limitation on, with the IP filter or closed default ports', ja: '帯域制限を有効にし、IPフィルタまたはポートクローズと併用' },
    iec: IEC_BY_FUNCTION.bandwidthLimit,
    verification: 'device',
    settingKeys: ['bandwidthLimit', 'ipFilter', 'defaultOpenPorts'],
  },
} satisfies Record<string, Topic>;

export type ControllerTopic = keyof typeof CONTROLLER_TOPICS;

/** The check of each topic; attestation topics get theirs per row id. */
const TOPIC_CHECKS: Partial<Record<ControllerTopic, checks.ControllerCheck>> = {
  userAuthenticationFirst: checks.userAuthenticationEnabled,
  operationAuthority: checks.usersAndAuthorities,
  passwordExpiry: checks.passwordExpiry,
  passwordStrength: checks.passwordStrength,
  lockout: checks.lockout,
  logonMessage: checks.logonMessage,
  sessionTimers: checks.sessionTimers,
  eventHistoryEnabled: checks.eventHistoryEnabled,
  eventHistorySize: checks.eventHistorySize,
  correctTime: checks.correctTime,
  tamperCheck: checks.tamperCheck,
  backupEncryption: checks.backupEncryption,
  encryptBeyondTrustBoundary: checks.encryptBeyondTrustBoundary,
  certificateOneYear: checks.certificateOneYear,
  ipFilter: checks.ipFilterRestricts,
  unusedPortsClosed: checks.unusedPortsClosed,
  bandwidthLimit: checks.bandwidthLimit,
  dosCountermeasuresCombined: checks.dosCountermeasuresCombined,
};

/** What the device reports that an attestation row covers (shown beside the attestation, never judged). */
const ATTESTATION_EVIDENCE: Partial<Record<ControllerTopic, (s: ControllerSnapshot) => Evidence[]>> = {
  otherModulesProtected: (s) => [moduleConfigurationEvidence(s)],
};

export type ControllerRow = SettingsTableRow<ControllerProfile, ControllerSnapshot> & { topic: ControllerTopic };

/** One row of Table 9 or 27: its number, the line where it starts and the section it cites. */
export function controllerRow(table: '9' | '27', row: number, line: number, section: string, topic: ControllerTopic): ControllerRow {
  const t: Topic = CONTROLLER_TOPICS[topic];
  const id = `table${table}.row${row}`;
  const check = t.verification === 'attestation' ? checks.attestation(id, ATTESTATION_EVIDENCE[topic]) : TOPIC_CHECKS[topic];
  if (!check) throw new Error(`Table ${table} row ${row}: the topic ${topic} has no check`);
  return {
    id,
    table,
    row,
    topic,
    item: t.item,
    requirement: t.requirement,
    guidelineValue: t.guidelineValue,
    references: [ref.table(table, row, line), ref.section(section)],
    iec: [...t.iec],
    verification: t.verification,
    settingKeys: t.settingKeys,
    // MxControllerDriver reads every device row back from the virtual controllers; a real controller
    // is observe-only (its security protocol is not public) and the operator performs those steps.
    driver: t.verification === 'attestation' ? 'not-needed' : 'available',
    check,
  };
}
