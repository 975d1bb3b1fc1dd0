// The app's side of the wireless LAN adapter's tile: connect reaches the practice AP (or, asked for the
// station, its counterpart) through its pinned web interface, and the wizard opens a Figure 36 session on
// the adapter's recommended profile, with this PC's MAC address in the wired filter (4.4.3 self-lockout).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainService, PRACTICE_PC_MAC } from './create-main-service';
import { PracticeDevices } from './practice-devices';
import { memoryStore } from '../commissioning/engine/device-registry';
import { ServiceError } from './service-error';
import { FACTORY_PASSWORD } from '../simulator/wlan-adapter/adapter-choices';

test('practice adapter: connect to the AP, then the STA; the wizard opens Figure 36 on the adapter profile', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-adapter-wizard-'));
  const practice = new PracticeDevices(dir);
  const service = await createMainService({ host: 'browser', store: memoryStore(), dataDir: dir, practiceDevices: practice });
  try {
    const info = await service.connect({ via: 'practice', system: 'wlan-adapter', model: 'wlan-adapter' });
    assert.equal(info.system, 'wlan-adapter');
    assert.equal(info.identity.model, 'wlan-adapter');
    assert.match(info.identity.linkDescription, /access point/);
    const view = await service.wizard.start({ operatorName: 'T. Tester' });
    assert.equal(view.system, 'wlan-adapter');
    assert.match(view.procedure.figure, /36/);
    assert.ok(view.steps.length >= 10, `Figure 36's steps (${view.steps.length})`);
    const settings = view.profile.settings as unknown as { operationMode: string; macFilter: { wired: { entries: string[] } } };
    assert.equal(settings.operationMode, 'AP');
    assert.ok(settings.macFilter.wired.entries.includes(PRACTICE_PC_MAC), 'this PC stays in the wired MAC filter');

    // Refusals in the technician's words, in both languages: the factory password kept, the factory Open mode.
    await service.wizard.setPassword({ userName: 'factory', password: FACTORY_PASSWORD, confirmation: FACTORY_PASSWORD });
    const kept = await service.wizard.checkPassword({ userName: 'admin', password: FACTORY_PASSWORD });
    assert.ok(kept.deviceRule.failures.some((f) => /factory password/.test(f.en) && /初期パスワード/.test(f.ja)), JSON.stringify(kept.deviceRule));
    await assert.rejects(service.wizard.setPassword({ userName: 'admin', password: FACTORY_PASSWORD, confirmation: FACTORY_PASSWORD }), (e: unknown) => e instanceof ServiceError);
    const open = await service.wizard.updateSettings({ key: 'security', value: { authentication: 'Open', encryption: 'none' } });
    const refusal = open.profileIssues.find((i) => i.path === 'settings.security.encryption');
    assert.match(refusal?.text?.en ?? '', /not a combination of Table 46/);
    assert.match(refusal?.text?.ja ?? '', /表46/);
    assert.equal((open.profile.settings as unknown as { security: { authentication: string } }).security.authentication, 'WPA3-Personal', 'not applied');

    const station = await service.connect({ via: 'practice', system: 'wlan-adapter', model: 'wlan-adapter', station: true });
    assert.match(station.identity.linkDescription, /station/);
    const pair = await practice.adapterPair();
    assert.notEqual(pair.sta.web.port, pair.ap.web.port);
    // A real adapter's web API is not public: the app reaches only the practice ones.
    await assert.rejects(service.connect({ via: 'ethernet', system: 'wlan-adapter', host: '192.0.2.20', port: 443 }), (e: unknown) => e instanceof ServiceError);
  } finally {
    await service.dispose();
    await practice.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
});
