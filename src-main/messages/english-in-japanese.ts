// Finds English sentences inside Japanese text: three or more English words in a row. Names of products,
// protocols and models (MELSEC, CC-Link IE TSN, SLMP, TLS, GX Works3, MXR300-32, ...) are single words,
// acronyms or carry digits, so they do not count; the few longer names the guideline uses are allowed.
// Used by the catalogue's tests and by the test that walks the Japanese session views.

// Multi-word names that are names, not sentences.
const NAMES = ['Wi-Fi Protected Access', 'Wi-Fi Protected Setup', 'Enhanced Open', 'Secure Boot'];

// A word may be hyphenated ("mxc-verify-lockout" is one name); words are separated by spaces and commas.
const SENTENCE = /[A-Za-z][a-z]+(?:-[a-z0-9]+)*(?:[ ,'’]+[A-Za-z][a-z]+(?:-[a-z0-9]+)*){2,}/g;

/** The English runs found in `text` (empty when it reads as Japanese with names only). */
export function englishSentencesIn(text: string): string[] {
  let rest = text;
  for (const name of NAMES) rest = rest.split(name).join(' ');
  // URLs, file names and e-mail-like tokens are data, not sentences.
  rest = rest.replace(/\b[a-z]+:\/\/\S+/gi, ' ').replace(/\S+\.(?:json|html|pdf|csv|pem|crt|key|mxcbak|mxcpkg)\b/gi, ' ');
  // Ids (device codes, check ids: "wrong-credentials", "closed-by-device") are values, whether alone or listed.
  rest = rest.replace(/\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g, ' ');
  // A command the technician types is quoted as written.
  rest = rest.replace(/mxc(?: [a-z][\w-]*)+/g, ' ');
  return rest.match(SENTENCE) ?? [];
}

/** Every string under `value` at a key named `ja` (how views carry the Japanese side of a text), with its path. */
export function japaneseTextsOf(value: unknown, path = '$'): Array<{ path: string; text: string }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => japaneseTextsOf(v, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'ja' && typeof v === 'string' ? [{ path: `${path}.ja`, text: v }] : japaneseTextsOf(v, `${path}.${k}`)));
}

/**
 * The English sentences in the visible text of an HTML document (a Japanese report): style and tags
 * aside, line by line. `skipSections` names the headings of sections left out whole (the IEC 62443-4-2
 * requirement titles, which the report quotes in the standard's own English).
 */
export function englishSentencesInHtml(html: string, skipSections: readonly string[] = []): string[] {
  let rest = html.replace(/<style[\s\S]*?<\/style>/g, ' ');
  for (const heading of skipSections) {
    const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    rest = rest.replace(new RegExp(`<section><h2>${escaped}</h2>[\\s\\S]*?</section>`), ' ');
  }
  const visible = rest.replace(/<[^>]+>/g, '\n').replace(/&[a-z#0-9]+;/g, ' ');
  return visible.split('\n').flatMap((line) => englishSentencesIn(line).map((s) => `"${s}" in "${line.trim().slice(0, 160)}"`));
}
