// The renderer as the technician meets it. (a) Its JavaScript, gzipped, against the smallest React app
// built by the same toolchain in this run (React itself is the floor); target: under 300 KB. (b) Time
// from launching the app (the browser host) to the first interactive screen in Debian's Chromium,
// against loading a static page with one button from a plain local server in the same browser.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchResult } from './bench-result';
import { repoRoot, startHostProcess } from '../e2e/support/host-process';
import { launchBrowser } from '../e2e/support/browser';

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
