// The renderer as the technician meets it. (a) Its JavaScript, gzipped, against the smallest React app
// built by the same toolchain in this run (React itself is the floor); target: under 300 KB. (b) Time
// from launching the app (the browser host) to the first interactive screen in Debian's Chromium,
// against loading a static page with one button from a plain local server in the same browser. (c) The
// step-to-step transition of the wizard (pick a step in the rail until its panel is on screen, a round
// trip to main included), against the same page's bare frame latency (a DOM change and the next frame);
// target under 100 ms.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchResult } from './bench-result';
import { repoRoot, startHostProcess } from '../e2e/support/host-process';
import { launchBrowser } from '../e2e/support/browser';
import { WizardDriver } from '../e2e/support/wizard-driver';

const JS_BUDGET_KB = 300;

function gzippedJsKb(dir: string): number {
  let bytes = 0;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) bytes += gzipSync(readFileSync(path), { level: 9 }).length;
    }
  };
  walk(dir);
  return bytes / 1024;
}

function buildMinimalReactApp(): string {
  const dir = mkdtempSync(join(repoRoot, '.bench-react-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="./main.tsx"></script>');
  writeFileSync(
    join(dir, 'main.tsx'),
    "import { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')!).render(<button>Start</button>);\n",
  );
  writeFileSync(
    join(dir, 'vite.config.mjs'),
    "import react from '@vitejs/plugin-react';\nexport default { root: import.meta.dirname, plugins: [react()], logLevel: 'silent', build: { outDir: 'dist', target: 'es2022' } };\n",
  );
  const vite = join(repoRoot, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', join(dir, 'vite.config.mjs')], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the reference React app failed: ${r.stderr}`);
  return dir;
}

async function launchToInteractiveMs(): Promise<number> {
  const started = performance.now();
  const host = await startHostProcess();
  const browser = await launchBrowser();
  try {
    await browser.page.goto(host.url);
    // The first screen is interactive when its first system choice can be pressed.
    await browser.page.getByRole('button').first().waitFor({ state: 'visible' });
    await browser.page.waitForFunction(() => document.querySelector('button:not([disabled])') !== null);
    return performance.now() - started;
  } finally {
    await browser.close();
    await host.stop();
  }
}

async function staticPageMs(): Promise<number> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><button>Start</button>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const started = performance.now();
  const browser = await launchBrowser();
  try {
    await browser.page.goto(`http://127.0.0.1:${port}/`);
    await browser.page.getByRole('button').first().waitFor({ state: 'visible' });
    return performance.now() - started;
  } finally {
    await browser.close();
    server.close();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

const TRANSITIONS = 24;

// Page-side code as text: tsx would wrap named functions in a helper the page does not have.
const TRANSITION_IN_PAGE = `async (id) => {
  const panelShows = () => document.querySelector('[data-testid="step-panel"]')?.getAttribute('data-step-id') === id;
  if (panelShows()) return 0;
  const button = [...document.querySelectorAll('[data-testid="rail-step"]')].find((b) => b.dataset.stepId === id);
  const started = performance.now();
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!panelShows()) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - started));
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    button.click();
  });
}`;
const FRAME_IN_PAGE = `async () => {
  const started = performance.now();
  const marker = document.createElement('span');
  document.body.append(marker);
  return new Promise((resolve) => requestAnimationFrame(() => { marker.remove(); resolve(performance.now() - started); }));
}`;

/** Milliseconds from a rail click to the chosen step's panel being on screen (next frame painted). */
async function stepTransitionsMs(): Promise<{ transitions: number[]; frames: number[] }> {
  const host = await startHostProcess();
  const browser = await launchBrowser();
  try {
    await browser.page.goto(host.url);
    const driver = new WizardDriver(browser.page, 'bench-transitions', () => 'unused');
    await driver.connectPracticeAndStart('MX-R', 'MXR300-32', 'Bench');
    const ids = (await driver.rail()).map((r) => r.stepId);
    const transitions: number[] = [];
    const frames: number[] = [];
    for (let i = 0; i < TRANSITIONS; i++) {
      const target = ids[(i * 5 + 1) % ids.length]!;
      transitions.push(await browser.page.evaluate<number>(`(${TRANSITION_IN_PAGE})(${JSON.stringify(target)})`));
      frames.push(await browser.page.evaluate<number>(`(${FRAME_IN_PAGE})()`));
    }
    return { transitions: transitions.filter((t) => t > 0), frames };
  } finally {
    await browser.close();
    await host.stop();
  }
}

export default async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const built = join(repoRoot, 'build/renderer');
  if (!existsSync(built)) spawnSync(process.execPath, [join(repoRoot, 'scripts/build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  const ours = gzippedJsKb(built);
  const reference = buildMinimalReactApp();
  try {
    const floor = gzippedJsKb(join(reference, 'dist'));
    results.push({
      name: 'renderer JavaScript (gzip)',
      value: ours,
      unit: 'KB',
      reference: 'a one-button React app built by the same Vite in this run',
      referenceValue: floor,
      ratio: floor / ours,
      target: `< ${JS_BUDGET_KB} KB`,
      met: ours < JS_BUDGET_KB,
    });
  } finally {
    rmSync(reference, { recursive: true, force: true });
  }
  if (!existsSync(process.env.MXC_CHROMIUM ?? '/usr/bin/chromium')) {
    console.log('launch to first interactive screen: skipped, Chromium is not installed (apt-get install chromium)');
    return results;
  }
  const app: number[] = [];
  const page: number[] = [];
  for (let i = 0; i < 3; i++) {
    page.push(await staticPageMs());
    app.push(await launchToInteractiveMs());
  }
  const appMs = median(app);
  const pageMs = median(page);
  const { transitions, frames } = await stepTransitionsMs();
  const transitionP95 = p95(transitions);
  results.push({
    name: `wizard step-to-step transition (p95 of ${transitions.length}, rail click to the panel painted)`,
    value: transitionP95,
    unit: 'ms',
    reference: 'the same page: a DOM change and its next frame (p95)',
    referenceValue: p95(frames),
    ratio: p95(frames) / transitionP95,
    target: '< 100 ms',
    met: transitionP95 < 100,
  });
  results.push({
    name: 'launch to first interactive screen (browser host + Chromium, median of 3)',
    value: appMs,
    unit: 'ms',
    reference: 'Chromium opening a one-button static page from a plain local server',
    referenceValue: pageMs,
    ratio: pageMs / appMs,
  });
  return results;
}
