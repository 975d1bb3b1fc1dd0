// Opening a commissioned controller for the later-life commands (`mxc events`, `mxc visit`, `mxc dispose`):
// the endpoint, the certificate pin (from the endpoint, the registry, or the report the visit follows),
// the driver, and the logon as the existing user of the secrets file. Never a silent unpinned TLS.
import { AppError } from '../messages/app-error';
import type { ConnectDriver } from '../commissioning/engine/connect-driver';
import type { DeviceRegistry } from '../commissioning/engine/device-registry';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';
import { openEndpoint, type Endpoint } from '../devices/endpoint';
import type { Secrets } from './secrets-file';

/** A tls:// endpoint without a fingerprint takes the pin the registry keeps for it, else `fallbackPin`. */
export function withPin(endpoint: Endpoint, registry: DeviceRegistry | undefined, fallbackPin?: string): Endpoint {
  if (endpoint.kind !== 'tls' || endpoint.fingerprint256) return endpoint;
  const hostPort = `${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
  const known = registry?.all().find((r) => r.tlsEndpoint === hostPort || r.tlsEndpoint === `tls://${hostPort}`)?.fingerprint256;
  const pin = known ?? fallbackPin;
  return pin ? { ...endpoint, fingerprint256: pin } : endpoint;
}

export const defaultConnect: ConnectDriver<ControllerSecurityDriver> = async (e) => {
  const { MxControllerDriver } = await import('../devices/mx-controller/mx-controller-driver');
  return new MxControllerDriver(await openEndpoint(e, { virtual: e.kind === 'usb-socket' }));
};

export class LogonRequiredError extends AppError {
  declare readonly code: 'LOGON_REQUIRED';
  constructor(message: string) {
    super({ code: 'LOGON_REQUIRED', messageId: 'errors.cli.LOGON_REQUIRED', englishText: message });
  }
}

/** Connects and logs on as the secrets file's existing user; closes the link when the logon fails. */
export async function connectAndLogOn(endpoint: Endpoint, secrets: Secrets, connect: ConnectDriver<ControllerSecurityDriver> = defaultConnect): Promise<{ driver: ControllerSecurityDriver; user: string }> {
  if (!secrets.logon) throw new LogonRequiredError('The secrets file has no "logon" (user and password of an existing Administrator of the controller).');
  const driver = await connect(endpoint);
  try {
    await driver.logon(secrets.logon.user, secrets.logon.password);
  } catch (e) {
    await driver.close().catch(() => undefined);
    throw e;
  }
  return { driver, user: secrets.logon.user };
}
