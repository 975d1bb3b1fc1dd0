// "Run this step again" on a finished step, through the MainService as the renderer drives it, on the
// practice MX-R in process. A technician commissioned the controller through the report, opened step 4
// (initializing the module, 2.4.1 / 2.6) and pressed "Run this step again": the engine never repeats a
// finished initialization, so the run returned at once and nothing on screen changed. Main now says why
// in the step's view (before anything is pressed) and refuses the run with the same words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainService } from '../create-main-service';
import { memoryStore } from '../../commissioning/engine/device-registry';
import { GUIDELINE } from '../../commissioning/guideline';
import type { MainEvent } from '../../ipc/contract';
import type { SessionView } from '../../ipc/wizard-contract';
import { makeFixture } from '../../commissioning/engine/testing/engine-fixture';
import { FakeControllerDevice } from '../../commissioning/engine/testing/fake-controller-driver';
import { runAgainRefusal } from './run-again';

const PASSWORDS: Record<string, string> = { admin1: 'Kq7-Cabinet-North!', admin2: 'Zr4-Cabinet-South!' };
const step = (v: SessionView, n: number) => v.steps.find((s) => s.number === n)!;

async function refusedWith(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: { code?: string; message?: string }) => {
    assert.equal(e.code, 'step-locked', e.message);
    assert.match(e.message ?? '', pattern);
    return true;
  });
}

test('after the report, step 4 says it is not run again (it would erase the commissioned settings) and a run is refused with that reason; a check runs again once an Administrator password is entered', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-run-again-'));
  const service = await createMainService({ host: 'browser', store: memoryStore(), dataDir: dir, wizardReconnect: { attempts: 40, delayMs: 100 } });
  t.after(async () => {
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const events: SessionView[] = [];
  service.onEvent((e: MainEvent) => {
    if (e.type !== 'wizard-changed') return;
    events.push(e.session);
    // Step 14's disruptive checks are declined, as a technician may.
    const q = e.session.question;
    if (q?.kind === 'confirm-disruptive') setImmediate(() => void service.wizard.answer({ questionId: q.id, confirmed: false }).catch(() => undefined));
  });
  const w = service.wizard;
  await service.connect({ via: 'practice', system: 'mx-r', model: 'MXR300-32' });
  let v = await w.start({ operatorName: 'T. Tester' });
  await w.attest({ id: 'fig8.step1', text: 'Cabinet locked; SD memory card for backups only.' });
  for (const [userName, password] of Object.entries(PASSWORDS)) await w.setPassword({ userName, password, confirmation: password });
  for (const n of [1, 2, 3, 4]) v = await w.runStep({ stepId: `fig8.step${n}` });
  assert.equal(step(v, 4).status, 'verified', JSON.stringify(v.error));
  // Before anything is written, step 4 is done and there is nothing to initialize again.
  assert.match(step(v, 4).again?.reason.en ?? '', /nothing to initialize again/);
  await refusedWith(w.runStep({ stepId: 'fig8.step4' }), /nothing to initialize again/);
  for (const n of [5, 6, 7, 8, 9, 10, 11, 12]) {
    v = await w.runStep({ stepId: `fig8.step${n}` });
    assert.equal(v.error, undefined, `step ${n}: ${JSON.stringify(v.error)}`);
  }
  await w.attest({ id: 'fig8.step13', text: 'Partners set.' });
  await w.runStep({ stepId: 'fig8.step13' });
  for (const row of GUIDELINE['mx-r'].settingsTable.filter((r) => r.verification === 'attestation')) await w.attest({ id: row.id, text: 'Checked on site.' });
  for (const item of GUIDELINE['mx-r'].implementationMatters) await w.attest({ id: item.id, text: 'Agreed with the site owner.' });
  await w.runStep({ stepId: 'fig8.step14' });
  v = await w.runStep({ stepId: 'fig8.step15' });
  assert.equal(step(v, 15).status, 'verified', JSON.stringify(v.error));
  assert.equal(v.report?.compliant, true, JSON.stringify(v.report?.deviations));

  // The technician opens step 4 from the rail: the view already says why it does not run again.
  v = await w.selectStep({ stepId: 'fig8.step4' });
  const again = step(v, 4).again;
  assert.ok(again, 'step 4 carries the reason it is not run again');
  assert.equal(again.permanent, true);
  assert.match(again.reason.en, /initializing all information now would erase the users and security settings written in step 9/);
  assert.ok(again.reason.ja.length > 0 && again.unlock.ja.length > 0, 'in Japanese too');
  assert.match(again.unlock.en, /new session/);
  assert.deepEqual(again.references, ['Figure 8 step 4', '2.4.1', '2.6']);
  // Pressed anyway (another client, a stale screen): refused at once with the same reason; nothing ran.
  const before = events.length;
  const started = Date.now();
  await refusedWith(w.runStep({ stepId: 'fig8.step4' }), /not run again.*erase.*new session.*2\.4\.1/);
  assert.ok(Date.now() - started < 1000);
  assert.equal(events.slice(before).filter((e) => e.busy).length, 0, 'no run started');
  // The writes and the restart say so too; the checks may run again.
  v = (await w.state())!;
  assert.match(step(v, 9).again?.reason.en ?? '', /every write was read back equal/);
  assert.match(step(v, 9).again?.unlock.en ?? '', /run step 11/);
  assert.match(step(v, 10).again?.reason.en ?? '', /restart is verified/);
  // A check after the report: the report wiped the passwords, so it waits for an Administrator's (a lock that lifts).
  assert.equal(step(v, 11).again?.permanent, false);
  assert.match(step(v, 11).again?.reason.en ?? '', /Administrator/);
  v = await w.setPassword({ userName: 'admin1', password: PASSWORDS.admin1!, confirmation: PASSWORDS.admin1! });
  assert.equal(step(v, 11).again, undefined);
  v = await w.runStep({ stepId: 'fig8.step11' });
  assert.equal(v.error, undefined, JSON.stringify(v.error));
  assert.equal(step(v, 11).status, 'verified');
  assert.equal(step(v, 4).status, 'verified', 'step 4 is untouched');
});

test('on an observe-only controller the refusals say the operator did steps 4, 9 and 10, never that the app confirmed or read them back', async () => {
  // A real controller answers C059 to the security commands: the engine asks the operator to initialize,
  // write and restart in the engineering tool and journals those steps 'operator-performed'.
  const device = new FakeControllerDevice('MXR300-32');
  device.mode = 'observe-only';
  const f = makeFixture('MXR300-32', { device });
  const journal = f.newJournal();
  const engine = f.engine(journal);
  const facts = (stepId: string) => ({
    procedure: GUIDELINE['mx-r'].procedure,
    state: engine.stepRecords().find((r) => r.id === stepId)!.state,
    writesBegan: journal.entries.some((e) => e.type === 'write'),
    procedureEnded: journal.entries.some((e) => e.type === 'end'),
  });
  const stepOf = (stepId: string) => GUIDELINE['mx-r'].procedure.steps.find((s) => s.id === stepId)!;
  try {
    await engine.runThrough('fig8.step4');
    assert.equal(journal.stepState('fig8.step4'), 'operator-performed');
    const init = runAgainRefusal(stepOf('fig8.step4'), facts('fig8.step4'));
    assert.ok(init, 'a finished initialization is not run again, whoever did it');
    assert.match(init.reason.en, /operator performed the initialization in the engineering tool \(the app cannot observe it\)/);
    assert.doesNotMatch(init.reason.en, /confirmed in factory state/);
    assert.match(init.reason.ja, /作業者/);
    assert.doesNotMatch(init.reason.ja, /確認済み/);
    // The engine indeed does not repeat it: asked again, nothing is asked of the operator.
    const asked = f.manual.length;
    await engine.runThrough('fig8.step4');
    assert.equal(f.manual.length, asked);

    await engine.runThrough('fig8.step10');
    assert.equal(journal.stepState('fig8.step9'), 'operator-performed');
    assert.equal(journal.stepState('fig8.step10'), 'operator-performed');
    const writes = runAgainRefusal(stepOf('fig8.step9'), facts('fig8.step9'));
    assert.ok(writes);
    assert.match(writes.reason.en, /the operator wrote the settings in the engineering tool; the app read back only what it can read/);
    assert.doesNotMatch(writes.reason.en, /every write was read back equal/);
    assert.doesNotMatch(writes.reason.ja, /一致を確認済み/);
    assert.match(writes.unlock.en, /run step 11 .*Check the settings the app cannot read in the engineering tool/);
    const restart = runAgainRefusal(stepOf('fig8.step10'), facts('fig8.step10'));
    assert.ok(restart);
    assert.match(restart.reason.en, /the operator restarted the controller \(the app cannot observe the restart\)/);
    assert.doesNotMatch(restart.reason.en, /restart is verified/);
    assert.doesNotMatch(restart.reason.ja, /確認済み/);
  } finally {
    await engine.close();
    rmSync(f.dir, { recursive: true, force: true });
  }
});

test('the refusals follow the recorded state: verified wording only for steps the app did itself', () => {
  const procedure = GUIDELINE['mx-r'].procedure;
  const stepOf = (n: number) => procedure.steps.find((s) => s.number === n)!;
  const base = { procedure, writesBegan: false, procedureEnded: false };
  assert.match(runAgainRefusal(stepOf(4), { ...base, state: 'done' })?.reason.en ?? '', /confirmed in factory state/);
  assert.match(runAgainRefusal(stepOf(9), { ...base, writesBegan: true, state: 'done' })?.reason.en ?? '', /every write was read back equal/);
  assert.match(runAgainRefusal(stepOf(10), { ...base, writesBegan: true, state: 'done' })?.reason.en ?? '', /restart is verified/);
  // Not finished, or a step that only reads or records: it runs again, nothing to say.
  assert.equal(runAgainRefusal(stepOf(9), { ...base, state: 'started' }), undefined);
  assert.equal(runAgainRefusal(stepOf(11), { ...base, state: 'done' }), undefined);
});
