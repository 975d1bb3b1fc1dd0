#!/usr/bin/env node
// Runs test files with Node's own test runner (CI reads its closing lines). Node 20's --test takes no
// globs, so the files are found here. Usage: run-tests.mjs <unit|e2e> [filter]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const [suite = 'unit', filter = ''] = process.argv.slice(2);
const roots = suite === 'e2e' ? ['e2e'] : ['src-main', 'src-renderer', 'scripts', 'bench'];
const pattern = suite === 'e2e' ? /\.spec\.ts$/ : /\.test\.ts$/;

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (pattern.test(name) && path.includes(filter)) out.push(relative(root, path));
  }
  return out;
}

const files = roots.flatMap((r) => { try { return walk(join(root, r), []); } catch { return []; } }).sort();
if (files.length === 0) {
  console.error(`no ${suite} test files found${filter ? ` matching "${filter}"` : ''}`);
  process.exit(1);
}
const concurrency = suite === 'e2e' ? '1' : '2';
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, MXC_TEST: '1' },
});
process.exit(result.status ?? 1);
