// What the guideline text itself contains, derived from the extracted text at test time (never copied
// into the repository): its tables with their numbered rows, its procedure figures with their steps and
// its numbered sections. docs/guideline-map.md must give each of them an entry (guideline-coverage.test.ts),
// so a gap in the map shows even where the code has no data for it yet.
//
// The text comes from a PDF: a table's rows are the lines that start with the next row number after the
// table's "No." header; a figure's steps are its text lines, wrapped lines (starting lower case) and
// consecutive bullets ("Å...") joined into one step. A figure whose copy has only its caption derives no
// step. This is a lower bound (a row the extraction moved elsewhere is not seen), never a guess.

export interface GuidelineTable {
  table: number;
  title: string;
  /** 1-based line of the caption in the text. */
  line: number;
  rows: number[];
}

export interface GuidelineFigure {
  figure: number;
  title: string;
  line: number;
  /** Procedure figures only: the steps the text gives (empty when only the caption survived). */
  steps: number;
}

export interface GuidelineText {
  tables: GuidelineTable[];
  figures: GuidelineFigure[];
  sections: string[];
}

const SECTION_HEADING = /^\s?(\d+\.\d+(?:\.\d+)*)\.\s+[A-Z]/;
const TABLE_CAPTION = /^\s?Table (\d+) (\S.*)$/;
const FIGURE_CAPTION = /^\s?Figure (\d+) (\S.*)$/;
// "Table 1 shows ...", "Figure 5 and Table 5 show ...": sentences about a table, not its caption.
const SENTENCE = /^(shows|describes|lists|and |show )/;

export function deriveGuidelineText(text: string): GuidelineText {
  const lines = text.split(/\r?\n/);
  const sections = new Set<string>();
  const tables: GuidelineTable[] = [];
  const figures: GuidelineFigure[] = [];
  lines.forEach((l, i) => {
    const s = SECTION_HEADING.exec(l);
    if (s) sections.add(s[1]!);
    const t = TABLE_CAPTION.exec(l);
    if (t && !SENTENCE.test(t[2]!)) tables.push({ table: Number(t[1]), title: t[2]!.trim(), line: i + 1, rows: [] });
    const f = FIGURE_CAPTION.exec(l);
    if (f && !SENTENCE.test(f[2]!)) figures.push({ figure: Number(f[1]), title: f[2]!.trim(), line: i + 1, steps: 0 });
  });
  // Rows: from the "No." header to the next caption or section heading, numbered 1, 2, 3, ... in order.
  const captions = [...tables.map((t) => t.line), ...figures.map((f) => f.line)].sort((a, b) => a - b);
  for (const t of tables) {
    const nextCaption = captions.find((c) => c > t.line) ?? lines.length + 1;
    let header = false;
    for (let i = t.line; i < nextCaption - 1 && i < lines.length; i++) {
      const l = lines[i]!;
      if (SECTION_HEADING.test(l)) break;
      if (/^\s?No\.?\s/.test(l)) {
        header = true;
        continue;
      }
      const m = header ? /^\s?(\d+)(?:\s|$)/.exec(l) : null;
      if (m && Number(m[1]) === t.rows.length + 1) t.rows.push(t.rows.length + 1);
    }
  }
  for (const f of figures) {
    if (!/procedure before operation/i.test(f.title)) continue;
    const steps: string[] = [];
    let bullet = false;
    for (let i = f.line; i < lines.length && steps.length < 100; i++) {
      const t = lines[i]!.trim();
      // The figure's text ends at its footnotes, the flow's ends, or a heading ("Å Setting ..." with a space).
      if (/^For details|^Start$|^End$|^Å\s/.test(t) || TABLE_CAPTION.test(t) || SECTION_HEADING.test(lines[i]!)) break;
      if (!t) continue;
      const isBullet = t.startsWith('Å');
      const body = t.replace(/^Å/, '');
      // A wrapped line (lower case) continues the line before it and leaves the bullet run as it was.
      if (!isBullet && /^[a-z]/.test(body) && steps.length) {
        steps[steps.length - 1] += ` ${body}`;
        continue;
      }
      if (isBullet && bullet) steps[steps.length - 1] += ` / ${body}`;
      else steps.push(body);
      bullet = isBullet;
    }
    f.steps = steps.length;
  }
  return { tables, figures, sections: [...sections] };
}

// ---------------------------------------------------------------------------------------------------
// The map's coverage entries: "| Table 12 row 3 | checked on the device | ... |", "| Table 4 rows 1-8 |
// informative | ... |", "| Figure 8 step 6 | ... |", "| section 2.4.7.1 | ... |".
// ---------------------------------------------------------------------------------------------------
export const COVERAGE_STATUSES = ['checked on the device', 'attested', 'not built', 'informative'] as const;

export interface CoverageEntry {
  kind: 'table' | 'figure' | 'section';
  id: string;
  /** Rows or steps the entry covers; empty: the table or figure as a whole. */
  numbers: number[];
  status: (typeof COVERAGE_STATUSES)[number];
  /** For 'not built': the issue that will build it. */
  issue?: number;
  line: string;
}

const numbersOf = (list: string): number[] =>
  list.split(',').flatMap((part) => {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
    if (!m) return [];
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    return Array.from({ length: Math.max(0, Math.min(b - a, 200) + 1) }, (_, k) => a + k);
  });

const ENTRY = /^\|\s*(?:(Table|Figure) (\d+)(?: (?:rows?|steps?) ([\d,\s-]+))?|section (\d+(?:\.\d+)+))\s*\|\s*(checked on the device|attested|not built \(issue (\d+)\)|informative)\s*\|/;

export function parseCoverage(markdown: string): CoverageEntry[] {
  const out: CoverageEntry[] = [];
  for (const line of markdown.split('\n')) {
    const m = ENTRY.exec(line);
    if (!m) continue;
    const status = (m[5]!.startsWith('not built') ? 'not built' : m[5]) as CoverageEntry['status'];
    const kind = m[1] === 'Table' ? 'table' : m[1] === 'Figure' ? 'figure' : 'section';
    out.push({ kind, id: m[2] ?? m[4]!, numbers: m[3] ? numbersOf(m[3]) : [], status, ...(m[6] ? { issue: Number(m[6]) } : {}), line });
  }
  return out;
}

/** Every derived table row, figure step and section with no entry ("Table 12 row 3", "Figure 8 step 6", "section 2.4.1"). */
export function uncovered(text: GuidelineText, entries: readonly CoverageEntry[]): string[] {
  const covers = (kind: CoverageEntry['kind'], id: string, n?: number) =>
    entries.some((e) => e.kind === kind && e.id === id && (n === undefined ? true : e.numbers.length === 0 || e.numbers.includes(n)));
  const missing: string[] = [];
  for (const t of text.tables) {
    if (t.rows.length === 0 && !covers('table', String(t.table))) missing.push(`Table ${t.table}`);
    for (const r of t.rows) if (!covers('table', String(t.table), r)) missing.push(`Table ${t.table} row ${r}`);
  }
  for (const f of text.figures) {
    if (!/procedure before operation/i.test(f.title)) continue;
    if (f.steps === 0 && !covers('figure', String(f.figure))) missing.push(`Figure ${f.figure}`);
    for (let s = 1; s <= f.steps; s++) if (!covers('figure', String(f.figure), s)) missing.push(`Figure ${f.figure} step ${s}`);
  }
  for (const s of text.sections) if (!covers('section', s)) missing.push(`section ${s}`);
  return [...new Set(missing)];
}
