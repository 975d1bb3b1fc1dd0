// The ordering rules and self-lockout guards the guideline states (or that follow directly from what it
// states), as data, plus two pure functions: the write order the rules require, and a predicate per rule
// that is a pure condition. The commissioning engine (written later) enforces them; this file only says
// what they are and decides them on facts it is given.
import type { LinkKind } from '../../links/link';
import type { AdapterSettingKey, ControllerSettingKey, SecuritySystem, SettingKey } from '../../model/security-settings';
import { ref, type GuidelineReference } from './references';
import type { Bilingual } from './types';

export type RuleKind = 'order' | 'guard' | 'precondition' | 'reminder' | 'recommendation';

export interface OrderingRule {
  id: string;
  statement: Bilingual;
  references: GuidelineReference[];
  appliesTo: SecuritySystem[];
  kind: RuleKind;
  /** True when checkRule can decide it from facts; false when it is an order (see orderSettingsWrites) or a reminder. */
  decidable: boolean;
}

const CONTROLLERS: SecuritySystem[] = ['mx-r', 'mx-f'];

export const ORDERING_RULES = [
  {
    id: 'order.user-authentication-first',
    statement: {
      en: 'Enable user authentication (write the user information and log on as an Administrator) before setting or operating encrypted communication, the IP filter, the usage setting of default open ports, the bandwidth limitation against DoS attack and the time setting.',
      ja: '暗号化通信、IPフィルタ、デフォルトオープンポートの使用設定、DoS攻撃に対する帯域制限、時刻設定を設定・操作する前に、ユーザ認証を有効にし（ユーザ情報を書き込み）、Administratorとしてログオンすること。',
    },
    references: [ref.table('9', 1, 1060), ref.table('27', 1, 3414), ref.section('2.4.4.2'), ref.section('3.4.4.2')],
    appliesTo: CONTROLLERS,
    kind: 'order',
    decidable: true,
  },
  {
    id: 'order.encryption-by-link',
    statement: {
      en: 'Set encrypted communication according to the link used: A over USB (direct, no eavesdropping); B over Ethernet only from inside the trust boundary, first for the engineering tool, then for the other communication functions; then C for the external devices other than the engineering tool (for another controller of this family, over USB).',
      ja: '暗号化通信は設定時の接続方法に応じて設定すること：A USB接続（直結のため盗聴の脅威なし）、B Ethernet接続は信頼境界内からのみ、まずエンジニアリングツールとの通信、次にその他の通信機能、その後 C エンジニアリングツール以外の外部機器（同じコントローラの場合はUSB経由を推奨）。',
    },
    references: [ref.section('2.4.7.1', 'A', 1704), ref.section('2.4.7.1', 'B'), ref.section('2.4.7.1', 'C'), ref.section('3.4.7.1', 'A')],
    appliesTo: CONTROLLERS,
    kind: 'order',
    decidable: true,
  },
  {
    id: 'order.clock-before-certificates',
    statement: {
      en: 'Set the controller clock correctly before creating or relying on certificates; a certificate within 90 days of expiry raises an event and is renewed by deleting it, creating a new one and setting it on the client.',
      ja: '証明書を作成・使用する前にコントローラの時刻を正しく設定すること。有効期限90日前にイベントが発生したら、削除・新規作成・クライアントへの設定の順で更新すること。',
    },
    references: [ref.section('2.4.7.3'), ref.section('3.4.7.3'), ref.table('9', 12, 1120)],
    appliesTo: CONTROLLERS,
    kind: 'order',
    decidable: true,
  },
  {
    id: 'guard.pc-allowed-before-ip-filter',
    statement: {
      en: 'Do not enable the IP filter (or the enhanced security setting, which turns it on as an empty allow-list) over Ethernet unless this PC\'s address is allowed: otherwise the PC locks itself out.',
      ja: 'Ethernet接続中は、このパソコンのIPアドレスが許可されていない限り、IPフィルタ（および空の許可リストでIPフィルタを有効にするセキュリティ強化設定）を有効にしないこと。',
    },
    references: [ref.section('2.4.8'), ref.section('3.4.8')],
    appliesTo: CONTROLLERS,
    kind: 'guard',
    decidable: true,
  },
  {
    id: 'guard.service-in-use-needs-tls-path',
    statement: {
      en: 'Do not close the default open port of the service this PC is using unless a TLS path to the controller has been verified: otherwise the PC loses its connection.',
      ja: 'コントローラへのTLS経路を確認するまで、このパソコンが使用中のサービスのデフォルトオープンポートをクローズしないこと。',
    },
    references: [ref.section('2.4.9.1', '2'), ref.section('3.4.9.1', '2')],
    appliesTo: CONTROLLERS,
    kind: 'guard',
    decidable: true,
  },
  {
    id: 'guard.last-administrator',
    statement: {
      en: 'The last user of the Administrators group cannot be removed: only Administrators unlock users, write and initialize, and an Administrator\'s password is reset only by that Administrator.',
      ja: 'Administratorsグループの最後のユーザは削除できない。ロックアウト解除、書込み、初期化はAdministratorのみが行え、Administratorのパスワードは本人しかリセットできないため。',
    },
    references: [ref.section('2.4.4.3'), ref.section('3.4.4.3')],
    appliesTo: CONTROLLERS,
    kind: 'guard',
    decidable: true,
  },
  {
    id: 'recommend.second-administrator',
    statement: {
      en: 'Register a second Administrator: if every Administrator password is lost, only the initialization of all information remains, which deletes all data in the controller.',
      ja: '2人目のAdministratorを登録すること。全Administratorのパスワードを紛失すると全情報初期化（全データ消去）しか手段がない。',
    },
    references: [ref.section('2.4.4.3'), ref.section('3.4.4.3')],
    appliesTo: CONTROLLERS,
    kind: 'recommendation',
    decidable: true,
  },
  {
    id: 'order.backup-before-initialization',
    statement: {
      en: 'Back up the data (if it is needed) before initializing all information in the controller: initialization deletes devices/labels, files, security settings, event history and certificates.',
      ja: 'コントローラの全情報初期化の前に（必要なら）バックアップすること。初期化によりデバイス/ラベル、ファイル、セキュリティ設定、イベント履歴、証明書が削除される。',
    },
    references: [ref.section('2.4.1'), ref.section('2.6'), ref.section('3.4.1'), ref.section('3.6'), ref.table('17', 1, 2204)],
    appliesTo: CONTROLLERS,
    kind: 'precondition',
    decidable: true,
  },
  {
    id: 'guard.firmware-update-conditions',
    statement: {
      en: 'Update firmware or add-ons only logged on as an Administrator, with the system stopped and disconnected from other networks, using the vendor\'s file for this model; check the version afterwards.',
      ja: 'ファームウェア・アドオンの更新は、Administratorとしてログオンし、システムを停止して他ネットワークから切り離した状態で、この機種用の正規ファイルで行い、更新後にバージョンを確認すること。',
    },
    references: [ref.section('2.4.2.1'), ref.section('2.4.3.1'), ref.section('3.4.2.1'), ref.section('3.4.3.1'), ref.section('4.4.9.1')],
    appliesTo: ['mx-r', 'mx-f', 'wlan-adapter'],
    kind: 'precondition',
    decidable: true,
  },
  {
    id: 'reminder.backup-encryption-not-restored',
    statement: {
      en: 'The encryption setting of backups is not restored by a restoration: set "encrypt" again after restoring.',
      ja: 'バックアップの暗号化設定はリストア対象外のため、リストア後に再度「暗号化する」を設定すること。',
    },
    references: [ref.section('2.4.6.1'), ref.section('3.4.6.1')],
    appliesTo: CONTROLLERS,
    kind: 'reminder',
    decidable: true,
  },
  {
    id: 'order.disposal',
    statement: {
      en: 'To remove or dispose of the device: back up if needed, initialize all information, then remove the SD memory card (initialization does not erase it). For the adapter, initialize the settings and delete the logs separately.',
      ja: '取り外し・廃棄時は、必要に応じてバックアップし、全情報を初期化してから、SDメモリカードを取り外すこと（初期化ではSDメモリカードは消去されない）。無線LANアダプタは設定を初期化し、ログを個別に削除すること。',
    },
    references: [ref.section('2.6'), ref.section('3.6'), ref.section('4.4.8'), ref.table('45', 1, 5867)],
    appliesTo: ['mx-r', 'mx-f', 'wlan-adapter'],
    kind: 'order',
    decidable: true,
  },
  {
    id: 'order.adapter-password-first',
    statement: {
      en: 'On the wireless LAN adapter, replace the initial login password of the web interface and change default authentication information (encryption keys) before enabling the other functions.',
      ja: '無線LANアダプタでは、他の機能を有効にする前に、Webインタフェースの初期ログインパスワードと、暗号化キーなどの初期認証情報を変更すること。',
    },
    references: [ref.section('4.4.2.1'), ref.section('4.4.5'), ref.table('37', 9)],
    appliesTo: ['wlan-adapter'],
    kind: 'order',
    decidable: true,
  },
  {
    id: 'guard.pc-mac-allowed-before-mac-filter',
    statement: {
      en: 'Do not enable the MAC address filter of the side this PC uses unless this PC\'s MAC address is registered in it: otherwise the PC locks itself out of the web interface.',
      ja: 'このパソコンのMACアドレスを登録するまで、このパソコンが使用している側のMACアドレスフィルタを有効にしないこと。',
    },
    references: [ref.section('4.4.3')],
    appliesTo: ['wlan-adapter'],
    kind: 'guard',
    decidable: true,
  },
] as const satisfies readonly OrderingRule[];

export type OrderingRuleId = (typeof ORDERING_RULES)[number]['id'];

export function ruleById(id: OrderingRuleId): OrderingRule {
  const r = ORDERING_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`unknown rule ${id}`);
  return r;
}

// ---------------------------------------------------------------------------------------------------
// Write order
// ---------------------------------------------------------------------------------------------------
export interface OrderingContext {
  system: SecuritySystem;
  linkKind?: LinkKind | 'http' | 'https';
  /** The link the app will use after the restart (ethernet-tls when it reconnects over TLS). */
  laterLinkKind?: LinkKind;
  /** Operator attestation that the Ethernet link runs inside the trust boundary (2.4.7.1 procedure B). */
  insideTrustBoundary?: boolean;
  /** The device already has user authentication on and the app is logged on as an Administrator. */
  loggedOnAsAdministrator?: boolean;
  /** Facts for checkRule; each missing fact makes the rule 'unknown' rather than satisfied. */
  pcAddress?: string;
  ipFilter?: { enabled: boolean; mode: 'allow' | 'deny'; addresses: string[] };
  enhancedSecurityEnabled?: boolean;
  /** Whether the change about to be written closes the default open port of the service the PC uses. */
  closesServiceInUse?: boolean;
  tlsPathVerified?: boolean;
  clockOffsetSeconds?: number;
  maxClockOffsetSeconds?: number;
  administratorsAfterChange?: number;
  backupTakenOrDeclined?: boolean;
  cpuState?: 'RUN' | 'STOP' | 'PAUSE' | 'unknown';
  disconnectedFromOtherNetworks?: boolean;
  restoredSinceEncryptionSet?: boolean;
  /** Disposal: the initialization of all information was done and proven (factory state read back). */
  initializedAll?: boolean;
  /** Disposal: the operator said what became of the SD memory card (removed and kept, destroyed, none inserted). */
  sdCardHandled?: boolean;
  /** Disposal of the adapter: its logs were deleted with the logging function and read back empty (4.4.8). */
  logsDeleted?: boolean;
  initialPasswordReplaced?: boolean;
  pcMac?: string;
  pcSide?: 'wired' | 'wireless';
  macFilter?: { wired: { enabled: boolean; entries: string[] }; wireless: { enabled: boolean; entries: string[] } };
}

export type WritePlanItem =
  | { action: 'write'; key: SettingKey; scope?: 'engineering-tool' | 'other-functions'; ruleIds: OrderingRuleId[]; requires: OrderingRuleId[] }
  | { action: 'logon'; ruleIds: OrderingRuleId[]; requires: OrderingRuleId[] };

/**
 * Project choice: where the guideline gives no order among the remaining settings, this is the order:
 * session settings of user authentication, then the clock (time stamps and certificate dates depend on
 * it, Table 9 row 12, 2.4.7.3), event history, backup encryption, certificate and encrypted
 * communication (so a TLS path exists before ports close), the IP filter entries (so this PC is allowed
 * before the enhanced security setting turns the filter on as an empty allow-list), the enhanced
 * security setting, default open ports, bandwidth limitation, operation setting.
 */
export const CONTROLLER_WRITE_ORDER: readonly ControllerSettingKey[] = [
  'users', 'passwordPolicy', 'lockout', 'logonMessage', 'sessionTimers', 'outOfTargetOperation', 'clock', 'eventHistory', 'backupEncryption', 'certificate',
  'encryptedCommunication', 'ipFilter', 'enhancedSecurity', 'defaultOpenPorts', 'bandwidthLimit', 'operationSetting',
];
/** Project choice: password first (4.4.5, 4.4.2.1), then radio and security, filters last (self-lockout guard). */
export const ADAPTER_WRITE_ORDER: readonly AdapterSettingKey[] = ['webPassword', 'operationMode', 'ssid', 'channel', 'security', 'stealthSsid', 'logging', 'settingsBackup', 'macFilter'];

/** The settings that Table 9/27 row 1 says come after user authentication. */
const AFTER_USER_AUTHENTICATION: ReadonlySet<SettingKey> = new Set<SettingKey>(['encryptedCommunication', 'certificate', 'ipFilter', 'defaultOpenPorts', 'enhancedSecurity', 'bandwidthLimit', 'clock']);

export class OrderingError extends Error {
  readonly code: 'UNKNOWN_SETTING_KEY';
  constructor(readonly key: string, system: SecuritySystem) {
    super(`"${key}" is not a setting of ${system}; the profile and the app disagree, update the app.`);
    this.code = 'UNKNOWN_SETTING_KEY';
    this.name = 'OrderingError';
  }
}

export function orderSettingsWrites(settingKeys: readonly SettingKey[], context: OrderingContext): WritePlanItem[] {
  const order: readonly SettingKey[] = context.system === 'wlan-adapter' ? ADAPTER_WRITE_ORDER : CONTROLLER_WRITE_ORDER;
  for (const k of settingKeys) if (!order.includes(k)) throw new OrderingError(k, context.system);
  const wanted = new Set(settingKeys);
  const plan: WritePlanItem[] = [];
  const first: SettingKey = context.system === 'wlan-adapter' ? 'webPassword' : 'users';
  const firstRule: OrderingRuleId = context.system === 'wlan-adapter' ? 'order.adapter-password-first' : 'order.user-authentication-first';
  if (wanted.has(first)) plan.push({ action: 'write', key: first, ruleIds: [firstRule], requires: [] });
  const rest = order.filter((k) => k !== first && wanted.has(k));
  if (rest.length > 0 && (wanted.has(first) || !context.loggedOnAsAdministrator)) plan.push({ action: 'logon', ruleIds: [firstRule], requires: [] });
  for (const key of rest) {
    const ruleIds: OrderingRuleId[] = [];
    const requires: OrderingRuleId[] = [];
    if (context.system === 'wlan-adapter') {
      ruleIds.push('order.adapter-password-first');
      if (key === 'macFilter') requires.push('guard.pc-mac-allowed-before-mac-filter');
      plan.push({ action: 'write', key, ruleIds, requires });
      continue;
    }
    if (AFTER_USER_AUTHENTICATION.has(key)) requires.push('order.user-authentication-first');
    if (key === 'certificate' || key === 'encryptedCommunication') requires.push('order.clock-before-certificates');
    if (key === 'ipFilter' || key === 'enhancedSecurity') requires.push('guard.pc-allowed-before-ip-filter');
    if (key === 'defaultOpenPorts' || key === 'enhancedSecurity') requires.push('guard.service-in-use-needs-tls-path');
    if (key === 'users') requires.push('guard.last-administrator');
    if (key === 'encryptedCommunication') {
      requires.push('order.encryption-by-link');
      // 2.4.7.1 B: over Ethernet, the engineering tool's own communication first, then the others.
      if (context.linkKind === 'ethernet' || context.linkKind === 'ethernet-tls') {
        plan.push({ action: 'write', key, scope: 'engineering-tool', ruleIds: ['order.encryption-by-link'], requires: [...requires] });
        plan.push({ action: 'write', key, scope: 'other-functions', ruleIds: ['order.encryption-by-link'], requires: [...requires] });
        continue;
      }
      ruleIds.push('order.encryption-by-link');
    }
    plan.push({ action: 'write', key, ruleIds, requires });
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------------
// Predicates
// ---------------------------------------------------------------------------------------------------
export interface RuleVerdict {
  ruleId: OrderingRuleId;
  status: 'satisfied' | 'violated' | 'unknown' | 'not-applicable';
  /** What to do, in the technician's words, when not satisfied. */
  message?: Bilingual;
  references: GuidelineReference[];
}

const ipv4ToInt = (a: string): number | undefined => {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
};

/** Whether an IPv4 address is covered by an entry (address or CIDR network). */
export function addressMatches(address: string, entry: string): boolean {
  const [net, bitsText] = entry.split('/');
  const a = ipv4ToInt(address);
  const n = ipv4ToInt(net ?? '');
  if (a === undefined || n === undefined) return false;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (a & mask) === (n & mask);
}

export function checkRule(ruleId: OrderingRuleId, context: OrderingContext): RuleVerdict {
  const rule = ruleById(ruleId);
  const base = { ruleId, references: rule.references };
  if (!rule.appliesTo.includes(context.system)) return { ...base, status: 'not-applicable' };
  const ok = (): RuleVerdict => ({ ...base, status: 'satisfied' });
  const unknown = (en: string, ja: string): RuleVerdict => ({ ...base, status: 'unknown', message: { en, ja } });
  const violated = (en: string, ja: string): RuleVerdict => ({ ...base, status: 'violated', message: { en, ja } });
  switch (ruleId) {
    case 'order.user-authentication-first':
      if (context.loggedOnAsAdministrator === undefined) return unknown('Log on to the controller first so the app can see who is logged on.', 'まずコントローラにログオンしてください。');
      return context.loggedOnAsAdministrator
        ? ok()
        : violated('Write the user information and log on as an Administrator before this setting.', 'この設定の前に、ユーザ情報を書き込み、Administratorとしてログオンしてください。');
    case 'order.encryption-by-link':
      if (context.linkKind === undefined) return unknown('Connect to the controller first.', 'まずコントローラに接続してください。');
      if (context.linkKind === 'usb' || context.linkKind === 'ethernet-tls') return ok();
      if (context.insideTrustBoundary === undefined)
        return unknown('Confirm that this PC is inside the trust boundary, or connect over USB (2.4.7.1 A/B).', 'このパソコンが信頼境界内にあることを確認するか、USBで接続してください。');
      return context.insideTrustBoundary
        ? ok()
        : violated('Setting encrypted communication over Ethernet from outside the trust boundary exposes the settings: connect over USB or from inside the trust boundary.', '信頼境界外からEthernetで暗号化通信を設定すると設定情報が漏えいするおそれがあります。USBまたは信頼境界内から接続してください。');
    case 'order.clock-before-certificates':
      if (context.clockOffsetSeconds === undefined || context.maxClockOffsetSeconds === undefined) return unknown('Read the controller clock first.', 'まずコントローラの時刻を読み出してください。');
      return Math.abs(context.clockOffsetSeconds) <= context.maxClockOffsetSeconds
        ? ok()
        : violated('Set the controller clock correctly before creating certificates: their expiration depends on it.', '証明書の有効期限が正しく働くよう、証明書の作成前にコントローラの時刻を正しく設定してください。');
    case 'guard.pc-allowed-before-ip-filter': {
      // Written over USB the filter cannot cut the cable in use, but it takes effect at the restart and
      // then guards the Ethernet path the app reconnects over (TLS), so the PC must be let in then.
      const ethernetLater = context.laterLinkKind === 'ethernet' || context.laterLinkKind === 'ethernet-tls';
      if (context.linkKind === 'usb' && !ethernetLater) return ok();
      const filterOn = context.ipFilter?.enabled || context.enhancedSecurityEnabled;
      if (context.ipFilter === undefined && context.enhancedSecurityEnabled === undefined) return unknown('The IP filter that is about to be written is not known.', '書き込むIPフィルタ設定が不明です。');
      if (!filterOn) return ok();
      if (!context.pcAddress) return unknown("This PC's address on the controller's network is not known: give it, so the IP filter can be checked against it.", 'このパソコンのIPアドレスが不明です。IPフィルタを確認できるよう指定してください。');
      const entries = context.ipFilter?.addresses ?? [];
      const listed = entries.some((e) => addressMatches(context.pcAddress!, e));
      const mode = context.ipFilter?.mode ?? 'allow';
      const allowed = mode === 'allow' ? listed : !listed;
      if (allowed) return ok();
      // Over USB the advice "write it over USB" would be no advice: the filter bites at the restart.
      return context.linkKind === 'usb'
        ? violated(`This PC (${context.pcAddress}) would be blocked by the IP filter once it takes effect at the restart, when the app reconnects over Ethernet: allow its address.`, `このパソコン（${context.pcAddress}）は、再起動でIPフィルタが有効になりEthernetで再接続する時に遮断されます。アドレスを許可してください。`)
        : violated(`This PC (${context.pcAddress}) would be blocked by the IP filter: allow its address first, or write the filter over USB.`, `このパソコン（${context.pcAddress}）がIPフィルタで遮断されます。先にアドレスを許可するか、USBで書き込んでください。`);
    }
    case 'guard.service-in-use-needs-tls-path':
      if (context.linkKind === 'usb') return ok();
      if (context.closesServiceInUse === undefined) return unknown('Whether this change closes the port in use is not known.', 'この変更で使用中のポートが閉じるか不明です。');
      if (!context.closesServiceInUse || context.tlsPathVerified) return ok();
      return violated('This closes the port this PC is using and no TLS connection to the controller has been verified: set up and test encrypted communication first, or write over USB.', 'このパソコンが使用中のポートが閉じますが、TLS接続が確認されていません。先に暗号化通信を設定・確認するか、USBで書き込んでください。');
    case 'guard.last-administrator':
      if (context.administratorsAfterChange === undefined) return unknown('The user list after the change is not known.', '変更後のユーザ一覧が不明です。');
      return context.administratorsAfterChange >= 1
        ? ok()
        : violated('Keep at least one user in the Administrators group: without one nobody can unlock, write or initialize.', 'Administratorsグループのユーザを1名以上残してください。');
    case 'recommend.second-administrator':
      if (context.administratorsAfterChange === undefined) return unknown('The user list is not known.', 'ユーザ一覧が不明です。');
      return context.administratorsAfterChange >= 2 ? ok() : violated('Register a second Administrator (2.4.4.3).', '2人目のAdministratorを登録してください。');
    case 'order.backup-before-initialization':
      if (context.backupTakenOrDeclined === undefined) return unknown('Back up the controller, or confirm that its data is not needed.', 'バックアップするか、データが不要であることを確認してください。');
      return context.backupTakenOrDeclined ? ok() : violated('Back up the controller before initializing all information, or confirm the data is not needed.', '全情報初期化の前にバックアップするか、データ不要を確認してください。');
    case 'guard.firmware-update-conditions': {
      const missing: string[] = [];
      if (context.system !== 'wlan-adapter' && context.loggedOnAsAdministrator !== true) missing.push('log on as an Administrator');
      if (context.cpuState !== 'STOP') missing.push('stop the system');
      if (context.disconnectedFromOtherNetworks !== true) missing.push('disconnect it from other networks');
      if (missing.length === 0) return ok();
      const known = context.cpuState !== undefined && context.disconnectedFromOtherNetworks !== undefined && (context.system === 'wlan-adapter' || context.loggedOnAsAdministrator !== undefined);
      const en = `Before updating: ${missing.join(', ')}.`;
      return known ? violated(en, '更新前に：Administratorでログオン、システム停止、他ネットワークからの切り離しを行ってください。') : unknown(en, '更新前の条件を確認してください。');
    }
    case 'reminder.backup-encryption-not-restored':
      if (context.restoredSinceEncryptionSet === undefined) return unknown('Whether the controller was restored since backup encryption was set is not known.', 'リストア実施の有無が不明です。');
      return context.restoredSinceEncryptionSet ? violated('The controller was restored: set backup encryption again.', 'リストアしたため、バックアップ暗号化を再設定してください。') : ok();
    case 'order.adapter-password-first':
      if (context.initialPasswordReplaced === undefined) return unknown('Log in to the adapter first.', 'まずアダプタにログインしてください。');
      return context.initialPasswordReplaced ? ok() : violated('Replace the initial login password of the adapter first.', '最初にアダプタの初期ログインパスワードを変更してください。');
    case 'guard.pc-mac-allowed-before-mac-filter': {
      if (!context.macFilter || !context.pcSide) return unknown('The MAC filter about to be written or the side this PC uses is not known.', '書き込むMACフィルタまたは接続側が不明です。');
      const side = context.macFilter[context.pcSide];
      if (!side.enabled) return ok();
      if (!context.pcMac) return unknown("This PC's MAC address is not known.", 'このパソコンのMACアドレスが不明です。');
      return side.entries.map((e) => e.toUpperCase()).includes(context.pcMac.toUpperCase())
        ? ok()
        : violated(`This PC (${context.pcMac}) is not in the ${context.pcSide} MAC address filter: register it first.`, `このパソコン（${context.pcMac}）がMACアドレスフィルタに未登録です。先に登録してください。`);
    }
    case 'order.disposal': {
      // The disposal kinds give the facts: lifecycle/disposal.ts (controllers), lifecycle/adapter-disposal.ts.
      if (context.system === 'wlan-adapter') {
        // 4.4.8: the initialization keeps the logs; they are deleted individually. The adapter has no SD card.
        if (context.backupTakenOrDeclined === undefined || context.initializedAll === undefined || context.logsDeleted === undefined)
          return unknown('Whether the adapter was backed up (or the backup declined), initialized and its logs deleted is not known.', 'アダプタのバックアップ（または不要の確認）、初期化、ログの削除の実施状況が不明です。');
        if (!context.backupTakenOrDeclined) return violated('Back up the adapter, or confirm its settings are not needed, before initializing it.', '初期化の前にバックアップするか、設定が不要であることを確認してください。');
        if (!context.initializedAll) return violated('Initialize the adapter before it leaves: its settings are still there.', 'アダプタを手放す前に初期化してください。設定が残っています。');
        if (!context.logsDeleted) return violated('Delete the logs with the logging function: the initialization does not delete them (4.4.8).', 'ロギング機能でログを削除してください。初期化ではログは削除されません（4.4.8）。');
        return ok();
      }
      if (context.backupTakenOrDeclined === undefined || context.initializedAll === undefined || context.sdCardHandled === undefined)
        return unknown('Whether the device was backed up (or the backup declined), initialized and its SD memory card removed is not known.', 'バックアップ（または不要の確認）、初期化、SDメモリカードの取り外しの実施状況が不明です。');
      if (!context.backupTakenOrDeclined) return violated('Back up the device, or confirm its data is not needed, before initializing it.', '初期化の前にバックアップするか、データ不要を確認してください。');
      if (!context.initializedAll) return violated('Initialize all information in the device before it leaves: the device still holds data.', '機器を手放す前に全情報を初期化してください。データが残っています。');
      if (!context.sdCardHandled) return violated('Remove the SD memory card and keep or destroy it: initialization does not erase it.', 'SDメモリカードを取り外し、保管または破壊してください。初期化では消去されません。');
      return ok();
    }
  }
}
