// What the device reports as mounted beside the controller, in the technician's words, as evidence for
// Table 9/27 row 7 ("communication requests via a module other than a controller are out of the user
// authentication targets"). The row stays an operator attestation — the device cannot show whether a
// module's network is protected — but the person attesting sees which modules the attestation covers:
// - MX-F expansion adapters and extension modules: devices outside the equipment are not connected to
//   them (Table 19 row 4); a serial adapter set to Modbus RTU or the MC protocol carries communication the
//   guideline allows only inside the trust boundary (3.4.7.1);
// - network modules (both families): their network is protected by the module's security functions or an
//   external device (the row itself).
import type { ControllerSnapshot } from '../../../model/device-snapshot';
import { isSerialAdapter, type ExpansionAdapter, type ExtensionModule, type ModuleConfiguration } from '../../../model/module-configuration';
import type { Bilingual, Evidence } from '../types';

const ADAPTER_KIND: Record<string, Bilingual> = {
  'serial-rs485': { en: 'RS-485 serial', ja: 'RS-485シリアル' },
  'serial-rs232c': { en: 'RS-232C serial', ja: 'RS-232Cシリアル' },
  'analog-input': { en: 'analog input', ja: 'アナログ入力' },
  'analog-output': { en: 'analog output', ja: 'アナログ出力' },
};

const PROTOCOL: Record<string, Bilingual> = {
  'modbus-rtu': { en: 'Modbus RTU', ja: 'Modbus RTU' },
  'mc-protocol': { en: 'MC protocol', ja: 'MCプロトコル' },
  none: { en: 'no protocol set', ja: 'プロトコル設定なし' },
};

const MODULE_KIND: Record<string, Bilingual> = {
  input: { en: 'input module', ja: '入力ユニット' },
  output: { en: 'output module', ja: '出力ユニット' },
  intelligent: { en: 'intelligent function module', ja: 'インテリジェント機能ユニット' },
  network: { en: 'network module', ja: 'ネットワークユニット' },
};

/** Serial protocols in 3.4.7.1's "communication available only within the trust boundary" list. */
const TRUST_BOUNDARY_ONLY = new Set(['modbus-rtu', 'mc-protocol']);

const INSIDE_EQUIPMENT: Bilingual = { en: 'devices connected to it stay inside the equipment (Table 19 row 4)', ja: '接続機器は装置内に限る（表19 No.4）' };

const label = (kinds: Record<string, Bilingual>, kind: string): Bilingual => kinds[kind] ?? { en: kind, ja: kind };
const named = (b: Bilingual, name: string | undefined): Bilingual => (name ? { en: `${b.en} (${name})`, ja: `${b.ja}（${name}）` } : b);

function adapterLine(a: ExpansionAdapter): Bilingual {
  const kind = named(label(ADAPTER_KIND, a.kind), a.name);
  const head: Bilingual = { en: `Expansion adapter ${a.position}: ${kind.en}`, ja: `拡張アダプタ${a.position}：${kind.ja}` };
  if (!isSerialAdapter(a.kind)) return { en: `${head.en} — ${INSIDE_EQUIPMENT.en}`, ja: `${head.ja} — ${INSIDE_EQUIPMENT.ja}` };
  const protocol = a.protocol ?? 'none';
  const p = label(PROTOCOL, protocol);
  if (TRUST_BOUNDARY_ONLY.has(protocol)) {
    return {
      en: `${head.en}, ${p.en} — inside the trust boundary only (3.4.7.1); ${INSIDE_EQUIPMENT.en}`,
      ja: `${head.ja}、${p.ja} — 信頼境界内でのみ使用（3.4.7.1）。${INSIDE_EQUIPMENT.ja}`,
    };
  }
  return { en: `${head.en}, ${p.en} — ${INSIDE_EQUIPMENT.en}`, ja: `${head.ja}、${p.ja} — ${INSIDE_EQUIPMENT.ja}` };
}

function moduleLine(m: ExtensionModule, system: ControllerSnapshot['system']): Bilingual {
  const kind = named(label(MODULE_KIND, m.kind), m.name);
  const mxF = system === 'mx-f';
  const head: Bilingual = mxF ? { en: `Extension module ${m.position}: ${kind.en}`, ja: `増設モジュール${m.position}：${kind.ja}` } : { en: `Module in slot ${m.position}: ${kind.en}`, ja: `スロット${m.position}のユニット：${kind.ja}` };
  const notes: Bilingual[] = [];
  if (m.kind === 'network') {
    const row = mxF ? 'Table 27 row 7' : 'Table 9 row 7';
    const rowJa = mxF ? '表27 No.7' : '表9 No.7';
    notes.push({
      en: `communication through it is out of the user authentication targets: protect its network with the module's security functions (e.g. IP filter) or an external device (e.g. firewall) (${row})`,
      ja: `このユニット経由の通信はユーザ認証の対象外：ユニットのセキュリティ機能（IPフィルタ等）または外部機器（ファイアウォール等）でネットワークを保護（${rowJa}）`,
    });
  }
  // Table 19 row 4 is the MX-F's installation prerequisite; the MX-R's Table 1 has no such row.
  if (mxF) notes.push(INSIDE_EQUIPMENT);
  if (notes.length === 0) return head;
  return { en: `${head.en} — ${notes.map((n) => n.en).join('; ')}`, ja: `${head.ja} — ${notes.map((n) => n.ja).join('。')}` };
}

/** One line per module, expansion adapters first, each list by position; a single line when nothing is mounted. */
export function describeModules(configuration: ModuleConfiguration, system: ControllerSnapshot['system']): Bilingual[] {
  const byPosition = <T extends { position: number }>(xs: readonly T[] | undefined): T[] => [...(xs ?? [])].sort((a, b) => a.position - b.position);
  const lines = [...byPosition(configuration.expansionAdapters).map(adapterLine), ...byPosition(configuration.extensionModules).map((m) => moduleLine(m, system))];
  if (lines.length > 0) return lines;
  return [{ en: 'No module other than the controller is configured on the device (nothing mounted)', ja: 'コントローラ以外のユニットは構成されていない（装着なし）' }];
}

export const MODULES_EVIDENCE = 'modules other than the controller (read from the device)';

/** The evidence entry of Table 9/27 row 7: the modules read from the device, or null when they could not be read. */
export function moduleConfigurationEvidence(s: ControllerSnapshot): Evidence {
  const r = s.moduleConfiguration;
  return { what: MODULES_EVIDENCE, value: r ? { value: describeModules(r.value, s.system), readAt: r.readAt } : null };
}
