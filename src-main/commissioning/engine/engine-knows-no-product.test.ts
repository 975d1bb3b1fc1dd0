// Issue 9 item 2: the engine holds no MX-specific code. Everything a product needs (its driver, writers,
// snapshot reader, restart and verification steps) comes from the device family the session core hands the
// engine; this test fails when a file of commissioning/engine/ reaches for a product again.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MX_CONTROLLER_FAMILY, WLAN_ADAPTER_FAMILY } from '../families';

const here = dirname(fileURLToPath(import.meta.url));
const srcMain = resolve(here, '../..');
const engineFiles = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

/** Where each import of a file points, as a path under src-main/. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(here, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?['"](\.[^'"]+)['"]/gm)].map((m) => relative(srcMain, resolve(here, m[1]!)).replaceAll('\\', '/'));
}

/** Import paths a product lives under: its family, its driver, its protocol. */
const PRODUCT_PATHS = ['commissioning/families', 'devices/mx-controller', 'devices/wlan-adapter', 'slmp/', 'simulator/'];

test('no file of commissioning/engine/ imports a device family, a product driver or its protocol', () => {
  assert.ok(engineFiles.includes('commissioning-engine.ts'));
  const found = engineFiles.flatMap((f) => importsOf(f).filter((p) => PRODUCT_PATHS.some((x) => p.startsWith(x))).map((p) => `${f} -> ${p}`));
  assert.deepEqual(found, []);
});

test('the engine names no controller profile, snapshot or setting key and runs no restart or device check itself', () => {
  const text = readFileSync(join(here, 'commissioning-engine.ts'), 'utf8');
  const code = text.replace(/^\s*\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
  for (const name of ['ControllerProfile', 'ControllerSnapshot', 'ControllerSettingKey', 'isControllerProfile', 'COMMUNICATION_FUNCTIONS', 'encryptedCommunication', "'mx-r'", "'mx-f'", 'readDiagnostics', 'readCertificate', 'readParameters', 'runVerificationBattery', '.restart('])
    assert.ok(!code.includes(name), `commissioning-engine.ts mentions ${name}`);
});

test('the MX family runs the restart, the certificate export and the checks of steps 11-14; the adapter its restart', () => {
  for (const kind of ['device-operation', 'restart', 'operator-checklist', 'verification'] as const) assert.equal(typeof MX_CONTROLLER_FAMILY.steps?.[kind], 'function', kind);
  assert.equal(WLAN_ADAPTER_FAMILY.steps?.restart, MX_CONTROLLER_FAMILY.steps?.restart);
});
