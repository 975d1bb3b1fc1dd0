#!/usr/bin/env node
// Builds what `npm start`, the e2e tests and electron-builder need, into build/. Incremental: a target
// whose output is newer than every file it is built from is skipped, so a second `npm start` is quick;
// `--force` rebuilds everything. Usage: build.mjs [--force]
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const force = process.argv.includes('--force');
const at = (p) => join(root, p);

/**
 * Main-process bundles keep npm packages external: electron-builder ships the production node_modules.
 * Each bundle gets the worker threads' scripts beside it, each one self-contained (its npm packages bundled
 * in): crypto/bundled-worker.ts reads the file and starts it from memory, so in the packaged app the worker
 * code is read from inside app.asar like the rest of the main process (covered by the archive's integrity).
 */
const WORKERS = [
  ['src-main/crypto/segment-worker.ts', 'segment-worker'],
  ['src-main/services/wizard/password-strength-worker.ts', 'password-strength-worker'],
];
const nodeBundle = (entry, outfile) => [
  {
    entryPoints: [{ in: at(entry), out: basename(outfile, '.js') }],
    outdir: at(dirname(outfile)),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  },
  {
    entryPoints: WORKERS.map(([source, out]) => ({ in: at(source), out })),
    outdir: at(dirname(outfile)),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  },
];

const targets = [
  {
    name: 'renderer',
    entry: 'src-renderer/vite.config.ts',
    output: 'build/renderer/index.html',
    // The renderer bundles the message catalogue (src-main/messages/*.json): a changed text must rebuild it.
    inputs: ['src-renderer', 'src-main/ipc', 'src-main/messages'],
    run: async () => {
      const { build } = await import('vite');
      await build({ configFile: at('src-renderer/vite.config.ts'), logLevel: 'warn' });
    },
  },
  { name: 'electron main', entry: 'src-main/app/main.ts', output: 'build/app/main.js', inputs: ['src-main'], esbuild: nodeBundle('src-main/app/main.ts', 'build/app/main.js') },
  {
    name: 'electron preload',
    entry: 'src-main/app/preload.ts',
    output: 'build/app/preload.cjs',
    inputs: ['src-main/app', 'src-main/ipc'],
    // A sandboxed preload cannot load modules: one CommonJS file, only `electron` left to require().
    esbuild: { entryPoints: [at('src-main/app/preload.ts')], outfile: at('build/app/preload.cjs'), bundle: true, platform: 'node', format: 'cjs', target: 'chrome120', external: ['electron'], logLevel: 'warning' },
  },
  { name: 'cli', entry: 'src-main/cli/mxc.ts', output: 'build/cli/mxc.js', inputs: ['src-main'], esbuild: nodeBundle('src-main/cli/mxc.ts', 'build/cli/mxc.js') },
  { name: 'browser host', entry: 'src-main/host/main.ts', output: 'build/host/main.js', inputs: ['src-main'], esbuild: nodeBundle('src-main/host/main.ts', 'build/host/main.js') },
];

function newestInput(paths) {
  let newest = statSync(at('package.json')).mtimeMs;
  const visit = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) if (name !== 'node_modules' && !name.startsWith('.')) visit(join(path, name));
    } else if (!/\.test\.tsx?$/.test(path)) newest = Math.max(newest, stat.mtimeMs);
  };
  for (const p of paths) if (existsSync(at(p))) visit(at(p));
  return newest;
}

let failed = false;
for (const target of targets) {
  const label = `${target.name.padEnd(16)} ${target.output}`;
  if (!existsSync(at(target.entry))) {
    console.log(`skip   ${label}  (${target.entry} does not exist yet)`);
    continue;
  }
  if (!force && existsSync(at(target.output)) && statSync(at(target.output)).mtimeMs > newestInput(target.inputs)) {
    console.log(`fresh  ${label}`);
    continue;
  }
  const started = Date.now();
  try {
    if (target.esbuild) for (const config of [target.esbuild].flat()) await (await import('esbuild')).build(config);
    else await target.run();
    console.log(`built  ${label}  (${Date.now() - started} ms)`);
  } catch (error) {
    failed = true;
    console.error(`FAILED ${label}: ${error instanceof Error ? error.message : error}`);
  }
}
if (failed) {
  console.error(`Some targets failed to build (see above). Fix them, then run "node ${relative(process.cwd(), at('scripts/build.mjs'))}" again.`);
  process.exit(1);
}
