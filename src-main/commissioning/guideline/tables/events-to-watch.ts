// Tables 12 (MX-R, 2.4.5.1) and 30 (MX-F, 3.4.5.1) "Security events to watch for", as data: what each
// row means and what the technician does when such an event shows up, in English and Japanese. The event
// codes a row covers are the codes the device reports (docs/protocol.md, the 7E05 event history); the
// event viewer and the visit's event-history review highlight them. A record whose code no row names is
// shown, never hidden, just not highlighted.
import { ref, type GuidelineReference } from '../references';
import type { Bilingual } from '../types';

export interface EventToWatch {
  id: string;
  table: '12' | '30';
  row: number;
  title: Bilingual;
  /** The guideline's overview: why the event matters. */
  meaning: Bilingual;
  /** Project choice: what the technician does about it (the guideline says "take appropriate measures"). */
  action: Bilingual;
  /** Event codes (the 4 hex digits the device shows, as numbers) this row covers. */
  codes: readonly number[];
  references: GuidelineReference[];
}

const ROWS: ReadonlyArray<Omit<EventToWatch, 'id' | 'table' | 'references'> & { lines: { '12': number; '30': number } }> = [
  {
    row: 1,
    lines: { '12': 1574, '30': 3939 },
    title: { en: 'Event related to user authentication', ja: 'ユーザ認証に関するイベント' },
    meaning: {
      en: 'Logon failures and lockouts after consecutive failures show access attempts by unauthorized users.',
      ja: 'ログオン失敗や連続失敗によるロックアウトは、権限のないユーザによるアクセスの試みを示します。',
    },
    action: {
      en: 'Ask who tried to log on at that time and from where. If nobody on site did, change the passwords of the users concerned, check the IP filter, and keep this export as evidence.',
      ja: 'その時刻にどこから誰がログオンしようとしたか確認してください。現場の誰でもなければ、該当ユーザのパスワードを変更し、IPフィルタを確認し、このエクスポートを証拠として保管してください。',
    },
    // logon failed, locked out, lockout released, operation refused (no authority)
    codes: [0x1002, 0x1003, 0x1004, 0x100a],
  },
  {
    row: 2,
    lines: { '12': 1582, '30': 3950 },
    title: { en: 'Event related to file reading/writing', ja: 'ファイル読出し/書込みに関するイベント' },
    meaning: {
      en: 'File access, reading and writing in an unusual pattern (an unusual time, user or amount) shows illegal file access.',
      ja: '通常と異なるパターン（時刻・ユーザ・量）のファイルアクセスや読出し/書込みは、不正なファイルアクセスを示します。',
    },
    action: {
      en: 'Compare with the planned work: a program or file written outside planned work is compared with the last approved program; if it differs, stop and investigate before running.',
      ja: '計画作業と照合してください。計画外のプログラム・ファイル書込みは最後に承認したプログラムと比較し、異なる場合は運転前に停止して調査してください。',
    },
    // program written, file read, file written
    codes: [0x4002, 0x4003, 0x4004],
  },
  {
    row: 3,
    lines: { '12': 1590, '30': 3961 },
    title: { en: 'Event related to access control by communication path', ja: '通信経路によるアクセス制御に関するイベント' },
    meaning: {
      en: 'Access from IP addresses the IP filter restricts (and to closed ports, or above the bandwidth limit) shows access by unauthorized users.',
      ja: 'IPフィルタで制限したIPアドレスからのアクセス（クローズしたポートへのアクセス、帯域制限超過を含む）は、権限のないユーザによるアクセスを示します。',
    },
    action: {
      en: 'Find the device with that address on the network. If it is not a known device of the plant, disconnect it and report it; if it is, correct its settings or the IP filter.',
      ja: 'そのアドレスの機器をネットワーク上で特定してください。工場の既知の機器でなければ切り離して報告し、既知の機器であればその設定またはIPフィルタを修正してください。',
    },
    // refused by the IP filter, access to a closed port, bandwidth limit exceeded
    codes: [0x2001, 0x2002, 0x2003],
  },
  {
    row: 4,
    lines: { '12': 1598, '30': 3972 },
    title: { en: 'Event history deletion event', ja: 'イベント履歴の削除イベント' },
    meaning: {
      en: 'An unintended deletion of the event history may have been made to clear the traces of illegal access.',
      ja: '意図しないイベント履歴の削除は、不正アクセスの痕跡を消すために行われた可能性があります。',
    },
    action: {
      en: 'Find out which Administrator cleared the history and why. Without a planned reason, treat it as an incident: compare with the last exported history and change the Administrator passwords.',
      ja: 'どのAdministratorがなぜ履歴を削除したか確認してください。計画された理由がなければインシデントとして扱い、前回エクスポートした履歴と比較し、Administratorのパスワードを変更してください。',
    },
    // event history cleared; manipulation detected (the tamper check, Table 9 row 13) belongs here too
    codes: [0x6001, 0x6003],
  },
];

function table(t: '12' | '30'): readonly EventToWatch[] {
  const section = t === '12' ? '2.4.5.1' : '3.4.5.1';
  return ROWS.map(({ lines, ...r }) => ({ ...r, id: `table${t}.row${r.row}`, table: t, references: [ref.table(t, r.row, lines[t]), ref.section(section)] }));
}

export const TABLE_12_MX_R: readonly EventToWatch[] = table('12');
export const TABLE_30_MX_F: readonly EventToWatch[] = table('30');

export function eventsToWatchFor(system: 'mx-r' | 'mx-f' | 'wlan-adapter'): readonly EventToWatch[] {
  // The adapter has no table of events to watch: Table 47 row 2 names what to look for in its logs.
  return system === 'mx-r' ? TABLE_12_MX_R : system === 'mx-f' ? TABLE_30_MX_F : [];
}

/** The row of Table 12/30 an event code falls under, if any. */
export function watchRowOf(system: 'mx-r' | 'mx-f', code: number): EventToWatch | undefined {
  return eventsToWatchFor(system).find((r) => r.codes.includes(code));
}
