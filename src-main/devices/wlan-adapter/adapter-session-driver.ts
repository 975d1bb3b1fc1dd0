// The adapter's driver as the session core sees a driver (devices/session-driver.ts): a link (the web
// interface, HTTPS with the certificate pinned), capabilities, an Administrator logon, parameters that take
// effect at once and a restart. The engine calls only the session-driver part; the adapter family's
// writers and steps reach everything adapter-specific on `adapter` (the WlanAdapterDriver).
import type { ControllerSecurityDriver, LogonResult, UserAuthenticationReading } from '../controller-security-driver';
import { ADMINISTRATORS_GROUP, type DeviceCapabilities, type SessionDriver } from '../session-driver';
import { DeviceOperationError } from '../device-error';
import type { Endpoint } from '../endpoint';
import type { Link } from '../../links/link';
import { WlanAdapterDriver, type AdapterEndpoint } from './wlan-adapter-driver';

/** What the adapter's web interface offers the session (the rest of a controller's operations it has not). */
export type AdapterOperation = 'identity' | 'logon' | 'parameters' | 'backup' | 'restore' | 'firmware' | 'initialize' | 'restart';
const OPERATIONS: ReadonlySet<AdapterOperation> = new Set<AdapterOperation>(['identity', 'logon', 'parameters', 'backup', 'restore', 'firmware', 'initialize', 'restart']);

export interface AdapterCapabilities extends DeviceCapabilities {
  operations: ReadonlySet<AdapterOperation>;
  family: 'wlan-adapter';
}
/** The one account of the web interface (4.4.5); the profile's "Administrator" in the session's words. */
export const ADAPTER_ACCOUNT = 'admin';

/** The web interface as a Link: it carries requests, not a byte stream, so the byte methods refuse. */
class WebInterfaceLink implements Link {
  readonly kind = 'ethernet-tls' as const;
  readonly virtual = false;
  #closed = false;
  readonly #listeners = new Set<(error?: Error) => void>();
  constructor(readonly description: string, private readonly onClose_: () => Promise<void>) {}
  get closed(): boolean {
    return this.#closed;
  }
  async write(): Promise<void> {
    throw new Error('The adapter is reached through its web interface, not a byte link.');
  }
  onData(): () => void {
    return () => undefined;
  }
  onClose(listener: (error?: Error) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.onClose_();
    for (const l of this.#listeners) l();
  }
}

export class AdapterSessionDriver implements SessionDriver {
  readonly link: WebInterfaceLink;

  private constructor(readonly adapter: WlanAdapterDriver) {
    const e = adapter.endpoint;
    this.link = new WebInterfaceLink(`https://${e.host}:${e.port} (HTTPS, SHA-256 ${adapter.fingerprint256 ?? '-'})`, () => adapter.close());
  }

  /** A tls:// endpoint names the web interface (HTTPS) and, with #sha256=, its pinned certificate. */
  static async open(endpoint: Endpoint): Promise<AdapterSessionDriver> {
    if (endpoint.kind !== 'tls')
      throw new DeviceOperationError('invalid-request', { headline: 'The wireless LAN adapter is reached through its web interface.', whatToDo: 'Give its address as tls://HOST:PORT (HTTPS), optionally with #sha256= and its certificate fingerprint.' });
    const e: AdapterEndpoint = { host: endpoint.host, port: endpoint.port, ...(endpoint.fingerprint256 ? { fingerprint256: endpoint.fingerprint256 } : {}) };
    return new AdapterSessionDriver(await WlanAdapterDriver.connect(e));
  }

  /**
   * The services' connection holds a controller driver for the lifecycle screens (services/create-main-
   * service.ts); an adapter connection is handed on to the session core only, which sees a SessionDriver.
   */
  asSessionDriver(): ControllerSecurityDriver {
    return this as unknown as ControllerSecurityDriver;
  }

  async readIdentity() {
    return { model: this.adapter.model, modelCode: 0, cpuState: 'unknown' as const, linkKind: this.link.kind, linkDescription: this.link.description, virtual: false };
  }

  async capabilities(): Promise<AdapterCapabilities> {
    // Model and firmware need a logon on the adapter; the identity answers the model without one.
    return { mode: 'full', operations: OPERATIONS, model: this.adapter.model, family: 'wlan-adapter', firmwareVersion: null, serialNumber: null };
  }

  /** Only a replaced password opens an Administrator session: the factory one may only set a new password. */
  async logon(userName: string, password: string): Promise<LogonResult> {
    if (userName !== ADAPTER_ACCOUNT) throw new DeviceOperationError('unknown-user', { headline: `The adapter's web interface has one account ("${ADAPTER_ACCOUNT}").`, whatToDo: `Give its password under "${ADAPTER_ACCOUNT}".` });
    const r = await this.adapter.logon(password);
    if (r.mustChangePassword) throw new DeviceOperationError('password-expired', { headline: 'The adapter still has its factory password.', whatToDo: 'Replace it first (Figure 36 step 4).', guidelineRef: '4.4.5' });
    return { logonMessage: '', mustChangePassword: false, group: ADMINISTRATORS_GROUP, sessionTimeoutMinutes: 10 };
  }

  async logoff(): Promise<void> {
    await this.adapter.close();
  }

  /** Password authentication cannot be disabled (4.4.5): always on, one account. */
  async readUserAuthentication(): Promise<UserAuthenticationReading> {
    return { enabled: true, groups: [], users: [{ name: ADAPTER_ACCOUNT, group: ADMINISTRATORS_GROUP, locked: false }] };
  }

  /** The adapter applies a written setting at once: nothing waits for a restart. */
  async readParameters(): Promise<{ pendingRestart: boolean }> {
    return { pendingRestart: false };
  }

  async restart(): Promise<void> {
    await this.adapter.restart();
  }

  async close(): Promise<void> {
    await this.link.close();
  }
}
