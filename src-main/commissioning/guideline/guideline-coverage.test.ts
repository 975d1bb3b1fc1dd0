// docs/guideline-map.md against the guideline text itself: every table row, procedure-figure step and
// numbered section the text has must have an entry with an honest status, so a gap shows even where the
// code holds no data for it. The text is read at test time from ../shared/guideline/ beside the checkout
// (CI has it there); it is never copied into the repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deriveGuidelineText, parseCoverage, uncovered } from './guideline-text';

const checkout = fileURLToPath(new URL('../../../', import.meta.url));
const guidelineDir = fileURLToPath(new URL('../shared/guideline/', new URL(`file://${checkout}`)));
const map = readFileSync(new URL('../../../docs/guideline-map.md', import.meta.url), 'utf8');

function guidelineText(): string {
  assert.ok(existsSync(guidelineDir), `The guideline text is expected beside the checkout at ${guidelineDir} (shared/guideline/ next to the repository).`);
  const file = readdirSync(guidelineDir).find((f) => f.endsWith('.txt'));
  assert.ok(file, `no guideline text (*.txt) in ${guidelineDir}`);
  return readFileSync(`${guidelineDir}${file}`, 'utf8');
}

test('the derivation finds what the guideline text has: Tables 9/27 rows, Figure 8 steps, sections', () => {
  const g = deriveGuidelineText(guidelineText());
  const rows = (n: number) => g.tables.find((t) => t.table === n)?.rows.length;
  assert.equal(rows(9), 22);
  assert.equal(rows(27), 21);
  assert.equal(rows(16), 10);
  assert.equal(rows(34), 10);
  assert.equal(rows(17), 10);
  assert.equal(g.figures.find((f) => f.figure === 8)?.steps, 15);
  assert.equal(g.figures.find((f) => f.figure === 22 && /procedure/i.test(f.title))?.steps, 0, 'Figure 22 has only its caption');
  for (const s of ['2.4.7.1', '3.4.9.2', '4.4.8', '2.6']) assert.ok(g.sections.includes(s), s);
  assert.ok(g.tables.length >= 45, `${g.tables.length} tables`);
});

test('docs/guideline-map.md has an entry for every table row, figure step and section of the guideline text', () => {
  const g = deriveGuidelineText(guidelineText());
  const entries = parseCoverage(map);
  assert.deepEqual(uncovered(g, entries), []);
  // A whole-table entry covers every row only when the table is informative; a requirement table is
  // mapped row by row.
  const wholeNonInformative = entries.filter((e) => e.kind === 'table' && e.numbers.length === 0 && e.status !== 'informative' && (g.tables.find((t) => String(t.table) === e.id)?.rows.length ?? 0) > 0);
  assert.deepEqual(wholeNonInformative.map((e) => e.line), []);
  // "not built" always names the issue that will build it (10 adapter, 11 maintenance/life, 15 real controller).
  assert.deepEqual(entries.filter((e) => e.status === 'not built' && ![10, 11, 15].includes(e.issue ?? 0)).map((e) => e.line), []);
});

test('removing one entry of a table row, a figure step or a section makes the map test fail, naming it', () => {
  const g = deriveGuidelineText(guidelineText());
  const without = (needle: RegExp) => map.split('\n').filter((l) => !needle.test(l)).join('\n');
  assert.deepEqual(uncovered(g, parseCoverage(without(/^\| Table 12 row 3 \|/))), ['Table 12 row 3']);
  assert.deepEqual(uncovered(g, parseCoverage(without(/^\| Figure 8 step 6 \|/))), ['Figure 8 step 6']);
  assert.deepEqual(uncovered(g, parseCoverage(without(/^\| section 2\.4\.7\.1 \|/))), ['section 2.4.7.1']);
  assert.deepEqual(uncovered(g, parseCoverage(without(/^\| Table 16 row 5 \|/))), ['Table 16 row 5']);
});
