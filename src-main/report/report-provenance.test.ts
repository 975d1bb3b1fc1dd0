// Provenance in the compliance report: each row says how it was established, the summary counts each kind,
// and the HTML names it in English and Japanese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeFixture } from '../commissioning/engine/testing/engine-fixture';
import { buildComplianceReport } from './compliance-report';
import { renderReportHtml } from './report-html';
import { provenanceOf } from '../model/provenance';
import { render } from '../messages/catalogue';

test('every row carries its provenance; the summary counts each kind; HTML names it in en and ja', async () => {
  const f = makeFixture('MXR300-32');
  const r = buildComplianceReport(await f.engine(f.newJournal()).run(), { appVersion: '0.1.0' });
  for (const row of r.rows) {
    if (row.status === 'attested') assert.equal(row.provenance, 'attestation', row.rowId);
    if (row.status === 'pass') assert.equal(row.provenance, 'device', `${row.rowId}: read back over the security commands`);
  }
  const total = Object.values(r.summary.provenance).reduce((a, b) => a + b, 0);
  assert.equal(total, r.rows.length);
  assert.ok(r.summary.provenance.device > 0 && r.summary.provenance.attestation > 0);
  assert.match(renderReportHtml(r, 'en'), new RegExp(`${render('provenance.device', undefined, 'en')}: ${r.summary.provenance.device}`));
  assert.match(renderReportHtml(r, 'ja'), new RegExp(render('provenance.attestation', undefined, 'ja')));
});

test('a result never claims more than it rests on: not verified is "not established", a check may say "network"', () => {
  assert.equal(provenanceOf({ status: 'not-verified', provenance: 'device' }, 'device'), 'none');
  assert.equal(provenanceOf({ status: 'pass', provenance: 'network' }, 'device'), 'network');
  assert.equal(provenanceOf({ status: 'pass' }, 'attestation'), 'attestation');
  assert.equal(provenanceOf({ status: 'pass' }, 'device'), 'device');
});
