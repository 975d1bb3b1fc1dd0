// The adapter's disposal (Table 45 row 1, 4.4.8) over real sockets against a commissioned virtual adapter:
// it leaves in factory state with its logs deleted, proven over the web interface; an adapter whose
// initialization keeps the site's settings, or whose log deletion keeps the logs, is not certified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Journal } from '../commissioning/journal/journal';
import { WlanAdapterDriver } from '../devices/wlan-adapter/wlan-adapter-driver';
import { verifyChainLink } from '../report/report-chain';
import type { DisposalCertificate } from '../report/disposal-certificate';
import { runAdapterDisposal } from './adapter-disposal';
import { ADAPTER_PASSWORD, commissionedAdapter, FACTORY_PASSWORD, type CommissionedAdapter } from './testing/commissioned-adapter';

const dispose = (c: CommissionedAdapter, confirmModel = 'wlan-adapter') =>
  runAdapterDisposal({
    target: c.target,
    journal: Journal.create(c.journals),
    registry: c.registry,
    password: ADAPTER_PASSWORD,
    factoryPassword: FACTORY_PASSWORD,
    confirmModel,
    operatorName: 'T. Tester',
    appVersion: 'test',
    destination: 'disposal',
    predecessor: c.baseline,
  });

test('disposal: initialized, the logs deleted with their own function, factory state read back over the link; the certificate chains to the last report', async (t) => {
  const c = await commissionedAdapter(t);
  const before = c.adapter.device.readLogs().length;
  assert.ok(before > 5);
  const { certificate, lastLogText } = await dispose(c);
  assert.match(lastLogText, /Setting changed: ssid/, 'the last read-out kept the history');
  assert.equal(certificate.verification.factoryState, true, JSON.stringify(certificate.verification.readings));
  assert.equal(certificate.sanitization.method, 'adapter-initialization-and-log-deletion');
  assert.equal(certificate.sanitization.sdCard, 'no-card-slot');
  assert.equal(certificate.order.status, 'satisfied');
  assert.equal(certificate.device.serialNumber, c.adapter.device.serial);
  assert.ok(verifyChainLink(certificate.predecessor!, c.baseline).ok);
  const what = new Map(certificate.verification.readings.map((r) => [r.what, r.value]));
  assert.equal(what.get("the site's login password"), 'refused');
  assert.equal(what.get('the factory password'), 'accepted only to set a new password');
  assert.match(what.get('logs') ?? '', /^1 record\(s\), the first: "Logs deleted"/);
  // On the adapter itself: the factory settings and password, and none of the site's log records.
  const logs = c.adapter.device.readLogs();
  assert.equal(logs[0]!.text, 'Logs deleted');
  assert.ok(!logs.some((e) => /Setting changed/.test(e.text)), JSON.stringify(logs));
  assert.equal(c.adapter.device.status().initialPasswordReplaced, false);
  assert.equal(c.adapter.device.status().passphraseIsFactory, true);
  const d = await WlanAdapterDriver.connect({ host: c.adapter.web.host, port: c.adapter.web.port });
  assert.deepEqual(await d.logon(FACTORY_PASSWORD), { mustChangePassword: true });
  await d.close();
});

test('an adapter whose initialization keeps the site\'s settings is not certified: the certificate says what was read', async (t) => {
  const c = await commissionedAdapter(t);
  const init = c.adapter.device.initialize.bind(c.adapter.device);
  const kept = structuredClone(c.adapter.device.settings);
  c.adapter.device.initialize = async () => {
    await init();
    c.adapter.device.settings = structuredClone(kept);
  };
  await assert.rejects(dispose(c), (e: Error & { code?: string; certificate?: DisposalCertificate }) => {
    assert.equal(e.code, 'NOT_FACTORY_STATE');
    assert.equal(e.certificate!.verification.factoryState, false);
    assert.deepEqual(e.certificate!.verification.readings.filter((r) => !r.factory).map((r) => r.what).sort(), ['MAC address filter entries', 'SSID']);
    assert.equal(e.certificate!.order.status, 'violated');
    return true;
  });
});

test('an adapter whose log deletion keeps the logs is not certified (4.4.8: the logs go only by their own function)', async (t) => {
  const c = await commissionedAdapter(t);
  c.adapter.device.deleteLogs = () => c.adapter.device.log('event', 'Logs deleted');
  await assert.rejects(dispose(c), (e: Error & { certificate?: DisposalCertificate }) => {
    const logs = e.certificate!.verification.readings.find((r) => r.what === 'logs')!;
    assert.equal(logs.factory, false, logs.value);
    assert.equal(e.certificate!.order.status, 'violated');
    return true;
  });
});

test('a disposal with another model typed changes nothing', async (t) => {
  const c = await commissionedAdapter(t);
  await assert.rejects(dispose(c, 'MXR300-32'), /wlan-adapter/);
  const d = await WlanAdapterDriver.connect({ host: c.adapter.web.host, port: c.adapter.web.port });
  assert.deepEqual(await d.logon(ADAPTER_PASSWORD), { mustChangePassword: false }, 'still the site password');
  await d.close();
});
