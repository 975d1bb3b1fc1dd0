// A reading of the report as a person reads it: main sends each evidence value as text, often JSON of
// what the device answered ({value, readAt}). Shown as words and local times, never as raw JSON or
// camelCase keys (the signed JSON export keeps the exact values).
export interface EvidenceWords {
  yes: string;
  no: string;
  none: string;
  readAt: (time: string) => string;
  /** The name of a known id in the user's language (a service, a communication function, an authority). */
  term?: (id: string) => string | undefined;
}

const ID_IN_TEXT = /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/g;

/** Known ids inside a text ("port3/melsoft-udp") by their names; unknown words stay as they are. */
function namesIn(text: string, w: EvidenceWords): string {
  return w.term ? text.replace(ID_IN_TEXT, (id) => w.term!(id) ?? id) : text;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/** "minLength" -> "min length", "expiryDays" -> "expiry days": a key as words. */
export function keyAsWords(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

function isBilingual(v: unknown): v is { en: string; ja: string } {
  return v !== null && typeof v === 'object' && typeof (v as { en?: unknown }).en === 'string' && typeof (v as { ja?: unknown }).ja === 'string';
}

function words(value: unknown, w: EvidenceWords, language: string, depth: number): string {
  if (depth > 6) return '…';
  if (value === null || value === undefined) return w.none;
  if (typeof value === 'boolean') return value ? w.yes : w.no;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return ISO_TIME.test(value) ? new Date(value).toLocaleString(language) : namesIn(value, w);
  if (isBilingual(value)) return language === 'ja' ? value.ja : value.en;
  if (Array.isArray(value)) return value.length === 0 ? w.none : value.map((v) => words(v, w, language, depth + 1)).join('; ');
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    // A named thing (a user, a group, a module) reads best as its name first.
    const name = entries.find(([k]) => k === 'name');
    const rest = entries.filter(([k]) => k !== 'name').map(([k, v]) => `${w.term?.(k) ?? keyAsWords(k)}: ${words(v, w, language, depth + 1)}`);
    return name ? `${String(name[1])}${rest.length ? ` (${rest.join(', ')})` : ''}` : rest.join(', ');
  }
  return String(value);
}

/** The evidence value in words; text that is not JSON is shown as it is. */
export function evidenceText(value: string, w: EvidenceWords, language: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return namesIn(value, w);
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'value' in parsed && 'readAt' in parsed) {
    const { value: inner, readAt } = parsed as { value: unknown; readAt: unknown };
    const at = typeof readAt === 'string' && ISO_TIME.test(readAt) ? new Date(readAt).toLocaleString(language) : String(readAt);
    return `${words(inner, w, language, 0)} ${w.readAt(at)}`;
  }
  return words(parsed, w, language, 0);
}
