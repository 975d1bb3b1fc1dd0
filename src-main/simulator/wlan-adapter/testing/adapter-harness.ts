// Test helpers: start virtual adapters, commission one with the app's driver and settings writer, and put
// a test station or a listener on the air.
import { recommendedProfile } from '../../../commissioning/recommended-profile';
import { writeAdapterProfile } from '../../../commissioning/families/wlan-adapter/adapter-settings-writers';
import { WlanAdapterDriver } from '../../../devices/wlan-adapter/wlan-adapter-driver';
import type { AdapterProfile, AdapterSettings } from '../../../model/security-settings';
import { FACTORY_PASSWORD } from '../adapter-choices';
import { Station, type WirelessConfig } from '../air-roles';
import { connectAir, type AirFrame } from '../virtual-air';
import { startVirtualAdapter, type RunningAdapter, type StartAdapterOptions } from '../virtual-adapter';

export const PC_MAC = '00:1A:2B:3C:4D:5E';
export const NEW_PASSWORD = 'Adapter-Pass-2026!';
export const PASSPHRASE = 'correct horse battery 42';

export const startAdapter = (options: StartAdapterOptions = {}): Promise<RunningAdapter> => startVirtualAdapter({ logonDelayMs: { first: 50, max: 200 }, ...options });

export function adapterProfile(settings: Partial<AdapterSettings> = {}): AdapterProfile {
  const p = recommendedProfile('wlan-adapter', { pcMac: PC_MAC }) as AdapterProfile;
  return { ...p, settings: { ...p.settings, ...settings } };
}

export async function driverFor(adapter: RunningAdapter): Promise<WlanAdapterDriver> {
  return WlanAdapterDriver.connect({ host: adapter.web.host, port: adapter.web.port, fingerprint256: adapter.web.fingerprint256 });
}

/** Factory logon, password replaced, the profile written in rule order; returns the logged-on driver. */
export async function commission(adapter: RunningAdapter, profile: AdapterProfile, secrets: { newPassword?: string; passphrase?: string } = {}): Promise<WlanAdapterDriver> {
  const d = await driverFor(adapter);
  await d.logon(FACTORY_PASSWORD);
  await d.changePassword(FACTORY_PASSWORD, secrets.newPassword ?? NEW_PASSWORD);
  await writeAdapterProfile(d, profile, { passphrase: secrets.passphrase ?? PASSPHRASE }, { mac: PC_MAC, side: 'wired' });
  return d;
}

/** A test station on the air (a wireless client, or an adapter stand-in in STA mode). */
export async function testStation(airPort: number, mac: string, config: WirelessConfig): Promise<{ station: Station; log: string[]; data: Buffer[]; stop: () => void }> {
  const radio = await connectAir(airPort);
  const log: string[] = [];
  const data: Buffer[] = [];
  const station = new Station(radio, mac, () => config, { log: (t) => log.push(t), onData: (_f, p) => data.push(p) });
  station.start();
  return { station, log, data, stop: () => (station.stop(), radio.close()) };
}

/** A listener on the air: records every frame it hears. */
export async function listener(airPort: number): Promise<{ frames: AirFrame[]; stop: () => void }> {
  const radio = await connectAir(airPort);
  const frames: AirFrame[] = [];
  radio.onFrame((f) => frames.push(f));
  return { frames, stop: () => radio.close() };
}

export const waitUntil = async (predicate: () => boolean, timeoutMs: number): Promise<boolean> => {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return predicate();
};
