// How the app reaches a device this installation knows (issue 11): its registry record, the TLS address
// it was commissioned with and the pinned certificate, and the Administrator's logon. One place for every
// lifecycle screen's service (visit, renewal, disposal, firmware, users, restoration).
import type { KeyValueStore } from '../../store/store';
import { DeviceRegistry, type DeviceRecord } from '../../commissioning/engine/device-registry';
import { MxControllerDriver } from '../../devices/mx-controller/mx-controller-driver';
import { openEndpoint, type Endpoint } from '../../devices/endpoint';
import type { LogonResult } from '../../devices/controller-security-driver';
import type { MessageId } from '../../messages/catalogue';
import { ServiceError } from '../service-error';
import type { LifecycleLinks } from './lifecycle-links';
import { systemOfModel } from '../system-models';

export type KnownController = DeviceRecord & { system: 'mx-r' | 'mx-f' };

/** Only loopback addresses are practice (virtual) devices; anything else is treated as real. */
export const LOOPBACK = /^(127\.|::1$|localhost$)/;

export function splitEndpoint(text: string): { host: string; port: number } | undefined {
  const m = /^(.*):(\d{1,5})$/.exec(text);
  return m ? { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) } : undefined;
}

/** The registry's record of a known MX controller, or the technician's "unknown device" refusal. */
export function knownController(store: KeyValueStore, deviceId: string): KnownController {
  const record = new DeviceRegistry(store).get(deviceId);
  if (!record) throw new ServiceError('no-session', { id: 'lifecycle.errors.unknownDevice' });
  const system = systemOfModel(record.model);
  if (system !== 'mx-r' && system !== 'mx-f') throw new ServiceError('no-session', { id: 'lifecycle.errors.unknownDevice' });
  return { ...record, system };
}

/** The device's TLS address, pinned to `fingerprint256` (the registry's pin unless given). */
export function pinnedEndpoint(record: DeviceRecord, fingerprint256 = record.fingerprint256): Endpoint & { kind: 'tls' } {
  const at = record.tlsEndpoint ? splitEndpoint(record.tlsEndpoint) : undefined;
  if (!at) throw new ServiceError('no-session', { id: 'lifecycle.visit.blockedNoTls' });
  return { kind: 'tls', host: at.host, port: at.port, fingerprint256 };
}

/** Opens the link; with `links`, it is counted while open (the header's link indicator, lifecycle-links.ts). */
export async function connectEndpoint(endpoint: Endpoint, links?: LifecycleLinks, notAfter?: string): Promise<MxControllerDriver> {
  const virtual = endpoint.kind === 'tls' || endpoint.kind === 'tcp' ? LOOPBACK.test(endpoint.host) : true;
  const link = await openEndpoint(endpoint, { virtual });
  const pin = endpoint.kind === 'tls' && endpoint.fingerprint256 ? { fingerprint256: endpoint.fingerprint256, ...(notAfter ? { notAfter } : {}) } : undefined;
  return new MxControllerDriver(links ? links.track(link, pin) : link);
}

/**
 * Opens the pinned TLS link and logs on. With `administrator`, anyone but an Administrator is refused
 * with that message (the driver is closed): the lifecycle operations are Administrators' (2.4.4.3).
 */
export async function logonPinned(
  record: DeviceRecord,
  credentials: { userName: string; password: string },
  administrator?: MessageId,
  links?: LifecycleLinks,
): Promise<{ driver: MxControllerDriver; logon: LogonResult }> {
  const driver = await connectEndpoint(pinnedEndpoint(record), links, record.notAfter);
  try {
    const logon = await driver.logon(credentials.userName, credentials.password);
    if (administrator && logon.group !== 'Administrators') throw new ServiceError('password-rejected', { id: administrator });
    return { driver, logon };
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
}
