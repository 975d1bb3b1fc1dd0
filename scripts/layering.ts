// The layer rules of src-main, checked on its import graph. The layer list is read from docs/ARCHITECTURE.md
// (the fenced block marked `layers`), so the document is the one place it is written and cannot drift from
// what the code does: a folder may import only folders on a lower row of that block.
import { readFileSync } from 'node:fs';
import { cycles, importGraph, type ImportEdge } from './import-graph';

/** Rows of folder names, top first. Folders on one row are peers: neither imports the other. */
export type LayerRows = string[][];

/** The rows of the first ```layers block of a markdown document: each line starts with its folders ("app/ host/"). */
export function parseLayerRows(markdown: string): LayerRows {
  const block = /^```layers\n([\s\S]*?)^```/m.exec(markdown);
  if (!block) throw new Error('no ```layers block in the architecture document');
  const rows: LayerRows = [];
  for (const line of block[1]!.split('\n')) {
    const folders: string[] = [];
    for (const token of line.trim().split(/\s+/)) {
      const m = /^([a-z][a-z0-9-]*)\/$/.exec(token);
      if (!m) break;
      folders.push(m[1]!);
    }
    if (folders.length > 0) rows.push(folders);
  }
  return rows;
}

/** Test code: a *.test.ts file or anything in a testing/ folder. Tests sit above every layer. */
export function isTestCode(path: string): boolean {
  return /\.test\.tsx?$/.test(path) || path.split('/').includes('testing');
}

const topFolder = (path: string): string => path.split('/')[0]!;

export interface LayerViolation {
  rule: 'up-the-list' | 'same-row' | 'unlisted-folder' | 'simulator' | 'model' | 'test-code' | 'file-cycle' | 'folder-cycle' | 'renderer';
  detail: string;
}

/** Folders whose production code may never import the virtual devices: they reach every device through a Link. */
export const NEVER_IMPORT_SIMULATOR = ['commissioning', 'devices'];

/**
 * Every broken rule in a graph of files relative to src-main:
 * - production code imports only folders on a lower row of the layer list (not peers, not higher rows);
 * - every top-level folder with production code is on the list;
 * - commissioning/ and devices/ never import simulator/; model/ imports no other folder of ours;
 * - production code never imports test code;
 * - no file imports itself through others, and no folder does (production code).
 */
export function layerViolations(edges: readonly ImportEdge[], rows: LayerRows): LayerViolation[] {
  const rank = new Map<string, number>();
  rows.forEach((row, i) => row.forEach((folder) => rank.set(folder, i)));
  const violations: LayerViolation[] = [];
  const at = (e: ImportEdge): string => `${e.from}:${e.line} imports ${e.to}`;
  const unlisted = new Set<string>();
  const folderEdges: { from: string; to: string }[] = [];

  for (const e of edges) {
    if (isTestCode(e.from)) continue;
    const from = topFolder(e.from);
    const to = topFolder(e.to);
    if (!e.from.includes('/')) continue; // a file at the root of the tree belongs to no layer
    if (isTestCode(e.to)) violations.push({ rule: 'test-code', detail: `${at(e)}: production code may not import test code` });
    if (!rank.has(from) && !unlisted.has(from)) {
      unlisted.add(from);
      violations.push({ rule: 'unlisted-folder', detail: `${from}/ is not on the layer list of docs/ARCHITECTURE.md` });
    }
    if (from === to) continue;
    folderEdges.push({ from, to });
    if (NEVER_IMPORT_SIMULATOR.includes(from) && to === 'simulator') violations.push({ rule: 'simulator', detail: `${at(e)}: ${from}/ reaches devices only through a Link, never the simulator` });
    if (from === 'model') violations.push({ rule: 'model', detail: `${at(e)}: model/ imports nothing of ours` });
    const rf = rank.get(from);
    const rt = rank.get(to);
    if (rf === undefined) continue;
    if (rt === undefined) {
      if (!unlisted.has(to)) {
        unlisted.add(to);
        violations.push({ rule: 'unlisted-folder', detail: `${to}/ is not on the layer list of docs/ARCHITECTURE.md` });
      }
    } else if (rt < rf) violations.push({ rule: 'up-the-list', detail: `${at(e)}: ${to}/ is above ${from}/ in the layer list` });
    else if (rt === rf) violations.push({ rule: 'same-row', detail: `${at(e)}: ${from}/ and ${to}/ are peers on one row of the layer list` });
  }
  for (const c of cycles(edges)) violations.push({ rule: 'file-cycle', detail: c.join(' -> ') });
  for (const c of cycles(folderEdges)) violations.push({ rule: 'folder-cycle', detail: c.join(' -> ') });
  return violations;
}

/** What the renderer may import from src-main: the pure contract, the model's types, the message catalogue. */
export const RENDERER_MAY_IMPORT = ['ipc', 'model', 'messages'];

/** Renderer files (paths relative to the repository) that import a folder of src-main other than those. */
export function rendererViolations(edges: readonly ImportEdge[]): LayerViolation[] {
  return edges
    .filter((e) => e.to.startsWith('src-main/') && !RENDERER_MAY_IMPORT.includes(e.to.split('/')[1]!))
    .map((e) => ({ rule: 'renderer' as const, detail: `${e.from}:${e.line} imports ${e.to}: the renderer uses only ${RENDERER_MAY_IMPORT.map((f) => `src-main/${f}/`).join(', ')}` }));
}

/** The violations of a source tree against the layer list of a markdown document. */
export function checkTree(srcRoot: string, architectureDoc: string): LayerViolation[] {
  return layerViolations(importGraph(srcRoot), parseLayerRows(readFileSync(architectureDoc, 'utf8')));
}
