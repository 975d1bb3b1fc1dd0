// The wireless LAN adapter's later life as data: the maintenance visit (4.5 / 4.5.1: Table 47, the
// continuous security operations, plus Table 44 judged again on the device) and the removal and disposal
// (Table 45 row 1 citing "4.6", and 4.4.8: the initialization restores the factory settings and password
// but keeps the logs, which are deleted individually with the logging function). The guideline gives no
// figure for either (and its copy has no section 4.6 text: Table 45 row 1 is the whole of it), so every
// step is built from the sections cited and says so (`reconstructed`).
import { ref } from '../references';
import type { Procedure, ProcedureStep } from '../types';

const step = (p: Omit<ProcedureStep, 'preconditions' | 'writes' | 'verifies' | 'reconstructed'> & { verifies?: string[]; basis: string[] }): ProcedureStep => {
  const { basis, verifies, ...rest } = p;
  return { ...rest, preconditions: [], writes: [], verifies: verifies ?? [], reconstructed: { basis } };
};

export const ADAPTER_VISIT_STEP = {
  connect: 'adapter-visit.connect',
  drift: 'adapter-visit.drift',
  backup: 'adapter-visit.backup',
  logs: 'adapter-visit.logs',
  table44: 'adapter-visit.table44',
  report: 'adapter-visit.report',
} as const;

export const MAINTENANCE_VISIT_WLAN_ADAPTER: Procedure = {
  id: 'maintenance-visit-wlan-adapter',
  system: 'wlan-adapter',
  figure: '',
  title: { en: 'Maintenance visit (wireless LAN adapter)', ja: '保守訪問（無線LANアダプタ）' },
  reference: ref.section('4.5.1'),
  reconstructed: true,
  notice: { en: 'The guideline gives no figure for a visit of the adapter: the steps are built from 4.5.1 and Table 47, with Table 44 judged again on the device.', ja: 'ガイドラインには無線LANアダプタの訪問の図がないため、4.5.1と表47から手順を構成し、表44を機器で再判定します。' },
  steps: [
    step({
      id: ADAPTER_VISIT_STEP.connect,
      number: 1,
      title: { en: "Connect to the adapter's web interface and log in with its password", ja: 'アダプタのWebインタフェースに接続し、パスワードでログイン' },
      references: [ref.section('4.4.5'), ref.section('4.5.1')],
      kind: 'connect',
      appDoes: { en: 'Connects over HTTPS to the pinned certificate and logs in with the password set at commissioning; it never initializes and never writes a setting.', ja: '固定した証明書のHTTPSで接続し、設定時のパスワードでログインする。初期化や設定の書込みは一切しない。' },
      operatorDoes: { en: "Gives the baseline report and the adapter's login password.", ja: '基準レポートとアダプタのログインパスワードを渡す。' },
      basis: ['4.4.5', '4.5.1'],
    }),
    step({
      id: ADAPTER_VISIT_STEP.drift,
      number: 2,
      title: { en: 'Read the adapter and compare it with the baseline report, setting by setting', ja: 'アダプタを読み出し、基準レポートと設定ごとに比較' },
      references: [ref.section('4.5.1'), ref.table('44')],
      kind: 'verification',
      appDoes: { en: 'Lists every setting that differs from the baseline with both values and its Table 44 rows; "no drift" only when none differs.', ja: '基準と異なる設定を両方の値と表44の行とともに一覧にする。差分がない場合のみ「差分なし」とする。' },
      operatorDoes: { en: 'Checks each change was intended.', ja: '各変更が意図したものか確認する。' },
      basis: ['4.5.1'],
    }),
    step({
      id: ADAPTER_VISIT_STEP.backup,
      number: 3,
      title: { en: 'Table 47 row 1: back up the settings (encrypted) and open the file on this PC', ja: '表47 No.1：設定をバックアップ（暗号化）し、このPCで開いて確認' },
      references: [ref.table('47', 1), ref.section('4.4.7'), ref.section('4.4.7.1')],
      kind: 'verification',
      appDoes: { en: 'Backs the settings up to this PC, opens the file with the login password and checks it holds the settings and no password or RADIUS certificate (4.4.7.1).', ja: '設定をこのPCにバックアップし、ログインパスワードでファイルを開き、設定が含まれパスワードやRADIUS証明書が含まれないことを確認する（4.4.7.1）。' },
      operatorDoes: { en: 'Keeps the backup file unmodified in a safe place.', ja: 'バックアップファイルを変更せず安全な場所に保管する。' },
      basis: ['4.4.7', '4.5.1'],
    }),
    step({
      id: ADAPTER_VISIT_STEP.logs,
      number: 4,
      title: { en: 'Table 47 row 2: read the logs out to this PC and check them', ja: '表47 No.2：ログをこのPCに読み出して確認' },
      references: [ref.table('47', 2), ref.section('4.4.6'), ref.table('44', 8)],
      kind: 'verification',
      appDoes: { en: 'Reads the logs out as text to this PC and lists, since the baseline: the setting changes (each drift must have its record), failed logins, restorations, initializations, the devices that connected, and whether records were overwritten before this read-out.', ja: 'ログをテキストでこのPCに読み出し、基準以降の設定変更（各差分に記録があること）、ログイン失敗、リストア、初期化、接続した機器、読出し前に上書きされた記録の有無を一覧にする。' },
      operatorDoes: { en: "Acts on each suspicious record as the adapter's manual says.", ja: '不審な記録ごとにアダプタの取扱説明書に従って対処する。' },
      basis: ['4.4.6', '4.5.1'],
    }),
    step({
      id: ADAPTER_VISIT_STEP.table44,
      number: 5,
      title: { en: 'Table 44 judged again on the adapter', ja: '表44を機器で再判定' },
      references: [ref.table('44'), ref.section('4.5.1')],
      kind: 'verification',
      appDoes: { en: 'Judges every row of Table 44 on what the adapter reports now; a row no longer met is a finding.', ja: '表44の全行をアダプタの現在の報告で判定する。満たさなくなった行は指摘事項とする。' },
      operatorDoes: { en: 'Corrects a finding in a commissioning session.', ja: '指摘事項は設定セッションで是正する。' },
      basis: ['4.5.1'],
    }),
    step({
      id: ADAPTER_VISIT_STEP.report,
      number: 6,
      title: { en: 'Signed visit report, chained to the baseline', ja: '基準に連鎖した署名付き訪問レポート' },
      references: [ref.section('4.5.1')],
      kind: 'report',
      appDoes: { en: 'Signs the visit report, naming the baseline report by its hash.', ja: '基準レポートをハッシュで示した訪問レポートに署名する。' },
      operatorDoes: { en: 'Keeps the report with the previous ones.', ja: 'レポートを過去のものと一緒に保管する。' },
      basis: ['4.5.1'],
    }),
  ],
};

export const ADAPTER_DISPOSAL_STEP = {
  connect: 'adapter-disposal.connect',
  readOut: 'adapter-disposal.read-out',
  initialize: 'adapter-disposal.initialize',
  deleteLogs: 'adapter-disposal.delete-logs',
  factoryState: 'adapter-disposal.factory-state',
  certificate: 'adapter-disposal.certificate',
} as const;

export const DISPOSAL_WLAN_ADAPTER: Procedure = {
  id: 'disposal-wlan-adapter',
  system: 'wlan-adapter',
  figure: '',
  title: { en: 'Removal and disposal (wireless LAN adapter)', ja: '取り外しと廃棄（無線LANアダプタ）' },
  reference: ref.table('45', 1),
  reconstructed: true,
  notice: {
    en: 'The guideline gives no figure for the adapter\'s disposal (Table 45 row 1 cites "4.6", which its copy does not contain): the steps are built from Table 45 row 1 and 4.4.8.',
    ja: 'ガイドラインには無線LANアダプタの廃棄の図がなく（表45 No.1が参照する「4.6」は写しにありません）、表45 No.1と4.4.8から手順を構成しています。',
  },
  steps: [
    step({
      id: ADAPTER_DISPOSAL_STEP.connect,
      number: 1,
      title: { en: "Connect to the adapter's web interface and log in", ja: 'アダプタのWebインタフェースに接続しログイン' },
      references: [ref.section('4.4.5'), ref.table('45', 1)],
      kind: 'connect',
      appDoes: { en: 'Connects over HTTPS to the pinned certificate and logs in with the current password.', ja: '固定した証明書のHTTPSで接続し、現在のパスワードでログインする。' },
      operatorDoes: { en: 'Stops the system the adapter serves.', ja: 'アダプタが接続するシステムを停止する。' },
      basis: ['Table 45 row 1', '4.4.5'],
    }),
    step({
      id: ADAPTER_DISPOSAL_STEP.readOut,
      number: 2,
      title: { en: 'Read the logs out to this PC (and back the settings up if they are needed later)', ja: 'ログをこのPCに読み出す（後で必要なら設定もバックアップ）' },
      references: [ref.section('4.4.6'), ref.section('4.4.7')],
      kind: 'verification',
      appDoes: { en: 'Saves the last read-out of the logs to this PC (the last record of the adapter\'s life) and, when asked, an encrypted settings backup.', ja: 'ログの最後の読出しをこのPCに保存し（アダプタの最後の記録）、求められれば暗号化した設定バックアップも保存する。' },
      operatorDoes: { en: 'Decides whether the settings are needed later.', ja: '設定が後で必要か決める。' },
      basis: ['Table 45 row 1', '4.4.6', '4.4.7'],
    }),
    step({
      id: ADAPTER_DISPOSAL_STEP.initialize,
      number: 3,
      title: { en: 'Initialize the adapter (factory settings and password)', ja: 'アダプタを初期化（工場出荷時の設定とパスワード）' },
      references: [ref.section('4.4.8'), ref.table('45', 1)],
      kind: 'device-operation',
      appDoes: { en: 'Initializes the settings to their factory defaults once the model is typed back; the logs are not deleted by it (4.4.8).', ja: '型名の入力で確認後、設定を工場出荷時に初期化する。ログはこれでは削除されない（4.4.8）。' },
      operatorDoes: { en: 'Types the model to confirm.', ja: '型名を入力して確認する。' },
      basis: ['4.4.8', 'Table 45 row 1'],
    }),
    step({
      id: ADAPTER_DISPOSAL_STEP.deleteLogs,
      number: 4,
      title: { en: 'Delete the logs with the logging function', ja: 'ロギング機能でログを削除' },
      references: [ref.section('4.4.8'), ref.section('4.4.6'), ref.table('45', 1)],
      kind: 'device-operation',
      appDoes: {
        en: 'Logs in with the factory password, sets a one-time password (never kept or shown) to open a session, deletes the logs with their own function and reads them back.',
        ja: '工場出荷時パスワードでログインし、セッションを開くための使い捨てパスワード（保存も表示もしない）を設定し、ログを専用の機能で削除して読み戻す。',
      },
      operatorDoes: { en: 'Nothing: the app does it.', ja: 'なし（アプリが行う）。' },
      basis: ['4.4.8', 'Table 45 row 1'],
    }),
    step({
      id: ADAPTER_DISPOSAL_STEP.factoryState,
      number: 5,
      title: { en: 'Prove over the link that no setting, password or log of the site remains', ja: '現場の設定・パスワード・ログが残っていないことを接続経由で証明' },
      references: [ref.section('4.4.8'), ref.table('45', 1)],
      kind: 'verification',
      appDoes: {
        en: "Reads the settings (none of the site's left: SSID, passphrase, MAC filters, RADIUS certificate) and the logs, initializes once more so the factory password is back, then proves the one-time and the site's passwords are refused and the factory password only sets a new one.",
        ja: '設定（現場のSSID、パスフレーズ、MACフィルタ、RADIUS証明書が残っていない）とログを読み出し、もう一度初期化して工場出荷時パスワードに戻し、使い捨てと現場のパスワードが拒否され工場出荷時パスワードは新パスワード設定のみ可能なことを証明する。',
      },
      operatorDoes: { en: 'If the adapter cannot be initialized (a malfunction), destroys it physically.', ja: '初期化できない場合（故障など）、物理的に破壊する。' },
      basis: ['4.4.8', 'Table 45 row 1'],
    }),
    step({
      id: ADAPTER_DISPOSAL_STEP.certificate,
      number: 6,
      title: { en: 'Signed disposal certificate; the adapter leaves this installation', ja: '署名付き廃棄証明書。アダプタをこのインストールから削除' },
      references: [ref.table('45', 1)],
      kind: 'report',
      appDoes: { en: "Signs the disposal certificate and removes the adapter's certificate pin.", ja: '廃棄証明書に署名し、アダプタの証明書の固定を削除する。' },
      operatorDoes: { en: 'Keeps the certificate with the adapter\'s reports.', ja: '証明書をアダプタのレポートと一緒に保管する。' },
      basis: ['Table 45 row 1'],
    }),
  ],
};
