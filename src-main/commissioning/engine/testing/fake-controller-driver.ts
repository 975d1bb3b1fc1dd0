// FAKE — a test stand-in, not a device. An in-memory controller and a driver over it, used by the
// engine's unit tests until the real driver (devices/mx-controller) and the virtual controller's security
// functions are complete; the integration tests then move to the real virtual controller over real links.
// It enforces what the engine's correctness depends on, as docs/protocol.md specifies it: authorization
// once user authentication is on (C816), secrets only on USB/TLS or attested Ethernet (CF21), the last
// Administrator (CF14), the certificate matching its key (CF22), parameters taking effect at restart,
// initialization back to factory state, the IP filter and closed ports refusing a PC, and the pinned TLS
// certificate. It can cut the "cable" before or after any call, to test resume.
import { DEFAULT_OPEN_SERVICE_SPECS, SERVICES_BY_PORT_KIND, type DefaultOpenService } from '../../../model/controller-services';
import { createHash } from 'node:crypto';
import { certificateMatchesKey, parseCertificate } from '../../../crypto/certificate';
import type {
  ControllerCapabilities,
  ControllerSecurityDriver,
  DeviceCertificate,
  Diagnostics,
  LogonResult,
  ParameterBlocks,
  ParameterReading,
  SettingRejection,
  UserAuthenticationReading,
  WriteOptions,
} from '../../../devices/controller-security-driver';
import type { DeviceIdentityReading } from '../../../devices/device-driver';
import type { Link, LinkKind } from '../../../links/link';
import { LinkError } from '../../../links/link-error';
import { addressMatches } from '../../guideline/ordering-rules';
import type { UserGroup, UserInformation } from '../../../model/security-settings';
import type { Endpoint } from '../connect-driver';
import type { NetworkProbe } from '../network-probe';

export class FakeDeviceError extends Error {
  constructor(readonly endCode: string, message: string) {
    super(`${message} [${endCode}]`);
    this.name = 'FakeDeviceError';
  }
}

/** Cut the cable at the n-th driver call (1-based): before the device sees it, or after it acted but before the answer. */
export interface FakeFault {
  atCall: number;
  when: 'before' | 'after';
}

const FULL_OPS = ['logon', 'users', 'parameters', 'clock', 'event-history', 'certificate', 'backup', 'restore', 'firmware', 'initialize', 'diagnostics', 'restart'] as const;

export class FakeControllerDevice {
  readonly model: string;
  readonly family: 'MX-R' | 'MX-F';
  readonly serial = 'FAKE0001';
  mode: 'full' | 'observe-only' = 'full';
  clockOffsetMs = 0;
  authEnabled = false;
  groups: UserGroup[] = [];
  users: Array<{ name: string; group: string; password: string }> = [];
  written: ParameterBlocks = {};
  inEffect: ParameterBlocks = {};
  certificate: { pem: string; fingerprint256: string; notBefore: string; notAfter: string } | null = null;
  certificateInEffect: FakeControllerDevice['certificate'] = null;
  events = 0;
  calls = 0;
  faults: FakeFault[] = [];
  faultsInjected = 0;
  readonly callLog: string[] = [];
  restarts = 0;
  initializations = 0;
  /** Every secret the device received, so tests can grep files for them. */
  readonly secretsSeen = new Set<string>();

  constructor(model: string) {
    this.model = model;
    this.family = model.startsWith('MXR') ? 'MX-R' : 'MX-F';
  }

  /** A controller that was commissioned elsewhere before: users, parameters, a certificate. */
  makeUsed(adminName: string, adminPassword: string): void {
    this.authEnabled = true;
    this.groups = [{ name: 'Administrators', kind: 'administrators', authorities: ['file-read', 'file-write', 'memory-access', 'device-read', 'device-write', 'diagnosis', 'remote-operation', 'update'] }];
    this.users = [{ name: adminName, group: 'Administrators', password: adminPassword }];
    this.written = { lockout: { failures: 3, minutes: 1 } };
    this.inEffect = structuredClone(this.written);
  }

  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  restart(): void {
    this.inEffect = structuredClone(this.written);
    this.certificateInEffect = this.certificate;
    this.restarts++;
  }

  initialize(): void {
    Object.assign(this, { authEnabled: false, groups: [], users: [], written: {}, inEffect: {}, certificate: null, certificateInEffect: null });
    this.events = 1;
    this.initializations++;
  }

  /** Counts a driver call and cuts the cable when a fault is planned there. */
  call<T>(session: FakeControllerDriver, name: string, act: () => T): T {
    session.assertOpen();
    this.calls++;
    this.callLog.push(name);
    const fault = this.faults.find((f) => f.atCall === this.calls);
    if (fault?.when === 'before') this.#cut(session);
    const result = act();
    if (fault?.when === 'after') this.#cut(session);
    return result;
  }

  #cut(session: FakeControllerDriver): never {
    this.faultsInjected++;
    session.drop();
    throw new LinkError('fault-injected', 'The connection was cut on purpose by a fault-injection test (cable pulled).');
  }
}

class FakeLink implements Link {
  closed = false;
  constructor(
    readonly kind: LinkKind,
    readonly description: string,
  ) {}
  readonly virtual = true;
  async write(): Promise<void> {}
  onData(): () => void {
    return () => undefined;
  }
  onClose(): () => void {
    return () => undefined;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

export class FakeControllerDriver implements ControllerSecurityDriver {
  readonly link: FakeLink;
  #user: { name: string; group: string } | undefined;

  constructor(
    readonly device: FakeControllerDevice,
    kind: LinkKind,
    description: string,
  ) {
    this.link = new FakeLink(kind, description);
  }

  assertOpen(): void {
    if (this.link.closed) throw new LinkError('closed', 'The connection to the controller is closed. Connect again.');
  }
  drop(): void {
    this.link.closed = true;
  }

  #admin(): void {
    if (!this.device.authEnabled) return;
    if (!this.#user) throw new FakeDeviceError('C816', 'Not logged on.');
    if (this.device.groups.find((g) => g.name === this.#user!.group)?.kind !== 'administrators') throw new FakeDeviceError('C816', 'The logged-on user lacks the authority.');
  }
  #secret(options: WriteOptions | undefined, ...secrets: string[]): void {
    if (this.link.kind === 'ethernet' && !options?.trustBoundaryAttested) throw new FakeDeviceError('CF21', 'A secret was sent over plain Ethernet without the trust-boundary attestation.');
    for (const s of secrets) this.device.secretsSeen.add(s);
  }
  #call<T>(name: string, act: () => T): Promise<T> {
    try {
      return Promise.resolve(this.device.call(this, name, act));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  capabilities(): Promise<ControllerCapabilities> {
    const d = this.device;
    return this.#call('capabilities', () => ({ mode: d.mode, operations: new Set(d.mode === 'full' ? FULL_OPS : []), model: d.model, family: d.family, firmwareVersion: '1.002', serialNumber: d.serial, tlsVersions: ['1.2', '1.3'] }));
  }
  readIdentity(): Promise<DeviceIdentityReading> {
    return this.#call('readIdentity', () => ({ model: this.device.model, modelCode: 0x4a21, cpuState: 'STOP' as const, linkKind: this.link.kind, linkDescription: this.link.description, virtual: true }));
  }
  logon(userName: string, password: string): Promise<LogonResult> {
    return this.#call('logon', () => {
      const u = this.device.users.find((x) => x.name === userName);
      if (!this.device.authEnabled) throw new FakeDeviceError('CF1B', 'User authentication is off.');
      if (!u || u.password !== password) throw new FakeDeviceError('C810', 'Wrong user name or password.');
      this.#user = { name: u.name, group: u.group };
      return { logonMessage: String(this.device.inEffect.logonMessage?.text ?? ''), mustChangePassword: false, group: u.group, sessionTimeoutMinutes: 10 };
    });
  }
  logoff(): Promise<void> {
    return this.#call('logoff', () => void (this.#user = undefined));
  }
  changeOwnPassword(): Promise<void> {
    return Promise.reject(new Error('not in the fake'));
  }
  readUserAuthentication(): Promise<UserAuthenticationReading> {
    return this.#call('readUserAuthentication', () => {
      this.#admin();
      return { enabled: this.device.authEnabled, groups: structuredClone(this.device.groups), users: this.device.users.map((u) => ({ name: u.name, group: u.group, locked: false })) };
    });
  }
  writeUserInformation(info: UserInformation, passwords: ReadonlyMap<string, string>, options?: WriteOptions): Promise<SettingRejection[]> {
    return this.#call('writeUserInformation', () => {
      this.#admin();
      this.#secret(options, ...passwords.values());
      const admins = info.users.filter((u) => info.groups.find((g) => g.name === u.group)?.kind === 'administrators');
      if (admins.length === 0) throw new FakeDeviceError('CF14', 'The last Administrator cannot be removed.');
      const users = info.users.map((u) => {
        const pw = passwords.get(u.name) ?? this.device.users.find((x) => x.name === u.name)?.password;
        if (pw === undefined) return undefined;
        return { name: u.name, group: u.group, password: pw };
      });
      if (users.some((u) => u === undefined)) return [{ path: 'users', message: 'A new user needs a password.' }];
      this.device.users = users as FakeControllerDevice['users'];
      this.device.groups = structuredClone(info.groups);
      this.device.authEnabled = true;
      return [];
    });
  }
  unlockUser(): Promise<void> {
    return Promise.reject(new Error('not in the fake'));
  }
  readParameters(): Promise<ParameterReading> {
    return this.#call('readParameters', () => {
      this.#admin();
      const d = this.device;
      return { written: structuredClone(d.written), inEffect: structuredClone(d.inEffect), pendingRestart: JSON.stringify(d.written) !== JSON.stringify(d.inEffect) || d.certificate !== d.certificateInEffect };
    });
  }
  writeParameters(blocks: ParameterBlocks): Promise<SettingRejection[]> {
    return this.#call('writeParameters', () => {
      this.#admin();
      if (!this.device.authEnabled) throw new FakeDeviceError('C816', 'Security parameters are written by an Administrator (user authentication first).');
      Object.assign(this.device.written, structuredClone(blocks));
      return [];
    });
  }
  readClock(): Promise<Date> {
    return this.#call('readClock', () => this.device.now());
  }
  writeClock(time: Date): Promise<void> {
    return this.#call('writeClock', () => {
      this.#admin();
      this.device.clockOffsetMs = time.getTime() - Date.now();
    });
  }
  readCertificate(): Promise<DeviceCertificate | null> {
    return this.#call('readCertificate', () => {
      const c = this.device.certificate;
      return c ? { certificatePem: c.pem, fingerprint256: c.fingerprint256, notBefore: c.notBefore, notAfter: c.notAfter, status: 'valid' as const } : null;
    });
  }
  writeCertificate(certificatePem: string, privateKeyPem: string, options?: WriteOptions): Promise<{ fingerprint256: string }> {
    return this.#call('writeCertificate', () => {
      this.#admin();
      this.#secret(options, privateKeyPem);
      if (!certificateMatchesKey(certificatePem, privateKeyPem)) throw new FakeDeviceError('CF22', 'The certificate and private key do not match.');
      const p = parseCertificate(certificatePem);
      this.device.certificate = { pem: certificatePem, fingerprint256: p.fingerprint256, notBefore: p.notBefore.toISOString(), notAfter: p.notAfter.toISOString() };
      return { fingerprint256: p.fingerprint256 };
    });
  }
  deleteCertificate(): Promise<void> {
    return this.#call('deleteCertificate', () => {
      this.#admin();
      this.device.certificate = null;
    });
  }
  readEventHistory(): Promise<{ records: []; total: number }> {
    return this.#call('readEventHistory', () => ({ records: [], total: this.device.events }));
  }
  verifyEventHistory(): Promise<{ ok: boolean }> {
    return this.#call('verifyEventHistory', () => ({ ok: true }));
  }
  clearEventHistory(): Promise<void> {
    return Promise.reject(new Error('not in the fake'));
  }
  createBackup(options: { destination: 'pc' | 'sd-card'; password?: string } & WriteOptions): Promise<{ name: string; file?: Buffer }> {
    return this.#call('createBackup', () => {
      this.#admin();
      if (options.password) this.#secret(options, options.password);
      const file = Buffer.from(JSON.stringify({ fake: 'backup', users: this.device.users.map((u) => u.name) }));
      return { name: 'backup-fake.mxb', ...(options.destination === 'pc' ? { file } : {}) };
    });
  }
  restoreBackup(): Promise<{ restored: string[] }> {
    return Promise.reject(new Error('not in the fake'));
  }
  listSdCardBackups(): Promise<[]> {
    return Promise.resolve([]);
  }
  updateFirmware(): Promise<{ kind: string; version: string }> {
    return Promise.reject(new Error('not in the fake'));
  }
  readVersions(): Promise<{ firmwareVersion: string; addOns: [] }> {
    return this.#call('readVersions', () => ({ firmwareVersion: '1.002', addOns: [] }));
  }
  initializeAll(confirmModel: string): Promise<void> {
    return this.#call('initializeAll', () => {
      this.#admin();
      if (confirmModel !== this.device.model) throw new FakeDeviceError('CF27', 'The model named for confirmation is not this device.');
      this.device.initialize();
      this.drop();
    });
  }
  readDiagnostics(): Promise<Diagnostics> {
    return this.#call('readDiagnostics', () => ({ errors: [], flags: { certificateExpiringSoon: false, certificateExpired: false, pendingRestart: false, bandwidthLimited: false }, operationSetting: 'stop' as const }));
  }
  clearErrors(): Promise<void> {
    return Promise.resolve();
  }
  remoteStop(): Promise<void> {
    return Promise.resolve();
  }
  remoteRun(): Promise<void> {
    return Promise.resolve();
  }
  restart(): Promise<void> {
    return this.#call('restart', () => {
      this.#admin();
      this.device.restart();
      this.drop();
    });
  }
  async close(): Promise<void> {
    await this.link.close();
  }
}

const ipAllowed = (d: FakeControllerDevice, pc: string): boolean => {
  const f = d.inEffect.ipFilter;
  if (!f?.enabled) return true;
  const listed = f.entries.some((e) => addressMatches(pc, e.address));
  return f.mode === 'allow' ? listed : !listed;
};

/** The `connect` factory over the fake: USB always; TCP and TLS through the IP filter and port settings in effect. */
export function fakeConnector(device: FakeControllerDevice, options: { pcAddress?: string } = {}): (e: Endpoint) => Promise<FakeControllerDriver> {
  const pc = options.pcAddress ?? '127.0.0.1';
  return async (e) => {
    if (e.kind === 'usb-socket' || e.kind === 'usb') return new FakeControllerDriver(device, 'usb', 'USB (direct cable) — FAKE controller');
    if (!ipAllowed(device, pc)) throw new LinkError('timeout', `No answer from ${e.host}:${e.port} (filtered).`);
    if (e.kind === 'tcp') {
      const port = device.family === 'MX-R' ? 'port3' : 'port2';
      if (device.inEffect.defaultOpenPorts?.[port]?.['melsoft-tcp'] === 'closed') throw new LinkError('refused', `${e.host}:${e.port} refused the connection.`);
      return new FakeControllerDriver(device, 'ethernet', `tcp://${e.host}:${e.port} — FAKE controller`);
    }
    const c = device.certificateInEffect;
    if (!c) throw new LinkError('tls-failed', 'No certificate in effect.');
    if (c.fingerprint256 !== e.fingerprint256) throw new LinkError('certificate-mismatch', `The device presented ${c.fingerprint256}.`);
    return new FakeControllerDriver(device, 'ethernet-tls', `tls://${e.host}:${e.port} — FAKE controller`);
  };
}

/** Step 12's probes answered from the fake's settings in effect. */
export function fakeProbe(device: FakeControllerDevice, pcAddress = '127.0.0.1'): NetworkProbe {
  return {
    // A default service's nominal port answers as the device has it set (the fake has no sockets); any
    // other port (the TLS listener, the SLMP target) answers.
    async probeTcp(_host, port) {
      if (!ipAllowed(device, pcAddress)) return 'filtered';
      const ethernet = device.family === 'MX-R' ? 'port3' : 'port2';
      const service = (Object.entries(DEFAULT_OPEN_SERVICE_SPECS) as [DefaultOpenService, { nominalPort: number; transport: string }][]).find(([id, spec]) => spec.transport === 'tcp' && spec.nominalPort === port && SERVICES_BY_PORT_KIND.ethernet.includes(id))?.[0];
      if (!service) return 'open';
      const set = device.inEffect.defaultOpenPorts?.[ethernet]?.[service] ?? 'open';
      return set === 'open' ? 'open' : 'closed';
    },
    async tlsHandshake(_h, _p, pin, localAddress) {
      const c = device.certificateInEffect;
      if (!c || !ipAllowed(device, localAddress ?? pcAddress)) return { ok: false, error: 'tls-failed' };
      return c.fingerprint256 === pin ? { ok: true, version: 'TLSv1.3', peerFingerprint256: c.fingerprint256 } : { ok: false, error: 'certificate-mismatch', peerFingerprint256: c.fingerprint256 };
    },
  };
}

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
