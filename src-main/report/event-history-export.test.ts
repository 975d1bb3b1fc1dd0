// The export's PC-side checks without a device: chain, numbering, count, the device's answer; CSV cells
// that a spreadsheet would run as formulas are defused; the Table 12/30 codes match what the virtual
// devices say they watch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEventHistoryExport, csvCell, eventHistoryCsv, verifyEventHistoryExport } from './event-history-export';
import { EVENT_DEFINITIONS } from '../simulator/security/device-choices';
import { TABLE_12_MX_R, TABLE_30_MX_F } from '../commissioning/guideline';

const base = {
  system: 'mx-r' as const,
  device: { system: 'mx-r' as const, model: 'MXR300-32', serialNumber: 'S1', firmwareVersion: '1.000' },
  link: { kind: 'usb', description: 'USB' },
  operatorName: 'T',
  deviceCheck: { ok: true },
  checkedAt: new Date('2026-12-04T00:00:00Z'),
};
const records = [
  { seq: 7, at: '2026-12-01T00:00:00.000Z', code: 0x1001, name: 'logon-success', user: 'admin' },
  { seq: 8, at: '2026-12-01T00:01:00.000Z', code: 0x1002, name: 'logon-failure', user: '=HYPERLINK("x")', peer: '127.0.0.1', transport: 'tcp' },
];

test('an intact export verifies; the device saying its chain is broken is reported', () => {
  const doc = buildEventHistoryExport({ ...base, records, deviceTotal: 2 });
  assert.deepEqual(verifyEventHistoryExport(doc), { ok: true, problems: [], messages: [] });
  assert.equal(doc.records[1]!.watch, 'table12.row1');
  const bad = buildEventHistoryExport({ ...base, records, deviceTotal: 2, deviceCheck: { ok: false, firstBadIndex: 1, reason: 'edited' } });
  assert.match(verifyEventHistoryExport(bad).messages.join(), /manipulation check failed at export time \(edited\)/);
  const short = buildEventHistoryExport({ ...base, records, deviceTotal: 5 });
  assert.deepEqual(verifyEventHistoryExport(short).problems, [{ kind: 'count', exported: 2, deviceTotal: 5 }]);
});

test('CSV: RFC 4180 quoting, formula cells defused, Japanese headers', () => {
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('=1+1'), "'=1+1");
  assert.equal(csvCell('-2'), "'-2");
  const doc = buildEventHistoryExport({ ...base, records, deviceTotal: 2 });
  const csv = eventHistoryCsv(doc, 'ja');
  assert.match(csv, /^\uFEFF番号,/);
  assert.match(csv, /"'=HYPERLINK\(""x""\)"/);
});

test('Tables 12/30 cover the codes the virtual devices mark as events to watch (successful logons aside)', () => {
  const device = Object.values(EVENT_DEFINITIONS)
    // The device files successful logons under row 1 too, as context; the guideline's row 1 names
    // failures and lockouts only, so the viewer does not highlight every successful logon.
    .filter((d) => 'watchRow' in d && d.code !== 0x1001)
    .map((d) => `${(d as { watchRow: number }).watchRow}:${d.code}`)
    .sort();
  for (const table of [TABLE_12_MX_R, TABLE_30_MX_F]) {
    const ours = table.flatMap((r) => r.codes.filter((c) => c !== 0x6003).map((c) => `${r.row}:${c}`)).sort();
    assert.deepEqual(ours, device);
    assert.ok(table.every((r) => r.meaning.ja && r.action.ja && r.title.ja));
  }
});
