// A row's evidence as a person reads it, in the report's language: "Lockout: failures 5, minutes 15;
// read from the device at 2026-11-01 14:45:02 UTC". The raw readings stay as they are in the signed
// JSON (rows[].evidence); this is only how the HTML and the app's report screen say them. Every time is
// written in one zone, UTC, like every other time of the report.
import type { Bilingual } from '../commissioning/guideline';
import { isMessageId, render, type Message } from '../messages/catalogue';

export type EvidenceLanguage = 'en' | 'ja';

const isBilingual = (v: unknown): v is Bilingual =>
  v !== null && typeof v === 'object' && typeof (v as { en?: unknown }).en === 'string' && typeof (v as { ja?: unknown }).ja === 'string';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** One zone for every time of the report: "2026-11-01 09:00:00 UTC". */
export function reportTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const WORDS = {
  en: { yes: 'yes', no: 'no', notRead: 'not read from the device', none: 'none', readAt: 'read from the device at', by: 'by', at: 'at' },
  ja: { yes: 'はい', no: 'いいえ', notRead: '機器から読み取れていません', none: 'なし', readAt: '機器から読み取った日時', by: '確認者', at: '日時' },
} as const;

/** "tlsVersion" -> "tls version", "sizeKb" -> "size kb": the setting's name as words. */
const asWords = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();

/** A field's name in the report's language: the catalogue's `evidence.field.<key>`, else the key as words. */
function words(key: string, lang: EvidenceLanguage): string {
  const id = `evidence.field.${key}`;
  if (process.env.MXC_EVIDENCE_KEYS && !isMessageId(id)) process.stderr.write(`EVIDENCE-FIELD ${key}\n`);
  return isMessageId(id) ? render(id, undefined, lang) : asWords(key);
}

/** A setting's value word (an enum such as "strong", "closed", "allow") in the report's language. */
function valueWord(value: string, lang: EvidenceLanguage): string {
  const id = `evidence.value.${value}`;
  if (process.env.MXC_EVIDENCE_KEYS && !isMessageId(id) && /^[a-z][a-z0-9-]*$/.test(value)) process.stderr.write(`EVIDENCE-VALUE ${value}\n`);
  return isMessageId(id) ? render(id, undefined, lang) : value;
}

/** A service, communication function or authority id ("melsoft-udp") by its name in the catalogue. */
function term(id: string, lang: EvidenceLanguage): string | undefined {
  for (const group of ['service', 'function', 'authority']) {
    const key = `wizard.${group}.${id}`;
    if (isMessageId(key)) return render(key, undefined, lang);
  }
  return undefined;
}

/** Known ids inside a text ("port3/melsoft-udp") by their names; other words stay as written. */
const named = (text: string, lang: EvidenceLanguage): string => text.replace(/\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/g, (id) => term(id, lang) ?? id);

function plain(value: unknown, lang: EvidenceLanguage, depth = 0): string {
  const w = WORDS[lang];
  if (value === null || value === undefined) return w.notRead;
  if (isBilingual(value)) return value[lang];
  if (typeof value === 'boolean') return value ? w.yes : w.no;
  if (typeof value === 'string') return ISO.test(value) ? reportTime(value) : named(valueWord(value, lang), lang);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return w.none;
    return value.map((v) => plain(v, lang, depth + 1)).join(depth === 0 ? '; ' : ', ');
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('value' in o && 'readAt' in o && typeof o.readAt === 'string') return `${plain(o.value, lang, depth)} (${w.readAt} ${reportTime(o.readAt)})`;
    if (typeof o.by === 'string' && typeof o.at === 'string' && typeof o.text === 'string') return `${o.text} (${w.by} ${o.by}, ${w.at} ${reportTime(o.at)})`;
    const parts = Object.entries(o).map(([k, v]) => (depth >= 2 ? `${words(k, lang)} ${Array.isArray(v) && v.every((x) => typeof x === 'string') ? `[${v.map((x) => valueWord(x, lang)).join(', ')}]` : typeof v === 'object' && v !== null ? JSON.stringify(v) : plain(v, lang, depth + 1)}` : `${words(k, lang)} ${plain(v, lang, depth + 1)}`));
    return depth === 0 ? parts.join(', ') : `(${parts.join(', ')})`;
  }
  return String(value);
}

/** "allowed offset (s)" -> "allowedOffsetS": the catalogue key of an evidence name. */
const labelKey = (what: string): string => {
  const [first = '', ...rest] = what.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return first.toLowerCase() + rest.map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join('');
};

/**
 * An evidence name in the report's language: the catalogue's `evidence.what.<key>` (the English name is
 * the stable key the signed JSON keeps), else the name as written, capitalized.
 */
export function evidenceLabel(what: string, lang: EvidenceLanguage): string {
  const id = `evidence.what.${labelKey(what)}`;
  return isMessageId(id) ? render(id, undefined, lang) : what.charAt(0).toUpperCase() + what.slice(1);
}

/** An evidence item: a row's reading (`value` any JSON), or a check's line with its catalogue messages (`text`). */
export interface EvidenceItem {
  what: string;
  value: unknown;
  text?: { what: Message; value: Message };
}

/** One line per evidence item: its name in the report's language, then the reading in words. */
export function evidenceLines(evidence: ReadonlyArray<EvidenceItem>, lang: EvidenceLanguage): string[] {
  return evidence.map((e) =>
    e.text ? `${render(e.text.what.id, e.text.what.params, lang)}: ${render(e.text.value.id, e.text.value.params, lang)}` : `${evidenceLabel(e.what, lang)}: ${plain(e.value, lang)}`,
  );
}
