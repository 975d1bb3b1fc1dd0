// Verification from the network against a stock virtual controller on its own loopback address, with its
// default services on their nominal port numbers, as a PC on a real controller's Ethernet sees it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVirtualController, type RunningController } from '../../simulator/start-virtual-controller';
import { SERVICES } from '../../simulator/security/default-open-ports';
import { recommendedProfile } from '../recommended-profile';
import { GUIDELINE } from '../guideline';
import type { ControllerProfile } from '../../model/security-settings';
import { entryCovers, judgeFromNetwork, NOMINAL_PORTS, observeFromNetwork } from './network-verification';
import { englishSentencesIn, japaneseTextsOf } from '../../messages/english-in-japanese';

/** The English sentences in the Japanese side of a judgement (its reasons, titles and items). */
const englishInJapanese = (value: unknown): string[] => japaneseTextsOf(value).flatMap(({ path, text }) => englishSentencesIn(text).map((e) => `${path}: ${e}`));
import { commissionStockThroughStandIn, uniqueLoopbackAddress } from '../../simulator/testing/stock-bench';

const root = mkdtempSync(join(tmpdir(), 'mxc-netverify-'));
const running: RunningController[] = [];
after(async () => {
  for (const r of running) await r.stop();
  rmSync(root, { recursive: true, force: true });
});

const PC = '127.0.0.1';
const SECOND = '127.0.0.2';
const SLMP_PORT = 1025;
const TLS_PORT = 5443;

async function stockAt(name: string, withSlmp: boolean): Promise<{ r: RunningController; host: string }> {
  const host = uniqueLoopbackAddress();
  const r = await startVirtualController({
    model: 'MXR300-32',
    host,
    stateDir: join(root, name),
    ...(withSlmp ? { slmpPort: SLMP_PORT } : {}),
    stock: { host, tls: { host, port: TLS_PORT }, defaultPortsAtNominal: true },
  });
  running.push(r);
  return { r, host };
}

// This PC verifies over the SLMP port the technician opened (guide-and-verify): SLMP is in use inside the
// trust boundary, so the profile says so; with SLMP "not in use" the controller keeps that port closed
// (Table 13, issue 12).
function slmpInUse<T extends { settings: { encryptedCommunication: { functions: Record<string, unknown> } } }>(p: T): T {
  const ec = p.settings.encryptedCommunication;
  return { ...p, settings: { ...p.settings, encryptedCommunication: { ...ec, functions: { ...ec.functions, slmp: { inUse: true, beyondTrustBoundary: false, tls: false } } } } };
}

test('the nominal port numbers the app probes are the ones the virtual controllers use', () => {
  for (const [service, n] of Object.entries(NOMINAL_PORTS)) {
    const sim = SERVICES[service as keyof typeof SERVICES];
    assert.deepEqual({ port: n.port, protocol: n.protocol }, { port: sim.nominalPort, protocol: sim.transport }, service);
  }
});

test('IP filter entries cover an address or a network', () => {
  assert.equal(entryCovers('192.0.2.10', '192.0.2.10'), true);
  assert.equal(entryCovers('192.0.2.0/24', '192.0.2.77'), true);
  assert.equal(entryCovers('192.0.2.0/24', '192.0.3.1'), false);
  assert.equal(entryCovers('0.0.0.0/0', '10.1.1.1'), true);
});

test('a factory-state stock controller: no identity, no TLS service, the IP filter lets a second address in', async () => {
  const { host } = await stockAt('factory', false);
  const profile = slmpInUse(recommendedProfile('MXR300-32', { pcAddress: PC }) as ControllerProfile);
  const o = await observeFromNetwork({ profile, target: { host, port: SLMP_PORT }, tlsTarget: { host, port: TLS_PORT }, pcAddress: PC, secondAddress: SECOND });
  for (const reading of o.readings) {
    assert.ok(reading.probe && reading.from && !Number.isNaN(Date.parse(reading.at)), 'each reading names what was probed, from where and when');
  }
  assert.equal(o.identity, null);
  assert.equal(o.ports.find((p) => p.service === 'melsoft-tcp')?.state, 'open');
  const j = judgeFromNetwork(profile, o);
  assert.equal(j.met, false);
  const status = (id: string): string | undefined => j.rows.find((r) => r.rowId === id)?.status;
  assert.equal(status('table9.row17'), 'fail', 'no TLS service: no certificate');
  assert.equal(status('table9.row18'), 'fail', 'the second address is accepted');
  assert.equal(j.checks.find((c) => c.id === 'identity')?.status, 'fail');
  assert.equal(status('table9.row5'), 'not-judged', 'the lockout is not visible from the network');
  assert.equal(j.rows.find((r) => r.rowId === 'table9.row5')?.provenance, 'none');
  assert.deepEqual(englishInJapanese(j), [], 'every reason is said in Japanese too');
});

test('a stock controller commissioned through the stand-in with the recommended profile is met from the network', async () => {
  const { r, host } = await stockAt('commissioned', true);
  const profile = slmpInUse(recommendedProfile('MXR300-32', { pcAddress: PC }) as ControllerProfile);
  await commissionStockThroughStandIn(r.engineeringTool!, profile);
  const o = await observeFromNetwork({ profile, target: { host, port: SLMP_PORT }, tlsTarget: { host, port: TLS_PORT }, pcAddress: PC, secondAddress: SECOND });
  assert.equal(o.identity?.model.trim(), 'MXR300-32');
  assert.equal(o.securityCommands, 'not-supported', 'C059: guide-and-verify');
  const j = judgeFromNetwork(profile, o);
  const failures = [...j.rows, ...j.checks].filter((v) => v.status === 'fail').map((v) => `${'rowId' in v ? v.rowId : v.id}: ${v.reason}`);
  assert.deepEqual(failures, []);
  assert.equal(j.met, true);
  assert.equal(j.rows.find((x) => x.rowId === 'table9.row18')?.status, 'pass', 'the second address is refused, this PC accepted');
  assert.equal(j.rows.find((x) => x.rowId === 'table9.row17')?.provenance, 'network');
  assert.equal(j.checks.find((c) => c.id === 'tls-versions')?.status, 'pass');

  // Pinned from then on: a certificate re-created behind the app's back is refused.
  const pinned = { fingerprint256: o.tls!.certificate!.fingerprint256, pinnedAt: o.takenAt };
  await r.engineeringTool!.writeCertificate({ validityDays: 365 });
  await r.engineeringTool!.reset();
  const again = judgeFromNetwork(profile, await observeFromNetwork({ profile, target: { host, port: SLMP_PORT }, tlsTarget: { host, port: TLS_PORT }, pcAddress: PC, pinned }));
  assert.equal(again.checks.find((c) => c.id === 'certificate-pin')?.status, 'fail');
});

test('what the network shows otherwise is refused: MELSOFT TCP open against the profile, a two-year certificate', async () => {
  const { r, host } = await stockAt('wrong', true);
  const base = slmpInUse(recommendedProfile('MXR300-32', { pcAddress: PC }) as ControllerProfile);
  await commissionStockThroughStandIn(r.engineeringTool!, base, { certificateDays: 730 });
  const profile = structuredClone(base);
  profile.settings.defaultOpenPorts.port3 = { ...profile.settings.defaultOpenPorts.port3, 'melsoft-tcp': 'closed' };
  const j = judgeFromNetwork(profile, await observeFromNetwork({ profile, target: { host, port: SLMP_PORT }, tlsTarget: { host, port: TLS_PORT }, pcAddress: PC, secondAddress: SECOND }));
  const row = (id: string) => j.rows.find((x) => x.rowId === id)!;
  assert.equal(row('table9.row19').status, 'fail');
  assert.match(row('table9.row19').reason ?? '', /MELSOFT connection \(TCP\).*5007/);
  assert.equal(row('table9.row17').status, 'fail');
  assert.match(row('table9.row17').reason ?? '', /730 days/);
  assert.equal(j.met, false);
  assert.deepEqual(englishInJapanese(j), [], 'every reason is said in Japanese too');
});

test('docs/guideline-map.md says, for every row of Tables 9 and 27, what the app can establish on a real controller', () => {
  const doc = readFileSync(new URL('../../../docs/guideline-map.md', import.meta.url), 'utf8');
  const start = doc.indexOf('## On a real controller (Tables 9 and 27)');
  assert.ok(start >= 0, 'the section exists');
  const section = doc.slice(start, doc.indexOf('\n## ', start + 10));
  for (const system of ['mx-r', 'mx-f'] as const) {
    for (const row of GUIDELINE[system].settingsTable) assert.match(section, new RegExp('`' + row.id.replace('.', '\\.') + '`'), row.id);
  }
});

test('the bandwidth limitation, only on confirmation: a limited controller holds a burst near the limit, an unlimited one does not', { timeout: 120_000 }, async () => {
  const profile = recommendedProfile('MXR300-32', { pcAddress: PC }) as ControllerProfile;
  profile.settings.bandwidthLimit = { enabled: true, sendKbps: 1000, receiveKbps: 1000 };
  const row21 = async (host: string, confirmBandwidth: boolean) => {
    const o = await observeFromNetwork({ profile, target: { host, port: SLMP_PORT }, pcAddress: PC, confirmBandwidth });
    return judgeFromNetwork(profile, o).rows.find((r) => r.rowId === 'table9.row21')!;
  };
  const limited = await stockAt('limited', true);
  assert.deepEqual(limited.r.engineeringTool!.writeParameters({ bandwidthLimit: profile.settings.bandwidthLimit }).rejected, []);
  await limited.r.engineeringTool!.reset();
  assert.equal((await row21(limited.host, false)).status, 'not-judged', 'never measured without the confirmation');
  const held = await row21(limited.host, true);
  assert.equal(held.status, 'pass', held.reason);
  assert.equal(held.provenance, 'network');

  const open = await stockAt('unlimited', true);
  const passed = await row21(open.host, true);
  assert.equal(passed.status, 'fail', passed.reason);
  assert.match(passed.reason ?? '', /limits it to 1000 kbit\/s/);
});
