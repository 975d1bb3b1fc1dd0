// The Japanese side of every view a technician sees in a whole commissioning (Figure 8 on the practice
// MX-R, USB first, TLS after the restart), of refusals and errors on the way, and of the Japanese report,
// holds no English sentence (names of products, protocols and models aside: english-in-japanese.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainService } from '../create-main-service';
import { memoryStore } from '../../commissioning/engine/device-registry';
import { GUIDELINE } from '../../commissioning/guideline';
import { toIpcError } from '../../ipc/ipc-error-mapping';
import type { MainEvent } from '../../ipc/contract';
import type { SessionView } from '../../ipc/wizard-contract';
import { englishSentencesIn, japaneseTextsOf } from '../../messages/english-in-japanese';
import { messagesUnder, render } from '../../messages/catalogue';

const PASSWORDS: Record<string, string> = { admin1: 'Kq7-Cabinet-North!', admin2: 'Zr4-Cabinet-South!' };

/** Every English sentence in the Japanese texts of `value`, with where it is. */
function englishIn(value: unknown, where: string): string[] {
  return japaneseTextsOf(value, where).flatMap(({ path, text }) => englishSentencesIn(text).map((s) => `${path}: "${s}" in "${text.slice(0, 160)}"`));
}

test('the Japanese views of a whole commissioning, its refusals and its report hold no English sentence', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-ja-views-'));
  const service = await createMainService({ host: 'browser', store: memoryStore(), dataDir: dir, wizardReconnect: { attempts: 40, delayMs: 100 } });
  t.after(async () => {
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const views: SessionView[] = [];
  const refusals: unknown[] = [];
  const answered = new Set<string>();
  service.onEvent((e: MainEvent) => {
    if (e.type !== 'wizard-changed') return;
    views.push(e.session);
    const q = e.session.question;
    if (q && !answered.has(q.id)) {
      answered.add(q.id);
      setImmediate(() => void service.wizard.answer({ questionId: q.id, confirmed: false }).catch(() => undefined));
    }
  });
  const w = service.wizard;
  /** A request main refuses: kept as the renderer receives it (IpcError with its text). */
  const refused = async (p: Promise<unknown>, channel: Parameters<typeof toIpcError>[1]) => {
    try {
      await p;
    } catch (e) {
      refusals.push(toIpcError(e, channel));
    }
  };

  await service.connect({ via: 'practice', system: 'mx-r', model: 'MXR300-32' });
  views.push(await w.start({ operatorName: 'T. Tester' }));
  await refused(w.runStep({ stepId: 'fig8.step9' }), 'wizard:run-step');
  views.push(await w.updateSettings({ key: 'ipFilter', value: { enabled: true, mode: 'allow', entries: [{ address: '192.0.2.10' }] } }));
  views.push(await w.updateSettings({ key: 'enhancedSecurity', value: { ...views.at(-1)!.profile.settings.enhancedSecurity, enabled: true } }).catch(() => views.at(-1)!));
  // What the technician types (attestations, the logon message) is theirs, shown as typed: in Japanese here.
  views.push(await w.updateSettings({ key: 'logonMessage', value: { enabled: true, text: '関係者以外の操作を禁止します。操作はすべてイベント履歴に記録されます。' } }));
  await w.attest({ id: 'fig8.step1', text: '制御盤は施錠済み。' });
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) views.push(await w.runStep({ stepId: `fig8.step${n}` }));
  const weak = await w.checkPassword({ userName: 'admin1', password: 'admin1pass' });
  await refused(w.setPassword({ userName: 'admin1', password: 'admin1pass', confirmation: 'admin1pass' }), 'wizard:set-password');
  await refused(w.setPassword({ userName: 'admin1', password: PASSWORDS.admin1!, confirmation: 'other' }), 'wizard:set-password');
  for (const [userName, password] of Object.entries(PASSWORDS)) views.push(await w.setPassword({ userName, password, confirmation: password }));
  for (const n of [9, 10, 11, 12]) views.push(await w.runStep({ stepId: `fig8.step${n}` }));
  await refused(w.runStep({ stepId: 'fig8.step13' }), 'wizard:run-step');
  await w.attest({ id: 'fig8.step13', text: 'エンジニアリング用パソコンに証明書を設定済み。' });
  views.push(await w.runStep({ stepId: 'fig8.step13' }));
  for (const row of GUIDELINE['mx-r'].settingsTable.filter((r) => r.verification === 'attestation')) await w.attest({ id: row.id, text: '現地で確認済み。' });
  for (const item of GUIDELINE['mx-r'].implementationMatters) await w.attest({ id: item.id, text: '設備管理者と合意済み。' });
  views.push(await w.runStep({ stepId: 'fig8.step14' }));
  views.push(await w.runStep({ stepId: 'fig8.step15' }));
  const last = views.at(-1)!;
  assert.ok(last.report, `the procedure reached the report: ${JSON.stringify(last.error)}`);

  // The Japanese report as exported: its visible text (the CSS and tags aside).
  const html = Buffer.from((await w.export({ kind: 'report-html-ja' })).contentBase64, 'base64').toString('utf8');
  // The IEC 62443-4-2 requirement titles are cited in the standard's own English (a quotation, like a
  // product's name): that section alone is left out.
  const sectionOf = (heading: string) => new RegExp(`<section><h2>${heading.replace(/[()]/g, '\\$&')}</h2>[\\s\\S]*?</section>`);
  const visible = html
    .replace(sectionOf(messagesUnder('report.label', 'ja').iec), ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]+>/g, '\n').replace(/&[a-z#0-9]+;/g, ' ');
  const found = [
    ...visible.split('\n').flatMap((line) => englishSentencesIn(line).map((s) => `report-html-ja: "${s}" in "${line.trim().slice(0, 160)}"`)),
    ...views.flatMap((v, i) => englishIn(v, `view[${i}]`)),
    ...englishIn(weak, 'password check'),
    ...refusals.flatMap((r, i) => englishIn(r, `refusal[${i}]`)),
  ];
  assert.ok(refusals.length >= 4, 'the refusals were collected');
  // The test operation's evidence is there, in Japanese (the logon check of Table 17 row 3 ran).
  assert.ok(visible.includes(render('checkEvidence.what.lockoutCounters', undefined, 'ja')), 'the test operation evidence is in the Japanese report');
  // One line per place and sentence (the same view repeats in every later event).
  assert.deepEqual([...new Set(found.map((f) => f.replace(/^view\[\d+\]/, 'view')))], []);
});
