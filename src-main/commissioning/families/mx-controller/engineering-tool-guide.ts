// Guide-and-verify: what the technician sets in GX Works3 when the controller does not speak the app's
// security commands (a real MX-R/MX-F answers C059). Each instruction names the setting by its
// engineering-tool / guideline name, gives the value from the profile, and says where to set it. No public
// manual text with the MX models' menu paths was available to the project, so every location is marked
// as the project's guidance, never presented as the vendor's wording. The order is the engine's write plan
// (the guideline's rules), so the instructions come one by one in the order the rules require.
import type { Bilingual } from '../../guideline/types';
import type { ControllerProfile } from '../../../model/security-settings';

export interface EngineeringToolInstruction {
  /** The setting as the engineering tool and the guideline name it. */
  setting: Bilingual;
  /** The value the profile gives, in words. */
  value: string;
  /** Where to set it. */
  where: Bilingual;
  /** 'public-manual' only where a public manual gives the path; here always the project's guidance. */
  source: 'public-manual' | 'project-guidance';
}

// Engineering tool versions that support the MX models (guideline Figures 8 and 22).
export const ENGINEERING_TOOL_VERSION: Readonly<Record<'mx-r' | 'mx-f', string>> = { 'mx-r': 'GX Works3 1.115V or later', 'mx-f': 'GX Works3 1.120A or later' };

const SECURITY_SETTINGS: Bilingual = { en: 'the CPU parameter security settings (project guidance)', ja: 'CPUパラメータのセキュリティ設定（プロジェクトの案内）' };

const NAMES: Record<string, { setting: Bilingual; where: Bilingual }> = {
  users: { setting: { en: 'User authentication: user information (users and groups)', ja: 'ユーザ認証：ユーザ情報（ユーザとグループ）' }, where: { en: 'user management of the project, then "write user information to the controller" (project guidance)', ja: 'プロジェクトのユーザ管理から「コントローラへのユーザ情報書込み」（プロジェクトの案内）' } },
  passwordPolicy: { setting: { en: 'Password strength and expiration date', ja: 'パスワード強度と有効期限' }, where: SECURITY_SETTINGS },
  lockout: { setting: { en: 'Lockout: number of failures and lockout time', ja: 'ロックアウト：回数と時間' }, where: SECURITY_SETTINGS },
  logonMessage: { setting: { en: 'Usage notification message at logon', ja: 'ログオン時の使用通知メッセージ' }, where: SECURITY_SETTINGS },
  sessionTimers: { setting: { en: 'Logoff timer, Ethernet alive check, FTP session timer', ja: 'ログオフ時間、Ethernet生存確認、FTPセッションタイマ' }, where: SECURITY_SETTINGS },
  outOfTargetOperation: { setting: { en: 'Device/label access as an authentication target', ja: 'デバイス/ラベルアクセスを認証対象にする' }, where: SECURITY_SETTINGS },
  clock: { setting: { en: 'Clock (set the time, or time synchronisation by SNTP)', ja: '時計（時刻設定またはSNTPによる時刻同期）' }, where: { en: 'online clock setting / CPU parameter time setting (project guidance)', ja: 'オンラインの時計設定／CPUパラメータの時刻設定（プロジェクトの案内）' } },
  eventHistory: { setting: { en: 'Event history: save destination, size, manipulation check', ja: 'イベント履歴：保存先、サイズ、改ざんチェック' }, where: SECURITY_SETTINGS },
  backupEncryption: { setting: { en: 'Backup data encryption', ja: 'バックアップデータの暗号化' }, where: SECURITY_SETTINGS },
  certificate: { setting: { en: 'Certificate for encrypted communication (create, validity one year)', ja: '暗号化通信用の証明書（作成、有効期間1年）' }, where: { en: 'certificate management (project guidance)', ja: '証明書管理（プロジェクトの案内）' } },
  encryptedCommunication: { setting: { en: 'Encrypted communication: TLS version and the functions that use it', ja: '暗号化通信：TLSバージョンと使用する機能' }, where: SECURITY_SETTINGS },
  ipFilter: { setting: { en: 'IP filter', ja: 'IPフィルタ' }, where: { en: 'the Ethernet port parameters, security (project guidance)', ja: 'Ethernetポートのパラメータのセキュリティ（プロジェクトの案内）' } },
  defaultOpenPorts: { setting: { en: 'Usage setting of default open ports', ja: 'デフォルトオープンポートの使用設定' }, where: { en: 'the parameters of each network port (project guidance)', ja: '各ネットワークポートのパラメータ（プロジェクトの案内）' } },
  bandwidthLimit: { setting: { en: 'Bandwidth limitation against DoS attack', ja: 'DoS攻撃に対する帯域制限' }, where: SECURITY_SETTINGS },
  operationSetting: { setting: { en: 'Operation when an error is detected (stop / continue)', ja: 'エラー検出時の動作（停止／続行）' }, where: { en: 'CPU parameter RAS settings (project guidance)', ja: 'CPUパラメータのRAS設定（プロジェクトの案内）' } },
  enhancedSecurity: { setting: { en: 'Enhanced security setting', ja: 'セキュリティ強化設定' }, where: SECURITY_SETTINGS },
};

function valueOf(key: string, profile: ControllerProfile, scope?: string): string {
  const s = profile.settings as unknown as Record<string, unknown>;
  const v = s[key];
  switch (key) {
    case 'users': {
      const u = profile.settings.users;
      return `${u.users.map((x) => `${x.name} (${x.group})`).join(', ')}; the passwords you hold (never typed into this app for a real controller)`;
    }
    case 'ipFilter': {
      const f = profile.settings.ipFilter;
      return f.enabled ? `on, ${f.mode === 'allow' ? 'allow only' : 'deny'}: ${f.entries.map((e) => e.address).join(', ') || '(no address: only the USB cable reaches the controller)'}` : 'off';
    }
    case 'defaultOpenPorts': {
      const parts: string[] = [];
      for (const [port, services] of Object.entries(profile.settings.defaultOpenPorts)) {
        const closed = Object.entries(services ?? {}).filter(([, st]) => st === 'closed').map(([x]) => x);
        const open = Object.entries(services ?? {}).filter(([, st]) => st === 'open').map(([x]) => x);
        parts.push(`${port}: closed ${closed.join(', ') || '-'}; open ${open.join(', ') || '-'}`);
      }
      return parts.join(' | ');
    }
    case 'certificate':
      return `valid ${profile.settings.certificate.validityDays} days, key ${profile.settings.certificate.keyType}, from the controller's correct clock`;
    case 'encryptedCommunication': {
      const e = profile.settings.encryptedCommunication;
      const tls = Object.entries(e.functions).filter(([, f]) => f.inUse && f.tls).map(([f]) => f);
      return `TLS ${e.tlsVersion}; encrypted: ${tls.join(', ') || 'none'}${scope ? ` (${scope === 'engineering-tool' ? "first the engineering tool's own communication" : 'then the other functions'})` : ''}`;
    }
    case 'bandwidthLimit': {
      const b = profile.settings.bandwidthLimit;
      return b.enabled ? `on, send ${b.sendKbps} kbit/s, receive ${b.receiveKbps} kbit/s` : 'off';
    }
    case 'passwordPolicy': {
      const p = profile.settings.passwordPolicy;
      return `strength ${p.strength === 'strong' ? 'Strong' : p.strength}, at least ${p.minLength} characters, expiry ${p.expiryEnabled ? `after ${p.expiryDays} days` : 'off'}, ${p.historyCount} previous passwords refused`;
    }
    case 'lockout':
      return `after ${profile.settings.lockout.failures} failures, for ${profile.settings.lockout.minutes} minutes`;
    case 'logonMessage':
      return profile.settings.logonMessage.enabled ? `on: "${profile.settings.logonMessage.text}"` : 'off';
    case 'sessionTimers': {
      const t = profile.settings.sessionTimers;
      return `logoff after ${t.logoffTimeoutMinutes} min, Ethernet alive check ${t.ethernetAliveCheckSeconds} s, FTP session ${t.ftpSessionTimeoutSeconds} s`;
    }
    case 'clock': {
      const c = profile.settings.clock as { source: string; maxOffsetSeconds: number; sntpServer?: string };
      return c.source === 'sntp' ? `synchronised by SNTP from ${c.sntpServer ?? '?'}` : `set from the engineering tool (within ${c.maxOffsetSeconds} s of this PC)`;
    }
    case 'eventHistory': {
      const e = profile.settings.eventHistory;
      return e.enabled ? `on, saved to ${e.destination === 'data-memory' ? 'the data memory' : 'the SD memory card'}, ${e.sizeKb} KB, manipulation check ${e.tamperCheck ? 'on' : 'off'}` : 'off';
    }
    case 'backupEncryption':
      return profile.settings.backupEncryption.enabled ? 'encrypt' : 'do not encrypt';
    case 'operationSetting':
      return profile.settings.operationSetting.onError === 'stop' ? 'stop' : 'continue';
    case 'enhancedSecurity':
      return profile.settings.enhancedSecurity.enabled ? 'on' : 'off';
    case 'outOfTargetOperation':
      return profile.settings.outOfTargetOperation.deviceLabelAccessAuthenticated ? 'on' : 'off';
    default:
      return JSON.stringify(v);
  }
}

export function engineeringToolInstruction(key: string, profile: ControllerProfile, scope?: string): EngineeringToolInstruction {
  const name = NAMES[key] ?? { setting: { en: 'this security setting', ja: 'このセキュリティ設定' }, where: SECURITY_SETTINGS };
  return { setting: name.setting, value: valueOf(key, profile, scope), where: name.where, source: 'project-guidance' };
}

/** One line for the operator question: the setting, the value, where, and over which cable. */
export function instructionText(i: EngineeringToolInstruction, system: 'mx-r' | 'mx-f', lang: 'en' | 'ja' = 'en'): string {
  return lang === 'ja'
    ? `${ENGINEERING_TOOL_VERSION[system]}で、USBケーブル経由で設定してください：${i.setting.ja} = ${i.value}（場所：${i.where.ja}）。設定後「完了」を押すと、アプリがネットワークから確認します。`
    : `In ${ENGINEERING_TOOL_VERSION[system]}, over the USB cable, set ${i.setting.en} = ${i.value} (where: ${i.where.en}). Say done when it is written; the app then verifies what the network shows.`;
}
