// The HTML export printed on A4 (Chromium's own print to PDF, as a technician's browser does) shows
// every column of every row: no cell is wider than the printable width and no cell's content runs past
// its right edge (issue 12: the Detail column was clipped). The report is a real one (the engine run on
// the fake controller) with the longest texts a report carries: an unbroken fingerprint-like detail, a
// deviation list, Japanese. The measuring itself is shown to catch a clipped table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './support/browser';
import { makeFixture, readyProfile } from '../src-main/commissioning/engine/testing/engine-fixture';
import { buildComplianceReport } from '../src-main/report/compliance-report';
import { renderReportHtml } from '../src-main/report/report-html';
import type { ControllerProfile } from '../src-main/model/security-settings';

// A4 is 210 mm wide; the report's @page margin is 14 mm each side: 182 mm printable, at 96 px per inch.
const PRINTABLE_WIDTH_PX = Math.floor((182 / 25.4) * 96);

/** Every cell that is wider than the page or whose content overflows it, as "table n, row r, column c". */
async function clippedCells(page: Page): Promise<string[]> {
  return page.evaluate((limit) => {
    const out: string[] = [];
    document.querySelectorAll('table').forEach((table, ti) => {
      table.querySelectorAll('tr').forEach((tr, ri) => {
        tr.querySelectorAll('th,td').forEach((cell, ci) => {
          const el = cell as HTMLElement;
          const box = el.getBoundingClientRect();
          const inner = [el, ...Array.from(el.querySelectorAll<HTMLElement>('*'))].some((x) => x.scrollWidth > x.clientWidth + 1 && getComputedStyle(x).display !== 'inline');
          if (box.right > limit + 1 || inner) out.push(`table ${ti + 1}, row ${ri + 1}, column ${ci + 1} (right ${Math.round(box.right)} > ${limit}: ${el.textContent?.slice(0, 40)})`);
        });
      });
    });
    return out;
  }, PRINTABLE_WIDTH_PX);
}

async function reportHtml(lang: 'en' | 'ja'): Promise<string> {
  const base = readyProfile('MXR300-32');
  // Deviations too: enhanced security off, "continue" on error, a Table 10 row not attested.
  const profile = {
    ...base,
    attestations: base.attestations.filter((a) => a.id !== 'table10.row4'),
    settings: { ...base.settings, enhancedSecurity: { enabled: false }, operationSetting: { onError: 'continue' } },
  } as ControllerProfile;
  const f = makeFixture('MXR300-32', { profile });
  const outcome = await f.engine(f.newJournal()).run();
  outcome.steps[1]!.detail = `Connected: ${'A1B2C3D4'.repeat(24)} over a link description with no space to break at.`;
  return renderReportHtml(buildComplianceReport(outcome, { appVersion: '0.1.0' }), lang);
}

test('the HTML report printed on A4 shows every column of every row, in English and Japanese', async (t) => {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'], headless: true });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: PRINTABLE_WIDTH_PX, height: 1000 } });
  await page.emulateMedia({ media: 'print' });

  // The measure catches a clipped table: a cell with an unbreakable line in an auto-width table.
  await page.setContent(`<table style="width:100%"><tr><td>x</td><td style="white-space:nowrap">${'W'.repeat(300)}</td></tr></table>`);
  assert.ok((await clippedCells(page)).length > 0, 'the measure sees a clipped cell');

  for (const lang of ['en', 'ja'] as const) {
    await page.setContent(await reportHtml(lang));
    const tables = await page.locator('table').count();
    assert.ok(tables >= 4, `${lang}: the report has its tables (${tables})`);
    assert.deepEqual(await clippedCells(page), [], `${lang}: cells clipped on A4`);
    // Chromium's print to PDF with the report's own @page (A4): it prints, on more than one page.
    const pdf = await page.pdf({ preferCSSPageSize: true });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 2, `${lang}: ${pages} A4 pages`);
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    assert.ok(box && Math.abs(Number(box[1]) - 595) < 2 && Math.abs(Number(box[2]) - 842) < 2, `${lang}: the pages are A4 (595 x 842 pt): ${box?.[0]}`);
  }
});
