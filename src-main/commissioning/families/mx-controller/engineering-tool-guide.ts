// Guide-and-verify: what the technician sets in GX Works3 when the controller does not speak the app's
// security commands (a real MX-R/MX-F answers C059). Each instruction names the setting by its
// engineering-tool / guideline name, gives the value from the profile, and says where to set it. No public
// manual text with the MX models' menu paths was available to the project, so every location is marked
// as the project's guidance, never presented as the vendor's wording. The order is the engine's write plan
// (the guideline's rules), so the instructions come one by one in the order the rules require.
import type { Bilingual } from '../../guideline/types';
import type { ControllerProfile } from '../../../model/security-settings';
import { msg } from '../../../messages/catalogue';

export interface EngineeringToolInstruction {
  /** The setting as the engineering tool and the guideline name it. */
  setting: Bilingual;
  /** The value the profile gives, in words (English and Japanese). */
  value: Bilingual;
  /** Where to set it. */
  where: Bilingual;
  /** 'public-manual' only where a public manual gives the path; here always the project's guidance. */
  source: 'public-manual' | 'project-guidance';
}

// Engineering tool versions that support the MX models (guideline Figures 8 and 22).
export const ENGINEERING_TOOL_VERSION: Readonly<Record<'mx-r' | 'mx-f', string>> = { 'mx-r': 'GX Works3 1.115V or later', 'mx-f': 'GX Works3 1.120A or later' };

const SECURITY_SETTINGS: Bilingual = msg('guide.securitySettings');

const NAMES: Record<string, { setting: Bilingual; where: Bilingual }> = {
  users: { setting: msg('guide.users.setting'), where: msg('guide.users.where') },
  passwordPolicy: { setting: msg('guide.passwordPolicy.setting'), where: SECURITY_SETTINGS },
  lockout: { setting: msg('guide.lockout.setting'), where: SECURITY_SETTINGS },
  logonMessage: { setting: msg('guide.logonMessage.setting'), where: SECURITY_SETTINGS },
  sessionTimers: { setting: msg('guide.sessionTimers.setting'), where: SECURITY_SETTINGS },
  outOfTargetOperation: { setting: msg('guide.outOfTargetOperation.setting'), where: SECURITY_SETTINGS },
  clock: { setting: msg('guide.clock.setting'), where: msg('guide.clock.where') },
  eventHistory: { setting: msg('guide.eventHistory.setting'), where: SECURITY_SETTINGS },
  backupEncryption: { setting: msg('guide.backupEncryption.setting'), where: SECURITY_SETTINGS },
  certificate: { setting: msg('guide.certificate.setting'), where: msg('guide.certificate.where') },
  encryptedCommunication: { setting: msg('guide.encryptedCommunication.setting'), where: SECURITY_SETTINGS },
  ipFilter: { setting: msg('guide.ipFilter.setting'), where: msg('guide.ipFilter.where') },
  defaultOpenPorts: { setting: msg('guide.defaultOpenPorts.setting'), where: msg('guide.defaultOpenPorts.where') },
  bandwidthLimit: { setting: msg('guide.bandwidthLimit.setting'), where: SECURITY_SETTINGS },
  operationSetting: { setting: msg('guide.operationSetting.setting'), where: msg('guide.operationSetting.where') },
  enhancedSecurity: { setting: msg('guide.enhancedSecurity.setting'), where: SECURITY_SETTINGS },
};

function valueOf(key: string, profile: ControllerProfile, scope: string | undefined, lang: 'en' | 'ja'): string {
  const L = (en: string, ja: string): string => (lang === 'ja' ? ja : en);
  const onOff = (on: boolean): string => (on ? L('on', '有効') : L('off', '無効'));
  const st = profile.settings;
  switch (key) {
    case 'users':
      return `${st.users.users.map((x) => `${x.name} (${x.group})`).join(', ')}${L('; the passwords you hold (never typed into this app for a real controller)', '。パスワードはご自身で管理（実機ではこのアプリに入力しません）')}`;
    case 'ipFilter': {
      const f = st.ipFilter;
      if (!f.enabled) return onOff(false);
      const list = f.entries.map((e) => e.address).join(', ') || L('(no address: only the USB cable reaches the controller)', '（アドレスなし：USBケーブルだけがコントローラに届きます）');
      return `${onOff(true)}, ${f.mode === 'allow' ? L('allow only', '許可のみ') : L('deny', '拒否')}: ${list}`;
    }
    case 'defaultOpenPorts':
      return Object.entries(st.defaultOpenPorts)
        .map(([port, services]) => {
          const pick = (state: string) => Object.entries(services ?? {}).filter(([, x]) => x === state).map(([x]) => x).join(', ') || '-';
          return `${port}: ${L('closed', '閉')} ${pick('closed')}; ${L('open', '開')} ${pick('open')}`;
        })
        .join(' | ');
    case 'certificate':
      return L(`valid ${st.certificate.validityDays} days, key ${st.certificate.keyType}, from the controller's correct clock`, `有効期間${st.certificate.validityDays}日、鍵 ${st.certificate.keyType}、正しいコントローラ時刻から`);
    case 'encryptedCommunication': {
      const e = st.encryptedCommunication;
      const tls = Object.entries(e.functions).filter(([, f]) => f.inUse && f.tls).map(([f]) => f).join(', ') || L('none', 'なし');
      const part = scope === 'engineering-tool' ? L(" (first the engineering tool's own communication)", '（まずエンジニアリングツール自身の通信）') : scope ? L(' (then the other functions)', '（次にその他の機能）') : '';
      return `TLS ${e.tlsVersion}; ${L('encrypted', '暗号化')}: ${tls}${part}`;
    }
    case 'bandwidthLimit': {
      const b = st.bandwidthLimit;
      return b.enabled ? L(`on, send ${b.sendKbps} kbit/s, receive ${b.receiveKbps} kbit/s`, `有効、送信 ${b.sendKbps} kbit/s、受信 ${b.receiveKbps} kbit/s`) : onOff(false);
    }
    case 'passwordPolicy': {
      const p = st.passwordPolicy;
      const expiry = p.expiryEnabled ? L(`after ${p.expiryDays} days`, `${p.expiryDays}日`) : onOff(false);
      return L(`strength ${p.strength === 'strong' ? 'Strong' : p.strength}, at least ${p.minLength} characters, expiry ${expiry}, ${p.historyCount} previous passwords refused`, `強度 ${p.strength === 'strong' ? '強' : p.strength}、${p.minLength}文字以上、有効期限 ${expiry}、過去${p.historyCount}個のパスワードを禁止`);
    }
    case 'lockout':
      return L(`after ${st.lockout.failures} failures, for ${st.lockout.minutes} minutes`, `${st.lockout.failures}回の失敗で${st.lockout.minutes}分間`);
    case 'logonMessage':
      return st.logonMessage.enabled ? `${onOff(true)}: "${st.logonMessage.text}"` : onOff(false);
    case 'sessionTimers': {
      const t = st.sessionTimers;
      return L(`logoff after ${t.logoffTimeoutMinutes} min, Ethernet alive check ${t.ethernetAliveCheckSeconds} s, FTP session ${t.ftpSessionTimeoutSeconds} s`, `ログオフ ${t.logoffTimeoutMinutes}分、Ethernet生存確認 ${t.ethernetAliveCheckSeconds}秒、FTPセッション ${t.ftpSessionTimeoutSeconds}秒`);
    }
    case 'clock': {
      const c = st.clock as { source: string; maxOffsetSeconds: number; sntpServer?: string };
      return c.source === 'sntp'
        ? L(`synchronised by SNTP from ${c.sntpServer ?? '?'}`, `SNTPで ${c.sntpServer ?? '?'} に同期`)
        : L(`set from the engineering tool (within ${c.maxOffsetSeconds} s of this PC)`, `エンジニアリングツールから設定（このパソコンとの差 ${c.maxOffsetSeconds}秒以内）`);
    }
    case 'eventHistory': {
      const e = st.eventHistory;
      if (!e.enabled) return onOff(false);
      const where = e.destination === 'data-memory' ? L('the data memory', 'データメモリ') : L('the SD memory card', 'SDメモリカード');
      return L(`on, saved to ${where}, ${e.sizeKb} KB, manipulation check ${onOff(e.tamperCheck)}`, `有効、保存先 ${where}、${e.sizeKb} KB、改ざんチェック ${onOff(e.tamperCheck)}`);
    }
    case 'backupEncryption':
      return st.backupEncryption.enabled ? L('encrypt', '暗号化する') : L('do not encrypt', '暗号化しない');
    case 'operationSetting':
      return st.operationSetting.onError === 'stop' ? L('stop', '停止') : L('continue', '続行');
    case 'enhancedSecurity':
      return onOff(st.enhancedSecurity.enabled);
    case 'outOfTargetOperation':
      return onOff(st.outOfTargetOperation.deviceLabelAccessAuthenticated);
    default:
      return JSON.stringify((st as unknown as Record<string, unknown>)[key]);
  }
}

export function engineeringToolInstruction(key: string, profile: ControllerProfile, scope?: string): EngineeringToolInstruction {
  const name = NAMES[key] ?? { setting: msg('guide.thisSetting'), where: SECURITY_SETTINGS };
  return { setting: name.setting, value: { en: valueOf(key, profile, scope, 'en'), ja: valueOf(key, profile, scope, 'ja') }, where: name.where, source: 'project-guidance' };
}

/** One line for the operator question: the setting, the value, where, and over which cable. */
export function instructionText(i: EngineeringToolInstruction, system: 'mx-r' | 'mx-f', lang: 'en' | 'ja' = 'en'): string {
  return lang === 'ja'
    ? `${ENGINEERING_TOOL_VERSION[system].replace(' or later', '以降')}で、USBケーブル経由で設定してください：${i.setting.ja} = ${i.value.ja}（場所：${i.where.ja}）。設定後「完了」を押すと、アプリがネットワークから確認します。`
    : `In ${ENGINEERING_TOOL_VERSION[system]}, over the USB cable, set ${i.setting.en} = ${i.value.en} (where: ${i.where.en}). Say done when it is written; the app then verifies what the network shows.`;
}
