// The practice AP and STA the app starts for the wireless LAN adapter's tile: one pair on one air of their
// own, reached like a real adapter through the web interface with its certificate pinned, as the factory
// leaves them (the factory password only lets a new one be set, Table 44 rows 6-7).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PracticeDevices, practiceAdapterEndpoint } from './practice-devices';
import { AdapterSessionDriver, ADAPTER_ACCOUNT } from '../devices/wlan-adapter/adapter-session-driver';
import { DeviceOperationError } from '../devices/device-error';
import { FACTORY_PASSWORD } from '../simulator/wlan-adapter/adapter-choices';

const dir = mkdtempSync(join(tmpdir(), 'mxc-practice-adapters-'));
const practice = new PracticeDevices(dir);
after(async () => {
  await practice.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

test('the practice AP and STA: started once, on one air, each answering on its pinned web interface', async () => {
  const pair = await practice.adapterPair();
  assert.equal(await practice.adapterPair(), pair, 'a second call returns the running pair');
  assert.equal(pair.sta.airPort, pair.ap.airPort, 'the station is on the access point\'s air');
  assert.notEqual(pair.sta.device.wirelessMac, pair.ap.device.wirelessMac);
  for (const adapter of [pair.ap, pair.sta]) {
    const endpoint = practiceAdapterEndpoint(adapter);
    assert.equal(endpoint.kind, 'tls');
    const driver = await AdapterSessionDriver.open(endpoint);
    try {
      assert.equal((await driver.readIdentity()).model, 'wlan-adapter');
      await assert.rejects(driver.logon(ADAPTER_ACCOUNT, FACTORY_PASSWORD), (e: unknown) => e instanceof DeviceOperationError && e.code === 'password-expired');
    } finally {
      await driver.link.close();
    }
  }
});

test('stopAll stops the pair; the next call starts a factory-fresh one', async () => {
  const before = await practice.adapterPair();
  await practice.stopAll();
  await assert.rejects(AdapterSessionDriver.open(practiceAdapterEndpoint(before.ap)));
  const again = await practice.adapterPair();
  assert.notEqual(again, before);
  assert.notEqual(again.ap.web.port, 0);
});
