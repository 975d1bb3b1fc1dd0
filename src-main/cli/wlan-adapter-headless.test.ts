// The headless journey of issue 10: `mxc sim --model wlan-adapter --json` twice (the AP, then the STA on
// the AP's air), `mxc profile recommended` and `mxc commission` for each, then a test station on the
// virtual air: the right passphrase joins, a wrong one is refused, the SSID is absent from the beacons,
// the captured frames are ciphertext.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { AdapterProfile } from '../model/security-settings';
import { TABLE_45_WLAN_ADAPTER } from '../commissioning/guideline/tables/implementation-matters';
import { Station } from '../simulator/wlan-adapter/air-roles';
import { connectAir, type AirFrame } from '../simulator/wlan-adapter/virtual-air';
import { runCommission } from './commission-command';
import { runProfile } from './profile-command';

const root = new URL('../..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'mxc-wlan-headless-'));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

const PC_MAC = '00:1A:2B:3C:4D:5E';
const PASSPHRASE = 'correct horse battery 42';
type Listener = { service: string; host: string; port: number; fingerprint256?: string; mac?: string };

async function sim(args: string[]): Promise<{ listeners: Listener[]; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/mxc.ts', 'sim', '--model', 'wlan-adapter', '--json', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const first = await lines.next();
  clearTimeout(timer);
  assert.equal(first.done, false, `no listening line; stderr: ${err}`);
  const event = JSON.parse(first.value as string) as { event: string; model: string; listeners: Listener[] };
  assert.equal(event.event, 'listening');
  assert.equal(event.model, 'wlan-adapter');
  return { listeners: event.listeners, child };
}

const io = () => {
  const out: string[] = [];
  return { out, io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void out.push(`ERR ${s}`) } };
};

async function commission(name: string, web: Listener, mutate: (p: AdapterProfile) => AdapterProfile): Promise<{ code: number; out: string[] }> {
  const p = io();
  assert.equal(await runProfile(['recommended', '--model', 'wlan-adapter', '--pc-mac', PC_MAC], p.io), 0);
  const at = '2026-03-01T09:00:00.000Z';
  const attest = (id: string, text: string) => ({ id, by: 'T. Tester', at, text });
  const profile = mutate(JSON.parse(p.out.join('\n')) as AdapterProfile);
  profile.attestations = [...TABLE_45_WLAN_ADAPTER.map((i) => attest(i.id, i.text.en)), attest('fig36.step1', 'Installed and wired.'), attest('fig36.step14', 'The counterpart is commissioned with the same modes.')];
  const dir = join(tmp, name);
  const profileFile = join(tmp, `${name}-profile.json`);
  const secretsFile = join(tmp, `${name}-secrets.json`);
  writeFileSync(profileFile, JSON.stringify(profile));
  writeFileSync(secretsFile, JSON.stringify({ version: 1, users: { admin: 'Adapter-Pass-2026!', factory: 'wlan-initial', passphrase: PASSPHRASE } }), { mode: 0o600 });
  const c = io();
  const code = await runCommission(
    ['--profile', profileFile, '--secrets', secretsFile, '--target', `tls://${web.host}:${web.port}#sha256=${web.fingerprint256}`, '--pc-mac', PC_MAC, '--out', join(dir, 'out'), '--data-dir', join(dir, 'data'), '--backup-dir', join(dir, 'backup'), '--operator', 'T. Tester'],
    c.io,
  );
  return { code, out: c.out };
}

test('two adapters from `mxc sim`, each commissioned by `mxc commission`; a test station on the virtual air', async () => {
  const ap = await sim([]);
  const air = ap.listeners.find((l) => l.service === 'air')!;
  const sta = await sim(['--air-port', String(air.port)]);
  const webOf = (x: { listeners: Listener[] }) => x.listeners.find((l) => l.service === 'web')!;
  assert.match(webOf(ap).fingerprint256 ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.deepEqual(ap.listeners.map((l) => l.service), ['web', 'wired', 'air']);

  // The MAC addresses of the two radios are what the listener hears first (the factory AP beacons).
  const radio = await connectAir(air.port);
  const frames: AirFrame[] = [];
  radio.onFrame((f) => frames.push(f));
  const macOf = (x: { listeners: Listener[] }) => x.listeners.find((l) => l.service === 'air')!.mac!;
  const STATIONS = ['02:AA:BB:CC:DD:01', '02:AA:BB:CC:DD:02'];
  const apCommission = await commission('ap', webOf(ap), (p) => ({ ...p, settings: { ...p.settings, macFilter: { ...p.settings.macFilter, wireless: { enabled: true, entries: [macOf(sta), ...STATIONS] } } } }));
  assert.equal(apCommission.code, 0, apCommission.out.join('\n'));
  assert.ok(apCommission.out.some((l) => /Rows: 8 pass/.test(l)), apCommission.out.join('\n'));
  const staCommission = await commission('sta', webOf(sta), (p) => ({ ...p, settings: { ...p.settings, operationMode: 'STA', stealthSsid: false, macFilter: { ...p.settings.macFilter, wireless: { enabled: true, entries: [macOf(ap)] } } } }));
  assert.ok(staCommission.out.some((l) => l.includes(`Connected to the access point: ${macOf(ap)}`)), 'step 15 sees the pair connected');
  assert.equal(staCommission.code, 0, staCommission.out.join('\n'));
  const report = JSON.parse(readFileSync(join(tmp, 'ap', 'out', 'report.json'), 'utf8')) as { report: { rows: Array<{ rowId: string; status: string }>; device: { system: string } } };
  assert.equal(report.report.device.system, 'wlan-adapter');
  assert.deepEqual(report.report.rows.map((r) => r.status), Array(8).fill('pass'));
  assert.ok(readdirSync(join(tmp, 'ap', 'backup')).some((f) => f.endsWith('.bak')));

  // A test station: the right passphrase joins, a wrong one is refused.
  const heardFrom = frames.length;
  const config = (passphrase: string) => ({ ssid: 'mx-tsn-wlan-01', channel: 36, authentication: 'WPA3-Personal' as const, passphrase, stealth: false, macFilter: { enabled: false, entries: [] } });
  const stationRadio = await connectAir(air.port);
  const good = new Station(stationRadio, STATIONS[0]!, () => config(PASSPHRASE), { log: () => undefined, onData: () => undefined });
  good.start();
  assert.ok(await good.waitJoined(10_000), `joins: ${good.lastRefusal}`);
  good.sendData(Buffer.from('{"type":"cyclic","words":[4660],"from":"00:00:00:00:00:00"}'));
  good.stop();
  const badRadio = await connectAir(air.port);
  const bad = new Station(badRadio, STATIONS[1]!, () => config('a wrong passphrase'), { log: () => undefined, onData: () => undefined });
  bad.start();
  assert.equal(await bad.waitJoined(3_000), false);
  assert.match(bad.lastRefusal ?? '', /SAE|refused/);
  bad.stop();
  await new Promise((r) => setTimeout(r, 300));
  // What the listener captured after commissioning: beacons without the SSID, data frames only as ciphertext.
  const after = frames.slice(heardFrom);
  const beacons = after.filter((f) => f.type === 'beacon');
  assert.ok(beacons.length > 0 && beacons.every((b) => b.ssid === ''), 'stealth SSID');
  const data = after.filter((f) => f.type === 'data');
  assert.ok(data.length > 0, 'data frames were captured');
  for (const f of data) {
    assert.equal(f.plaintext, undefined);
    assert.ok(!JSON.stringify(f).includes(Buffer.from('cyclic').toString('hex')) && !JSON.stringify(f).includes('cyclic'));
  }
  assert.ok(!after.some((f) => JSON.stringify(f).includes(PASSPHRASE)));
  radio.close();
  stationRadio.close();
  badRadio.close();
  for (const c of [ap.child, sta.child]) c.kill('SIGTERM');
});
