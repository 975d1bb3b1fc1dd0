// The adapter's maintenance visit (4.5.1, Table 47) over real sockets against a commissioned virtual
// adapter: no drift right after commissioning; exactly the drift a change behind the app's back made; and
// each check failing on an adapter that breaks its rule (a backup that does not open, a logging function
// that does not record a setting change, a Table 44 row no longer met).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Journal } from '../commissioning/journal/journal';
import { signReport } from '../crypto/report-signature';
import { WlanAdapterDriver } from '../devices/wlan-adapter/wlan-adapter-driver';
import { verifyChainLink } from '../report/report-chain';
import { runAdapterVisit, reviewLogs } from './adapter-visit';
import { ADAPTER_PASSWORD, commissionedAdapter, type CommissionedAdapter } from './testing/commissioned-adapter';

function visit(c: CommissionedAdapter, baseline = c.baseline) {
  const out = join(c.dir, `visit-${Date.now()}`);
  mkdirSync(out, { recursive: true });
  return runAdapterVisit({
    target: c.target,
    journal: Journal.create(c.journals),
    registry: c.registry,
    password: ADAPTER_PASSWORD,
    baseline,
    operatorName: 'T. Tester',
    appVersion: 'test',
    save: async (name, data) => {
      const path = join(out, name);
      writeFileSync(path, data);
      return path;
    },
  });
}

/** A change on the adapter's own web interface, not through the app (a technician at the page). */
async function behindTheAppsBack(c: CommissionedAdapter, change: (d: WlanAdapterDriver) => Promise<unknown>): Promise<void> {
  const d = await WlanAdapterDriver.connect({ host: c.adapter.web.host, port: c.adapter.web.port, fingerprint256: c.adapter.web.fingerprint256 });
  await d.logon(ADAPTER_PASSWORD);
  await change(d);
  await d.close();
}

test('a visit right after commissioning: no drift, Table 47 rows 1 and 2 pass, Table 44 still met, chained to the baseline; a second visit finds exactly the change made behind the app\'s back', async (t) => {
  const c = await commissionedAdapter(t);
  const first = await visit(c);
  const r = first.report;
  assert.equal(r.drift.none, true, JSON.stringify(r.drift.items));
  assert.deepEqual(r.continuous.map((x) => [x.id, x.status]), [['table47.row1', 'pass'], ['table47.row2', 'pass']], JSON.stringify(r.continuous));
  assert.equal(r.settingChecks.length, 8);
  assert.deepEqual(r.settingChecks.filter((x) => x.status !== 'pass').map((x) => x.id), []);
  assert.equal(r.summary.ok, true);
  assert.equal(r.device.system, 'wlan-adapter');
  assert.equal(r.logon.initialized, false);
  assert.ok(verifyChainLink(r.predecessor, c.baseline).ok, 'the visit names its baseline by its hash');
  assert.match(first.logText, /Settings backed up/);
  // Never initialized: the commissioning password still logs in, the initial password stays replaced.
  const d = await WlanAdapterDriver.connect({ host: c.adapter.web.host, port: c.adapter.web.port });
  assert.deepEqual(await d.logon(ADAPTER_PASSWORD), { mustChangePassword: false });
  await d.close();

  await behindTheAppsBack(c, (d) => d.writeSetting('stealthSsid', false));
  const signedFirst = await signReport(r, c.privateKeyPem, c.keyId);
  const second = (await visit(c, signedFirst)).report;
  assert.deepEqual(second.drift.items.map((x) => [x.path, x.baseline, x.now]), [['stealthSsid', true, false]]);
  assert.match(second.drift.items[0]!.references, /Table 44 row 5/);
  assert.deepEqual(second.settingChecks.filter((x) => x.status === 'fail').map((x) => x.id), ['table44.row5'], 'the row the change broke');
  assert.equal(second.continuous.find((x) => x.id === 'table47.row2')!.status, 'pass', 'the logs show the change');
  assert.match(JSON.stringify(second.continuous.find((x) => x.id === 'table47.row2')!.evidence), /stealthSsid/);
  assert.equal(second.summary.ok, false);
  assert.ok(verifyChainLink(second.predecessor, signedFirst).ok);
  assert.equal(verifyChainLink(second.predecessor, c.baseline).ok, false, 'it follows the first visit, not the commissioning');
});

test('Table 47 row 1 fails when the backup the adapter gives does not open on this PC', async (t) => {
  const c = await commissionedAdapter(t);
  c.adapter.device.backup = async () => Buffer.from('MXBAK but not really a backup file at all');
  const r = (await visit(c)).report;
  const row1 = r.continuous.find((x) => x.id === 'table47.row1')!;
  assert.equal(row1.status, 'fail');
  assert.match(row1.reason ?? '', /does not open/);
  assert.equal(r.summary.ok, false);
});

test('Table 47 row 2 fails when the logs hold no record of a setting change found as drift (the logging function missed it)', async (t) => {
  const c = await commissionedAdapter(t);
  const log = c.adapter.device.log.bind(c.adapter.device);
  c.adapter.device.log = (kind, text) => (/^Setting changed/.test(text) ? undefined : log(kind, text));
  await behindTheAppsBack(c, (d) => d.writeSetting('channel', 40));
  const r = (await visit(c)).report;
  assert.deepEqual(r.drift.items.map((x) => x.path), ['channel']);
  const row2 = r.continuous.find((x) => x.id === 'table47.row2')!;
  assert.equal(row2.status, 'fail');
  assert.match(row2.reason ?? '', /no record of the change of channel/);
});

test('the log review lists failed logins, restorations and overwritten records for review, and a restoration accounts for drift', () => {
  const at = (m: number) => new Date(Date.UTC(2026, 3, 1, 10, m)).toISOString();
  const drift = [{ setting: 'ssid', path: 'ssid', baseline: 'a', now: 'b', rows: [], references: '' }];
  const entries = [
    { seq: 40, at: at(1), kind: 'event' as const, text: 'Login failed (wrong password) from 127.0.0.9' },
    { seq: 41, at: at(2), kind: 'event' as const, text: 'Settings restored from a backup' },
  ];
  const r = reviewLogs(entries, at(0), drift);
  assert.equal(r.failedLogins, 1);
  assert.equal(r.restorations, 1);
  assert.deepEqual(r.unrecorded, []);
  assert.equal(r.gapBefore, at(1), 'records before seq 40 are gone');
  assert.deepEqual(reviewLogs(entries.slice(0, 1), at(0), drift).unrecorded, ['ssid']);
});

test('a visit against another adapter than the baseline\'s is refused before anything is read (its serial)', async (t) => {
  const a = await commissionedAdapter(t);
  const b = await commissionedAdapter(t);
  await assert.rejects(visit({ ...b, baseline: a.baseline }), (e: Error & { code?: string }) => e.code === 'OTHER_DEVICE' && e.message.includes(a.adapter.device.serial));
});
