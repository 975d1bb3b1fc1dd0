// The report model, its HTML form (self-contained, English and Japanese) and its signature.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFixture, readyProfile } from '../commissioning/engine/testing/engine-fixture';
import { buildComplianceReport } from './compliance-report';
import { renderReportHtml } from './report-html';
import { INSTALLATION_KEY_FILE, InstallationKeyError, loadOrCreateInstallationKey } from './installation-key';
import { signComplianceReport, verifyReportFile } from './signed-report-file';
import type { ControllerProfile } from '../model/security-settings';

async function outcome(profile?: ControllerProfile) {
  const f = makeFixture('MXR300-32', profile ? { profile } : {});
  return f.engine(f.newJournal()).run();
}

test('the report holds identity, link, pin, operator, step times, every row with evidence, attestations and the IEC mapping', async () => {
  const r = buildComplianceReport(await outcome(), { appVersion: '0.1.0' });
  assert.equal(r.device.model, 'MXR300-32');
  assert.equal(r.link.final.kind, 'ethernet-tls');
  assert.equal(r.certificate?.pinned, true);
  assert.equal(r.operator.name, 'T. Tester');
  assert.equal(r.rows.length, 22);
  assert.ok(r.steps.every((s) => s.finishedAt), 'every step has its time');
  assert.ok(r.rows.filter((x) => x.verification === 'device' && x.status === 'pass').every((x) => x.evidence.length > 0));
  assert.equal(r.summary.compliant, true);
  assert.ok(r.iec62443.some((c) => c.id === 'CR 5.1' && c.bestFit), 'best-fit mappings are marked');
  assert.ok(r.attestations.length >= 4);
});

test('a row not met stays visible with its reason; an exception shows its justification; the summary is not compliant', async () => {
  const base = readyProfile('MXR300-32');
  const profile = { ...base, attestations: base.attestations.filter((a) => a.id !== 'table9.row7'), exceptions: [{ rowId: 'table9.row7', justification: 'No other module on this rack; reviewed with the site owner.', by: 'T. Tester', at: '2026-11-01T09:00:00Z' }] } as ControllerProfile;
  const r = buildComplianceReport(await outcome(profile), { appVersion: '0.1.0' });
  const row = r.rows.find((x) => x.rowId === 'table9.row7')!;
  assert.equal(row.status, 'not-verified');
  assert.equal(row.accepted, true);
  assert.equal(r.summary.compliant, false);
  assert.equal(r.summary.acceptedWithExceptions, true);
  const html = renderReportHtml(r, 'en');
  assert.match(html, /No other module on this rack/);
  assert.match(html, /NOT VERIFIED/);
});

test('the HTML is self-contained and printable, in English and Japanese, and escapes device text', async () => {
  const o = await outcome();
  o.steps[0]!.detail = '<img src=x onerror=alert(1)>';
  const r = buildComplianceReport(o, { appVersion: '0.1.0' });
  const en = renderReportHtml(r, 'en');
  const ja = renderReportHtml(r, 'ja');
  for (const html of [en, ja]) {
    assert.doesNotMatch(html, /<script|<link|src=["']?https?:|url\(/i);
    assert.match(html, /@media print/);
    assert.doesNotMatch(html, /<img/);
  }
  assert.match(en, /lang="en"/);
  assert.match(ja, /lang="ja"/);
  assert.match(ja, /適合レポート/);
  assert.match(ja, /ユーザ認証/);
});

test('evidence written for people (the modules of Table 9 row 7) reads in the report language, not as JSON', async () => {
  const r = buildComplianceReport(await outcome(), { appVersion: '0.1.0' });
  const row = r.rows.find((x) => x.rowId === 'table9.row7')!;
  // The fake device has nothing mounted: the evidence says so in both languages; a module is added as read.
  row.evidence.push({ what: 'modules', value: { value: [{ en: 'Extension module 1: network module (RJ71EN71)', ja: '増設ユニット1：ネットワークユニット（RJ71EN71）' }], readAt: '2026-11-28T10:00:00.000Z' } });
  assert.match(renderReportHtml(r, 'ja'), /コントローラ以外のユニットは構成されていない/);
  const en = renderReportHtml(r, 'en');
  const ja = renderReportHtml(r, 'ja');
  assert.match(en, /network module \(RJ71EN71\)/);
  assert.match(ja, /ネットワークユニット（RJ71EN71）/);
  assert.doesNotMatch(ja, /network module/);
  for (const html of [en, ja]) assert.doesNotMatch(html, /&quot;en&quot;:/);
});

test('the signing key is made once with 0600 and reused; a readable key is refused; any edit of report.json fails verification', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-report-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const k1 = await loadOrCreateInstallationKey(dir);
  const k2 = await loadOrCreateInstallationKey(dir);
  assert.equal(k1.keyId, k2.keyId);
  assert.equal(statSync(join(dir, INSTALLATION_KEY_FILE)).mode & 0o777, 0o600);
  const r = buildComplianceReport(await outcome(), { appVersion: '0.1.0' });
  const signed = await signComplianceReport(r, k1);
  const file = join(dir, 'report.json');
  writeFileSync(file, JSON.stringify(signed, null, 2));
  assert.equal(verifyReportFile(file).valid, true);
  assert.equal(verifyReportFile(file, k1.publicKeyPem).valid, true);
  for (const edit of [(s: any) => (s.report.summary.compliant = false), (s: any) => (s.report.generatedAt = '2020-01-01T00:00:00.000Z'), (s: any) => s.report.rows.pop()]) {
    const copy = JSON.parse(JSON.stringify(signed));
    edit(copy);
    writeFileSync(file, JSON.stringify(copy));
    const v = verifyReportFile(file);
    assert.equal(v.valid, false);
    assert.equal(v.reason, 'bad-signature');
  }
  chmodSync(join(dir, INSTALLATION_KEY_FILE), 0o644);
  await assert.rejects(loadOrCreateInstallationKey(dir), InstallationKeyError);
});

test('issue 12: enhanced security off and "continue" on error: every row passes, yet the verdict is "met with deviations" naming both, in the JSON and the HTML (en, ja)', async () => {
  const base = readyProfile('MXR300-32');
  const profile = { ...base, settings: { ...base.settings, enhancedSecurity: { enabled: false }, operationSetting: { onError: 'continue' } } } as ControllerProfile;
  const r = buildComplianceReport(await outcome(profile), { appVersion: '0.1.0' });
  assert.ok(r.rows.every((x) => x.accepted), 'every row is met');
  assert.equal(r.summary.verdict, 'with-deviations');
  assert.equal(r.summary.compliant, false);
  assert.equal(r.summary.acceptedWithExceptions, false, 'no exception: not "accepted with exceptions"');
  assert.deepEqual(r.deviations.map((d) => d.reference).sort(), ['Figure 8 step 6', 'Table 14 row 2']);
  const en = renderReportHtml(r, 'en');
  const ja = renderReportHtml(r, 'ja');
  for (const html of [en, ja]) {
    assert.doesNotMatch(html, /as the guideline says|ガイドラインどおり/);
    assert.match(html, /Figure 8 step 6/);
    assert.match(html, /Table 14 row 2/);
  }
  assert.match(en, /enhanced security setting \(step 6\) is turned off/);
  assert.match(ja, /拡張セキュリティ設定（手順6）が無効/);
  assert.match(ja, /運転継続/);
});

test('issue 12: a Table 10 item nobody attested and a checklist step not attested are deviations; with everything attested the verdict is "as the guideline says"', async () => {
  const full = buildComplianceReport(await outcome(), { appVersion: '0.1.0' });
  assert.equal(full.summary.verdict, 'as-guideline');
  assert.deepEqual(full.deviations, []);
  assert.match(renderReportHtml(full, 'en'), /as the guideline says/);
  const base = readyProfile('MXR300-32');
  const profile = { ...base, attestations: base.attestations.filter((a) => a.id !== 'table10.row4' && a.id !== 'fig8.step1') } as ControllerProfile;
  const r = buildComplianceReport(await outcome(profile), { appVersion: '0.1.0' });
  assert.equal(r.summary.verdict, 'with-deviations');
  assert.deepEqual(r.deviations.map((d) => `${d.kind} ${d.reference}`).sort(), ['attestation-missing Table 10 row 4', 'step-not-done Figure 8 step 1']);
});

test('issue 12: steps 11 and 14 count the same rows (the whole table)', async () => {
  const o = await outcome();
  const count = (n: number) => /(\d+)\/(\d+) rows of Table 9 met/.exec(o.steps.find((s) => s.number === n)!.detail ?? '')?.slice(1, 3).join('/');
  assert.equal(count(11), '22/22');
  assert.equal(count(14), count(11));
});

test('issue 12: evidence reads as sentences in the report language; the raw readings stay in the JSON', async () => {
  const r = buildComplianceReport(await outcome(), { appVersion: '0.1.0' });
  const row = r.rows.find((x) => x.rowId === 'table9.row5')!;
  assert.deepEqual((row.evidence[0]!.value as { value: unknown }).value, { failures: 5, minutes: 15 }, 'raw reading in the JSON');
  const en = renderReportHtml(r, 'en');
  const ja = renderReportHtml(r, 'ja');
  assert.match(en, /Lockout: failures 5, minutes 15 \(read from the device at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)/);
  assert.match(ja, /ロックアウト: 失敗回数 5, 分 15 \(機器から読み取った日時 /);
  assert.doesNotMatch(en, /\{&quot;/, 'no raw JSON in the HTML evidence');
});
