// Headless, the adapter's later life through `mxc`: `mxc commission` a virtual adapter (its web interface on
// a real loopback HTTPS socket), `mxc visit --baseline` (exit 0, no drift, the adapter not initialized), a
// change behind the app's back and a second visit that reports exactly it (exit 1), the chain checked with
// `mxc report verify --predecessor` (a tampered predecessor detected), then `mxc dispose`: the adapter in
// factory state with its logs deleted, the disposal certificate verifying and chained.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TABLE_45_WLAN_ADAPTER } from '../commissioning/guideline/tables/implementation-matters';
import { recommendedProfile } from '../commissioning/recommended-profile';
import { WlanAdapterDriver } from '../devices/wlan-adapter/wlan-adapter-driver';
import type { AdapterProfile } from '../model/security-settings';
import { FACTORY_PASSWORD } from '../simulator/wlan-adapter/adapter-choices';
import { startVirtualAdapter } from '../simulator/wlan-adapter/virtual-adapter';
import { runCommission } from './commission-command';
import { runDispose } from './dispose-command';
import { runReport } from './report-command';
import { runVisitCommand } from './visit-command';

const PASSWORD = 'Adapter-Pass-2026!';
const PC_MAC = '00:1A:2B:3C:4D:5E';

const io = () => {
  const out: string[] = [];
  return { out, io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void out.push(`ERR ${s}`) } };
};

test('mxc commission, visit (no drift), visit (exactly the change), report verify --predecessor, dispose: the adapter\'s life headless', async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'mxc-adapter-journey-'));
  const adapter = await startVirtualAdapter({ logonDelayMs: { first: 50, max: 200 } });
  t.after(async () => {
    await adapter.stop();
    rmSync(tmp, { recursive: true, force: true });
  });
  const at = '2026-03-01T09:00:00.000Z';
  const profile = recommendedProfile('wlan-adapter', { pcMac: PC_MAC }) as AdapterProfile;
  profile.attestations = [...TABLE_45_WLAN_ADAPTER.map((i) => ({ id: i.id, by: 'T. Tester', at, text: i.text.en })), { id: 'fig36.step1', by: 'T. Tester', at, text: 'Installed.' }, { id: 'fig36.step14', by: 'T. Tester', at, text: 'Counterpart commissioned.' }];
  writeFileSync(join(tmp, 'profile.json'), JSON.stringify(profile));
  const secrets = join(tmp, 'secrets.json');
  writeFileSync(secrets, JSON.stringify({ version: 1, users: { admin: PASSWORD, factory: FACTORY_PASSWORD, passphrase: 'correct horse battery 42' } }), { mode: 0o600 });
  const target = `tls://${adapter.web.host}:${adapter.web.port}#sha256=${adapter.web.fingerprint256}`;
  const data = ['--data-dir', join(tmp, 'data'), '--operator', 'T. Tester'];
  const c = io();
  assert.equal(await runCommission(['--profile', join(tmp, 'profile.json'), '--secrets', secrets, '--target', target, '--pc-mac', PC_MAC, '--out', join(tmp, 'commission'), '--backup-dir', join(tmp, 'backup'), ...data], c.io), 0, c.out.join('\n'));
  const baseline = join(tmp, 'commission', 'report.json');

  const v1 = io();
  assert.equal(await runVisitCommand(['--target', target, '--secrets', secrets, '--baseline', baseline, '--out', join(tmp, 'visit1'), ...data], v1.io), 0, v1.out.join('\n'));
  assert.ok(v1.out.includes('Drift: none — every setting equals the baseline.'));
  assert.ok(v1.out.some((l) => /Table 47 row 1 Backup: pass/.test(l)) && v1.out.some((l) => /Table 47 row 2 Checking the obtained logs: pass/.test(l)), v1.out.join('\n'));
  assert.ok(readdirSync(join(tmp, 'visit1')).some((f) => f.endsWith('.bak')) && readdirSync(join(tmp, 'visit1')).some((f) => f.endsWith('.txt')));
  const d = await WlanAdapterDriver.connect({ host: adapter.web.host, port: adapter.web.port });
  assert.deepEqual(await d.logon(PASSWORD), { mustChangePassword: false }, 'not initialized by the visit');
  await d.writeSetting('ssid', 'someone-elses-ssid');
  await d.close();

  const v2 = io();
  const visit1 = join(tmp, 'visit1', 'visit-report.json');
  assert.equal(await runVisitCommand(['--target', target, '--secrets', secrets, '--baseline', visit1, '--out', join(tmp, 'visit2'), ...data], v2.io), 1);
  assert.ok(v2.out.includes('Drift: 1 difference(s) from the baseline:'), v2.out.join('\n'));
  assert.ok(v2.out.some((l) => l.startsWith('  ssid: baseline "mx-tsn-wlan-01", now "someone-elses-ssid"')), v2.out.join('\n'));
  const verify = io();
  assert.equal(await runReport(['verify', join(tmp, 'visit2', 'visit-report.json'), '--predecessor', visit1], verify.io), 0, verify.out.join('\n'));
  const tampered = join(tmp, 'tampered.json');
  writeFileSync(tampered, readFileSync(visit1, 'utf8').replace('"none": true', '"none": false'));
  assert.notEqual(await runReport(['verify', join(tmp, 'visit2', 'visit-report.json'), '--predecessor', tampered], io().io), 0, 'a tampered predecessor is detected');

  const dispose = io();
  const code = await runDispose(['--target', target, '--secrets', secrets, '--out', join(tmp, 'dispose'), '--confirm-initialize', 'wlan-adapter', '--predecessor', join(tmp, 'visit2', 'visit-report.json'), ...data], dispose.io);
  assert.equal(code, 0, dispose.out.join('\n'));
  const cert = join(tmp, 'dispose', 'disposal-certificate.json');
  const vc = io();
  assert.equal(await runReport(['verify', cert, '--predecessor', join(tmp, 'visit2', 'visit-report.json')], vc.io), 0, vc.out.join('\n'));
  assert.equal(adapter.device.readLogs()[0]!.text, 'Logs deleted');
  assert.equal(adapter.device.status().initialPasswordReplaced, false, 'the factory password is back');
});
