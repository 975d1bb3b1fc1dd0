// Tables 10/28/45 (attested implementation matters) and 17/35/47 (periodic verification) as data: the
// counts match the guideline, ids are stable and unique, every item cites its table row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TABLE_10_MX_R, TABLE_28_MX_F, TABLE_45_WLAN_ADAPTER } from './implementation-matters';
import { TABLE_17_MX_R, TABLE_18_MX_R, TABLE_35_MX_F, TABLE_36_MX_F, TABLE_47_WLAN_ADAPTER } from './periodic-verification';

const all = { TABLE_10_MX_R, TABLE_28_MX_F, TABLE_45_WLAN_ADAPTER, TABLE_17_MX_R, TABLE_18_MX_R, TABLE_35_MX_F, TABLE_36_MX_F, TABLE_47_WLAN_ADAPTER };

test('row counts match the guideline', () => {
  assert.deepEqual(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.length])), {
    TABLE_10_MX_R: 7, TABLE_28_MX_F: 7, TABLE_45_WLAN_ADAPTER: 7, TABLE_17_MX_R: 10, TABLE_18_MX_R: 3, TABLE_35_MX_F: 10, TABLE_36_MX_F: 3, TABLE_47_WLAN_ADAPTER: 2,
  });
});

test('every item has a unique id, cites its own table row, and reads in English and Japanese', () => {
  const ids = new Set<string>();
  for (const items of Object.values(all)) {
    for (const it of items) {
      assert.ok(!ids.has(it.id), it.id);
      ids.add(it.id);
      assert.equal(it.id, `table${it.table}.row${it.row}`);
      assert.ok(it.references.some((r) => r.table === it.table && r.row === it.row));
      assert.ok(it.item.en && it.item.ja);
      const texts = 'text' in it ? [it.text] : it.checks;
      assert.ok(texts.length > 0 && texts.every((t) => t.en && t.ja), it.id);
    }
  }
});

test('Table 35 adds the MX-F checks Table 17 lacks: logoff timeout, warning message, save destination, automatic backup and restoration', () => {
  const text = (rows: typeof TABLE_17_MX_R) => rows.flatMap((r) => r.checks.map((c) => c.en)).join('\n');
  for (const phrase of ['logoff timeout', 'warning message', 'specified save destination', 'automatic backup', 'automatic restoration']) {
    assert.ok(text(TABLE_35_MX_F).includes(phrase), phrase);
    assert.ok(!text(TABLE_17_MX_R).includes(phrase), phrase);
  }
});

test('the MX-F implementation matters cite chapter 3, the MX-R ones chapter 2', () => {
  assert.ok(TABLE_28_MX_F.flatMap((r) => r.references).every((r) => !r.section || r.section.startsWith('3.')));
  assert.ok(TABLE_10_MX_R.flatMap((r) => r.references).every((r) => !r.section || r.section.startsWith('2.')));
});
