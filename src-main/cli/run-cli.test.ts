// `mxc` speaks the user's language: --lang ja|en, else MXC_LANG or the locale (LANG=ja_JP.UTF-8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { englishSentencesIn } from '../messages/english-in-japanese';
import { cliLanguage, runCli } from './run-cli';

const capture = () => {
  const out: string[] = [];
  return { out, io: { stdout: (l: string) => out.push(l), stderr: (l: string) => out.push(l) } };
};

test('mxc --help is Japanese under a Japanese locale or --lang ja, with no English sentence; --lang en overrides the locale', async () => {
  const ja = capture();
  assert.equal(await runCli(['--help'], ja.io, { LANG: 'ja_JP.UTF-8' }), 0);
  assert.match(ja.out.join('\n'), /コマンド/);
  assert.deepEqual(ja.out.flatMap((l) => englishSentencesIn(l)), []);
  const en = capture();
  assert.equal(await runCli(['--help', '--lang', 'en'], en.io, { LANG: 'ja_JP.UTF-8' }), 0);
  assert.match(en.out.join('\n'), /Commission a controller headless/);
  assert.equal(cliLanguage(['commission', '--lang', 'ja'], {}), 'ja');
  assert.equal(cliLanguage(['commission', '--lang=ja'], {}), 'ja');
  assert.equal(cliLanguage([], { MXC_LANG: 'en', LANG: 'ja_JP.UTF-8' }), 'en');
});

test('an unknown command and a command\'s help are introduced in Japanese under a Japanese locale', async () => {
  const unknown = capture();
  assert.equal(await runCli(['no-such'], unknown.io, { LANG: 'ja_JP.UTF-8' }), 2);
  assert.deepEqual(unknown.out.flatMap((l) => englishSentencesIn(l)), []);
  const help = capture();
  assert.equal(await runCli(['verify', '--help'], help.io, { LANG: 'ja_JP.UTF-8' }), 0);
  assert.match(help.out[0]!, /^mxc verify — ネットワーク/);
});
