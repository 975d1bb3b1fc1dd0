// The virtual wireless LAN adapter: (1) association time on the virtual air, WPA3-Personal (SAE on P-256
// with @noble/curves, then the 4-way handshake) against WPA2-Personal (PBKDF2-SHA1 4096 + the 4-way
// handshake), same AP, same loopback air; (2) a settings write with its read-back through the web
// interface API (HTTPS, the app's driver) against a plain request/answer on the same server and
// connection (GET /api/identity).
import type { BenchResult } from './bench-result';
import { AccessPoint, Station, type WirelessConfig } from '../src-main/simulator/wlan-adapter/air-roles';
import { connectAir, startAirHub } from '../src-main/simulator/wlan-adapter/virtual-air';
import { startVirtualAdapter } from '../src-main/simulator/wlan-adapter/virtual-adapter';
import { FACTORY_PASSWORD } from '../src-main/simulator/wlan-adapter/adapter-choices';
import { WlanAdapterDriver } from '../src-main/devices/wlan-adapter/wlan-adapter-driver';

const ASSOCIATIONS = 15;
const WEB_ROUNDS = 60;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function associationMs(authentication: 'WPA3-Personal' | 'WPA2-Personal'): Promise<number> {
  const hub = await startAirHub();
  const config: WirelessConfig = { ssid: 'bench-net', channel: 36, authentication, passphrase: 'bench passphrase 123', stealth: false, macFilter: { enabled: false, entries: [] } };
  const apRadio = await connectAir(hub.port);
  const ap = new AccessPoint(apRadio, '02:00:00:00:00:01', () => config, { log: () => undefined, onData: () => undefined });
  ap.start();
  const times: number[] = [];
  try {
    for (let i = 0; i < ASSOCIATIONS; i++) {
      const radio = await connectAir(hub.port);
      const sta = new Station(radio, `02:00:00:00:01:${i.toString(16).padStart(2, '0')}`.toUpperCase(), () => config, { log: () => undefined, onData: () => undefined });
      const t0 = performance.now();
      sta.start();
      if (!(await sta.waitJoined(10_000))) throw new Error(`${authentication}: the station did not join (${sta.lastRefusal})`);
      times.push(performance.now() - t0);
      sta.stop();
      radio.close();
    }
  } finally {
    ap.stop();
    apRadio.close();
    await hub.close();
  }
  return median(times);
}

export default async function wlanAdapter(): Promise<BenchResult[]> {
  const wpa2 = await associationMs('WPA2-Personal');
  const sae = await associationMs('WPA3-Personal');

  const adapter = await startVirtualAdapter();
  const d = await WlanAdapterDriver.connect({ host: adapter.web.host, port: adapter.web.port, fingerprint256: adapter.web.fingerprint256 });
  let write: number;
  let plain: number;
  try {
    await d.logon(FACTORY_PASSWORD);
    await d.changePassword(FACTORY_PASSWORD, 'Bench-Pass-2026!');
    const plainTimes: number[] = [];
    const writeTimes: number[] = [];
    for (let i = 0; i < WEB_ROUNDS; i++) {
      let t0 = performance.now();
      await d.identity();
      plainTimes.push(performance.now() - t0);
      t0 = performance.now();
      const value = { enabled: true, readOutIntervalDays: 1 + (i % 30) };
      await d.writeSetting('logging', value);
      const back = (await d.readSettings()).settings.logging;
      if (back.readOutIntervalDays !== value.readOutIntervalDays) throw new Error('read-back differs');
      writeTimes.push(performance.now() - t0);
    }
    write = median(writeTimes);
    plain = median(plainTimes);
  } finally {
    await d.close();
    await adapter.stop();
  }
  return [
    {
      name: 'virtual air: WPA3-Personal (SAE) association, median',
      value: sae,
      unit: 'ms',
      reference: 'WPA2-Personal (PBKDF2 + 4-way handshake) association, same AP and air',
      referenceValue: wpa2,
      ratio: wpa2 / sae,
    },
    {
      name: 'adapter web interface: settings write + read-back (HTTPS, logged on), median',
      value: write,
      unit: 'ms',
      reference: 'a plain request/answer on the same server and connection (GET /api/identity)',
      referenceValue: plain,
      ratio: plain / write,
    },
  ];
}
