// package.json's "engines" tells the truth: every Node version it admits is one that every package of the
// locked tree also admits, so `npm install` on the declared Node prints no engine warning (electron 45 and
// electron-store 12 need Node 22.12 or later; the CLI, the browser host and the tests also run on Node
// 20.19, where npm warns about those two: docs/dependencies.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// semver is npm's own range arithmetic (installed with the build tools); a hand-written range parser
// would be the weaker check.
const semver = createRequire(join(root, 'package.json'))('semver') as { subset(a: string, b: string): boolean; validRange(r: string): string | null };

interface LockedPackage {
  engines?: { node?: string } | string[];
  optional?: boolean;
}
const read = <T>(file: string): T => JSON.parse(readFileSync(join(root, file), 'utf8')) as T;

test('engines.node admits only Node versions every locked package admits, and the lockfile agrees', () => {
  const declared = read<{ engines?: { node?: string } }>('package.json').engines?.node;
  assert.ok(declared && semver.validRange(declared), 'package.json declares engines.node');
  const lock = read<{ packages: Record<string, LockedPackage> }>('package-lock.json');
  const locked = lock.packages[''];
  assert.equal(locked && !Array.isArray(locked.engines) ? locked.engines?.node : undefined, declared, 'package-lock.json carries the same engines');
  const conflicts: string[] = [];
  for (const [path, pkg] of Object.entries(lock.packages)) {
    const wanted = pkg.engines && !Array.isArray(pkg.engines) ? pkg.engines.node : undefined;
    // An optional package for another platform (a wasm32 binding) is not installed, so npm checks nothing of it.
    if (pkg.optional && !existsSync(join(root, path))) continue;
    if (path !== '' && wanted && semver.validRange(wanted) && !semver.subset(declared, wanted)) conflicts.push(`${path} wants Node ${wanted}`);
  }
  assert.deepEqual(conflicts, [], `engines.node "${declared}" admits versions some packages refuse`);
});
