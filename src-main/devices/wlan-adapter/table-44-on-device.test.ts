// Table 44 judged on the device: the virtual adapter is commissioned over its web interface (HTTPS on a
// loopback socket), read back through the driver, and every row passes; then for every row an adapter
// that breaks it, where the verdict read from the device is fail.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { TABLE_44_WLAN_ADAPTER } from '../../commissioning/guideline/tables/table-44-wlan-adapter';
import type { AdapterSnapshot } from '../../model/device-snapshot';
import type { AdapterProfile } from '../../model/security-settings';
import { FACTORY_PASSWORD } from '../../simulator/wlan-adapter/adapter-choices';
import { adapterProfile, commission, driverFor, NEW_PASSWORD, startAdapter } from '../../simulator/wlan-adapter/testing/adapter-harness';
import type { RunningAdapter } from '../../simulator/wlan-adapter/virtual-adapter';
import { WlanAdapterDriver } from './wlan-adapter-driver';

const running: RunningAdapter[] = [];
after(() => Promise.all(running.map((a) => a.stop())));
const start = async (options: Parameters<typeof startAdapter>[0] = {}): Promise<RunningAdapter> => {
  const a = await startAdapter(options);
  running.push(a);
  return a;
};

const profile = adapterProfile();
const judge = (p: AdapterProfile, s: AdapterSnapshot, n: number) => TABLE_44_WLAN_ADAPTER.find((r) => r.row === n)!.check(p, s);

/** A commissioned adapter with its logs read out: the state every row passes on. */
async function commissioned(options: Parameters<typeof startAdapter>[0] = {}): Promise<{ adapter: RunningAdapter; driver: WlanAdapterDriver }> {
  const adapter = await start(options);
  const driver = await commission(adapter, profile);
  await driver.exportLogs();
  return { adapter, driver };
}

test('every row of Table 44 passes on a commissioned virtual adapter, read from the device', async () => {
  const { driver } = await commissioned();
  const snapshot = await driver.readSnapshot();
  for (const row of TABLE_44_WLAN_ADAPTER) {
    const r = row.check(profile, snapshot);
    assert.ok(r.status === 'pass', `row ${row.row}: ${r.status} ${r.reason ?? ''}`);
  }
  await driver.close();
});

const BREAKS: Record<number, () => Promise<{ snapshot: AdapterSnapshot }>> = {
  // Row 1: a unit whose mode was never set sends in clear (Open / none).
  1: async () => {
    const a = await start();
    const d = await driverFor(a);
    await d.logon(FACTORY_PASSWORD);
    await d.changePassword(FACTORY_PASSWORD, NEW_PASSWORD);
    return { snapshot: await d.readSnapshot() };
  },
  // Row 2: Enhanced Open encrypts but authenticates nobody.
  2: async () => {
    const { driver } = await commissioned();
    await driver.writeSetting('security', { authentication: 'Enhanced Open', encryption: 'AES' });
    return { snapshot: await driver.readSnapshot() };
  },
  3: async () => {
    const { driver } = await commissioned();
    await driver.writeSetting('macFilter', { ...profile.settings.macFilter, wired: { enabled: false, entries: profile.settings.macFilter.wired.entries } });
    return { snapshot: await driver.readSnapshot() };
  },
  4: async () => {
    const { driver } = await commissioned();
    await driver.writeSetting('macFilter', { ...profile.settings.macFilter, wireless: { enabled: true, entries: ['AA:BB:CC:DD:EE:FF'] } });
    return { snapshot: await driver.readSnapshot() };
  },
  5: async () => {
    const { driver } = await commissioned();
    await driver.writeSetting('stealthSsid', false);
    return { snapshot: await driver.readSnapshot() };
  },
  // Row 6: the adapter's clock says the password was changed 400 days ago.
  6: async () => {
    let offset = -400 * 86_400_000;
    const { driver } = await commissioned({ now: () => new Date(Date.now() + offset) });
    offset = 0;
    return { snapshot: await driver.readSnapshot() };
  },
  // Row 7: the factory password was never replaced: the logon says so, and nothing else can be read.
  7: async () => {
    const a = await start();
    const d = await driverFor(a);
    assert.deepEqual(await d.logon(FACTORY_PASSWORD), { mustChangePassword: true });
    return { snapshot: WlanAdapterDriver.factoryPasswordSnapshot(d.model, 'web interface') };
  },
  // Row 8: the logs were never read out to a PC.
  8: async () => {
    const a = await start();
    const d = await commission(a, profile);
    return { snapshot: await d.readSnapshot() };
  },
};

for (const row of TABLE_44_WLAN_ADAPTER) {
  test(`Table 44 row ${row.row} fails on a virtual adapter that breaks it (read from the device)`, async () => {
    const { snapshot } = await BREAKS[row.row]!();
    const r = judge(profile, snapshot, row.row);
    assert.equal(r.status, 'fail', `${r.status}: ${r.reason ?? ''}`);
    assert.ok(r.reason);
  });
}
