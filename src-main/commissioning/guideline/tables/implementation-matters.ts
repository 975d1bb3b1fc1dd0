// Tables 10 (MX-R), 28 (MX-F) and 45 (adapter): "Implementation matters related to security policy and
// usage environment". No device can show them; the operator attests each one (name, time, statement)
// and the report carries the attestation. Attestation ids are the row ids ('table10.row4').
import { ref } from '../references';
import type { AttestationItem, Bilingual } from '../types';

const item = (table: string, row: number, line: number, section: string | undefined, title: Bilingual, text: Bilingual): AttestationItem => ({
  id: `table${table}.row${row}`,
  table,
  row,
  item: title,
  text,
  references: [ref.table(table, row, line), ...(section ? section.split(' ').map((s) => ref.section(s)) : [])],
});

const DISPOSAL: Bilingual = { en: 'Precautions when removing/disposing of connected devices', ja: '接続機器の取外し・廃棄時の注意' };
const CONNECTED: Bilingual = { en: 'Connected devices', ja: '接続機器' };
const SD: Bilingual = { en: 'Use of SD memory card', ja: 'SDメモリカードの使用' };
const BACKUPS: Bilingual = { en: 'Performance and management of backups', ja: 'バックアップの実施と管理' };
const PASSWORDS: Bilingual = { en: 'Password management', ja: 'パスワード管理' };
const BOUNDARY: Bilingual = { en: 'Trust boundary', ja: '信頼境界' };

const controllerItems = (table: '10' | '28', lines: number[], s: (x: string) => string, model: string): AttestationItem[] => [
  item(table, 1, lines[0]!, s('2.6'), DISPOSAL, {
    en: `Devices connected to the ${model} may hold protected assets (data); take measures such as deleting the data before removing or disposing of them.`,
    ja: `${model}に接続した機器には保護資産（データ）が保存されている可能性があるため、取外し・廃棄の前にデータ消去などの対策を行うこと。`,
  }),
  item(table, 2, lines[1]!, undefined, CONNECTED, { en: `Before use, the equipment connected to the ${model} has been verified to be configured and operating as intended.`, ja: `${model}に接続する機器が意図どおりに設定され動作することを使用前に確認すること。` }),
  item(table, 3, lines[2]!, undefined, CONNECTED, { en: `Sessions with devices connected to the ${model} are terminated as soon as communication is no longer required.`, ja: `${model}に接続した機器との通信が不要になったら、直ちにセッションを終了すること。` }),
  item(table, 4, lines[3]!, s('2.5.1'), SD, { en: 'The SD memory card is used only for backup/restoration and holds no data other than backup data.', ja: 'SDメモリカードはバックアップ/リストアのみに使用し、バックアップデータ以外を保存しないこと。' }),
  item(table, 5, lines[4]!, table === '10' ? '2.4.6 2.5' : '3.5', BACKUPS, {
    en: `Protected assets of the ${model} and the connected devices may be lost in a sudden disaster or failure: backups are made regularly and the backup data is managed appropriately.`,
    ja: `突然の災害や故障などにより${model}および接続機器の保護資産（データ）が失われる可能性があるため、定期的にバックアップを行い、バックアップデータを適切に管理すること。`,
  }),
  item(table, 6, lines[5]!, s('2.4.4'), PASSWORDS, { en: 'Passwords are managed to prevent leakage and are not reused.', ja: 'パスワードは漏えいしないよう適切に管理し、再利用しないこと。' }),
  item(table, 7, lines[6]!, s('2.4.7'), BOUNDARY, {
    en: 'SNTP, FTP, BACnet and Modbus communications, and connections with other devices through the USB ports and the CC-Link IE TSN ports, are used only within the trust boundary.',
    ja: 'SNTP、FTP、BACnet、Modbus通信、およびUSBポート・CC-Link IE TSNポートによる他機器との接続は、信頼境界内でのみ使用すること。',
  }),
];

export const TABLE_10_MX_R: readonly AttestationItem[] = controllerItems('10', [1191, 1201, 1207, 1213, 1218, 1230, 1235], (x) => x, 'MX-R model');
export const TABLE_28_MX_F: readonly AttestationItem[] = controllerItems('28', [3551, 3563, 3569, 3575, 3580, 3591, 3596], (x) => x.replace(/^2\./, '3.'), 'MX-F model');

export const TABLE_45_WLAN_ADAPTER: readonly AttestationItem[] = [
  item('45', 1, 5867, '4.6', DISPOSAL, { en: 'When removing or disposing of the wireless LAN adapter, the setting data and the log data are deleted before disposal.', ja: '無線LANアダプタを取外し・廃棄する場合は、廃棄前に設定データとログデータを削除すること。' }),
  item('45', 2, 5876, undefined, CONNECTED, { en: 'Before use, the equipment connected to the wireless LAN adapter has been verified to be configured and operating as intended.', ja: '無線LANアダプタに接続する機器が意図どおりに設定され動作することを使用前に確認すること。' }),
  item('45', 3, 5881, '4.4.7 4.5', BACKUPS, {
    en: 'Protected assets of the adapter and the connected devices may be lost in a sudden disaster or failure: backups are made regularly and the backup data is managed appropriately.',
    ja: '突然の災害や故障などにより無線LANアダプタおよび接続機器の保護資産（データ）が失われる可能性があるため、定期的にバックアップを行い、バックアップデータを適切に管理すること。',
  }),
  item('45', 4, 5893, '4.4.5', PASSWORDS, { en: 'Passwords are managed to prevent leakage and are not reused.', ja: 'パスワードは漏えいしないよう適切に管理し、再利用しないこと。' }),
  item('45', 5, 5898, undefined, { en: 'Management of SSID', ja: 'SSIDの管理' }, { en: 'SSIDs are managed so that the same SSID is not used by wireless devices for other purposes.', ja: '他の用途の無線機器と同じSSIDを使用しないよう、SSIDを適切に管理すること。' }),
  item('45', 6, 5903, undefined, { en: 'Management of encryption key', ja: '暗号化キーの管理' }, { en: 'Encryption keys of the wireless encryption and authentication modes are managed to prevent leakage and are not reused.', ja: '無線暗号化モード・無線認証モードで使用する暗号化キーは漏えいしないよう適切に管理し、再利用しないこと。' }),
  item('45', 7, 5912, undefined, { en: 'Management of channel', ja: 'チャンネルの管理' }, { en: 'Channels are managed so that the same channel is not used by wireless devices for other purposes.', ja: '他の用途の無線機器と同じチャンネルを使用しないよう、チャンネルを適切に管理すること。' }),
];

// Tables 16 (MX-R) and 34 (MX-F) "Functions that use an SD memory card and recommended alternative
// operation methods". Row 1 (event history in data memory) and row 10 (encrypted backups) are settings the
// app writes and checks (Table 9 rows 9 and 14, Table 27 row 13). Rows 2-9 concern the sequence program
// and parameters the engineering tool writes, which the app neither writes nor can read back: the
// operator attests each one (issue 12 item 7). A missing one is a deviation in the report.
const SD_FUNCTIONS: Array<[Bilingual, Bilingual]> = [
  [{ en: 'File operation commands (SP.FREAD, SP.FWRITE)', ja: 'ファイル操作命令（SP.FREAD、SP.FWRITE）' }, { en: 'The program takes its input data from device/label initial values and writes its output to latch devices/labels, not to files on the SD memory card.', ja: 'プログラムは入力データをデバイス/ラベル初期値から、出力をラッチデバイス/ラベルに行い、SDメモリカード上のファイルを使用しない。' }],
  [{ en: 'Logging function', ja: 'ロギング機能' }, { en: 'Logging setting files are stored in the data memory, and logging results in the data memory or the function memory, not on the SD memory card.', ja: 'ロギング設定ファイルはデータメモリに、ロギング結果はデータメモリまたはファンクションメモリに保存し、SDメモリカードを使用しない。' }],
  [{ en: 'Latch function', ja: 'ラッチ機能' }, { en: 'The destination memory setting of the latch function is the built-in memory.', ja: 'ラッチ機能の保存先メモリ設定は内蔵メモリである。' }],
  [{ en: 'Boot function', ja: 'ブート機能' }, { en: 'The boot function is not used; data is written to the built-in memory of the controller.', ja: 'ブート機能は使用せず、データはコントローラの内蔵メモリに書き込む。' }],
  [{ en: 'Label access from external devices', ja: '外部機器からのラベルアクセス機能' }, { en: 'The data for label communication is stored in the data memory.', ja: 'ラベル通信用のデータはデータメモリに保存する。' }],
  [{ en: 'Device station parameter automatic setting', ja: '機器局パラメータ自動設定機能' }, { en: 'The device station parameters are stored in the data memory.', ja: '機器局パラメータはデータメモリに保存する。' }],
  [{ en: 'Communication protocol support function', ja: '通信プロトコル支援機能' }, { en: 'The module extension parameters (also those of other intelligent function modules) are stored in the data memory.', ja: 'ユニット拡張パラメータ（他のインテリジェント機能ユニットのものを含む）はデータメモリに保存する。' }],
  [{ en: 'User data write', ja: 'ユーザデータ書込み' }, { en: 'General-purpose files are stored in the data memory.', ja: '汎用ファイルはデータメモリに保存する。' }],
];

const sdItems = (table: '16' | '34', lines: number[], section: string): AttestationItem[] =>
  SD_FUNCTIONS.map(([title, text], i) => item(table, i + 2, lines[i]!, section, title, text));

export const TABLE_16_MX_R_SD: readonly AttestationItem[] = sdItems('16', [2134, 2141, 2148, 2150, 2153, 2158, 2163, 2169], '2.5.1');
export const TABLE_34_MX_F_SD: readonly AttestationItem[] = sdItems('34', [4525, 4534, 4541, 4543, 4546, 4552, 4559, 4566], '3.5.1');
