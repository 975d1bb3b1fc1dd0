// `--pdf` of `mxc visit` and `mxc dispose`: the report's HTML printed by this machine's Chromium
// (report/print-pdf-chromium.ts). Without a Chromium, or when it fails, the HTML and the signed JSON are
// still written and the command says why there is no PDF (the signed JSON is the evidence; the PDF is a
// reading copy).
import { writeFileSync } from 'node:fs';
import type { CliIo } from './cli-command';
import { findChromium, printHtmlToPdfWithChromium } from '../report/print-pdf-chromium';

export async function writeReportPdf(html: string, path: string, io: CliIo): Promise<boolean> {
  const chromium = findChromium();
  if (!chromium) {
    io.stderr(`No PDF written: no Chromium found on this machine (set MXC_CHROMIUM to its path). Print ${path.replace(/\.pdf$/, '.html')} from a browser instead.`);
    return false;
  }
  try {
    writeFileSync(path, await printHtmlToPdfWithChromium(html, chromium));
    io.stdout(`PDF: ${path}`);
    return true;
  } catch (e) {
    io.stderr(`No PDF written: ${(e as Error).message} Print ${path.replace(/\.pdf$/, '.html')} from a browser instead.`);
    return false;
  }
}
