// The catalogue is complete in both languages: the same keys, the same parameters, no empty text, and
// no English sentence in the Japanese. Also the renderer's i18next reads the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AppError } from './app-error';
import { bilingual, CATALOGUES, isMessageId, languageOfEnvironment, render } from './catalogue';
import { englishSentencesIn, japaneseTextsOf } from './english-in-japanese';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const params = (text: string): string[] => [...text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]!).sort();

/** What differs between two catalogues: keys in one only, parameters that differ, empty texts. */
function catalogueProblems(en: Tree, ja: Tree): string[] {
  const e = leaves(en);
  const j = leaves(ja);
  const problems: string[] = [];
  for (const k of e.keys()) if (!j.has(k)) problems.push(`${k}: English only`);
  for (const k of j.keys()) if (!e.has(k)) problems.push(`${k}: Japanese only`);
  for (const [k, v] of e) {
    const w = j.get(k);
    if (w === undefined) continue;
    if (v.trim() === '' || w.trim() === '') problems.push(`${k}: empty`);
    if (params(v).join() !== params(w).join()) problems.push(`${k}: parameters ${params(v).join()} / ${params(w).join()}`);
  }
  return problems;
}

test('en and ja have the same keys and the same parameters, and no text is empty', () => {
  assert.deepEqual(catalogueProblems(CATALOGUES.en, CATALOGUES.ja), []);
});

test('a key in one language only, or a parameter missing in one, is caught', () => {
  assert.deepEqual(catalogueProblems({ a: 'A', b: { c: 'C {{n}}' } }, { a: 'ア', b: { c: 'シー' }, d: 'ディー' }), ['d: Japanese only', 'b.c: parameters n / ']);
  assert.deepEqual(catalogueProblems({ a: 'A', x: 'X' }, { a: 'ア' }), ['x: English only']);
});

test('no Japanese text of the catalogue holds an English sentence', () => {
  const found = [...leaves(CATALOGUES.ja)].flatMap(([k, v]) => englishSentencesIn(v).map((s) => `${k}: ${s}`));
  assert.deepEqual(found, []);
});

test('the English-sentence finder sees sentences and lets names of products, protocols and models pass', () => {
  assert.deepEqual(englishSentencesIn('Set in the profile: users'), ['Set in the profile']);
  assert.deepEqual(englishSentencesIn('プロファイルに設定しました: ユーザ情報。Check the cable and try again.'), ['Check the cable and try again']);
  for (const ok of ['MELSEC MX Controller MX-R の設定', 'CC-Link IE TSN Class A 無線LANアダプタ', 'SLMP over TLS 1.3、GX Works3 で設定', 'MXR300-32 (SHA-256 指紋)', 'Wi-Fi Protected Access 3', 'IEC 62443-4-2 CR 1.1', 'https://example.com/a/b/c report-2026.json']) {
    assert.deepEqual(englishSentencesIn(ok), [], ok);
  }
  assert.deepEqual(japaneseTextsOf({ a: { en: 'x', ja: 'あ' }, b: [{ ja: 'い' }] }).map((t) => t.text), ['あ', 'い']);
});

test('render fills parameters in either language; bilingual gives both', () => {
  assert.equal(render('home.choose', { system: 'MX-R' }, 'en'), 'Commission the MX-R');
  assert.match(render('home.choose', { system: 'MX-R' }, 'ja'), /MX-R/);
  assert.deepEqual(Object.keys(bilingual('home.title')), ['en', 'ja']);
  assert.equal(isMessageId('home.title'), true);
  assert.equal(isMessageId('home.nothing-here'), false);
  assert.equal(languageOfEnvironment({ LANG: 'ja_JP.UTF-8' }), 'ja');
  assert.equal(languageOfEnvironment({ LANG: 'ja_JP.UTF-8', MXC_LANG: 'en' }), 'en');
  assert.equal(languageOfEnvironment({}), 'en');
});

test('an AppError carries code, message id, parameters, references and next step, and renders in both languages', () => {
  const e = new AppError({ code: 'X', messageId: 'home.choose', params: { system: 'MX-F' }, guidelineRefs: ['2.4.1'], nextStep: { id: 'home.title' } });
  assert.deepEqual(e.guidelineRefs, ['2.4.1']);
  assert.equal(new AppError({ code: 'Y', messageId: 'home.title', englishText: 'Specifics 42' }).message, 'Specifics 42');
  assert.equal(e.message, 'Commission the MX-F');
  assert.equal(e.name, 'AppError');
  assert.equal(e.text('ja'), render('home.choose', { system: 'MX-F' }, 'ja'));
  assert.deepEqual(e.nextStepBilingual(), bilingual('home.title'));
  class Specific extends AppError {}
  assert.equal(new Specific({ code: 'Y', messageId: 'home.title' }).name, 'Specific');
});

test('the renderer loads this catalogue, not a copy of its own', () => {
  const i18n = readFileSync(new URL('../../src-renderer/i18n/i18n.ts', import.meta.url), 'utf8');
  assert.match(i18n, /src-main\/messages\/en\.json/);
  assert.match(i18n, /src-main\/messages\/ja\.json/);
});
