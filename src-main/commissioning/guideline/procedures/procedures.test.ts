// The three procedures: Figure 8 exactly as the guideline gives it, Figures 22 and 36 reconstructed
// with the sections each step comes from, every reference resolvable to a rule, a step or a row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADAPTER_SETTING_KEYS, CONTROLLER_SETTING_KEYS } from '../../../model/security-settings';
import { GUIDELINE } from '../index';
import { ORDERING_RULES } from '../ordering-rules';
import { formatReference } from '../references';
import { FIGURE_8_MX_R } from './figure-8-mx-r';
import { FIGURE_22_MX_F } from './figure-22-mx-f';
import { FIGURE_36_WLAN_ADAPTER } from './figure-36-wlan-adapter';

test('Figure 8 has the 15 steps of the guideline, in order, with their kinds', () => {
  const s = FIGURE_8_MX_R.steps;
  assert.equal(s.length, 15);
  assert.deepEqual(s.map((x) => x.id), Array.from({ length: 15 }, (_, i) => `fig8.step${i + 1}`));
  assert.match(s[2]!.title.en, /^Registering user information \(user authentication function\)$/);
  assert.equal(s[3]!.title.en, 'Initializing the module');
  assert.equal(s[5]!.title.en, 'Enabling the enhanced security setting');
  assert.equal(s[9]!.title.en, 'Restarting the system');
  assert.equal(s[11]!.title.en, 'Network diagnosis');
  assert.equal(s[14]!.title.en, 'Running the MELSEC MX Controller MX-R model');
  assert.deepEqual(s.map((x) => x.kind), ['operator-checklist', 'connect', 'settings', 'device-operation', 'settings', 'settings', 'settings', 'settings', 'write', 'restart', 'verification', 'verification', 'operator-checklist', 'verification', 'report']);
  assert.ok(s.every((x) => x.reconstructed === undefined), 'Figure 8 is transcribed, not reconstructed');
  assert.equal(formatReference(s[2]!.references[0]!), 'Figure 8 step 3');
});

test('Figure 8 step 9 writes every controller setting, after the steps that set them and under the ordering rules', () => {
  const step9 = FIGURE_8_MX_R.steps[8]!;
  assert.deepEqual([...step9.writes].sort(), [...CONTROLLER_SETTING_KEYS].sort());
  assert.ok(step9.preconditions.includes('order.user-authentication-first'));
  assert.ok(step9.preconditions.includes('guard.pc-allowed-before-ip-filter'));
  const setBySettingsSteps = new Set(FIGURE_8_MX_R.steps.filter((x) => x.kind === 'settings').flatMap((x) => x.writes));
  assert.deepEqual([...setBySettingsSteps].sort(), [...CONTROLLER_SETTING_KEYS].sort(), 'steps 3-8 set every key that step 9 writes');
});

test('Figures 22 and 36 are marked reconstructed, say so, and every step carries its basis', () => {
  for (const p of [FIGURE_22_MX_F, FIGURE_36_WLAN_ADAPTER]) {
    assert.equal(p.reconstructed, true);
    assert.match(p.notice!.en, /reconstruction/);
    assert.ok(p.notice!.ja.length > 0);
    for (const step of p.steps) {
      assert.ok(step.reconstructed, step.id);
      assert.ok(step.reconstructed.basis.length > 0, step.id);
    }
  }
});

test('Figure 22 names the MX-F differences: expansion adapters, the TLS "1.2/1.3" choice, Modbus RTU and MC protocol', () => {
  const s = FIGURE_22_MX_F.steps;
  assert.equal(s.length, 15);
  assert.match(s[0]!.title.en, /expansion adapters and extension modules/);
  assert.ok(s[0]!.reconstructed!.basis.some((b) => /Table 19 rows 4, 5, 7/.test(b)));
  assert.match(s[6]!.appDoes.en, /1\.2\/1\.3/);
  assert.match(s[12]!.appDoes.en, /Modbus RTU and MC protocol/);
  assert.ok(s.every((x) => x.references.every((r) => !r.section || r.section.startsWith('3.'))), 'MX-F steps cite chapter 3');
  assert.ok(!s.some((x) => x.verifies.includes('table27.row22')), 'Table 27 has 21 rows');
});

test('Figure 36 follows the adapter: web interface, password, Table 46 modes, MAC filters, stealth SSID, logging, backup, counterpart', () => {
  const titles = FIGURE_36_WLAN_ADAPTER.steps.map((x) => x.title.en).join(' | ');
  for (const part of ['web interface', 'initial password', 'AP or STA', 'authentication and encryption', 'MAC address filters', 'stealth SSID', 'logging', 'Backing up the settings', 'Restarting', 'counterpart', 'Checking the connection', 'Test operation', 'Running'])
    assert.ok(titles.includes(part), part);
  assert.ok(FIGURE_36_WLAN_ADAPTER.steps.flatMap((x) => x.writes).every((k) => (ADAPTER_SETTING_KEYS as readonly string[]).includes(k)));
});

test('every step has a reference, and every precondition and verification id exists', () => {
  const ruleIds = new Set<string>(ORDERING_RULES.map((r) => r.id));
  for (const g of Object.values(GUIDELINE)) {
    const stepIds = new Set(g.procedure.steps.map((x) => x.id));
    const rowIds = new Set(g.settingsTable.map((r) => r.id));
    for (const step of g.procedure.steps) {
      assert.ok(step.references.length > 0, step.id);
      assert.ok(step.title.en && step.title.ja && step.appDoes.ja && step.operatorDoes.ja, step.id);
      for (const p of step.preconditions) assert.ok(stepIds.has(p) || ruleIds.has(p), `${step.id}: unknown precondition ${p}`);
      for (const v of step.verifies) assert.ok(rowIds.has(v), `${step.id}: unknown row ${v}`);
    }
    // A precondition on a later step would make the procedure impossible to follow.
    const index = new Map(g.procedure.steps.map((x, i) => [x.id, i]));
    g.procedure.steps.forEach((step, i) => step.preconditions.filter((p) => index.has(p)).forEach((p) => assert.ok(index.get(p)! < i, `${step.id} waits for a later step ${p}`)));
  }
});

test('Figure 36: a reused unit is initialized before the initial password is replaced (4.4.8), then the firmware; every step cites a source or says it is a project choice', () => {
  const s = FIGURE_36_WLAN_ADAPTER.steps;
  const at = (title: string) => s.findIndex((x) => x.title.en.includes(title));
  assert.ok(at('Initializing a reused unit') >= 0 && at('Initializing a reused unit') < at('replacing the initial password'), 'initialize, then the password');
  assert.ok(at('replacing the initial password') < at('Updating the firmware'), 'the password, then the firmware');
  assert.ok(at('Updating the firmware') < at('operation mode'), 'the firmware before the settings');
  for (const step of s) assert.ok(step.reconstructed!.basis.every((b) => /^(\d+\.\d|Table \d+|project choice)/.test(b)), `${step.id}: ${step.reconstructed!.basis.join('; ')}`);
  assert.ok(s.find((x) => x.kind === 'connect')!.reconstructed!.basis.some((b) => /project choice: wired/.test(b)), '"wired for the first setting" is marked a project choice');
});
