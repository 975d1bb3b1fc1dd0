// The real-adapter fallback: Figure 36 as operator-performed steps, and what this PC observes. The web
// interface and the factory-password logon are tried over real sockets against a virtual adapter standing
// in for the real one. The OS Wi-Fi scans are RECORDED nmcli and netsh outputs (this test machine has no
// Wi-Fi interface): they exercise the parsing and the judgement, not a live scan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { GUIDELINE } from '../../guideline';
import { commissionedAdapter, FACTORY_PASSWORD } from '../../../lifecycle/testing/commissioned-adapter';
import { startVirtualAdapter } from '../../../simulator/wlan-adapter/virtual-adapter';
import { observeRealAdapter, realAdapterSteps, type RawScan } from './real-adapter';

const BSSID = '02:11:22:33:44:55';
const NMCLI_HIDDEN_WPA3: RawScan = { tool: 'nmcli', output: [':02\\:11\\:22\\:33\\:44\\:55:36:WPA3', 'office-guest:0A\\:BB\\:CC\\:00\\:11\\:22:6:'].join('\n') };
const NETSH_VISIBLE_OPEN: RawScan = {
  tool: 'netsh',
  output: ['SSID 1 : mx-tsn-wlan-01', '    Network type            : Infrastructure', '    Authentication          : Open', '    Encryption              : None', `    BSSID 1                 : ${BSSID}`, '         Channel            : 36'].join('\r\n'),
};
const byId = (o: Array<{ id: string; status: string }>) => Object.fromEntries(o.map((x) => [x.id, x.status]));

test('Figure 36 for a real adapter: every step operator-performed, in the procedure\'s order', () => {
  const steps = realAdapterSteps();
  assert.deepEqual(steps.map((s) => s.stepId), GUIDELINE['wlan-adapter'].procedure.steps.map((s) => s.id));
  assert.ok(steps.every((s) => s.state === 'operator-performed' && s.operatorDoes.en && s.operatorDoes.ja));
});

test('a commissioned adapter seen from the PC: the web interface answers, the factory password is refused (test logon allowed), hidden WPA3 network in the scan', async (t) => {
  const c = await commissionedAdapter(t);
  const o = await observeRealAdapter({ host: c.adapter.web.host, port: c.adapter.web.port, bssid: BSSID, testLogon: { factoryPassword: FACTORY_PASSWORD } }, { scan: async () => NMCLI_HIDDEN_WPA3 });
  assert.deepEqual(byId(o), { '4.3.1': 'pass', 'table44.row6': 'pass', 'table44.row7': 'pass', 'table44.row1': 'pass', 'table44.row2': 'pass', 'table44.row5': 'pass' });
});

test('each observation fails when the adapter breaks the rule: factory password still accepted, Open network with its SSID broadcast', async (t) => {
  const factory = await startVirtualAdapter({ logonDelayMs: { first: 50, max: 200 } });
  t.after(() => factory.stop());
  const o = await observeRealAdapter({ host: factory.web.host, port: factory.web.port, bssid: BSSID, testLogon: { factoryPassword: FACTORY_PASSWORD } }, { scan: async () => NETSH_VISIBLE_OPEN });
  assert.deepEqual(byId(o), { '4.3.1': 'pass', 'table44.row6': 'fail', 'table44.row7': 'fail', 'table44.row1': 'fail', 'table44.row2': 'fail', 'table44.row5': 'fail' });
});

test('what the PC cannot see is not verified, never passed: no test logon allowed, no Wi-Fi scan, no answer', async () => {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  const o = await observeRealAdapter({ host: '127.0.0.1', port, bssid: BSSID }, { scan: async () => undefined });
  assert.deepEqual(byId(o), { '4.3.1': 'fail', 'table44.row6': 'not-verified', 'table44.row7': 'not-verified', 'table44.row1': 'not-verified', 'table44.row2': 'not-verified', 'table44.row5': 'not-verified' });
  assert.ok(o.filter((x) => x.status === 'not-verified').every((x) => x.confirm));
  // An answering web server that is not the adapter's API: the logon cannot be tried, so not verified.
  const other = await observeRealAdapter({ host: '127.0.0.1', port, testLogon: { factoryPassword: FACTORY_PASSWORD } }, { observe: async () => ({ answers: true, protocol: 'https', status: 200, fingerprint256: null, at: '' }), tryFactoryLogon: async () => 'unknown' });
  assert.equal(byId(other)['table44.row6'], 'not-verified');
  assert.match(other.find((x) => x.id === 'table44.row6')!.seen, /does not answer the logon this app knows/);
});
