// Debian's Chromium driven by playwright-core (never `playwright install`: no downloads here), with a
// fresh profile per run, and a recorder for Content Security Policy violations installed before any
// page script runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.MXC_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface CspViolation {
  directive: string;
  blockedURI: string;
  sample: string;
}

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Violations the page reported (securitypolicyviolation events) plus console lines naming the CSP. */
  cspViolations(page?: Page): Promise<CspViolation[]>;
  consoleErrors: string[];
  close(): Promise<void>;
}

// Runs in the page before its own scripts: remembers every CSP violation the document reports.
const RECORD_CSP_VIOLATIONS = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({ directive: e.effectiveDirective, blockedURI: e.blockedURI, sample: e.sample || '' });
  });
`;

export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'mxc-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
  });
  await context.addInitScript({ content: RECORD_CSP_VIOLATIONS });
  const consoleErrors: string[] = [];
  const consoleCsp: CspViolation[] = [];
  const watch = (page: Page) =>
    page.on('console', (message) => {
      const text = message.text();
      if (/Content Security Policy/i.test(text)) consoleCsp.push({ directive: 'console', blockedURI: '', sample: text });
      if (message.type() === 'error') consoleErrors.push(text);
    });
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());

  return {
    context,
    page,
    consoleErrors,
    async cspViolations(target = page) {
      const reported = (await target.evaluate(() => (globalThis as unknown as { __cspViolations?: CspViolation[] }).__cspViolations ?? [])) as CspViolation[];
      return [...reported, ...consoleCsp];
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
