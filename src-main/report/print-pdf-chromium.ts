// A report's HTML printed to PDF outside Electron (`mxc visit --pdf`, `mxc dispose --pdf`): the headless
// Chromium found on this machine (MXC_CHROMIUM, else the usual install paths) prints the self-contained
// page with its own @page (A4), as the app's Electron host does with printToPDF (app/print-to-pdf.ts).
// The page runs no script (its Content-Security-Policy forbids every script and resource) and the browser
// gets a throw-away profile; the run is bounded in time and the process (ours) is killed past it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

/** The Chromium to print with, or undefined when this machine has none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.MXC_CHROMIUM) return existsSync(env.MXC_CHROMIUM) ? env.MXC_CHROMIUM : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

// Project choice: printing a report takes a second or two; 60 s covers a loaded machine.
const PRINT_TIMEOUT_MS = 60_000;

export async function printHtmlToPdfWithChromium(html: string, chromium: string, timeoutMs = PRINT_TIMEOUT_MS): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-pdf-'));
  try {
    const page = join(dir, 'report.html');
    const out = join(dir, 'report.pdf');
    writeFileSync(page, html, { mode: 0o600 });
    const args = [
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--disable-extensions',
      '--disable-background-networking',
      `--user-data-dir=${join(dir, 'profile')}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${out}`,
      // Chromium refuses its sandbox to root; as root (a container, CI) it runs without it.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      pathToFileURL(page).href,
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`Chromium did not print the report within ${timeoutMs / 1000} s.`));
      }, timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`Chromium (${chromium}) could not be started: ${e.message}`));
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (existsSync(out)) resolve();
        else reject(new Error(`Chromium printed no PDF (exit ${code}): ${stderr.trim().split('\n').slice(-2).join(' ')}`));
      });
    });
    const pdf = readFileSync(out);
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('Chromium wrote a file that is not a PDF.');
    return pdf;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
