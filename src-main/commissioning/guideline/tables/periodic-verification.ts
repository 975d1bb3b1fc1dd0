// Periodic verification items (at least once a year, 2.5.2 / 3.5.2): Table 17 (MX-R) and Table 35
// (MX-F) "Operation verification item of the security function", Table 47 (adapter) "Item to be
// checked for continuous security operations", and Tables 18 / 36 "Setting check item". The simulator
// names one test after each row id ('table17.row3'), so the virtual devices prove every item.
import { ref } from '../references';
import type { Bilingual, PeriodicCheckItem } from '../types';

const item = (table: string, row: number, line: number, section: string, title: Bilingual, checks: Bilingual[]): PeriodicCheckItem => ({
  id: `table${table}.row${row}`,
  table,
  row,
  item: title,
  checks,
  references: [ref.table(table, row, line), ref.section(section)],
});

const INIT: Bilingual = { en: 'Initialization function of all information in the controller', ja: 'コントローラの全情報初期化機能' };
const FW: Bilingual = { en: 'Firmware update function via engineering tool', ja: 'エンジニアリングツールによるファームウェアアップデート機能' };
const UA: Bilingual = { en: 'User authentication function', ja: 'ユーザ認証機能' };
const EH: Bilingual = { en: 'Event history function', ja: 'イベント履歴機能' };
const BK: Bilingual = { en: 'Backup function of controller', ja: 'コントローラのバックアップ機能' };
const RS: Bilingual = { en: 'Restoration function of controller', ja: 'コントローラのリストア機能' };
const EC: Bilingual = { en: 'Encrypted communication function', ja: '暗号化通信機能' };
const IPF: Bilingual = { en: 'IP filter function', ja: 'IPフィルタ機能' };
const PORT: Bilingual = { en: 'Usage setting function of default open port', ja: 'デフォルトオープンポートの使用設定機能' };
const BW: Bilingual = { en: 'Bandwidth limitation function against DoS attack', ja: 'DoS攻撃に対する帯域制限機能' };

const C = {
  init: { en: 'After logon with Administrator authority to a controller holding program files, parameter files and user authentication settings, the initialization of all information succeeds, the written files are deleted, and access is permitted without logon (back up all files first: the verification initializes them).', ja: 'プログラム・パラメータ・ユーザ認証設定を書き込んだコントローラにAdministrator権限でログオン後、全情報初期化が成功し、書き込んだファイルが削除され、ログオンなしでアクセスできること（検証前に全ファイルをバックアップ）。' },
  fwOk: { en: 'A firmware update with the update file for controllers succeeds and results in the intended firmware version.', ja: 'コントローラ用の更新ファイルによるファームウェアアップデートが成功し、意図したバージョンになること。' },
  fwBad: { en: 'A firmware update with an update file for other than controllers fails and the firmware version does not change.', ja: 'コントローラ以外の更新ファイルによるアップデートは失敗し、バージョンが変わらないこと。' },
  logon: { en: 'The user can log on only with the correct combination of user name and password.', ja: '正しいユーザ名とパスワードの組合せの場合のみログオンできること。' },
  lockout: { en: 'The user is locked out after entering an incorrect combination multiple times.', ja: '誤った組合せを複数回入力するとロックアウトされること。' },
  authority: { en: "Operations are allowed only within the operation authority of the logged-on user's group.", ja: 'ログオンしたユーザが属するグループの操作権限内の操作のみ許可されること。' },
  events: { en: 'Each event without a filter setting is saved in the event history.', ja: 'フィルタ設定していない各イベントがイベント履歴に保存されること。' },
  eventTime: { en: 'The occurrence date and time of the stored events are correct.', ja: '保存されたイベントの発生日時が正しいこと。' },
  backup: { en: 'With an SD memory card inserted, a backup request succeeds and a backup file is generated on the card.', ja: 'SDメモリカード装着状態でバックアップ実行要求が成功し、カードにバックアップファイルが生成されること。' },
  restoreOk: { en: 'With password-protected backup data, the state at backup is restored when the correct password is set.', ja: 'パスワード付きバックアップデータで、正しいパスワードを設定するとバックアップ時の状態に復元されること。' },
  restoreBad: { en: 'With password-protected backup data, a decryption failure error occurs when an invalid password is set.', ja: 'パスワード付きバックアップデータで、誤ったパスワードを設定すると復号失敗エラーが発生すること。' },
  tlsEvent: { en: 'With a client that imported a certificate created by the target controller, the "TLS/DTLS connection communication start/end" event is saved (a packet capture confirms TLS/DTLS is used).', ja: '対象コントローラが作成した証明書をインポートしたクライアントとの暗号化通信で「TLS/DTLS接続通信開始/終了」イベントが保存されること（パケットキャプチャでTLS/DTLSを確認）。' },
  tlsClose: { en: 'A connection close request during encrypted communication stops the communication.', ja: '暗号化通信中に接続クローズ要求を行うと通信が停止すること。' },
  tlsWrong: { en: 'With a client that imported a certificate created by another controller, the "communication by TLS/DTLS could not be performed successfully" error occurs.', ja: '他のコントローラが作成した証明書をインポートしたクライアントでは「TLS/DTLS通信が正常に行えなかった」エラーが発生すること。' },
  ipDeny: { en: 'An address set to be denied is denied, and other addresses are not.', ja: '拒否設定したIPアドレスからの通信は拒否され、他のアドレスは拒否されないこと。' },
  ipAllow: { en: 'An address set to be allowed is not denied, and other addresses are denied.', ja: '許可設定したIPアドレスからの通信は拒否されず、他のアドレスは拒否されること。' },
  port: { en: 'A port set as "closed" cannot be accessed.', ja: '「クローズ」に設定したポートにアクセスできないこと。' },
  bwBelow: { en: 'Packets below the bandwidth threshold raise no access restriction event.', ja: '帯域設定のしきい値未満のパケットではアクセス制限イベントが発生しないこと。' },
  bwAbove: { en: 'Packets above the bandwidth threshold raise an access restriction event.', ja: '帯域設定のしきい値を超えるパケットではアクセス制限イベントが発生すること。' },
} satisfies Record<string, Bilingual>;

export const TABLE_17_MX_R: readonly PeriodicCheckItem[] = [
  item('17', 1, 2204, '2.4.1', INIT, [C.init]),
  item('17', 2, 2228, '2.4.2', FW, [C.fwOk, C.fwBad]),
  item('17', 3, 2246, '2.4.4', UA, [C.logon, C.lockout, C.authority]),
  item('17', 4, 2266, '2.4.5', EH, [C.events, C.eventTime]),
  item('17', 5, 2279, '2.4.6', BK, [C.backup]),
  item('17', 6, 2291, '2.4.6', RS, [C.restoreOk, C.restoreBad]),
  item('17', 7, 2311, '2.4.7', EC, [C.tlsEvent, C.tlsClose, C.tlsWrong]),
  item('17', 8, 2342, '2.4.8', IPF, [C.ipDeny, C.ipAllow]),
  item('17', 9, 2356, '2.4.9', PORT, [C.port]),
  item('17', 10, 2368, '2.4.10', BW, [C.bwBelow, C.bwAbove]),
];

/** Table 35: Table 17 plus the MX-F checks (firmware not changed unintendedly, logoff timeout, warning message, save destination, automatic backup/restoration). */
export const TABLE_35_MX_F: readonly PeriodicCheckItem[] = [
  item('35', 1, 4589, '3.4.1', INIT, [C.init]),
  item('35', 2, 4613, '3.4.2', FW, [C.fwOk, C.fwBad, { en: 'The firmware is not changed unintendedly.', ja: 'ファームウェアが意図せず変更されないこと。' }]),
  item('35', 3, 4631, '3.4.4', UA, [
    C.logon, C.lockout, C.authority,
    { en: 'Logoff is performed after the specified logoff timeout period has elapsed.', ja: '指定したログオフタイムアウト時間経過後にログオフされること。' },
    { en: 'The set warning message is displayed at logon.', ja: 'ログオン操作時に設定した警告メッセージが表示されること。' },
  ]),
  item('35', 4, 4655, '3.4.5', EH, [C.events, C.eventTime, { en: 'The event history is saved in the specified save destination.', ja: 'イベント履歴が指定した保存先に保存されること。' }]),
  item('35', 5, 4670, '3.4.6', BK, [
    C.backup,
    { en: 'With automatic backup set, backup files are generated at the specified timing (date and time, time and day of the week, or stop error occurrence).', ja: '自動バックアップ設定時、指定した実行タイミング（日時指定、曜日時刻指定、停止エラー発生時）にバックアップファイルが生成されること。' },
    { en: 'With automatic backup retry enabled, a retry is performed while a function that cannot run simultaneously is running.', ja: '自動バックアップのリトライ有効時、同時実行できない機能の実行中はリトライされること。' },
    { en: 'With the backup data upper limit enabled, the system operates as specified when the limit is reached.', ja: 'バックアップデータ上限設定有効時、上限に達すると指定どおりに動作すること。' },
  ]),
  item('35', 6, 4694, '3.4.6', RS, [
    C.restoreOk, C.restoreBad,
    { en: 'With restoration of special relays and special registers enabled, their values are restored.', ja: '特殊リレー・特殊レジスタのリストア有効時、その値が復元されること。' },
    { en: 'With automatic restoration set, an automatic restoration request succeeds and the system returns to the state at backup.', ja: '自動リストア設定時、自動リストア実行要求が成功し、バックアップ時の状態に戻ること。' },
    { en: 'With initialization for automatic restoration enabled, drives other than the restoration target are initialized.', ja: '自動リストア時の初期化有効時、リストア対象以外のドライブが初期化されること。' },
  ]),
  item('35', 7, 4730, '3.4.7', EC, [C.tlsEvent, C.tlsClose, C.tlsWrong]),
  item('35', 8, 4760, '3.4.8', IPF, [C.ipDeny, C.ipAllow]),
  item('35', 9, 4774, '3.4.9', PORT, [C.port]),
  item('35', 10, 4784, '3.4.10', BW, [C.bwBelow, C.bwAbove]),
];

export const TABLE_47_WLAN_ADAPTER: readonly PeriodicCheckItem[] = [
  item('47', 1, 6217, '4.4.7', { en: 'Backup', ja: 'バックアップ' }, [{ en: 'The settings are backed up in preparation for a product failure.', ja: '製品故障に備えて設定をバックアップすること。' }]),
  item('47', 2, 6220, '4.4.6', { en: 'Checking the obtained logs', ja: '取得したログの確認' }, [
    { en: 'The logs of the logging function are checked for suspicious behaviour: the devices connected to the adapter, the history of setting changes, and the history of errors (with the measures the manual gives).', ja: 'ロギング機能のログで不審な挙動を確認すること：接続機器、設定変更履歴、エラー発生履歴（取扱説明書に従い対処）。' },
  ]),
];

const setting = (table: '18' | '36', lines: [number, number, number], s: string): PeriodicCheckItem[] => [
  item(table, 1, lines[0], `${s}.4.4`, UA, [
    { en: 'The users with access are checked and unnecessary accounts deleted.', ja: 'アクセスできるユーザを確認し、不要なアカウントを削除すること。' },
    { en: 'The authorities granted to each account are checked and inappropriate ones removed.', ja: 'アカウントに付与された権限を確認し、不適切な権限を削除すること。' },
  ]),
  item(table, 2, lines[1], `${s}.4.9`, PORT, [{ en: 'Open ports are checked and a port not currently used is closed.', ja: 'オープンしているポートを確認し、使用していないポートをクローズすること。' }]),
  item(table, 3, lines[2], `${s}.4.8`, IPF, [{ en: 'The allowed IP addresses are checked and access from an unintended address is blocked.', ja: '通信を許可しているIPアドレスを確認し、意図しないアドレスからのアクセスを遮断すること。' }]),
];

export const TABLE_18_MX_R: readonly PeriodicCheckItem[] = setting('18', [2392, 2405, 2417], '2');
export const TABLE_36_MX_F: readonly PeriodicCheckItem[] = setting('36', [4806, 4822, 4834], '3');

// Tables 15 (MX-R) and 33 (MX-F) "Item to be checked for continuous security operations": what a
// maintenance visit does every time (lifecycle/visit.ts); the MX-R's certificate check comes from 2.4.7.3.
const continuous = (table: '15' | '33', lines: [number, number], s: string): PeriodicCheckItem[] => [
  item(table, 1, lines[0], `${s}.4.6`, { en: 'Backup', ja: 'バックアップ' }, [
    { en: 'The user programs, parameters and device values are backed up in preparation for a product failure.', ja: '製品故障に備えてユーザプログラム・パラメータ・デバイス値をバックアップすること。' },
  ]),
  item(table, 2, lines[1], `${s}.4.5`, { en: 'Checking the obtained logs', ja: '取得したログの確認' }, [
    {
      en: 'The event history is checked for suspicious behaviour (failed logons, access to the USB port), and the results of the security self-diagnostic function are checked and acted on.',
      ja: 'イベント履歴で不審な挙動（ログオン失敗、USBポートへのアクセス）を確認し、セキュリティ自己診断機能の結果を確認して対処すること。',
    },
  ]),
];

export const TABLE_15_MX_R: readonly PeriodicCheckItem[] = continuous('15', [2085, 2090], '2');
// Table 33 has a third row the MX-R's Table 15 lacks (the MX-R visit checks the certificate by 2.4.7.3).
export const TABLE_33_MX_F: readonly PeriodicCheckItem[] = [
  ...continuous('33', [4464, 4469], '3'),
  item('33', 3, 4482, '3.4.7.3', { en: 'Checking the certificate', ja: '証明書の確認' }, [
    {
      en: 'The expiration date of the certificate used for encrypted communication is checked: once it expires, encrypted communication stops.',
      ja: '暗号化通信に使用する証明書の有効期限を確認すること。期限が切れると通信できなくなる。',
    },
  ]),
];
