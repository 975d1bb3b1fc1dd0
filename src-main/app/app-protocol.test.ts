import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { resolveAppRequest } from './app-protocol';

const root = resolve('/srv/app/build/renderer');

test('the entry page and assets of the built renderer are served with their types', () => {
  assert.deepEqual(resolveAppRequest('app://mx-commissioner/index.html', root), { ok: true, filePath: join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
  assert.deepEqual(resolveAppRequest('app://mx-commissioner/', root), { ok: true, filePath: join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
  const js = resolveAppRequest('app://mx-commissioner/assets/index-abc123.js?v=1#x', root);
  assert.deepEqual(js, { ok: true, filePath: join(root, 'assets', 'index-abc123.js'), contentType: 'text/javascript; charset=utf-8' });
  const spaced = resolveAppRequest('app://mx-commissioner/assets/a%20b.css', root);
  assert.ok(spaced.ok && spaced.filePath === join(root, 'assets', 'a b.css'));
});

test('path traversal in any spelling is refused before the disk is touched', () => {
  for (const path of [
    '/..%2f..%2fpackage.json',
    '/%2e%2e%2f%2e%2e%2fpackage.json',
    '/assets/..%2F..%2F..%2Fetc%2Fpasswd.txt',
    '/..%5c..%5cpackage.json',
    '/assets/%2e%2e%5c%2e%2e%5csecret.json',
    '/index.html%00.js',
  ]) {
    const result = resolveAppRequest(`app://mx-commissioner${path}`, root);
    assert.deepEqual(result, { ok: false, status: 403 }, path);
  }
  // Plain "../" is already collapsed by URL parsing and stays inside the folder.
  const collapsed = resolveAppRequest('app://mx-commissioner/../../package.json', root);
  assert.ok(collapsed.ok && collapsed.filePath === join(root, 'package.json'));
});

test('other hosts, schemes, bad encodings and unknown file types are refused', () => {
  assert.deepEqual(resolveAppRequest('app://evil/index.html', root), { ok: false, status: 403 });
  assert.deepEqual(resolveAppRequest('file:///srv/app/build/renderer/index.html', root), { ok: false, status: 403 });
  assert.deepEqual(resolveAppRequest('app://mx-commissioner/%E0%A4%A', root), { ok: false, status: 400 });
  assert.deepEqual(resolveAppRequest('not a url', root), { ok: false, status: 400 });
  assert.deepEqual(resolveAppRequest('app://mx-commissioner/config.exe', root), { ok: false, status: 404 });
});
