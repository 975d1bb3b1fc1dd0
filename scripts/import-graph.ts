// The import graph of a source tree, read from the source text (TypeScript 7 ships no compiler API, and a
// bundler drops `import type`, which still ties two layers together). Comments and string contents other
// than module specifiers are blanked before matching, so an import inside a comment or a string (a worker's
// loader source, a help text) is not counted. Only relative specifiers are edges: packages are not ours.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface ImportEdge {
  /** Importing file, relative to the tree's root, with '/' separators. */
  from: string;
  /** Imported file, relative to the tree's root, with '/' separators. */
  to: string;
  /** The specifier as written. */
  specifier: string;
  /** 1-based line of the import in `from`. */
  line: number;
  /** `import type` / `export type` (erased at run time, still a dependency between layers). */
  typeOnly: boolean;
}

/** Every .ts/.tsx file under `dir` (skips node_modules and dot folders). */
export function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/**
 * Replaces comments with spaces and the contents of string and template literals with 'x', keeping line
 * breaks and the quotes, so offsets and line numbers stay those of the original text. Regular-expression
 * literals are rare in this code and hold no quotes that could confuse the scan of an import line.
 */
export function blankCommentsAndStrings(text: string): string {
  const out = text.split('');
  let i = 0;
  const n = text.length;
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < n && text[j] !== c) {
        if (text[j] === '\\') j++;
        else if (c !== '`' && text[j] === '\n') break;
        j++;
      }
      for (let k = i + 1; k < j && k < n; k++) if (out[k] !== '\n') out[k] = 'x';
      i = j + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}

// Static `import … from '…'`, `export … from '…'`, side-effect `import '…'`, and `import('…')`.
const IMPORT_PATTERNS = [
  /(?:^|[;\s}])(import|export)(\s+type)?\s+[^;'"`]*?\bfrom\s*(['"])/g,
  /(?:^|[;\s}])(import)()\s*(['"])/g,
  /\b(import)()\s*\(\s*(['"])/g,
];

/** Relative module specifiers a source file imports, with their lines. */
export function importsOf(text: string): { specifier: string; line: number; typeOnly: boolean }[] {
  const masked = blankCommentsAndStrings(text);
  const found = new Map<number, { specifier: string; line: number; typeOnly: boolean }>();
  for (const pattern of IMPORT_PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(masked); m; m = pattern.exec(masked)) {
      const quoteAt = m.index + m[0].length - 1;
      const quote = text[quoteAt];
      const end = text.indexOf(quote!, quoteAt + 1);
      if (end === -1) continue;
      const specifier = text.slice(quoteAt + 1, end);
      const line = text.slice(0, quoteAt).split('\n').length;
      found.set(quoteAt, { specifier, line, typeOnly: Boolean(m[2]) });
    }
  }
  return [...found.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
  if (/\.js$/.test(base)) candidates.push(base.replace(/\.js$/, '.ts'));
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/**
 * Every relative import of the files under `root` (or under its subfolder `within`), with paths relative
 * to `root`; JSON and other non-source targets included.
 */
export function importGraph(root: string, within = '.'): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const rel = (p: string): string => relative(root, p).split(sep).join('/');
  for (const file of sourceFiles(join(root, within))) {
    for (const imp of importsOf(readFileSync(file, 'utf8'))) {
      if (!imp.specifier.startsWith('.')) continue;
      const target = resolveRelative(file, imp.specifier);
      edges.push({ from: rel(file), to: target ? rel(target) : rel(resolve(dirname(file), imp.specifier)), specifier: imp.specifier, line: imp.line, typeOnly: imp.typeOnly });
    }
  }
  return edges;
}

/**
 * The strongly connected components with more than one member (Tarjan), each sorted, largest first:
 * every import cycle in the graph lies within one of them.
 */
export function cycles(edges: readonly { from: string; to: string }[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (e.from === e.to) continue;
    const list = next.get(e.from) ?? [];
    list.push(e.to);
    next.set(e.from, list);
    if (!next.has(e.to)) next.set(e.to, []);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  // Iterative, so a long chain of files cannot overflow the call stack.
  for (const start of next.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; i: number }[] = [{ node: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = next.get(frame.node)!;
      if (frame.i < targets.length) {
        const t = targets[frame.i++]!;
        if (!index.has(t)) {
          index.set(t, counter);
          low.set(t, counter++);
          stack.push(t);
          onStack.add(t);
          work.push({ node: t, i: 0 });
        } else if (onStack.has(t)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(t)!));
        }
      } else {
        work.pop();
        if (work.length > 0) {
          const parent = work[work.length - 1]!.node;
          low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
        }
        if (low.get(frame.node) === index.get(frame.node)) {
          const component: string[] = [];
          let member: string;
          do {
            member = stack.pop()!;
            onStack.delete(member);
            component.push(member);
          } while (member !== frame.node);
          if (component.length > 1) components.push(component.sort());
        }
      }
    }
  }
  return components.sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!));
}
