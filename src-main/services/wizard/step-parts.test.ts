// Step 7's sub-pages as main owns them, through the MainService on the practice controllers: one sub-page
// per function group in the guideline's order, the one open, which were looked at, changed, refused or
// confirmed; opening or changing a sub-page never confirms the step; a refused change blocks the step's
// confirmation until it is corrected or the values in force are kept (docs/project-choices.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainService } from '../create-main-service';
import { memoryStore } from '../../commissioning/engine/device-registry';
import type { SessionView } from '../../ipc/wizard-contract';
import { stepParts } from './step-parts';
import { GUIDELINE } from '../../commissioning/guideline';

const onStep = (v: SessionView, n: number) => v.steps.find((s) => s.number === n)!;
const statuses = (v: SessionView, n: number) => Object.fromEntries((onStep(v, n).parts ?? []).map((p) => [p.id, p.status]));

async function atStep7(t: { after(fn: () => Promise<void> | void): void }, system: 'mx-r' | 'mx-f', model: 'MXR300-32' | 'MXF100-16-N32') {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-parts-'));
  const service = await createMainService({ host: 'browser', store: memoryStore(), dataDir: dir });
  t.after(async () => {
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const w = service.wizard;
  await service.connect({ via: 'practice', system, model });
  let v = await w.start({ operatorName: 'T. Tester' });
  const prefix = v.steps[0]!.id.split('.')[0]!;
  await w.attest({ id: `${prefix}.step1`, text: 'Cabinet locked; SD memory card for backups only; wiring checked.' });
  for (const n of [1, 2, 3, 4, 5, 6]) v = await w.runStep({ stepId: `${prefix}.step${n}` });
  return { w, v, prefix };
}

test('only a settings step of more than five function groups is split: step 7 (seven groups), not step 3', () => {
  const steps = GUIDELINE['mx-r'].procedure.steps;
  assert.deepEqual(
    stepParts(steps.find((s) => s.number === 7)!).map((p) => p.id),
    ['clock', 'eventHistory', 'backupEncryption', 'encryptedCommunication', 'ipFilter', 'defaultOpenPorts', 'bandwidthLimit'],
  );
  assert.deepEqual(stepParts(steps.find((s) => s.number === 7)!).find((p) => p.id === 'encryptedCommunication')?.keys, ['certificate', 'encryptedCommunication']);
  assert.deepEqual(stepParts(steps.find((s) => s.number === 3)!), []);
  assert.deepEqual(stepParts(steps.find((s) => s.number === 9)!), [], 'the write step is no settings step');
  assert.equal(stepParts(GUIDELINE['mx-f'].procedure.steps.find((s) => s.number === 7)!).length, 7);
});

test('step 7 sub-pages: main says which is open and what each is; opening or changing one never confirms the step', async (t) => {
  const { w, prefix } = await atStep7(t, 'mx-r', 'MXR300-32');
  let v = await w.selectStep({ stepId: `${prefix}.step7` });
  const s7 = onStep(v, 7);
  assert.equal(s7.parts?.length, 7);
  assert.equal(s7.part, 'clock', 'the first group opens first');
  assert.equal(s7.parts![0]!.title.en, 'Clock');
  assert.equal(s7.parts!.find((p) => p.id === 'ipFilter')?.references, '2.4.8; Table 9 row 18');
  assert.deepEqual(statuses(v, 7), { clock: 'seen', eventHistory: 'todo', backupEncryption: 'todo', encryptedCommunication: 'todo', ipFilter: 'todo', defaultOpenPorts: 'todo', bandwidthLimit: 'todo' });
  assert.equal(onStep(v, 3).parts, undefined, 'step 3 stays one page');

  v = await w.selectStep({ stepId: `${prefix}.step7`, part: 'bandwidthLimit' });
  assert.equal(onStep(v, 7).part, 'bandwidthLimit');
  assert.equal(statuses(v, 7).bandwidthLimit, 'seen');
  // A name that is not one of the step's groups opens the one open before.
  v = await w.selectStep({ stepId: `${prefix}.step7`, part: 'users' });
  assert.equal(onStep(v, 7).part, 'bandwidthLimit');

  // A change: the group says so, the step stays to do.
  const bw = v.profile.settings.bandwidthLimit;
  v = await w.updateSettings({ key: 'bandwidthLimit', value: { ...bw, sendKbps: bw.sendKbps + 64 } });
  assert.equal(statuses(v, 7).bandwidthLimit, 'changed');
  assert.equal(onStep(v, 7).status, 'todo');
  // Looking at every group is no confirmation either.
  for (const p of onStep(v, 7).parts!) v = await w.selectStep({ stepId: `${prefix}.step7`, part: p.id });
  assert.equal(onStep(v, 7).status, 'todo');
  assert.ok(Object.values(statuses(v, 7)).every((s) => s === 'seen' || s === 'changed'), JSON.stringify(statuses(v, 7)));

  // The confirm action confirms every group; a change after it reopens that group and the step.
  v = await w.runStep({ stepId: `${prefix}.step7` });
  assert.equal(onStep(v, 7).status, 'values-set');
  assert.ok(Object.values(statuses(v, 7)).every((s) => s === 'confirmed'), JSON.stringify(statuses(v, 7)));
  v = await w.updateSettings({ key: 'eventHistory', value: { ...v.profile.settings.eventHistory, backupIntervalDays: v.profile.settings.eventHistory.backupIntervalDays + 1 } });
  assert.equal(onStep(v, 7).status, 'todo');
  assert.equal(statuses(v, 7).eventHistory, 'changed');
  assert.equal(statuses(v, 7).clock, 'seen', 'the other groups are no longer covered by a confirmation');
});

test('a refused change blocks its step until it is corrected or the values in force are kept; keeping changes nothing (MX-F, 3.4.8)', async (t) => {
  const { w, prefix } = await atStep7(t, 'mx-f', 'MXF100-16-N32');
  let v = await w.selectStep({ stepId: `${prefix}.step7`, part: 'ipFilter' });
  const filter = v.profile.settings.ipFilter;
  v = await w.updateSettings({ key: 'ipFilter', value: { ...filter, enabled: true, mode: 'deny' } });
  assert.equal(v.profile.settings.ipFilter.mode, 'allow', 'not applied');
  assert.equal(statuses(v, 7).ipFilter, 'refused');
  const s7 = onStep(v, 7);
  assert.equal(s7.status, 'todo', 'its own work: the step is to do, not locked');
  assert.match(s7.lock?.reason.en ?? '', /A change to IP filter was refused and not applied/);
  assert.match(s7.lock?.unlock.ja ?? '', /現在の値のままにする/);
  assert.ok(s7.lock?.references.some((r) => r.startsWith('3.4.8')), JSON.stringify(s7.lock?.references));
  await assert.rejects(w.runStep({ stepId: `${prefix}.step7` }), (e: { code?: string; message?: string }) => e.code === 'step-locked' && /refused and not applied/.test(e.message ?? ''));
  // The writes wait too (the profile has a problem).
  assert.equal(onStep(v, 9).status, 'locked');

  // Keep the values in force: the refusal goes, nothing changed, the step is still to be confirmed.
  v = await w.keepSettings({ key: 'ipFilter' });
  assert.equal(v.profileIssues.length, 0);
  assert.equal(v.profile.settings.ipFilter.mode, 'allow');
  assert.equal(statuses(v, 7).ipFilter, 'seen', 'kept, not changed');
  assert.equal(onStep(v, 7).lock, undefined);
  v = await w.runStep({ stepId: `${prefix}.step7` });
  assert.equal(onStep(v, 7).status, 'values-set');

  // After the confirmation a refused change does not reopen the step, but it cannot run again until settled.
  v = await w.updateSettings({ key: 'ipFilter', value: { ...filter, enabled: true, mode: 'deny' } });
  assert.equal(onStep(v, 7).status, 'values-set');
  assert.equal(statuses(v, 7).ipFilter, 'refused');
  assert.match(onStep(v, 7).again?.reason.en ?? '', /refused and not applied/);
  v = await w.keepSettings({ key: 'ipFilter' });
  assert.equal(statuses(v, 7).ipFilter, 'confirmed', 'the confirmation still covers the values in force');
});
