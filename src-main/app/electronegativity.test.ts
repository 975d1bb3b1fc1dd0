// Electronegativity, the Electron security scanner, run on the Electron shell (src-main/app) with the
// project's own Electron version (without -e it assumes Electron 0.1 and flags every default). Every
// finding must stand in electronegativity-accepted.json with the reason it is accepted and the test that
// checks the real setting; a finding not listed there fails the suite, and so does a listed one that no
// longer appears (the list stays true). The scanner lives in tools/electronegativity with its own lock:
// its TypeScript 4 parser must not resolve the project's TypeScript 7. .ci/run installs it; a fresh
// clone's `npm test` installs it here on first use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = join(appDir, '..', '..');
const toolDir = join(repoRoot, 'tools', 'electronegativity');
const scanner = join(toolDir, 'node_modules', '.bin', 'electronegativity');
const electronVersion = (JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

interface Accepted { check: string; file: string; sample: string; reason: string; checkedBy: string }
const accepted = JSON.parse(readFileSync(join(appDir, 'electronegativity-accepted.json'), 'utf8')) as Accepted[];

function ensureScanner(): void {
  if (existsSync(scanner)) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--prefix', toolDir, '--no-audit', '--no-fund'], { encoding: 'utf8', timeout: 240_000 });
  assert.equal(r.status, 0, `installing the scanner failed:\n${r.stderr}`);
}

/** One key per finding: check, file and the flagged code; line numbers move with every edit. */
function scan(dir: string): string[] {
  const out = join(mkdtempSync(join(tmpdir(), 'mxc-eneg-')), 'findings.csv');
  try {
    const r = spawnSync(scanner, ['-i', dir, '-e', electronVersion, '-o', out], { encoding: 'utf8', timeout: 120_000 });
    assert.ok(existsSync(out), `the scanner wrote no findings file (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    return rows.map((row) => {
      // issue, severity, confidence, filename, location, sample, description, url
      const cells = [...row.matchAll(/"([^"]*)"|([^,]+)|(?<=,)(?=,)/g)].map((m) => m[1] ?? m[2] ?? '');
      const [check = '', , , file = '', , sample = ''] = cells;
      return `${check} ${file === 'N/A' ? 'N/A' : basename(file)} ${sample}`;
    }).sort();
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
}

const acceptedKeys = accepted.map((a) => `${a.check} ${a.file} ${a.sample}`).sort();

test('electronegativity finds nothing in the Electron shell beyond the accepted findings, each with its reason', { timeout: 300_000 }, () => {
  ensureScanner();
  for (const a of accepted) assert.ok(a.reason.length > 20 && a.checkedBy.length > 5, `${a.check}: reason and checking test are given`);
  assert.deepEqual(scan(appDir), acceptedKeys);
});

test('a window that turns Node integration on is a new finding (the check can fail)', { timeout: 300_000 }, () => {
  ensureScanner();
  const dir = mkdtempSync(join(tmpdir(), 'mxc-eneg-app-'));
  try {
    cpSync(appDir, dir, { recursive: true, filter: (p) => !p.endsWith('.test.ts') });
    writeFileSync(join(dir, 'rogue-window.ts'), "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n");
    const extra = scan(dir).filter((k) => !acceptedKeys.includes(k));
    assert.ok(extra.some((k) => k.includes('rogue-window.ts')), `the planted window is reported: ${extra.join('; ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
