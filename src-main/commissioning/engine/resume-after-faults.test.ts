// Fault injection: the cable is pulled at every step boundary and in the middle of every write (before
// the device acts, and after it acted but before its answer arrived). Each run resumes from its journal
// to the same compliant end state, never reports a half-applied write as done, and never repeats a
// non-idempotent action blindly. Runs over the FAKE controller (testing/fake-controller-driver.ts) until
// the virtual controller offers every security function; bounded to one run per fault position.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Journal } from '../journal/journal';
import { isLinkError } from '../../links/link-error';
import { rowAccepted, type ProgressEvent } from './commissioning-engine';
import { makeFixture } from './testing/engine-fixture';
import { FakeControllerDevice, type FakeFault } from './testing/fake-controller-driver';

const MUTATING = new Set(['writeUserInformation', 'writeParameters', 'writeClock', 'writeCertificate', 'restart', 'initializeAll', 'logon', 'createBackup']);
// Project choice (test bound): at most 6 resumptions per run and 120 runs in all.
const MAX_RESUMES = 6;
const MAX_RUNS = 120;

async function runWithFaults(model: string, faults: FakeFault[], used: boolean) {
  const device = new FakeControllerDevice(model);
  if (used) device.makeUsed('oldadmin', 'Old-Admin-pw!9');
  device.faults = faults;
  const events: ProgressEvent[] = [];
  const f = makeFixture(model, { device, events, confirmModel: model, previousAdmin: { userName: 'oldadmin', password: 'Old-Admin-pw!9' } });
  let journal = f.newJournal();
  let recoveries = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const out = await f.engine(journal).run();
      return { out, device, journal, recoveries, f };
    } catch (error) {
      if (!isLinkError(error) || attempt >= MAX_RESUMES) throw error;
      recoveries++;
      journal = Journal.open(f.store, journal.sessionId)!;
    }
  }
}

function assertCompliantEnd(r: Awaited<ReturnType<typeof runWithFaults>>, label: string) {
  const { out, device, journal } = r;
  assert.deepEqual(out.verdicts.filter((v) => !rowAccepted(v)).map((v) => v.rowId), [], label);
  // Nothing left half-applied: every write ends verified or reconciled.
  const open = journal.writes().filter((w) => w.state !== 'verified' && w.state !== 'reconciled');
  assert.deepEqual(open.map((w) => `${w.writeId}:${w.state}`), [], label);
  // The certificate in effect is the one pinned; the pin in the report matches the device.
  assert.equal(device.certificateInEffect?.fingerprint256, out.pinned?.fingerprint256, label);
  assert.equal(out.linkFinal.kind, 'ethernet-tls', label);
  assert.ok(device.initializations <= 1, `${label}: initialized ${device.initializations} times`);
}

for (const [model, used] of [['MXR300-32', true], ['MXF100-16-N32', false]] as const) {
  test(`${model}${used ? ' (used, initialized first)' : ''}: a cut at every step boundary and in every write resumes to the same compliant end state`, async (t) => {
    // A clean run tells where the calls and the step boundaries are.
    const clean = await runWithFaults(model, [], used);
    assertCompliantEnd(clean, 'clean run');
    const log = clean.device.callLog;
    const positions: FakeFault[] = [];
    log.forEach((name, i) => {
      if (MUTATING.has(name)) positions.push({ atCall: i + 1, when: 'before' }, { atCall: i + 1, when: 'after' });
    });
    // Step boundaries: the first call after each step started (reads included), cut before it.
    const boundaries = new Set<number>();
    const device = new FakeControllerDevice(model);
    if (used) device.makeUsed('oldadmin', 'Old-Admin-pw!9');
    const events: ProgressEvent[] = [];
    const f = makeFixture(model, { device, events: new Proxy(events, { get: (a, p) => (p === 'push' ? (e: ProgressEvent) => (e.type === 'step' && e.state === 'started' && boundaries.add(device.calls + 1), a.push(e)) : Reflect.get(a, p)) }), confirmModel: model, previousAdmin: { userName: 'oldadmin', password: 'Old-Admin-pw!9' } });
    await f.engine(f.newJournal()).run();
    for (const b of boundaries) if (b <= device.calls && !positions.some((p) => p.atCall === b && p.when === 'before')) positions.push({ atCall: b, when: 'before' });
    assert.ok(positions.length <= MAX_RUNS, `${positions.length} fault runs exceed the bound of ${MAX_RUNS}`);

    let injected = 0;
    let recovered = 0;
    for (const p of positions) {
      const r = await runWithFaults(model, [p], used);
      assertCompliantEnd(r, `cut ${p.when} call ${p.atCall} (${log[p.atCall - 1]})`);
      injected += r.device.faultsInjected;
      recovered += r.recoveries;
      // A certificate whose answer was lost is re-read and kept, not replaced by a new one.
      if (p.when === 'after' && log[p.atCall - 1] === 'writeCertificate') {
        assert.ok(r.journal.entries.some((e) => e.type === 'write' && e.key === 'certificate' && e.state === 'reconciled'), 'the landed certificate was reconciled, not replaced');
      }
    }
    t.diagnostic(`${model}: ${positions.length} runs, ${injected} faults injected, ${recovered} recoveries (resumptions from the journal)`);
    console.log(`# fault injection ${model}: ${positions.length} runs, ${injected} faults injected, ${recovered} recoveries`);
    assert.equal(injected, positions.length);
  });
}
