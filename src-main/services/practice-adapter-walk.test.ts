// Figure 36 walked through the wizard service as the UI would, on the practice AP: the checklist and Table
// 45 attested, the secrets entered, the station's MAC typed into the wireless filter, every step run in
// order, to a report with every Table 44 row met.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMainService } from './create-main-service';
import { PracticeDevices } from './practice-devices';
import { memoryStore } from '../commissioning/engine/device-registry';
import { TABLE_45_WLAN_ADAPTER } from '../commissioning/guideline/tables/implementation-matters';
import { FACTORY_PASSWORD } from '../simulator/wlan-adapter/adapter-choices';
import type { SessionView } from '../ipc/wizard-contract';

test('Figure 36 on the practice AP, then on the STA, through the wizard service: every Table 44 row met on each', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-adapter-walk-'));
  const practice = new PracticeDevices(dir);
  const service = await createMainService({ host: 'browser', store: memoryStore(), dataDir: dir, practiceDevices: practice, wizardReconnect: { attempts: 20, delayMs: 100 } });
  try {
    const w = service.wizard;
    // The steps' questions come while runStep waits: answered as the technician would.
    const asked: string[] = [];
    const backupQuestions: string[] = [];
    const answerRefusals: string[] = [];
    service.onEvent((e) => {
      if (e.type !== 'wizard-changed' || !e.session.question || asked.includes(e.session.question.id)) return;
      const q = e.session.question;
      asked.push(q.id);
      if (q.kind === 'settings-backup') backupQuestions.push(q.choices?.map((c) => c.id).join(',') ?? '');
      setImmediate(() => void w.answer({ questionId: q.id, confirmed: true, choice: q.kind === 'settings-backup' ? 'to-pc' : undefined, typed: 'A factory-fresh practice adapter holds nothing.' }).catch((e: Error) => answerRefusals.push(`${q.kind}: ${e.message}`)));
    });
    const walk = async (station: boolean, peer: string): Promise<void> => {
      await service.connect({ via: 'practice', system: 'wlan-adapter', model: 'wlan-adapter', ...(station ? { station: true } : {}) });
      let v: SessionView = await w.start({ operatorName: 'T. Tester' });
      for (const item of TABLE_45_WLAN_ADAPTER) await w.attest({ id: item.id, text: item.text.en });
      await w.attest({ id: 'fig36.step1', text: 'Installed in the cabinet, wire lock fixed.' });
      await w.attest({ id: 'fig36.step14', text: 'The counterpart is commissioned in this session with the same modes.' });
      for (const [userName, password] of [['admin', 'Adapter-Pass-2026!'], ['factory', FACTORY_PASSWORD], ['passphrase', 'correct horse battery 42']] as const) await w.setPassword({ userName, password, confirmation: password });
      const settings = v.profile.settings as unknown as { macFilter: { wired: unknown; wireless: unknown } };
      // Connected to the station, main's recommended profile is a station's (no SSID of its own to hide).
      const mode = v.profile.settings as unknown as { operationMode: string; stealthSsid: boolean };
      assert.deepEqual([mode.operationMode, mode.stealthSsid], station ? ['STA', false] : ['AP', true]);
      assert.deepEqual(v.accounts, ['admin', 'factory', 'passphrase'], 'the adapter secrets the technician enters');
      assert.equal(v.practiceCounterpart?.wirelessMac, peer, 'the practice counterpart is named for the wireless filter');
      v = await w.updateSettings({ key: 'macFilter', value: { ...settings.macFilter, wireless: { enabled: true, entries: [peer] } } });
      assert.deepEqual(v.profileIssues, []);
      for (const s of v.steps) {
        // No backup password is typed: the adapter encrypts its backup with its login password (4.4.7.1).
        v = await w.runStep({ stepId: s.id });
        assert.equal(v.error, undefined, `${s.id}: ${JSON.stringify(v.error)}`);
        const shown = v.steps.find((x) => x.id === s.id)!;
        assert.ok(!['todo', 'locked', 'failed'].includes(shown.status), `${s.id}: ${shown.status} ${JSON.stringify(shown.detail ?? shown.lock)}`);
      }
      assert.ok(v.report, 'the report is issued');
      assert.deepEqual(answerRefusals, [], 'every answer was taken');
      assert.deepEqual(backupQuestions.at(-1), 'to-pc,declined', 'step 12 asks where the backup goes: this PC or not now, no SD card');
      const rows = v.report!.rows.filter((r) => r.id.startsWith('table44.'));
      assert.equal(rows.length, 8);
      // The stealth SSID is an access point's setting: row 5 does not apply to the station.
      assert.deepEqual(rows.map((r) => r.status), rows.map((r) => (station && r.row === 5 ? 'not-applicable' : 'pass')), JSON.stringify(rows));
    };
    const pair = await practice.adapterPair();
    await walk(false, pair.sta.device.wirelessMac);
    await walk(true, pair.ap.device.wirelessMac);
  } finally {
    await service.dispose();
    await practice.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
});
