// Every figure step, table row, rule and check in the product points back to the passage of the vendor's
// security guideline it comes from, so a reader (and an auditor) can check the product line by line.
// `line` is the line of the extracted guideline text (shared/guideline/000_*.txt) where the passage starts.

export interface GuidelineReference {
  doc: 'guideline';
  figure?: string;
  table?: string;
  row?: number;
  section?: string;
  /** A lettered or numbered part of a section, e.g. procedure "A" of 2.4.7.1 or step "2" of a figure. */
  part?: string;
  line?: number;
}

/** Shorthand constructors keep the data files readable. */
export const ref = {
  figure: (figure: string, part?: string, line?: number): GuidelineReference => ({ doc: 'guideline', figure, ...(part ? { part } : {}), ...(line ? { line } : {}) }),
  table: (table: string, row?: number, line?: number): GuidelineReference => ({ doc: 'guideline', table, ...(row !== undefined ? { row } : {}), ...(line ? { line } : {}) }),
  section: (section: string, part?: string, line?: number): GuidelineReference => ({ doc: 'guideline', section, ...(part ? { part } : {}), ...(line ? { line } : {}) }),
};

/**
 * "Table 9 row 1", "2.4.7.1 procedure A", "Figure 8 step 3", "section 2.6". Sections of the guideline are
 * written bare (as the guideline itself cites them); a part of a section is a procedure when it is a letter.
 */
export function formatReference(r: GuidelineReference): string {
  if (r.table) return r.row !== undefined ? `Table ${r.table} row ${r.row}` : `Table ${r.table}`;
  if (r.figure) return r.part ? `Figure ${r.figure} step ${r.part}` : `Figure ${r.figure}`;
  if (r.section) {
    if (!r.part) return r.section;
    return /^[A-Z]$/.test(r.part) ? `${r.section} procedure ${r.part}` : `${r.section} ${r.part}`;
  }
  return 'guideline';
}

export function formatReferences(refs: readonly GuidelineReference[]): string {
  return refs.map(formatReference).join('; ');
}
