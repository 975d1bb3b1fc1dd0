// Integration: Figure 36 run by the session core's engine against two virtual adapters (AP, then STA) over
// their web interfaces (HTTPS on loopback sockets), through the adapter family: from factory state to
// every row of Table 44 met on the device, the pair connected on the virtual air, a signed-report-ready
// outcome; and a reused unit initialized before its password is replaced.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recommendedProfile } from '../../recommended-profile';
import { CommissioningEngine, rowAccepted } from '../../engine/commissioning-engine';
import { DeviceRegistry, memoryStore } from '../../engine/device-registry';
import { SecretsFromMap, type Operator } from '../../engine/operator';
import { Journal } from '../../journal/journal';
import { FileJournalStore } from '../../journal/journal-store';
import { buildComplianceReport } from '../../../report/compliance-report';
import type { AdapterProfile } from '../../../model/security-settings';
import { FACTORY_PASSWORD } from '../../../simulator/wlan-adapter/adapter-choices';
import type { Station } from '../../../simulator/wlan-adapter/air-roles';
import { startVirtualAdapter, type RunningAdapter } from '../../../simulator/wlan-adapter/virtual-adapter';
import { writeFileSync } from 'node:fs';
import { connectAdapter, WLAN_ADAPTER_FAMILY } from './wlan-adapter-family';
import { TABLE_45_WLAN_ADAPTER } from '../../guideline/tables/implementation-matters';

const PC_MAC = '00:1A:2B:3C:4D:5E';
const dir = mkdtempSync(join(tmpdir(), 'mxc-adapter-it-'));
const running: RunningAdapter[] = [];
after(async () => {
  await Promise.all(running.map((a) => a.stop()));
  rmSync(dir, { recursive: true, force: true });
});

const SECRETS = new Map([
  ['admin', 'Adapter-Pass-2026!'],
  ['passphrase', 'correct horse battery 42'],
  ['factory', FACTORY_PASSWORD],
]);

function profileFor(mode: 'AP' | 'STA', peers: { wireless: string[] }): AdapterProfile {
  const p = recommendedProfile('wlan-adapter', { pcMac: PC_MAC }) as AdapterProfile;
  const at = '2026-03-01T09:00:00.000Z';
  return {
    ...p,
    settings: { ...p.settings, operationMode: mode, macFilter: { wired: p.settings.macFilter.wired, wireless: { enabled: true, entries: peers.wireless } } },
    attestations: [...TABLE_45_WLAN_ADAPTER.map((i) => ({ id: i.id, by: 'T. Tester', at, text: i.text.en })), { id: 'fig36.step1', by: 'T. Tester', at, text: 'Installed in the cabinet, wire lock fixed.' }, { id: 'fig36.step14', by: 'T. Tester', at, text: 'The counterpart is commissioned in this session with the same modes.' }],
  };
}

function operatorFor(saved: string[], confirm?: string): Operator {
  return {
    name: 'T. Tester',
    confirmInitialization: async () => confirm,
    backupBeforeInitialization: async () => ({
      kind: 'to-pc',
      save: async (name, file) => {
        const path = join(dir, name);
        writeFileSync(path, file);
        saved.push(path);
        return path;
      },
    }),
    performManually: async () => false,
  };
}

async function commission(adapter: RunningAdapter, profile: AdapterProfile, operator: Operator, secrets = new SecretsFromMap(SECRETS)) {
  const journal = Journal.create(new FileJournalStore(join(dir, 'journals')));
  const engine = new CommissioningEngine(
    { profile: profile as never, target: { kind: 'tls', host: adapter.web.host, port: adapter.web.port, fingerprint256: adapter.web.fingerprint256 }, pcMac: PC_MAC, pcSide: 'wired' },
    { connect: connectAdapter, family: WLAN_ADAPTER_FAMILY, journal, registry: new DeviceRegistry(memoryStore()), operator, secrets },
  );
  return engine.run();
}

test('Figure 36 on the AP then the STA: every Table 44 row met on each device, the pair connected, the report covers Tables 44 and 45', async () => {
  const ap = await startVirtualAdapter();
  const sta = await startVirtualAdapter({ airPort: ap.airPort });
  running.push(ap, sta);
  const saved: string[] = [];
  const apOut = await commission(ap, profileFor('AP', { wireless: [sta.device.wirelessMac] }), operatorFor(saved));
  assert.deepEqual(apOut.verdicts.filter((v) => !rowAccepted(v)).map((v) => `${v.rowId}: ${v.reason}`), []);
  assert.equal(apOut.verdicts.length, 8);
  const staOut = await commission(sta, profileFor('STA', { wireless: [ap.device.wirelessMac] }), operatorFor(saved));
  assert.deepEqual(staOut.verdicts.filter((v) => !rowAccepted(v)).map((v) => `${v.rowId}: ${v.reason}`), []);
  assert.equal(staOut.verdicts.find((v) => v.rowId === 'table44.row5')!.status, 'not-applicable', 'stealth SSID is the AP\'s');
  // The pair is connected on the virtual air.
  const role = sta.role() as Station;
  for (let i = 0; i < 100 && role.joinedTo() !== ap.device.wirelessMac; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(role.joinedTo(), ap.device.wirelessMac);
  // Steps in the fixed order; the reused-unit initialization did not apply to factory units.
  const steps = new Map(apOut.steps.map((s) => [s.id, s]));
  assert.equal(steps.get('fig36.step3')!.state, 'not-applicable');
  assert.equal(steps.get('fig36.step4')!.state, 'done');
  assert.match(steps.get('fig36.step4')!.detail ?? '', /factory password is refused/);
  // The backup and the first log read-out went to the PC; the backup holds no password.
  assert.ok(saved.some((p) => p.endsWith('.bak')) && saved.some((p) => p.endsWith('.txt')));
  const bak = readFileSync(saved.find((p) => p.endsWith('.bak'))!);
  assert.equal(bak.includes(Buffer.from(SECRETS.get('admin')!)), false);
  // The report is built from the engine's outcome: Table 44 rows, Table 45 attested, no deviation.
  const report = buildComplianceReport(apOut, { appVersion: 'test' });
  assert.equal(report.rows.length, 8);
  assert.ok(report.rows.every((r) => r.table === '44'));
  assert.equal(report.summary.compliant, true, JSON.stringify(report.deviations));
  assert.equal(report.device.system, 'wlan-adapter');
  assert.ok(readdirSync(dir).length > 0);
});

test('a reused adapter is initialized (after confirmation, logs kept) before its password is replaced', async () => {
  const a = await startVirtualAdapter();
  running.push(a);
  const saved: string[] = [];
  await commission(a, profileFor('AP', { wireless: [] }), operatorFor(saved));
  const before = a.device.readLogs().length;
  // A second site takes the unit: its current password is the first one's; the new one differs.
  const secrets = new SecretsFromMap(new Map([...SECRETS, ['admin', 'Second-Site-Pass-9#']]), { userName: 'admin', password: SECRETS.get('admin')! });
  await assert.rejects(commission(a, profileFor('AP', { wireless: [] }), operatorFor(saved), secrets), /confirm its initialization/);
  const out = await commission(a, profileFor('AP', { wireless: [] }), operatorFor(saved, 'wlan-adapter'), secrets);
  const steps = new Map(out.steps.map((s) => [s.id, s]));
  assert.equal(steps.get('fig36.step3')!.state, 'done');
  assert.match(steps.get('fig36.step3')!.detail ?? '', /logs are kept/);
  assert.deepEqual(out.verdicts.filter((v) => !rowAccepted(v)).map((v) => v.rowId), []);
  assert.ok(a.device.readLogs().length > before, 'the logs survived the initialization');
});

test('step 15 on the station proves the pair: refused by the access point\'s MAC filter, or by modes that differ, it fails with the reason', async () => {
  const ap = await startVirtualAdapter();
  const sta = await startVirtualAdapter({ airPort: ap.airPort });
  running.push(ap, sta);
  const saved: string[] = [];
  // The access point's wireless filter lists another station only.
  const apOut = await commission(ap, profileFor('AP', { wireless: ['02:00:00:00:00:99'] }), operatorFor(saved));
  assert.equal(apOut.steps.find((s) => s.id === 'fig36.step15')!.state, 'done', 'the access point alone is not failed for a station not commissioned yet');
  const staProfile = profileFor('STA', { wireless: [ap.device.wirelessMac] });
  const refused = await commission(sta, { ...staProfile, settings: { ...staProfile.settings, stealthSsid: false } }, operatorFor(saved));
  const check = refused.steps.find((s) => s.id === 'fig36.step15')!;
  assert.equal(check.state, 'failed');
  assert.match(check.detail ?? '', /refused this station .* wireless LAN MAC address filter does not list it/);
  assert.ok(check.messages?.some((m) => m.id === 'step.result.adapter.pairRefusedByFilter'), 'said in the catalogue, so in Japanese too');

  // The station listed now, but in WPA2-Personal while the access point uses WPA3-Personal.
  const ap2 = await startVirtualAdapter();
  const sta2 = await startVirtualAdapter({ airPort: ap2.airPort });
  running.push(ap2, sta2);
  await commission(ap2, profileFor('AP', { wireless: [sta2.device.wirelessMac] }), operatorFor(saved));
  const other = profileFor('STA', { wireless: [ap2.device.wirelessMac] });
  const modes = await commission(sta2, { ...other, settings: { ...other.settings, stealthSsid: false, security: { authentication: 'WPA2-Personal', encryption: 'AES' } } }, operatorFor(saved));
  const check2 = modes.steps.find((s) => s.id === 'fig36.step15')!;
  assert.equal(check2.state, 'failed');
  assert.ok(check2.messages?.some((m) => m.id === 'step.result.adapter.pairRefusedModes'), check2.detail);
});
