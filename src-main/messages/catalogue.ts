// The one message catalogue: every sentence the technician reads, keyed by message id, in English and
// Japanese (en.json, ja.json beside this file). The renderer hands both files to i18next; main renders a
// message itself (views carry both languages, the CLI prints the user's). Parameters are `{{name}}`, as
// i18next writes them, and carry values (names, numbers, addresses), never sentences of their own.
// A leaf: imports nothing of ours, so every layer may use it (docs/ARCHITECTURE.md).
import en from './en.json';
import ja from './ja.json';

export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A text in both languages, as the views carry it; the screen shows the one the technician picked. */
export interface Bilingual {
  en: string;
  ja: string;
}

type Leaves<T, P extends string = ''> = { [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`> }[keyof T & string];

/** Every message id of the catalogue (dotted path of a leaf of en.json). */
export type MessageId = Leaves<typeof en>;
/** A parameter: a value (a name, a number, an address), or a list of messages rendered in the same language. */
export type MessageParam = string | number | { readonly list: readonly MessageId[] };
export type MessageParams = Readonly<Record<string, MessageParam>>;

/** A message to show: its id and the values of its parameters. */
export interface Message {
  id: MessageId;
  params?: MessageParams;
}

type Tree = { readonly [key: string]: string | Tree };
export const CATALOGUES: Readonly<Record<Language, Tree>> = { en, ja };

function lookup(tree: Tree, id: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of id.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

type Subtree<T, P extends string> = P extends `${infer H}.${infer R}` ? (H extends keyof T ? Subtree<T[H], R> : never) : P extends keyof T ? T[P] : never;

/**
 * A whole group of messages in one language, as an object (a table of labels: the report's column
 * headings). Typed by the English catalogue; the tests keep the Japanese one the same shape.
 */
export function messagesUnder<P extends string>(prefix: P, language: Language): Subtree<typeof en, P> {
  let node: unknown = CATALOGUES[language];
  for (const part of prefix.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'object' || node === null) throw new Error(`no messages under ${prefix}`);
  return node as Subtree<typeof en, P>;
}

/** Whether `id` names a message of the catalogue (for ids that arrive as data, e.g. from a journal). */
export function isMessageId(id: string): id is MessageId {
  return lookup(en, id) !== undefined;
}

/**
 * The message in one language with its parameters filled in. An unknown id or a missing parameter is a
 * programming error the catalogue tests catch; at run time it shows the id or `{{name}}` rather than throw.
 */
export function render(id: MessageId, params: MessageParams | undefined, language: Language): string {
  const text = lookup(CATALOGUES[language], id) ?? lookup(en, id) ?? id;
  return text.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = params?.[name];
    if (value === undefined) return whole;
    if (typeof value === 'object') return value.list.map((item) => render(item, undefined, language)).join(listSeparator(language));
    return String(value);
  });
}

/** The message in both languages. */
export function bilingual(id: MessageId, params?: MessageParams): Bilingual {
  return { en: render(id, params, 'en'), ja: render(id, params, 'ja') };
}

/**
 * The message in both languages where a parameter is itself a text of each language (a step's title, a
 * phrase chosen by the caller): `paramsOf` gives each language's values.
 */
export function bilingualEach(id: MessageId, paramsOf: (language: Language) => MessageParams): Bilingual {
  return { en: render(id, paramsOf('en'), 'en'), ja: render(id, paramsOf('ja'), 'ja') };
}

/** Several messages as one text of sentences, in both languages. */
export function bilingualSentences(messages: readonly Message[]): Bilingual {
  return joinSentences(messages.map((m) => bilingual(m.id, m.params)));
}

/** Shorthand for `bilingual` where views are assembled. */
export const msg = bilingual;

// Japanese lists use "、" and its sentences follow each other without a space.
const listSeparator = (language: Language): string => (language === 'ja' ? '、' : ', ');
const sentenceSeparator = (language: Language): string => (language === 'ja' ? '' : ' ');
const joined = (parts: readonly Bilingual[], separator: (language: Language) => string): Bilingual =>
  Object.fromEntries(LANGUAGES.map((l) => [l, parts.map((p) => p[l]).join(separator(l))])) as unknown as Bilingual;

/** Joins texts of both languages as a list. */
export function joinList(parts: readonly Bilingual[]): Bilingual {
  return joined(parts, listSeparator);
}

/** Joins sentences of both languages. */
export function joinSentences(parts: readonly Bilingual[]): Bilingual {
  return joined(parts, sentenceSeparator);
}

/** The same text in both languages: a name, a number, an address (never a sentence). */
export function verbatim(text: string): Bilingual {
  return { en: text, ja: text };
}

/** The language of a command-line run: MXC_LANG, else the locale's (LC_ALL, LC_MESSAGES, LANG); English otherwise. */
export function languageOfEnvironment(env: Readonly<Record<string, string | undefined>>): Language {
  const chosen = env.MXC_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return chosen.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
