// The layer rules of docs/ARCHITECTURE.md hold for src-main and src-renderer, and the check would see a
// broken one: each kind of forbidden import is planted in a small tree in a temporary folder and caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blankCommentsAndStrings, cycles, importGraph, importsOf } from './import-graph';
import { checkTree, layerViolations, parseLayerRows, rendererViolations, type LayerRows } from './layering';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const architectureDoc = join(repoRoot, 'docs', 'ARCHITECTURE.md');

test('the layer list is read from docs/ARCHITECTURE.md and names every folder of src-main with product code', () => {
  const rows = parseLayerRows(readFileSync(architectureDoc, 'utf8'));
  const listed = rows.flat();
  for (const folder of ['app', 'host', 'cli', 'services', 'ipc', 'report', 'commissioning', 'devices', 'simulator', 'slmp', 'links', 'crypto', 'store', 'model', 'device-rules', 'messages']) {
    assert.ok(listed.includes(folder), `${folder}/ is on the list`);
  }
  assert.equal(new Set(listed).size, listed.length, 'each folder once');
  const rank = (f: string): number => rows.findIndex((r) => r.includes(f));
  // The session core goes below the hosts and services, above the commissioning engine.
  assert.ok(rank('cli') < rank('session') && rank('services') < rank('session') && rank('session') < rank('commissioning'));
  assert.equal(rank('model'), rows.length - 1, 'model/ is a leaf');
});

test('src-main keeps the layer list: nothing up the list, no cycle, no simulator below services, model imports nothing', () => {
  const violations = checkTree(join(repoRoot, 'src-main'), architectureDoc);
  assert.deepEqual(violations.map((v) => `${v.rule}: ${v.detail}`), []);
});

test('src-renderer imports from src-main only the contract, the model and the message catalogue', () => {
  const edges = importGraph(repoRoot, 'src-renderer');
  assert.ok(edges.some((e) => e.to.startsWith('src-main/ipc/')), 'the graph sees the renderer import the contract');
  assert.deepEqual(rendererViolations(edges).map((v) => v.detail), []);
});

test('imports are read from code, not from comments or strings', () => {
  const source = [
    "import { a } from './a';",
    "import type { B } from '../b/b';",
    "export { c } from './c';",
    "export type { D } from './d';",
    "import './side-effect';",
    "const e = await import('./e');",
    "import {\n  f,\n  g,\n} from './fg';",
    "// import { x } from './in-a-comment';",
    "/* import { y } from './in-a-block-comment'; */",
    "const s = \"import { z } from './in-a-string'\";",
    "const t = `import(${JSON.stringify('./in-a-template')})`;",
  ].join('\n');
  assert.deepEqual(
    importsOf(source).map((i) => [i.specifier, i.typeOnly]),
    [['./a', false], ['../b/b', true], ['./c', false], ['./d', true], ['./side-effect', false], ['./e', false], ['./fg', false]],
  );
  assert.equal(importsOf(source).find((i) => i.specifier === './fg')?.line, 10);
  assert.equal(blankCommentsAndStrings("a // b\n'c'").length, "a // b\n'c'".length);
});

test('cycles finds every strongly connected group and nothing else', () => {
  const e = (from: string, to: string) => ({ from, to });
  assert.deepEqual(cycles([e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd'), e('d', 'e'), e('x', 'y'), e('y', 'x'), e('q', 'q')]), [['a', 'b', 'c'], ['x', 'y']]);
  // A long chain does not overflow the stack.
  const chain = Array.from({ length: 20_000 }, (_, i) => e(`n${i}`, `n${i + 1}`));
  assert.deepEqual(cycles([...chain, e('n20000', 'n0')])[0]?.length, 20_001);
});

// A small tree with the real rules: each test plants one forbidden import in it.
const ROWS: LayerRows = [['cli'], ['services'], ['commissioning'], ['devices', 'simulator'], ['links'], ['model']];
const CLEAN: Record<string, string> = {
  'cli/main.ts': "import { s } from '../services/service';\nimport { sim } from '../simulator/sim';\nexport const m = s + sim;",
  'services/service.ts': "import { run } from '../commissioning/engine';\nexport const s = run;",
  'commissioning/engine.ts': "import { drive } from '../devices/driver';\nimport type { Settings } from '../model/settings';\nexport const run = drive;\nexport type X = Settings;",
  'devices/driver.ts': "import { link } from '../links/link';\nexport const drive = link;",
  'devices/driver.test.ts': "import { sim } from '../simulator/sim';\nexport const t = sim;",
  'devices/testing/fixture.ts': "import { sim } from '../../simulator/sim';\nexport const f = sim;",
  'simulator/sim.ts': "export const sim = 1;",
  'links/link.ts': "export const link = 1;",
  'model/settings.ts': "export type Settings = { a: number };",
};

function plant(t: { after(fn: () => void): void }, extra: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'mxc-layering-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, text] of Object.entries({ ...CLEAN, ...extra })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const rulesBroken = (root: string): string[] => [...new Set(layerViolations(importGraph(root), ROWS).map((v) => v.rule))].sort();

test('the check passes the clean planted tree (tests and testing/ may import the simulator)', (t) => {
  assert.deepEqual(rulesBroken(plant(t, {})), []);
});

test('a planted import up the list is caught', (t) => {
  assert.deepEqual(rulesBroken(plant(t, { 'links/extra.ts': "import type { sim } from '../simulator/sim';\nexport const extra = 1;" })), ['up-the-list']);
  // Up the list into a folder that imports this one: also a folder cycle (and here a file cycle).
  assert.deepEqual(rulesBroken(plant(t, { 'links/link.ts': "import type { X } from '../commissioning/engine';\nexport const link = 1;" })), ['file-cycle', 'folder-cycle', 'up-the-list']);
});

test('a planted import between peers is caught', (t) => {
  assert.deepEqual(rulesBroken(plant(t, { 'simulator/sim.ts': "import { drive } from '../devices/driver';\nexport const sim = drive;" })), ['same-row']);
});

test('a planted import of the simulator from commissioning/ or devices/ is caught', (t) => {
  assert.deepEqual(rulesBroken(plant(t, { 'commissioning/engine.ts': "import { sim } from '../simulator/sim';\nexport const run = sim;" })), ['simulator']);
  assert.deepEqual(rulesBroken(plant(t, { 'devices/driver.ts': "import type { sim } from '../simulator/sim';\nexport const drive = 1;" })), ['same-row', 'simulator']);
});

test('a planted import from model/ into another folder is caught', (t) => {
  assert.deepEqual(rulesBroken(plant(t, { 'model/settings.ts': "import { link } from '../links/link';\nexport type Settings = { a: typeof link };" })), ['model', 'up-the-list']);
});

test('a planted file cycle is caught, also inside one folder and through type-only imports', (t) => {
  assert.deepEqual(
    rulesBroken(plant(t, { 'links/link.ts': "import type { Other } from './other';\nexport const link = 1;", 'links/other.ts': "import { link } from './link';\nexport type Other = typeof link;" })),
    ['file-cycle'],
  );
});

test('a planted folder cycle is caught', (t) => {
  const broken = rulesBroken(plant(t, { 'links/link.ts': "import { drive } from '../devices/driver';\nexport const link = drive;" }));
  assert.deepEqual(broken, ['file-cycle', 'folder-cycle', 'up-the-list']);
});

test('product code importing test code, and a folder missing from the list, are caught', (t) => {
  assert.deepEqual(rulesBroken(plant(t, { 'cli/main.ts': "import { f } from '../devices/testing/fixture';\nexport const m = f;" })), ['test-code']);
  assert.deepEqual(rulesBroken(plant(t, { 'extras/thing.ts': "import { link } from '../links/link';\nexport const e = link;" })), ['unlisted-folder']);
});

test('a renderer import of a folder of main other than the contract, model and messages is caught', () => {
  const edge = (to: string) => ({ from: 'src-renderer/app.tsx', to, specifier: '', line: 1, typeOnly: false });
  assert.equal(rendererViolations([edge('src-main/ipc/contract.ts'), edge('src-main/model/security-settings.ts'), edge('src-main/messages/catalogue.ts')]).length, 0);
  assert.equal(rendererViolations([edge('src-main/services/create-main-service.ts')]).length, 1);
});
