// Issue 9 item 2: the engine holds no MX-specific code. Everything a product needs (its driver, writers,
// snapshot reader, restart and verification steps, the facts of its guards, its own deviations) comes from
// the device family the session core hands the engine; the engine reaches the device through the
// family-neutral session driver (devices/session-driver.ts). This test fails when a file of
// commissioning/engine/ reaches for a product again: an import, a product type or helper, or a setting key
// a family registers; and the check itself is shown to catch each of those planted in the engine's text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FAMILIES, MX_CONTROLLER_FAMILY, WLAN_ADAPTER_FAMILY } from '../families';

const here = dirname(fileURLToPath(import.meta.url));
const srcMain = resolve(here, '../..');
const engineFiles = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

/** Where each import of a text points, as a path under src-main/ (the text read as if it were in engine/). */
function importsOf(text: string): string[] {
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?['"](\.[^'"]+)['"]/gm)].map((m) => relative(srcMain, resolve(here, m[1]!)).replaceAll('\\', '/'));
}

const codeOf = (text: string): string => text.replace(/^\s*\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s\/\/ .*$/gm, '');

/** Import paths a product lives under: its family, its driver, its protocol. The neutral session driver is allowed. */
const PRODUCT_PATHS = ['commissioning/families', 'devices/controller-security-driver', 'devices/mx-controller', 'devices/wlan-adapter', 'slmp/', 'simulator/', 'model/controller-services'];

/** Names of the MX product: its driver's types, its profile and snapshot types, its helpers, its systems. */
const PRODUCT_NAMES = [
  'ControllerSecurityDriver', 'ControllerCapabilities', 'ControllerOperation', 'LogonResult', 'Diagnostics', 'ParameterBlocks',
  'ControllerProfile', 'ControllerSnapshot', 'ControllerSettingKey', 'isControllerProfile', 'COMMUNICATION_FUNCTIONS',
  'AdapterProfile', 'AdapterSessionDriver', 'WlanAdapterDriver',
  'administratorsIn', 'closesServiceInUse', 'ethernetPortOf', 'enforceFirmwareConditions', 'SERVICE_IN_USE_OVER_ETHERNET', 'probeTargetsOf',
  'encryptedCommunication', 'enhancedSecurity', 'operationSetting', 'readDiagnostics', 'readCertificate', 'readParameters', 'runVerificationBattery',
  // The guideline of every system at once: the engine takes its family's (family.guideline(system)).
  'GUIDELINE',
];

/** Every setting key a family registers a writer for ('users', 'clock', 'webPassword', ...). */
const SETTING_KEYS = [...new Set(FAMILIES.flatMap((f) => [...f.writers.keys()]))];

/** What of a product one engine file's text names: imports, product names, quoted setting keys, systems. */
function productMentions(text: string): string[] {
  const code = codeOf(text);
  return [
    ...importsOf(code).filter((p) => PRODUCT_PATHS.some((x) => p.startsWith(x))).map((p) => `import ${p}`),
    ...PRODUCT_NAMES.filter((n) => new RegExp(`\\b${n}\\b`).test(code)),
    ...SETTING_KEYS.filter((k) => new RegExp(`['"\`]${k}['"\`]`).test(code)).map((k) => `setting key '${k}'`),
    ...["'mx-r'", "'mx-f'", "'wlan-adapter'", "'Administrators'", '.restart('].filter((s) => code.includes(s)),
  ];
}

test('the families register the setting keys this test looks for (the MX users and clock among them)', () => {
  for (const key of ['users', 'clock', 'certificate', 'webPassword']) assert.ok(SETTING_KEYS.includes(key), key);
  assert.ok(engineFiles.includes('commissioning-engine.ts') && engineFiles.includes('guards.ts') && engineFiles.includes('deviations.ts'));
});

test('no file of commissioning/engine/ imports a product, names its types or helpers, or quotes a setting key of a family', () => {
  const found = engineFiles.flatMap((f) => productMentions(readFileSync(join(here, f), 'utf8')).map((m) => `${f}: ${m}`));
  assert.deepEqual(found, []);
});

test('the check catches each kind of product code planted in the engine', () => {
  const engine = readFileSync(join(here, 'commissioning-engine.ts'), 'utf8');
  assert.deepEqual(productMentions(engine), []);
  const planted: Array<[string, string]> = [
    ["import type { ControllerSecurityDriver } from '../../devices/controller-security-driver';", 'import devices/controller-security-driver'],
    ["import { MxControllerDriver } from '../../devices/mx-controller/mx-controller-driver';", 'import devices/mx-controller/mx-controller-driver'],
    ["import { MX_CONTROLLER_FAMILY } from '../families';", 'import commissioning/families'],
    ['let driver: ControllerSecurityDriver | undefined;', 'ControllerSecurityDriver'],
    ['const caps = {} as ControllerCapabilities;', 'ControllerCapabilities'],
    ['const admins = administratorsIn(profile);', 'administratorsIn'],
    ['const port = ethernetPortOf(system);', 'ethernetPortOf'],
    ["const usersVerified = journal.lastWrite('users')?.state === 'verified';", "setting key 'users'"],
    ['const clockByOperator = journal.lastWrite("clock")?.state;', "setting key 'clock'"],
    ["if (this.#can('logon') && key === `webPassword`) return;", "setting key 'webPassword'"],
    ['const g = GUIDELINE[profile.system];', 'GUIDELINE'],
    ["if (profile.system === 'mx-r') return;", "'mx-r'"],
  ];
  for (const [line, expected] of planted) {
    const mentions = productMentions(`${engine}\n${line}\n`);
    assert.ok(mentions.includes(expected), `planted "${line}" is caught as ${expected} (found: ${mentions.join(', ')})`);
  }
  // A comment may name the product (the engine's comments explain what a family does).
  assert.deepEqual(productMentions(`${engine}\n// the MX family's 'users' writer enables the logon (ControllerSecurityDriver)\n`), []);
});

test('the MX family runs the restart, the certificate export and the checks of steps 11-14; the adapter its restart', () => {
  for (const kind of ['device-operation', 'restart', 'operator-checklist', 'verification'] as const) assert.equal(typeof MX_CONTROLLER_FAMILY.steps?.[kind], 'function', kind);
  assert.equal(WLAN_ADAPTER_FAMILY.steps?.restart, MX_CONTROLLER_FAMILY.steps?.restart);
});

test('the MX family tells the engine which of its settings turn the logon on and set the clock', () => {
  const flagged = (has: (w: { enablesLogon?: boolean; setsClock?: boolean }) => boolean | undefined) => [...MX_CONTROLLER_FAMILY.writers.values()].filter(has).map((w) => w.key);
  assert.deepEqual(flagged((w) => w.enablesLogon), ['users']);
  assert.deepEqual(flagged((w) => w.setsClock), ['clock']);
  assert.equal(typeof MX_CONTROLLER_FAMILY.deviations, 'function', 'step 6 off and Table 14/32 are the MX family deviations');
});
