// Where a self-lockout refusal of the IP filter (2.4.8) is shown, through the MainService on the practice
// MX-R (this PC = 127.0.0.1). The enhanced security setting (Figure 8 step 6, 2.3.1) turns the IP filter
// on as an allow-list; a filter that is harmless while switched off can then shut this PC out. The
// refusal belongs to the change that causes it: turning enhanced security on refuses at step 6 (not on
// step 7's IP filter block, where it used to appear), and step 7's block points to it; a filter change at
// step 7 that enhanced security would turn against this PC refuses at step 7 and points to step 6.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainService } from '../create-main-service';
import { memoryStore } from '../../commissioning/engine/device-registry';
import type { SessionView } from '../../ipc/wizard-contract';
import { ruleById, type GuidelineReference } from '../../commissioning/guideline';
import { ipFilterSection } from './self-lockout-issues';

const PC = '127.0.0.1';
const onStep = (v: SessionView, n: number) => v.steps.find((s) => s.number === n)!;
const blocksOf = (v: SessionView, n: number) => onStep(v, n).settingKeys.map((k) => `settings.${k}`);
const under = (path: string, blocks: string[]) => blocks.some((b) => path === b || path.startsWith(`${b}.`));

test('turning the enhanced security setting on when it would turn the IP filter against this PC is refused at step 6 with the reason and the guideline, and step 7 points to it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-lockout-place-'));
  const service = await createMainService({ host: 'browser', store: memoryStore(), dataDir: dir });
  t.after(async () => {
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const w = service.wizard;
  await service.connect({ via: 'practice', system: 'mx-r', model: 'MXR300-32' });
  let v = await w.start({ operatorName: 'T. Tester' });
  assert.equal(v.profile.settings.enhancedSecurity.enabled, true, 'recommended: on');
  const pcEntries = v.profile.settings.ipFilter.entries;
  assert.ok(pcEntries.some((e) => e.address === PC));

  // Step 6 off, then the filter of step 7 switched off in "deny the listed devices": harmless as such.
  v = await w.updateSettings({ key: 'enhancedSecurity', value: { enabled: false } });
  assert.deepEqual(v.profileIssues, []);
  v = await w.updateSettings({ key: 'ipFilter', value: { enabled: false, mode: 'deny', entries: pcEntries } });
  assert.deepEqual(v.profileIssues, [], 'a switched-off filter cuts nobody off');

  // Back at step 6, enhanced security on: it would turn the filter on as an allow-list against this PC.
  v = await w.updateSettings({ key: 'enhancedSecurity', value: { enabled: true } });
  assert.equal(v.profile.settings.enhancedSecurity.enabled, false, 'not applied');
  assert.equal(v.profileIssues.length, 1, JSON.stringify(v.profileIssues));
  const issue = v.profileIssues[0]!;
  assert.equal(issue.path, 'settings.enhancedSecurity.enabled', 'the refusal is on the enhanced security setting');
  assert.ok(under(issue.path, blocksOf(v, 6)) && !under(issue.path, blocksOf(v, 7)), 'shown on step 6, not on step 7');
  assert.match(issue.text!.en, /enhanced security setting turns the IP filter on as an allow-list/);
  assert.match(issue.text!.en, /127\.0\.0\.1/);
  assert.match(issue.text!.en, /step 7/);
  assert.ok(issue.text!.ja.includes('セキュリティ強化設定') && issue.text!.ja.includes(PC));
  assert.deepEqual(issue.references, ['Figure 8 step 6', '2.3.1', '2.4.8']);
  assert.match(issue.message, /allow-list.*\(Figure 8 step 6, 2\.3\.1, 2\.4\.8\)/);
  assert.deepEqual(issue.pointsTo, { stepId: 'fig8.step7', number: 7, part: 'ipFilter' }, 'the way there opens the IP filter sub-page');
  // Step 7's IP filter block points to it (a warning: step 7's own values are valid).
  const pointer = v.profileWarnings.find((i) => i.path === 'settings.ipFilter.entries' && i.pointsTo);
  assert.ok(pointer, JSON.stringify(v.profileWarnings));
  assert.deepEqual(pointer.pointsTo, { stepId: 'fig8.step6', number: 6 });
  assert.match(pointer.text!.en, /enhanced security setting on \(step 6\)/);
  assert.equal(v.profileIssues.filter((i) => under(i.path, blocksOf(v, 7))).length, 0, 'nothing blocks step 7');

  // The filter set to allow this PC: enhanced security goes on, and the pointer is gone.
  v = await w.updateSettings({ key: 'ipFilter', value: { enabled: false, mode: 'allow', entries: pcEntries } });
  assert.deepEqual(v.profileIssues, []);
  assert.equal(v.profileWarnings.filter((i) => i.pointsTo).length, 0);
  v = await w.updateSettings({ key: 'enhancedSecurity', value: { enabled: true } });
  assert.deepEqual(v.profileIssues, []);
  assert.equal(v.profile.settings.enhancedSecurity.enabled, true);

  // The other way round: with enhanced security on, switching the filter off in "deny" mode at step 7
  // is refused at step 7 (where it was changed), naming step 6, and step 6 points to it.
  v = await w.updateSettings({ key: 'ipFilter', value: { enabled: false, mode: 'deny', entries: pcEntries } });
  assert.equal(v.profile.settings.ipFilter.mode, 'allow', 'not applied');
  assert.equal(v.profileIssues[0]?.path, 'settings.ipFilter.entries');
  assert.match(v.profileIssues[0]!.text!.en, /^Not applied: with the enhanced security setting on \(step 6\)/);
  assert.deepEqual(v.profileIssues[0]!.pointsTo, { stepId: 'fig8.step6', number: 6 });
  const back = v.profileWarnings.find((i) => i.path === 'settings.enhancedSecurity.enabled');
  assert.match(back?.text?.en ?? '', /IP filter change in step 7 was not applied/);

  // A filter that shuts this PC out by itself stays refused on the IP filter block, as before.
  v = await w.updateSettings({ key: 'ipFilter', value: { enabled: true, mode: 'allow', entries: [{ address: '192.0.2.10' }] } });
  assert.equal(v.profileIssues[0]?.path, 'settings.ipFilter.entries');
  assert.match(v.profileIssues[0]!.message, /127\.0\.0\.1.*blocked.*Ethernet path.*2\.4\.8/);
  assert.equal(v.profileIssues[0]!.pointsTo, undefined);
});

test("the refusal names the IP filter section of the controller's own chapter (2.4.8 MX-R, 3.4.8 MX-F), whatever the order of the rule's references", () => {
  assert.equal(ipFilterSection('mx-r'), '2.4.8');
  assert.equal(ipFilterSection('mx-f'), '3.4.8');
  const refs = ruleById('guard.pc-allowed-before-ip-filter').references as GuidelineReference[];
  refs.reverse();
  try {
    assert.equal(ipFilterSection('mx-r'), '2.4.8');
    assert.equal(ipFilterSection('mx-f'), '3.4.8');
  } finally {
    refs.reverse();
  }
});

test('choosing "Deny the listed devices" while this PC is listed is refused in words that say it was not applied and what stays, in English and Japanese (issue 13 point 9)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-lockout-deny-'));
  const service = await createMainService({ host: 'browser', store: memoryStore(), dataDir: dir });
  t.after(async () => {
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const w = service.wizard;
  await service.connect({ via: 'practice', system: 'mx-r', model: 'MXR300-32' });
  let v = await w.start({ operatorName: 'T. Tester' });
  const filter = v.profile.settings.ipFilter;
  assert.equal(filter.mode, 'allow');
  v = await w.updateSettings({ key: 'ipFilter', value: { ...filter, enabled: true, mode: 'deny' } });
  // The control shows the profile: it reads "Allow" again, so the refusal must say so, not leave it silent.
  assert.equal(v.profile.settings.ipFilter.mode, 'allow', 'not applied');
  assert.equal(v.profileIssues.length, 1, JSON.stringify(v.profileIssues));
  const issue = v.profileIssues[0]!;
  assert.match(issue.text!.en, /^Not applied: the IP filter stays at “Allow only the listed devices \(recommended\)”\./);
  assert.match(issue.text!.en, /127\.0\.0\.1/);
  assert.ok(issue.text!.ja.startsWith('適用されませんでした'), issue.text!.ja);
  assert.ok(!issue.text!.ja.includes('。 '), 'Japanese sentences follow each other without a space');
  assert.ok(issue.text!.ja.includes('登録した機器のみ許可'), issue.text!.ja);
  assert.equal((issue.message.match(/2\.4\.8/g) ?? []).length, 1, `the section is cited once: ${issue.message}`);
});
