// The Japanese reports of a whole commissioning hold no English sentence (names of products, protocols and
// models, ids in parentheses and values aside: messages/english-in-japanese.ts): the MX-F by `mxc
// commission --lang ja` with the disruptive checks run (every evidence line of Table 35), and the wireless
// LAN adapter by the wizard service (Figure 36, Table 44). The MX-R's is walked in wizard/japanese-views.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommission } from '../cli/commission-command';
import { readyProfile, TEST_PASSWORDS } from '../commissioning/engine/testing/engine-fixture';
import { memoryStore } from '../commissioning/engine/device-registry';
import { TABLE_45_WLAN_ADAPTER } from '../commissioning/guideline/tables/implementation-matters';
import { messagesUnder, render } from '../messages/catalogue';
import { englishSentencesInHtml } from '../messages/english-in-japanese';
import { FACTORY_PASSWORD } from '../simulator/wlan-adapter/adapter-choices';
import { startVirtualController } from '../simulator/start-virtual-controller';
import { createMainService } from './create-main-service';
import { PracticeDevices } from './practice-devices';

const IEC_SECTION = [messagesUnder('report.label', 'ja').iec];

test('the Japanese report of the MX-F commissioned by mxc commission --lang ja holds no English sentence', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-ja-report-mxf-'));
  const spare = net.createServer();
  await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
  const tlsPort = (spare.address() as net.AddressInfo).port;
  await new Promise<void>((r) => spare.close(() => r()));
  const usb = join(dir, 'usb.sock');
  const running = await startVirtualController({ model: 'MXF100-16-N32', usbSocket: usb, stateDir: join(dir, 'state'), security: { sdCardDir: join(dir, 'sd'), tls: { host: '127.0.0.1', port: tlsPort } } });
  t.after(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  // What the technician types (attestations, the logon message) is theirs, shown as typed: in Japanese here.
  const profile = readyProfile('MXF100-16-N32');
  const typed = {
    ...profile,
    attestations: profile.attestations.map((a) => ({ ...a, text: '現地で確認済み。' })),
    settings: { ...profile.settings, logonMessage: { ...profile.settings.logonMessage, text: '関係者以外の操作を禁止します。' } },
  };
  writeFileSync(join(dir, 'profile.json'), JSON.stringify(typed));
  writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ version: 1, users: Object.fromEntries(TEST_PASSWORDS) }), { mode: 0o600 });
  const lines: string[] = [];
  const code = await runCommission(
    ['--profile', join(dir, 'profile.json'), '--secrets', join(dir, 'secrets.json'), '--target', `usb-socket:${usb}`, '--tls-target', `127.0.0.1:${tlsPort}`, '--pc-address', '127.0.0.1', '--out', join(dir, 'out'), '--data-dir', join(dir, 'data'), '--operator', 'T. Tester', '--lang', 'ja', '--run-disruptive-checks'],
    { stdout: (l) => lines.push(l), stderr: (l) => lines.push(`ERR ${l}`) },
  );
  assert.equal(code, 0, lines.join('\n'));
  const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
  // The disruptive checks ran: their evidence (the lockout's temporary user) is in the report, in Japanese.
  assert.ok(html.includes(render('checkEvidence.what.temporaryUser', undefined, 'ja')), 'the lockout check evidence is in the report');
  assert.deepEqual(englishSentencesInHtml(html, IEC_SECTION), []);
});

test('the Japanese report of the practice wireless LAN adapter (Figure 36) holds no English sentence', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-ja-report-adapter-'));
  const practice = new PracticeDevices(dir);
  const service = await createMainService({ host: 'browser', store: memoryStore(), dataDir: dir, practiceDevices: practice, wizardReconnect: { attempts: 20, delayMs: 100 } });
  try {
    const w = service.wizard;
    const asked = new Set<string>();
    service.onEvent((e) => {
      if (e.type !== 'wizard-changed' || !e.session.question || asked.has(e.session.question.id)) return;
      const q = e.session.question;
      asked.add(q.id);
      setImmediate(() => void w.answer({ questionId: q.id, confirmed: true, choice: q.kind === 'settings-backup' || q.kind === 'backup-before-initialization' ? 'to-pc' : undefined, typed: '工場出荷状態の練習用アダプタで、保存すべきものはありません。' }).catch(() => undefined));
    });
    const pair = await practice.adapterPair();
    await service.connect({ via: 'practice', system: 'wlan-adapter', model: 'wlan-adapter' });
    let v = await w.start({ operatorName: 'T. Tester' });
    // What the technician types is theirs, shown as typed: in Japanese here.
    for (const item of TABLE_45_WLAN_ADAPTER) await w.attest({ id: item.id, text: '設備管理者と合意済み。' });
    await w.attest({ id: 'fig36.step1', text: '制御盤内に設置し、ワイヤロックを固定済み。' });
    await w.attest({ id: 'fig36.step14', text: '相手側も同じモードでこのセッションで設定。' });
    for (const [userName, password] of [['admin', 'Adapter-Pass-2026!'], ['factory', FACTORY_PASSWORD], ['passphrase', 'correct horse battery 42']] as const) await w.setPassword({ userName, password, confirmation: password });
    const settings = v.profile.settings as unknown as { macFilter: { wired: unknown; wireless: unknown } };
    v = await w.updateSettings({ key: 'macFilter', value: { ...settings.macFilter, wireless: { enabled: true, entries: [pair.sta.device.wirelessMac] } } });
    for (const s of v.steps) {
      v = await w.runStep({ stepId: s.id });
      assert.equal(v.error, undefined, `${s.id}: ${JSON.stringify(v.error)}`);
    }
    assert.ok(v.report, 'the report is issued');
    const html = Buffer.from((await w.export({ kind: 'report-html-ja' })).contentBase64, 'base64').toString('utf8');
    assert.ok(html.includes(render('evidence.what.wirelessSecurity', undefined, 'ja')), 'the Table 44 evidence is in the report, in Japanese');
    assert.deepEqual(englishSentencesInHtml(html, IEC_SECTION), []);
  } finally {
    await service.dispose();
    await practice.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
});
