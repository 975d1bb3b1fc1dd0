// The procedures of a controller's later life as data, per system: the maintenance visit (2.5.2 / 3.5.2
// periodic maintenance: Tables 15, 17, 18 and 33, 35, 36) and the removal and disposal (2.6 / Figure 16,
// 3.6 / Figure 30). The guideline gives no figure for the visit: its steps are built from the sections
// cited, and the procedure says so (`reconstructed`). Figures 16 and 30 are pictures in the guideline's
// copy ("Removal method of the product"): their steps are built from the text of 2.6 / 3.6.
import { ref } from '../references';
import type { Procedure, ProcedureStep } from '../types';

type System = 'mx-r' | 'mx-f';
const ch = (s: System) => (s === 'mx-r' ? '2' : '3');
const T = (s: System, mxr: string, mxf: string) => (s === 'mx-r' ? mxr : mxf);

const step = (p: Omit<ProcedureStep, 'preconditions' | 'writes' | 'verifies' | 'reconstructed'> & { verifies?: string[]; basis: string[] }): ProcedureStep => {
  const { basis, verifies, ...rest } = p;
  return { ...rest, preconditions: [], writes: [], verifies: verifies ?? [], reconstructed: { basis } };
};

export function maintenanceVisitProcedure(s: System): Procedure {
  const c = ch(s);
  const continuous = T(s, '15', '33');
  const battery = T(s, '17', '35');
  const settings = T(s, '18', '36');
  const settingsTable = T(s, '9', '27');
  const steps: ProcedureStep[] = [
    step({
      id: 'visit.connect',
      number: 1,
      title: { en: 'Connect to the commissioned controller and log on as an existing Administrator', ja: '設定済みコントローラに接続し、既存のAdministratorでログオン' },
      references: [ref.section(`${c}.4.7.1`), ref.section(`${c}.4.4`)],
      kind: 'connect',
      appDoes: { en: 'Connects over TLS with the pinned certificate (or the USB cable) and logs on; it never initializes and never writes a setting.', ja: '固定した証明書でTLS接続（またはUSBケーブル）しログオンする。初期化や設定の書込みは一切しない。' },
      operatorDoes: { en: 'Gives the baseline report and the logon of an existing Administrator.', ja: '基準となるレポートと既存Administratorのログオン情報を渡す。' },
      basis: [`${c}.5.2`, `${c}.4.7.1`],
    }),
    step({
      id: 'visit.drift',
      number: 2,
      title: { en: 'Read the device and compare it with the baseline report, setting by setting', ja: '機器を読み出し、基準レポートと設定ごとに比較' },
      references: [ref.section(`${c}.5.2`), ref.table(settingsTable)],
      kind: 'verification',
      appDoes: { en: `Lists every setting that differs from the baseline with both values and its Table ${settingsTable} rows; "no drift" only when none differs.`, ja: `基準と異なる設定を両方の値と表${settingsTable}の行とともに一覧にする。差分がない場合のみ「差分なし」とする。` },
      operatorDoes: { en: 'Reads the drift list and checks each change was intended.', ja: '差分一覧を読み、各変更が意図したものか確認する。' },
      basis: [`${c}.5.2`],
    }),
    step({
      id: 'visit.continuous',
      number: 3,
      title: { en: `Continuous security operations (Table ${continuous}): backup, event history, certificate`, ja: `継続的なセキュリティ運用（表${continuous}）：バックアップ、イベント履歴、証明書` },
      references: [ref.table(continuous, 1), ref.table(continuous, 2), ref.section(`${c}.4.7.3`), ref.table(T(s, '12', '30'))],
      kind: 'verification',
      appDoes: {
        en: 'Makes a fresh encrypted backup to this PC and opens it to check it; exports the event history (signed) and shows the events to watch since the baseline; checks the certificate (warning from 90 days before expiry).',
        ja: 'このPCへ暗号化バックアップを作成し開いて確認する。イベント履歴を署名付きでエクスポートし、基準以降の監視すべきイベントを示す。証明書を確認する（期限90日前から警告）。',
      },
      operatorDoes: { en: 'Acts on each event to watch as the advice says.', ja: '監視すべき各イベントに助言どおり対処する。' },
      basis: [`${c}.5.1`, `${c}.4.6`, `${c}.4.5`, `${c}.4.7.3`],
    }),
    step({
      id: 'visit.battery',
      number: 4,
      title: { en: `Operation verification of the security functions (Table ${battery})`, ja: `セキュリティ機能の動作確認（表${battery}）` },
      references: [ref.table(battery), ref.section(`${c}.5.2`)],
      kind: 'verification',
      appDoes: { en: 'Re-runs the non-disruptive checks; each disruptive check only when the operator confirms it.', ja: '非破壊の確認を再実行する。破壊的な確認はオペレータが確認したものだけ実行する。' },
      operatorDoes: { en: 'Confirms or declines each disruptive check.', ja: '破壊的な確認ごとに実行するか決める。' },
      basis: [`${c}.5.2`],
    }),
    step({
      id: 'visit.setting-checks',
      number: 5,
      title: { en: `Setting check items (Table ${settings}): users, open ports, allowed addresses`, ja: `設定確認項目（表${settings}）：ユーザ、オープンポート、許可アドレス` },
      references: [ref.table(settings, 1), ref.table(settings, 2), ref.table(settings, 3)],
      kind: 'verification',
      appDoes: { en: 'Shows the users and groups, the open ports and the IP filter for review; a change since the baseline is a finding.', ja: 'ユーザとグループ、オープンポート、IPフィルタを確認用に表示する。基準以降の変更は指摘事項とする。' },
      operatorDoes: { en: 'Deletes unneeded accounts, closes unused ports, blocks unintended addresses (in a commissioning session).', ja: '不要なアカウントの削除、未使用ポートのクローズ、意図しないアドレスの遮断を行う（設定セッションで）。' },
      basis: [`${c}.5.2`],
    }),
    step({
      id: 'visit.report',
      number: 6,
      title: { en: 'Signed visit report, chained to the baseline', ja: '基準に連鎖した署名付き訪問レポート' },
      references: [ref.section(`${c}.5.2`)],
      kind: 'report',
      appDoes: { en: 'Signs the visit report, naming the baseline report by its hash.', ja: '基準レポートをハッシュで示した訪問レポートに署名する。' },
      operatorDoes: { en: 'Keeps the report with the previous ones.', ja: 'レポートを過去のものと一緒に保管する。' },
      basis: [`${c}.5.2`],
    }),
  ];
  return {
    id: s === 'mx-r' ? 'maintenance-visit-mx-r' : 'maintenance-visit-mx-f',
    system: s,
    figure: '',
    title: { en: `Maintenance visit (${s === 'mx-r' ? 'MX-R' : 'MX-F'})`, ja: `保守訪問（${s === 'mx-r' ? 'MX-R' : 'MX-F'}）` },
    reference: ref.section(`${c}.5.2`),
    reconstructed: true,
    notice: { en: `The guideline gives no figure for a visit: the steps are built from ${c}.5.2 and Tables ${continuous}, ${battery}, ${settings}.`, ja: `ガイドラインには訪問の図がないため、${c}.5.2と表${continuous}・${battery}・${settings}から手順を構成しています。` },
    steps,
  };
}

export function disposalProcedure(s: System): Procedure {
  const c = ch(s);
  const F = T(s, '16', '30');
  const line = T(s, '2421', '4841');
  const steps: ProcedureStep[] = [
    step({
      id: 'disposal.connect',
      number: 1,
      title: { en: 'Connect and log on as an Administrator', ja: '接続し、Administratorでログオン' },
      references: [ref.section(c + '.6', undefined, Number(line)), ref.section(`${c}.4.1`)],
      kind: 'connect',
      appDoes: { en: 'Connects over TLS with the pinned certificate or the USB cable and logs on (initialization is an Administrator\'s operation).', ja: '固定した証明書のTLSまたはUSBケーブルで接続しログオンする（初期化はAdministratorの操作）。' },
      operatorDoes: { en: 'Stops the system by the operation manual\'s procedure first.', ja: '先に取扱説明書の手順でシステムを停止する。' },
      basis: [`${c}.6`],
    }),
    step({
      id: 'disposal.backup',
      number: 2,
      title: { en: 'Back up the data if it is needed later; export the event history', ja: '必要ならデータをバックアップし、イベント履歴をエクスポート' },
      references: [ref.section(`${c}.6`), ref.section(`${c}.4.6`)],
      kind: 'verification',
      appDoes: { en: 'Makes the final encrypted backup when asked, and exports the event history (signed) before it is deleted.', ja: '求められれば最後の暗号化バックアップを作成し、削除される前にイベント履歴を署名付きでエクスポートする。' },
      operatorDoes: { en: 'Decides whether the data is needed later.', ja: 'データが後で必要か決める。' },
      basis: [`${c}.6`],
    }),
    step({
      id: 'disposal.initialize',
      number: 3,
      title: { en: 'Initialize all information in the controller', ja: 'コントローラの全情報を初期化' },
      references: [ref.section(`${c}.6`), ref.section(`${c}.4.1`), ref.table(T(s, '17', '35'), 1)],
      kind: 'device-operation',
      appDoes: { en: 'Initializes devices/labels, files, security settings, event history and certificates, once the model is typed back.', ja: '型名の入力で確認後、デバイス/ラベル、ファイル、セキュリティ設定、イベント履歴、証明書を初期化する。' },
      operatorDoes: { en: 'Types the model to confirm.', ja: '型名を入力して確認する。' },
      basis: [`${c}.6`, `${c}.4.1`],
    }),
    step({
      id: 'disposal.factory-state',
      number: 4,
      title: { en: 'Prove over the link that the device is in factory state', ja: '機器が工場出荷状態であることを接続経由で証明' },
      references: [ref.section(`${c}.6`), ref.table(T(s, '17', '35'), 1)],
      kind: 'verification',
      appDoes: { en: 'Reads the device again: no users (user authentication off), no certificate, no parameters, what the event history still holds.', ja: '機器を再度読み出す：ユーザなし（ユーザ認証無効）、証明書なし、パラメータなし、イベント履歴の残り。' },
      operatorDoes: { en: 'If the initialization cannot be used (a malfunction), crushes or magnetically destroys the product.', ja: '初期化できない場合（故障など）、製品を破砕または磁気的に破壊する。' },
      basis: [`${c}.6`],
    }),
    step({
      id: 'disposal.sd-card',
      number: 5,
      title: { en: 'Remove the SD memory card and manage it properly', ja: 'SDメモリカードを取り外し、適切に管理' },
      references: [ref.section(`${c}.6`)],
      kind: 'operator-checklist',
      appDoes: { en: 'Records the operator\'s statement: the card is not erased by the initialization.', ja: 'オペレータの申告を記録する：カードは初期化で消去されない。' },
      operatorDoes: { en: 'Removes the card and keeps it safe or destroys it.', ja: 'カードを取り外し、保管または破壊する。' },
      basis: [`${c}.6`],
    }),
    step({
      id: 'disposal.certificate',
      number: 6,
      title: { en: 'Signed disposal certificate; the device leaves this installation', ja: '署名付き廃棄証明書。機器をこのインストールから削除' },
      references: [ref.section(`${c}.6`)],
      kind: 'report',
      appDoes: { en: 'Signs the disposal certificate and removes the device\'s certificate pin.', ja: '廃棄証明書に署名し、機器の証明書の固定を削除する。' },
      operatorDoes: { en: 'Keeps the certificate with the device\'s reports.', ja: '証明書を機器のレポートと一緒に保管する。' },
      basis: [`${c}.6`],
    }),
  ];
  return {
    id: s === 'mx-r' ? 'figure-16' : 'figure-30',
    system: s,
    figure: F,
    title: { en: `Removal and disposal (${s === 'mx-r' ? 'MX-R' : 'MX-F'})`, ja: `取り外しと廃棄（${s === 'mx-r' ? 'MX-R' : 'MX-F'}）` },
    reference: ref.figure(F, undefined, Number(line) + 10),
    reconstructed: true,
    notice: { en: `Figure ${F} is a picture in the guideline's copy: the steps are built from the text of ${c}.6.`, ja: `図${F}はガイドラインの写しでは画像のため、${c}.6の本文から手順を構成しています。` },
    steps,
  };
}

export const MAINTENANCE_VISIT_MX_R = maintenanceVisitProcedure('mx-r');
export const MAINTENANCE_VISIT_MX_F = maintenanceVisitProcedure('mx-f');
export const DISPOSAL_MX_R = disposalProcedure('mx-r');
export const DISPOSAL_MX_F = disposalProcedure('mx-f');
