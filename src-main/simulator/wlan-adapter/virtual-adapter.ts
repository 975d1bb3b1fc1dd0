// A running virtual wireless LAN adapter: the device's rules, its web interface (HTTPS), its wired side and
// its radio on the virtual air, in AP or STA mode as its settings say (4.4.4). The radio restarts with the
// settings in effect after every change, as a real adapter applies written settings.
import type { ListenerInfo } from '../listener-set';
import { WlanAdapterDevice } from './adapter-device';
import { ADAPTER_MODEL } from './adapter-choices';
import { startAdapterWeb, type AdapterWebServer } from './adapter-web';
import { AccessPoint, Station, type WirelessConfig } from './air-roles';
import { connectAir, startAirHub, type AirHub, type AirRadio } from './virtual-air';
import { isWiredFrame, startWiredPort, type WiredFrame, type WiredPort } from './wired-side';

export interface StartAdapterOptions {
  model?: string;
  host?: string;
  webPort?: number;
  wiredPort?: number;
  /** The port of an existing virtual air to join; without it the adapter starts an air of its own. */
  airPort?: number;
  now?: () => Date;
  sessionIdleMs?: number;
  logonDelayMs?: { first: number; max: number };
}

export interface RunningAdapter {
  readonly device: WlanAdapterDevice;
  readonly web: AdapterWebServer;
  readonly wired: WiredPort;
  readonly airPort: number;
  readonly listeners: ListenerInfo[];
  /** The radio role in effect (for tests and the practice pair). */
  role(): AccessPoint | Station;
  stop(): Promise<void>;
}

export async function startVirtualAdapter(options: StartAdapterOptions = {}): Promise<RunningAdapter> {
  const host = options.host ?? '127.0.0.1';
  const device = await WlanAdapterDevice.create(options.model ?? ADAPTER_MODEL, options.now ? { now: options.now } : {});
  let hub: AirHub | undefined;
  let radio: AirRadio | undefined;
  let web: AdapterWebServer | undefined;
  let wired: WiredPort | undefined;
  let role: AccessPoint | Station | undefined;
  try {
    if (options.airPort === undefined) hub = await startAirHub({ host });
    const airPort = options.airPort ?? hub!.port;
    radio = await connectAir(airPort, host);
    const config = (): WirelessConfig => ({
      ssid: device.settings.ssid,
      channel: device.settings.channel,
      authentication: device.settings.security.authentication,
      passphrase: device.radioPassphrase(),
      stealth: device.settings.stealthSsid,
      macFilter: device.settings.macFilter.wireless,
    });
    const fromAir = (_from: string, payload: Buffer): void => {
      let frame: unknown;
      try {
        frame = JSON.parse(payload.toString('utf8'));
      } catch {
        return;
      }
      if (isWiredFrame(frame)) wired?.deliver(frame);
    };
    const events = { log: (text: string) => device.log('connection', text), onData: fromAir };
    const startRole = (): void => {
      role?.stop();
      role = device.settings.operationMode === 'AP' ? new AccessPoint(radio!, device.wirelessMac, config, events) : new Station(radio!, device.wirelessMac, config, events);
      role.start();
    };
    const toAir = (frame: WiredFrame): void => {
      const payload = Buffer.from(JSON.stringify(frame), 'utf8');
      if (role instanceof AccessPoint) role.sendData(payload);
      else role?.sendData(payload); // dropped while the station is not paired
    };
    wired = await startWiredPort({ host, port: options.wiredPort ?? 0, filter: () => device.settings.macFilter.wired, log: (t) => device.log('connection', t), onFrame: toAir });
    web = await startAdapterWeb(device, {
      host,
      port: options.webPort ?? 0,
      ...(options.sessionIdleMs !== undefined ? { sessionIdleMs: options.sessionIdleMs } : {}),
      ...(options.logonDelayMs !== undefined ? { logonDelayMs: options.logonDelayMs } : {}),
    });
    startRole();
    device.radioPeers = () => (role instanceof AccessPoint ? role.joinedStations() : role instanceof Station && role.joinedTo() ? [role.joinedTo()!] : []);
    const unsubscribe = device.onChange(startRole);
    const listeners: ListenerInfo[] = [
      { service: 'web', transport: 'tcp', host, port: web.port, tls: true },
      { service: 'wired', transport: 'tcp', host, port: wired.port, tls: false },
      { service: 'air', transport: 'tcp', host, port: airPort, tls: false },
    ];
    const w = web;
    const wp = wired;
    const r = radio;
    return {
      device,
      web: w,
      wired: wp,
      airPort,
      listeners,
      role: () => role!,
      stop: async () => {
        unsubscribe();
        role?.stop();
        r.close();
        await Promise.all([w.close(), wp.close(), hub?.close()]);
      },
    };
  } catch (e) {
    role?.stop();
    radio?.close();
    await Promise.all([web?.close(), wired?.close(), hub?.close()]);
    throw e;
  }
}
