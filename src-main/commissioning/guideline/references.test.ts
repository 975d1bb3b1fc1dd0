// References are how a reader finds the guideline passage behind a step, row or rule: they must read the
// way the guideline cites itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iec, IEC_BY_FUNCTION } from './iec62443';
import { formatReference, formatReferences, ref } from './references';

test('references read like the guideline: "Table 9 row 1", "2.4.7.1 procedure A", "Figure 8 step 3"', () => {
  assert.equal(formatReference(ref.table('9', 1, 1060)), 'Table 9 row 1');
  assert.equal(formatReference(ref.table('46')), 'Table 46');
  assert.equal(formatReference(ref.section('2.4.7.1', 'A')), '2.4.7.1 procedure A');
  assert.equal(formatReference(ref.section('2.4.9.1', '2')), '2.4.9.1 2');
  assert.equal(formatReference(ref.figure('8', '3')), 'Figure 8 step 3');
  assert.equal(formatReferences([ref.table('27', 1), ref.section('3.4.4.2')]), 'Table 27 row 1; 3.4.4.2');
});

test('IEC 62443-4-2 mappings carry their public title and the "best fit" flag of the facts map', () => {
  assert.deepEqual(iec('CR 1.11'), { id: 'CR 1.11', title: 'Unsuccessful login attempts', bestFit: false });
  assert.ok(IEC_BY_FUNCTION.ipFilter.every((m) => m.bestFit));
  assert.ok(IEC_BY_FUNCTION.eventHistoryInDataMemory.every((m) => m.bestFit));
  assert.ok(!IEC_BY_FUNCTION.encryptedCommunication.some((m) => m.bestFit));
});

test('an attestation or exception that names no item of the system is reported with its path', async () => {
  const { unknownProfileReferences } = await import('./index');
  const issues = unknownProfileReferences({
    system: 'mx-f',
    attestations: [{ id: 'table28.row4' }, { id: 'table10.row4' }],
    exceptions: [{ rowId: 'table27.row21' }, { rowId: 'table9.row22' }],
  });
  assert.deepEqual(issues.map((i) => i.path), ['attestations.1.id', 'exceptions.1.rowId']);
});
