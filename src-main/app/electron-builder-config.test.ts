// electron-builder cannot run here (no Electron binary can be downloaded), so its configuration is
// checked statically: the installers the project promises, every security fuse, and that each key is
// one app-builder-lib's own JSON schema knows (a misspelt key is ignored silently by a real build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const config = parse(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as Record<string, any>;
const require = createRequire(import.meta.url);
const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
  properties: Record<string, unknown>;
  definitions: Record<string, { properties: Record<string, unknown> }>;
};

test('identity and packaging: product name, app id, asar, only the build output', () => {
  assert.equal(config.productName, 'MX Commissioner');
  assert.match(config.appId, /^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  assert.equal(config.asar, true);
  assert.ok(config.files.includes('build/**'));
  assert.ok(!config.files.some((f: string) => /src-main|src-renderer|\.ts$/.test(f)), 'no sources in the package');
  // Only native addons leave the archive: every script the app runs, its worker threads' too, stays inside
  // app.asar where the asar integrity fuse covers it (crypto/bundled-worker.ts reads and starts them).
  assert.deepEqual(config.asarUnpack, ['**/*.node'], 'no JavaScript is unpacked outside the integrity-checked archive');
});

test('Windows NSIS installer + portable, Linux AppImage + deb', () => {
  const targets = (platform: any) => platform.target.map((t: any) => (typeof t === 'string' ? t : t.target)).sort();
  assert.deepEqual(targets(config.win), ['nsis', 'portable']);
  assert.deepEqual(targets(config.linux), ['AppImage', 'deb']);
  assert.ok(config.linux.maintainer, 'deb packages need a maintainer');
});

test('every security fuse is set the hardened way', () => {
  assert.deepEqual(
    {
      runAsNode: config.electronFuses.runAsNode,
      enableNodeOptionsEnvironmentVariable: config.electronFuses.enableNodeOptionsEnvironmentVariable,
      enableNodeCliInspectArguments: config.electronFuses.enableNodeCliInspectArguments,
      onlyLoadAppFromAsar: config.electronFuses.onlyLoadAppFromAsar,
      enableEmbeddedAsarIntegrityValidation: config.electronFuses.enableEmbeddedAsarIntegrityValidation,
      enableCookieEncryption: config.electronFuses.enableCookieEncryption,
      grantFileProtocolExtraPrivileges: config.electronFuses.grantFileProtocolExtraPrivileges,
    },
    {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    },
  );
});

test("every key is one app-builder-lib's schema knows, so none is silently ignored", () => {
  for (const key of Object.keys(config)) assert.ok(key in scheme.properties, `unknown top-level key "${key}"`);
  const sections: Record<string, string> = {
    electronFuses: 'FuseOptionsV1',
    win: 'WindowsConfiguration',
    linux: 'LinuxConfiguration',
    nsis: 'NsisOptions',
    portable: 'PortableOptions',
    deb: 'DebOptions',
  };
  for (const [section, definition] of Object.entries(sections)) {
    const known = scheme.definitions[definition]?.properties;
    assert.ok(known, `schema has ${definition}`);
    for (const key of Object.keys(config[section] ?? {})) assert.ok(key in known, `unknown key "${section}.${key}"`);
  }
});
