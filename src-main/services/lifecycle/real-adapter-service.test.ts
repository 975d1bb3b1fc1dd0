// The real-adapter fallback through the app's service path (main's `adapter:observe` channel): the steps of
// Figure 36 operator-performed and what this PC observed, against a commissioned virtual adapter standing in
// for a real one over real sockets. The OS Wi-Fi scan is a RECORDED nmcli output (no Wi-Fi interface here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStore } from '../../commissioning/engine/device-registry';
import { createDispatcher } from '../../ipc/dispatcher';
import type { MainService } from '../../ipc/main-service';
import { commissionedAdapter, FACTORY_PASSWORD } from '../../lifecycle/testing/commissioned-adapter';
import { VisitService } from './visit-service';

test('adapter:observe: Figure 36 for the operator, the web interface, the factory password refused and the scan judged by main', async (t) => {
  const c = await commissionedAdapter(t);
  const service = new VisitService({ store: memoryStore(), dataDir: c.dir, appVersion: 'test', realAdapter: { scan: async () => ({ tool: 'nmcli', output: ':02\\:11\\:22\\:33\\:44\\:55:36:WPA3' }) } });
  const view = await service.observeRealAdapter({ host: c.adapter.web.host, port: c.adapter.web.port, bssid: '02:11:22:33:44:55', testLogon: { factoryPassword: FACTORY_PASSWORD } });
  assert.equal(view.steps.length, 17);
  assert.ok(view.steps.every((s) => s.state === 'operator-performed'));
  assert.deepEqual(Object.fromEntries(view.observations.map((o) => [o.id, o.status])), { '4.3.1': 'pass', 'table44.row6': 'pass', 'table44.row7': 'pass', 'table44.row1': 'pass', 'table44.row2': 'pass', 'table44.row5': 'pass' });
  // Through the IPC dispatcher, a malformed request is refused before main does anything.
  const dispatcher = createDispatcher({ lifecycle: service } as unknown as MainService);
  const refused = await dispatcher.dispatch('adapter:observe', { host: 'x', port: 0 });
  assert.equal(refused.ok, false);
  const answered = await dispatcher.dispatch('adapter:observe', { host: c.adapter.web.host, port: c.adapter.web.port });
  assert.equal(answered.ok, true, JSON.stringify(answered));
});
