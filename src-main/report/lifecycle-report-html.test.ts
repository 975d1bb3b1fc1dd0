// The visit report and the disposal certificate as an auditor reads them (HTML, and PDF where a Chromium
// prints it): the device, the chain link, each drift with both values and its reference, the Tables 15/33
// results, the battery, and a verdict that names every finding. The page never claims more than the signed
// report proved: no "no drift" with a drift, no "every check passed" with a check failed, warned or not run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ControllerSnapshot } from '../model/device-snapshot';
import { renderDisposalCertificateHtml, renderVisitReportHtml } from './lifecycle-report-html';
import { summarize, VISIT_REPORT_FORMAT, type VisitCheck, type VisitReport } from './visit-report';
import { CLEARED_BY_INITIALIZATION, DESTRUCTION_ADVICE, DISPOSAL_CERTIFICATE_FORMAT, type DisposalCertificate } from './disposal-certificate';
import { render } from '../messages/catalogue';
import { findChromium, printHtmlToPdfWithChromium } from './print-pdf-chromium';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

const check = (id: string, table: string, row: number, status: VisitCheck['status'], reason?: string): VisitCheck => ({
  id,
  table,
  row,
  title: { en: `Check ${id}`, ja: `確認 ${id}` },
  status,
  evidence: [{ what: 'read', value: `value of ${id}` }],
  ...(reason ? { reason } : {}),
  references: `Table ${table} row ${row}; 2.5.2`,
});

function visit(over: Partial<Pick<VisitReport, 'drift' | 'continuous' | 'verification' | 'settingChecks'>> = {}): VisitReport {
  const parts = {
    drift: { none: true, items: [] },
    continuous: [check('table15.row1', '15', 1, 'pass'), check('table15.row2', '15', 2, 'pass'), check('2.4.7.3', '', 0, 'pass')],
    verification: [check('table17.row3', '17', 3, 'pass')],
    settingChecks: [check('table18.row1', '18', 1, 'pass')],
    ...over,
  };
  return {
    format: VISIT_REPORT_FORMAT,
    version: 1,
    generatedAt: '2026-12-04T10:00:00.000Z',
    app: { name: 'MX Commissioner', version: '0.1.0' },
    operator: { name: 'T. Tester' },
    session: { id: 'sess-1', startedAt: '2026-12-04T09:58:00.000Z', finishedAt: '2026-12-04T10:00:00.000Z', resumedTimes: 0 },
    device: { system: 'mx-r', model: 'MXR300-32', serialNumber: 'SN<b>42</b>', firmwareVersion: '1.02' },
    link: { kind: 'ethernet-tls', description: 'TLS to 127.0.0.1:5000', pinnedFingerprint256: 'AA:BB' },
    predecessor: { format: 'mx-commissioner-compliance-report', digest: DIGEST, generatedAt: '2026-11-01T00:00:00.000Z', keyId: 'key-1', device: { model: 'MXR300-32', serialNumber: 'SN<b>42</b>' } },
    logon: { user: 'admin1', initialized: false },
    attestations: [],
    exceptions: [],
    certificate: { fingerprint256: 'AA:BB', notAfter: '2027-11-01T00:00:00.000Z', standing: 'valid', daysLeft: 332, warnFrom: '2027-08-03T00:00:00.000Z' },
    eventHistory: { total: 12, deviceCheckOk: true, watched: [{ row: 'table12.row1', count: 0 }] },
    snapshot: {} as ControllerSnapshot,
    summary: summarize(parts),
    ...parts,
  };
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/\s+/g, ' ');

test('a visit with no finding: the device, the chain link, every check, and the clean verdict', () => {
  const html = renderVisitReportHtml(visit());
  assert.match(html, /data-verdict="clean"/);
  assert.ok(text(html).includes(render('report.visit.verdictClean', undefined, 'en')));
  assert.ok(text(html).includes(render('report.visit.noDrift', undefined, 'en')));
  assert.ok(html.includes(`data-predecessor-digest>${DIGEST}<`), 'the chain link: the predecessor by its whole hash');
  assert.ok(html.includes('SN&lt;b&gt;42&lt;/b&gt;') && !html.includes('<b>42'), 'device text is escaped');
  for (const id of ['table15.row1', 'table15.row2', '2.4.7.3', 'table17.row3', 'table18.row1']) assert.ok(html.includes(`data-check="${id}"`), id);
  assert.ok(!/<script/i.test(html) && /default-src 'none'/.test(html));
});

test('a visit with drift, a failure, a warning and a check not run: each named, nothing claimed clean', () => {
  const report = visit({
    drift: { none: false, items: [{ setting: 'lockout', path: 'lockout.failures', baseline: 5, now: 6, rows: ['table9.row7'], references: 'Table 9 row 7; 2.4.4.2' }] },
    continuous: [check('table15.row1', '15', 1, 'not-run', 'No backup password was given'), check('table15.row2', '15', 2, 'warning', '2 event(s) to watch'), check('2.4.7.3', '', 0, 'pass')],
    verification: [check('table17.row3', '17', 3, 'fail', 'The lockout did not engage')],
  });
  for (const lang of ['en', 'ja'] as const) {
    const html = renderVisitReportHtml(report, lang);
    const t = text(html);
    assert.match(html, /data-verdict="findings"/);
    assert.ok(!t.includes(render('report.visit.noDrift', undefined, lang)), `${lang}: no "no drift" with a drift`);
    assert.ok(!t.includes(render('report.visit.verdictClean', undefined, lang)), `${lang}: not clean`);
    assert.ok(t.includes(render('report.visit.verdictDrift', { drift: 1, count: 3 }, lang)), `${lang}: the verdict counts the drift and every finding`);
    // Every finding named in the verdict's list, the drift with both values and its reference.
    assert.deepEqual([...html.matchAll(/data-finding="(\w+)"/g)].map((m) => m[1]), ['drift', 'fail', 'warning']);
    assert.match(t, /Table 9 row 7; 2\.4\.4\.2 : lockout\.failures\D+5\D+6/);
    assert.match(html, /<tr data-drift="lockout.failures">.*<pre>5<\/pre>.*<pre>6<\/pre>.*Table 9 row 7/s);
    // The check not run is listed as not checked and shown NOT RUN, never PASS.
    assert.ok(html.includes('data-not-run="table15.row1"'));
    assert.match(html, new RegExp(`data-check="table15.row1".*?class="st not-run">${render('report.visit.status_not-run', undefined, lang)}<`, 's'));
  }
  assert.ok(renderVisitReportHtml(report, 'ja').includes('保守点検報告書'));
});

test('no drift but a check not run: the verdict says no drift and does not say every check passed', () => {
  const html = renderVisitReportHtml(visit({ continuous: [check('table15.row1', '15', 1, 'not-run', 'no backup password')] }));
  const t = text(html);
  assert.ok(t.includes(render('report.visit.verdictNoDriftFindings', { count: 1 }, 'en')));
  assert.ok(!t.includes(render('report.visit.verdictClean', undefined, 'en')));
  assert.match(html, /data-verdict="findings"/);
});

function certificate(readings: DisposalCertificate['verification']['readings']): DisposalCertificate {
  return {
    format: DISPOSAL_CERTIFICATE_FORMAT,
    version: 1,
    generatedAt: '2026-12-04T11:00:00.000Z',
    app: { name: 'MX Commissioner', version: '0.1.0' },
    device: { system: 'mx-r', model: 'MXR300-32', serialNumber: 'SN42', firmwareVersion: '1.02' },
    sanitization: { method: 'initialization-of-all-information', category: 'clear', cleared: CLEARED_BY_INITIALIZATION, performedAt: '2026-12-04T10:59:00.000Z', finalBackup: { taken: false, reason: 'declined' }, sdCard: 'removed-destroyed', references: '2.6; Figure 16' },
    verification: { method: 'read back over the link after the initialization', link: 'USB', readAt: '2026-12-04T11:00:00.000Z', readings, factoryState: readings.every((r) => r.factory) },
    destination: 'transfer',
    operator: { name: 'T. Tester' },
    order: { ruleId: 'order.disposal', status: 'satisfied' },
    advice: DESTRUCTION_ADVICE,
    predecessor: { format: 'mx-commissioner-visit-report', digest: DIGEST, generatedAt: '2026-12-04T10:00:00.000Z', keyId: 'key-1', device: { model: 'MXR300-32', serialNumber: 'SN42' } },
    pinRemoved: { fingerprint256: 'AA:BB' },
  };
}

test('the disposal certificate: device, method, SD card, what the verification read, destination, who and when', () => {
  const ok = renderDisposalCertificateHtml(certificate([{ what: 'registered users', value: 'none', factory: true }, { what: 'certificate', value: 'none', factory: true }]));
  assert.match(ok, /data-verdict="factory-state"/);
  const t = text(ok);
  for (const s of ['MXR300-32', 'SN42', '1.02', 'removed and destroyed', 'transfer to another owner', 'T. Tester', 'registered users', '2.6; Figure 16', DIGEST]) assert.ok(t.includes(s), s);
  // One reading not in factory state: the certificate says so and does not claim factory state.
  const bad = renderDisposalCertificateHtml(certificate([{ what: 'registered users', value: 'admin1', factory: false }, { what: 'certificate', value: 'none', factory: true }]), 'ja');
  assert.match(bad, /data-verdict="not-factory-state"/);
  assert.ok(!text(bad).includes(render('report.disposal.verdictFactory', undefined, 'ja')));
  assert.ok(bad.includes('data-finding="not-factory"'));
});

test('the visit report and the disposal certificate print to PDF (A4) with the Chromium of this machine', { skip: findChromium() ? false : 'no Chromium on this machine', timeout: 180_000 }, async () => {
  const chromium = findChromium()!;
  for (const html of [renderVisitReportHtml(visit(), 'ja'), renderDisposalCertificateHtml(certificate([{ what: 'certificate', value: 'none', factory: true }]))]) {
    const pdf = await printHtmlToPdfWithChromium(html, chromium);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    assert.ok(box && Math.abs(Number(box[1]) - 595) < 2 && Math.abs(Number(box[2]) - 842) < 2, `A4 pages: ${box?.[0]}`);
  }
});
