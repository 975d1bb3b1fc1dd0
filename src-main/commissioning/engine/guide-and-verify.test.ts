// Guide-and-verify, chosen by what the device answers: a stock controller answers C059 to the app's security
// commands, so every write becomes an instruction for GX Works3 in the rules' order; the test plays the
// technician through the engineering-tool stand-in; step 12 verifies from the network before the settings
// count; the report says how each row was established. And the refusal when "done" is not what the network shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVirtualController, type RunningController } from '../../simulator/start-virtual-controller';
import { uniqueLoopbackAddress } from '../../simulator/testing/stock-bench';
import { openEndpoint } from '../../devices/endpoint';
import { MxControllerDriver } from '../../devices/mx-controller/mx-controller-driver';
import type { ControllerProfile } from '../../model/security-settings';
import { buildComplianceReport } from '../../report/compliance-report';
import { engineeringToolInstruction } from '../families/mx-controller/engineering-tool-guide';
import { Journal } from '../journal/journal';
import { FileJournalStore } from '../journal/journal-store';
import { CommissioningEngine, type CommissioningOutcome } from './commissioning-engine';
import { MX_CONTROLLER_FAMILY } from '../families';
import { DeviceRegistry, memoryStore } from './device-registry';
import { SecretsFromMap, type Operator } from './operator';
import { readyProfile, TEST_PASSWORDS } from './testing/engine-fixture';

const SLMP_PORT = 1025;

/** The app verifies over the SLMP port the technician opens: the profile declares SLMP in use (inside the boundary). */
function guideProfile(): ControllerProfile {
  const p = structuredClone(readyProfile('MXR300-32'));
  p.settings.encryptedCommunication.functions.slmp = { inUse: true, beyondTrustBoundary: false, tls: false };
  return p;
}
const TLS_PORT = 5443;

interface Technician {
  /** Settings the technician says are done but leaves as they were. */
  skip?: string[];
  certificateDays?: number;
}

/** Runs Figure 8 against a stock MXR300-32; the operator does in "GX Works3" (the stand-in) what each instruction says. */
async function commissionStock(t: { after: (fn: () => Promise<void>) => void }, profile: ControllerProfile, technician: Technician = {}): Promise<{ out: CommissioningOutcome; instructions: string[]; steps: Map<string, { state: string; detail?: string }> }> {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-guide-'));
  const host = uniqueLoopbackAddress();
  const running: RunningController = await startVirtualController({ model: 'MXR300-32', host, slmpPort: SLMP_PORT, stateDir: join(dir, 'state'), stock: { host, tls: { host, port: TLS_PORT }, defaultPortsAtNominal: true } });
  t.after(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const tool = running.engineeringTool!;
  const keys = Object.keys(profile.settings);
  const instructions: string[] = [];
  const operator: Operator = {
    name: 'T. Technician',
    confirmInitialization: async () => undefined,
    backupBeforeInitialization: async () => ({ kind: 'declined', reason: 'factory' }),
    async performManually(step, what) {
      instructions.push(what);
      if (/^Restart the controller/.test(what)) await tool.reset();
      const key = keys.find((k) => what.includes(engineeringToolInstruction(k, profile).setting.en));
      if (!key || technician.skip?.includes(key)) return true;
      if (key === 'certificate') await tool.writeCertificate({ validityDays: technician.certificateDays ?? 365 });
      else if (key !== 'users') {
        const { rejected } = tool.writeParameters({ [key]: (profile.settings as unknown as Record<string, unknown>)[key] } as never);
        assert.deepEqual(rejected, [], `the stand-in takes ${key}`);
      }
      return true;
    },
  };
  const steps = new Map<string, { state: string; detail?: string }>();
  const engine = new CommissioningEngine(
    { profile, target: { kind: 'tcp', host, port: SLMP_PORT }, tlsEndpoint: { host, port: TLS_PORT }, pcAddress: '127.0.0.1', secondAddress: '127.0.0.2' },
    {
      family: MX_CONTROLLER_FAMILY,
        connect: async (e) => new MxControllerDriver(await openEndpoint(e, { virtual: true })),
      journal: Journal.create(new FileJournalStore(join(dir, 'journals'))),
      registry: new DeviceRegistry(memoryStore()),
      operator,
      secrets: new SecretsFromMap(TEST_PASSWORDS),
      onProgress: (e) => {
        if (e.type === 'step' && e.state !== 'started') steps.set(e.step.id, { state: e.state, ...(e.detail ? { detail: e.detail } : {}) });
      },
    },
  );
  return { out: await engine.run(), instructions, steps };
}

test('a stock MX-R is commissioned by guide-and-verify: GX Works3 instructions in order, verified from the network, provenance in the report', { timeout: 120_000 }, async (t) => {
  const profile = guideProfile();
  const { out, instructions, steps } = await commissionStock(t, profile);
  // Chosen by what the device answers (C059), never by a switch.
  assert.equal(out.capabilities.mode, 'observe-only');
  assert.ok(out.writes.length > 0 && out.writes.every((w) => w.state === 'operator-performed'), 'nothing is claimed as written by the app');
  const settingInstructions = instructions.filter((i) => i.startsWith('In GX Works3'));
  assert.ok(settingInstructions.every((i) => /GX Works3 1\.115V or later, over the USB cable/.test(i) && /project guidance/.test(i)), 'each names the tool, the cable and that the location is the project’s guidance');
  assert.match(settingInstructions[0]!, /User authentication: user information/, 'user authentication first (2.4.4)');
  assert.ok(settingInstructions.some((i) => /IP filter = on, allow only: 127\.0\.0\.1/.test(i)), 'the value comes from the profile');
  assert.equal(steps.get('fig8.step12')?.state, 'done', steps.get('fig8.step12')?.detail);

  const report = buildComplianceReport(out, { appVersion: 'test' });
  const row = (id: string) => report.rows.find((r) => r.rowId === id)!;
  assert.equal(row('table9.row17').status, 'pass');
  assert.equal(row('table9.row17').provenance, 'network', 'the certificate is seen from the network');
  assert.equal(row('table9.row18').provenance, 'network', 'the IP filter is seen from this PC and a second address');
  assert.equal(row('table9.row5').status, 'attested');
  assert.equal(row('table9.row5').provenance, 'attestation', 'the lockout rests on the technician’s word');
  assert.equal(report.summary.provenance.device, 0, 'nothing is called verified on the device');
  assert.ok(report.summary.provenance.network >= 2);
  assert.equal(report.summary.compliant, true);
});

test('the refusal: the technician says done but the network shows MELSOFT TCP open and no TLS service', { timeout: 120_000 }, async (t) => {
  const profile = guideProfile();
  profile.settings.defaultOpenPorts.port3 = { ...profile.settings.defaultOpenPorts.port3, 'melsoft-tcp': 'closed' };
  const { out, steps } = await commissionStock(t, profile, { skip: ['defaultOpenPorts', 'enhancedSecurity', 'certificate'] });
  const step12 = steps.get('fig8.step12')!;
  assert.equal(step12.state, 'failed');
  assert.match(step12.detail ?? '', /network shows otherwise/);
  assert.match(step12.detail ?? '', /MELSOFT connection \(TCP\) \(TCP 5007\) answers/);
  assert.match(step12.detail ?? '', /No TLS service answers/);
  const report = buildComplianceReport(out, { appVersion: 'test' });
  assert.equal(report.rows.find((r) => r.rowId === 'table9.row19')!.status, 'fail');
  assert.equal(report.rows.find((r) => r.rowId === 'table9.row19')!.provenance, 'network');
  assert.equal(report.summary.compliant, false);
});

test('the refusal: a certificate not valid for one year is seen from the network', { timeout: 120_000 }, async (t) => {
  const { steps } = await commissionStock(t, guideProfile(), { certificateDays: 730 });
  assert.equal(steps.get('fig8.step12')?.state, 'failed');
  assert.match(steps.get('fig8.step12')?.detail ?? '', /valid for 730 days/);
});
