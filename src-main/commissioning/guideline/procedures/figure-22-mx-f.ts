// Figure 22 "Procedure before operation" (MX-F), guideline l.3401. RECONSTRUCTED: the guideline's copy
// has only the caption. Chapter 3 mirrors chapter 2 section by section (3.4.x = 2.4.x), so the steps are
// Figure 8's with the MX-F differences the chapter names, and every step cites the sections it is built
// from. The product says so wherever it shows this procedure (`notice`).
import { ref, type GuidelineReference } from '../references';
import type { Procedure, ProcedureStep } from '../types';
import { FIGURE_8_MX_R } from './figure-8-mx-r';

/** Chapter 2 -> chapter 3 twins: sections 2.x -> 3.x, and the tables that correspond. */
const TABLE_TWINS: Record<string, string> = { '8': '26', '9': '27', '10': '28', '11': '29', '12': '30', '13': '31', '14': '32', '16': '34', '17': '35', '18': '36' };

/** Table 9 row n -> Table 27 row: rows 1-8 keep their number, row 9 has no twin, rows 10-22 move up one. */
export function table27RowOf(table9Row: number): number | undefined {
  if (table9Row <= 8) return table9Row;
  if (table9Row === 9) return undefined;
  return table9Row - 1;
}

function twinReference(r: GuidelineReference): GuidelineReference | undefined {
  if (r.figure === '8') return { ...r, figure: '22', line: undefined };
  if (r.section) return { ...r, section: r.section.replace(/^2\./, '3.'), line: undefined };
  if (r.table) {
    const table = TABLE_TWINS[r.table];
    if (!table) return undefined;
    if (r.table === '9' && r.row !== undefined) {
      const row = table27RowOf(r.row);
      return row === undefined ? undefined : { doc: 'guideline', table, row };
    }
    return { doc: 'guideline', table, ...(r.row !== undefined ? { row: r.row } : {}) };
  }
  return r;
}

const clean = (r: GuidelineReference): GuidelineReference => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as GuidelineReference;

/** The chapter 3 (MX-F) twin of a chapter 2 (MX-R) reference; undefined when chapter 3 has none. */
export function mxfTwinOf(r: GuidelineReference): GuidelineReference | undefined {
  const twin = twinReference(r);
  return twin ? clean(twin) : undefined;
}

/** The MX-F differences the chapter names, per step (READING-GUIDE "Figures 22 and 36"). */
const DIFFERENCES: Record<number, Partial<Pick<ProcedureStep, 'title' | 'appDoes' | 'operatorDoes'>> & { extraRefs?: GuidelineReference[]; extraBasis?: string[] }> = {
  1: {
    title: { en: 'Mounting the controller with its expansion adapters and extension modules, inserting an SD memory card (if necessary), wiring/connection, initial setting, powering on the system', ja: 'コントローラと拡張アダプタ・増設ユニットの装着、SDメモリカードの装着（必要な場合）、配線・接続、初期設定、システムの電源投入' },
    appDoes: { en: 'Shows the checklist, including the MX-F prerequisites: no device outside the equipment is connected to expansion adapters and extension modules, nor to the CC-Link IE TSN ports (Table 19 rows 4, 5); data written by the engineering tool carries manipulation check information (Table 19 row 7); SD memory card only for backups (Table 28 row 4).', ja: 'MX-Fの前提条件を含むチェックリストを表示：拡張アダプタ・増設ユニットおよびCC-Link IE TSNポートに盤外の機器を接続しない（表19 No.4、5）、エンジニアリングツールで作成したデータに改ざんチェック情報が付く（表19 No.7）、SDメモリカードはバックアップ専用（表28 No.4）。' },
    operatorDoes: { en: 'Mounts the controller, expansion adapters and extension modules, configures them with the controller, wires and powers on, and ticks each item.', ja: 'コントローラ、拡張アダプタ、増設ユニットを装着してコントローラとともに設定し、配線・電源投入して各項目にチェックする。' },
    extraRefs: [ref.table('19', 4), ref.table('19', 5), ref.table('19', 7)],
    extraBasis: ['Table 19 rows 4, 5, 7'],
  },
  7: {
    title: { en: 'Setting the security functions of the MX-F model (Table 27, section 3.4)', ja: 'MX-Fモデルのセキュリティ機能の設定（表27、3.4節）' },
    appDoes: { en: 'As for MX-R, with the TLS version chosen among 1.2, 1.3 and "1.2/1.3" ("1.2/1.3" when partners mix versions, 3.4.7.1). Table 27 has no "event history shall be enabled" row; the app still sets the event history to the data memory (3.4.5).', ja: 'MX-Rと同様。TLSバージョンは1.2、1.3、「1.2/1.3」から選択（接続先のバージョンが混在する場合は「1.2/1.3」、3.4.7.1）。表27には「イベント履歴を有効にする」項目はないが、保存先はデータメモリに設定する（3.4.5）。' },
    extraBasis: ['3.4.7.1 (TLS version 1.2, 1.3 or 1.2/1.3)', '3.4.5'],
  },
  8: {
    title: { en: 'Setting other security functions (section 3.4)', ja: 'その他のセキュリティ機能の設定（3.4節）' },
  },
  13: {
    appDoes: { en: 'Lists the partners to set (certificate on each client, same TLS version; another MX-F over USB, 3.4.7.1 C) and the communications kept inside the trust boundary: USB, CC-Link IE TSN port, FTP, SNTP, BACnet, Modbus/TCP, Modbus RTU and MC protocol.', ja: '設定すべき接続先（各クライアントへの証明書、同じTLSバージョン、他のMX-FはUSB経由、3.4.7.1 C）と、信頼境界内に限る通信（USB、CC-Link IE TSNポート、FTP、SNTP、BACnet、Modbus/TCP、Modbus RTU、MCプロトコル）を一覧表示する。' },
    extraBasis: ['3.4.7.1 (Modbus RTU and MC protocol added to the trust-boundary-only list)'],
  },
  14: {
    appDoes: { en: 'Records the attestations of the rows the device cannot show and of Table 28, and runs the Table 35 items; of what Table 35 adds for MX-F it checks the logon warning message shown at logon. The logoff after the logoff timeout and the event history in its save destination are read back as settings (Table 27 rows 6, 8) but not exercised at this step.', ja: '機器で確認できない項目と表28の確認を記録し、表35の項目を実施する。表35でMX-Fに追加された項目のうち、ログオン時の警告メッセージ表示を確認する。ログオフタイムアウト後のログオフとイベント履歴の保存先は設定として読み出して確認する（表27 No.6、8）が、この手順では動作確認しない。' },
    extraRefs: [ref.table('35', 3), ref.table('35', 4)],
    extraBasis: ['Table 35 rows 3, 4'],
  },
  15: {
    title: { en: 'Running the MELSEC MX Controller MX-F model', ja: 'MELSEC MXコントローラ MX-Fモデルの運転' },
    appDoes: { en: 'Issues the compliance report and schedules the periodic checks of Table 35 (at least once a year), including automatic backup timing, retry and upper limit, and automatic restoration (Table 35 rows 5, 6).', ja: '適合レポートを発行し、表35の定期点検（年1回以上、自動バックアップの実行タイミング・リトライ・上限、自動リストアを含む、表35 No.5、6）を予定する。' },
    extraRefs: [ref.table('35', 5), ref.table('35', 6)],
    extraBasis: ['3.5.2', 'Table 35 rows 5, 6'],
  },
};

const rowId27 = (id: string): string | undefined => {
  const m = /^table9\.row(\d+)$/.exec(id);
  if (!m) return id;
  const row = table27RowOf(Number(m[1]));
  return row === undefined ? undefined : `table27.row${row}`;
};

/** A checklist item's passage in chapter 3 ("2.5.1" -> "3.5.1", "Table 10 row 4" -> "Table 28 row 4"). */
function twinReferenceText(text: string): string {
  return text
    .replace(/^2\./, '3.')
    .replace(/^Figure 8 /, 'Figure 22 ')
    .replace(/^Table (\d+)/, (whole, t: string) => (TABLE_TWINS[t] ? `Table ${TABLE_TWINS[t]}` : whole));
}

/** MX-F's own prerequisites for step 1 (Table 19 rows 4, 5). */
const MXF_STEP1_ITEMS = [
  {
    text: { en: 'No device outside the equipment is connected to the expansion adapters, the extension modules or the CC-Link IE TSN ports.', ja: '拡張アダプタ、増設ユニット、CC-Link IE TSNポートに盤外の機器を接続していない。' },
    reference: 'Table 19 rows 4, 5',
  },
];

const steps: ProcedureStep[] = FIGURE_8_MX_R.steps.map((s) => {
  const d = DIFFERENCES[s.number] ?? {};
  const refs = [...s.references.map(twinReference).filter((r): r is GuidelineReference => r !== undefined).map(clean), ...(d.extraRefs ?? [])];
  const sections = refs.filter((r) => r.section).map((r) => r.section!);
  return {
    ...s,
    id: `fig22.step${s.number}`,
    title: d.title ?? s.title,
    appDoes: d.appDoes ?? s.appDoes,
    operatorDoes: d.operatorDoes ?? s.operatorDoes,
    references: refs,
    preconditions: s.preconditions.map((p) => p.replace(/^fig8\./, 'fig22.')),
    verifies: s.verifies.map(rowId27).filter((x): x is string => x !== undefined),
    ...(s.checklist ? { checklist: [...s.checklist.map((c) => ({ ...c, reference: twinReferenceText(c.reference) })), ...(s.number === 1 ? MXF_STEP1_ITEMS : [])] } : {}),
    reconstructed: { basis: ['3.3.1', `Figure 8 step ${s.number} (same shape, chapter 3 mirrors chapter 2)`, ...sections, ...(d.extraBasis ?? [])] },
  };
});

export const FIGURE_22_MX_F: Procedure = {
  id: 'figure-22',
  system: 'mx-f',
  figure: '22',
  title: { en: 'Procedure before operation (MX-F) — reconstructed', ja: '運用前の手順（MX-F）— 再構成' },
  reference: ref.figure('22', undefined, 3401),
  reconstructed: true,
  notice: {
    en: "The guideline's Figure 22 has no text in the available copy. These steps are the project's reconstruction from Figure 8 and chapter 3; each step lists the sections it comes from.",
    ja: '入手したガイドラインでは図22の本文が欠落しています。この手順は図8と第3章からプロジェクトが再構成したもので、各手順に根拠の節を示します。',
  },
  steps,
};
