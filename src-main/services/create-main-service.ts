// The composition root of the main process: links, the SLMP client, drivers and the practice devices
// wired into the MainService that both hosts serve. Nothing here decides security; it connects layers.
import { readFileSync } from 'node:fs';
import type { AppInfo, ConnectRequest, ConnectionInfo, DeviceIdentity, MainEvent, UsbListing } from '../ipc/contract';
import type { MainService } from '../ipc/main-service';
import type { KeyValueStore } from '../store/store';
import type { Link } from '../links/link';
import { listUsbDevices } from '../links/usb-discovery';
import { MxControllerDriver } from '../devices/mx-controller/mx-controller-driver';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';
import { AdapterSessionDriver } from '../devices/wlan-adapter/adapter-session-driver';
import { openEndpoint } from '../devices/endpoint';
import { endpointOfRequest, type RequestedEndpoint } from './connect-request';
import { PracticeDevices } from './practice-devices';
import { ServiceError } from './service-error';
import { AppError } from '../messages/app-error';
import { systemOfModel } from './system-models';
import { WizardSessionService, type WizardConnection } from './wizard/wizard-service';
import { DeviceRegistry } from '../commissioning/engine/device-registry';
import { knownDevices } from '../lifecycle/known-devices';
import type { KnownDevice } from '../model/known-device';
import { localAddressTowards } from './wizard/local-address';
import { LifecycleLinks } from './lifecycle/lifecycle-links';
import { VisitService } from './lifecycle/visit-service';
import { DeviceCareService } from './lifecycle/device-care-service';
import { PRACTICE_MODEL_OF } from '../ipc/practice-models';
import type { PracticeModel } from '../ipc/contract';

/** Project choice: this PC's MAC address on the practice adapters' wired side (locally administered). */
export const PRACTICE_PC_MAC = '02:4D:58:43:00:01';

export interface MainServiceOptions {
  host: 'electron' | 'browser';
  store: KeyValueStore;
  dataDir: string;
  /** Tests: faster reconnects after a restart of a practice device. */
  wizardReconnect?: { attempts: number; delayMs: number };
  /** Electron host only: prints HTML to PDF (webContents.printToPDF). */
  renderPdf?: (html: string) => Promise<Buffer>;
  /** Tests: the practice devices to use, so they can see what the service left connected. */
  practiceDevices?: PracticeDevices;
}

interface Connection {
  driver: ControllerSecurityDriver;
  info: ConnectionInfo;
  closing: boolean;
  /** The wizard took the driver over (one cable, one session): its link's close is the wizard's business. */
  handedOver: boolean;
  wizard: Omit<WizardConnection, 'takeDriver'> | undefined;
}

const packageVersion = (): string => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
};

// A commissioned controller (user authentication on) refuses memory reads before a logon (C816) but still
// answers Read Type Name: the connection is made with the CPU state unknown until the wizard logs on.
async function identityBeforeLogon(driver: MxControllerDriver): Promise<DeviceIdentity> {
  try {
    return await driver.readIdentity();
  } catch (error) {
    if ((error as { endCode?: unknown }).endCode !== 0xc816) throw error;
    const typeName = await driver.client.readTypeName();
    const link = driver.link;
    return { model: typeName.model, modelCode: typeName.modelCode, cpuState: 'unknown', linkKind: link.kind, linkDescription: link.description, virtual: link.virtual };
  }
}

export async function createMainService(options: MainServiceOptions): Promise<MainService> {
  const practice = options.practiceDevices ?? new PracticeDevices(options.dataDir);
  const listeners = new Set<(event: MainEvent) => void>();
  const emit = (event: MainEvent) => listeners.forEach((l) => l(event));
  let current: Connection | undefined;
  // connection:open and connection:close run one at a time, in the order asked: two overlapping opens (a
  // double-click) would otherwise both replace `current`, and the link of the first would never be closed.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };

  async function openLink(request: ConnectRequest, at: RequestedEndpoint): Promise<Link> {
    if (request.via === 'practice') emit({ type: 'practice-device', model: request.model, state: 'started' });
    return openEndpoint(at.endpoint, { virtual: at.virtual, ...(at.label ? { label: at.label } : {}), ...(request.via === 'ethernet' ? { timeoutMs: 5000 } : {}) });
  }

  // What the wizard needs to reach the device again after an initialization or a restart.
  async function wizardConnectionOf(request: ConnectRequest, at: RequestedEndpoint, identity: DeviceIdentity): Promise<Omit<WizardConnection, 'takeDriver'> | undefined> {
    const system = request.system === 'mx-f' ? 'mx-f' : 'mx-r';
    const base = { system, model: identity.model, linkKind: identity.linkKind, linkDescription: identity.linkDescription, virtual: identity.virtual } as const;
    if (request.via === 'practice' && request.stock) {
      const device = await practice.get(request.model, { stock: true });
      const { host, slmpPort, tlsPort } = device.stock!;
      // Guide-and-verify: this PC is 127.0.0.1 and has 127.0.0.2 as a second address to see the IP filter refuse.
      return { ...base, endpoint: at.endpoint ?? { kind: 'tcp', host, port: slmpPort }, practiceModel: request.model, tlsEndpoint: () => ({ host, port: tlsPort }), pcAddress: '127.0.0.1', secondAddress: '127.0.0.2', guideAndVerify: true };
    }
    if (request.via === 'practice') {
      const device = await practice.get(request.model);
      const listener = (service: string) => {
        const l = device.controller.listeners.find((x) => x.service === service);
        return l && l.transport === 'tcp' ? { host: l.host === '0.0.0.0' ? '127.0.0.1' : l.host, port: l.port } : undefined;
      };
      // The practice device listens on loopback: this PC reaches its Ethernet side from 127.0.0.1. Step 12
      // probes the services the device announces in its diagnostics (their real, OS-chosen ports).
      return { ...base, endpoint: at.endpoint, practiceModel: request.model, tlsEndpoint: () => listener('slmp-tls'), pcAddress: '127.0.0.1' };
    }
    if (request.via === 'ethernet') {
      const pcAddress = await localAddressTowards(request.host, request.port);
      return { ...base, endpoint: at.endpoint, ...(pcAddress ? { pcAddress } : {}) };
    }
    // A USB device of the bus: its protocol is not public, the engine cannot reopen it by an endpoint.
    return undefined;
  }

  async function disconnect(reason: 'user' | 'link-lost', message?: string): Promise<void> {
    const connection = current;
    if (!connection) return;
    if (reason === 'user') await wizard.dispose();
    current = undefined;
    connection.closing = true;
    await connection.driver.close().catch(() => undefined);
    emit(message === undefined ? { type: 'connection-closed', reason } : { type: 'connection-closed', reason, message });
  }

  const wizard = new WizardSessionService({
    dataDir: options.dataDir,
    store: options.store,
    appVersion: packageVersion(),
    emit,
    ...(options.wizardReconnect ? { reconnect: options.wizardReconnect } : {}),
    ...(options.renderPdf ? { renderPdf: options.renderPdf } : {}),
    connection: async () => {
      const connection = current;
      if (!connection) return undefined;
      if (!connection.wizard)
        throw new ServiceError('not-connected', { id: 'errors.service.guidedNeedsEthernetOrPractice' });
      return {
        ...connection.wizard,
        takeDriver: () => {
          if (connection.handedOver) return undefined;
          connection.handedOver = true;
          return connection.driver;
        },
      };
    },
  });

  /**
   * The wireless LAN adapter: the practice AP or STA through its web interface (HTTPS, certificate pinned).
   * A real adapter's web API is not public: the app does not reach one yet (`mxc commission` drives the practice ones too).
   */
  async function connectAdapter(request: ConnectRequest): Promise<ConnectionInfo> {
    if (request.via !== 'practice') throw new ServiceError('connect-failed', { id: 'errors.service.adapterNotYet' });
    await disconnect('user');
    let driver: AdapterSessionDriver;
    let at: RequestedEndpoint;
    try {
      at = await endpointOfRequest(request, practice);
      emit({ type: 'practice-device', model: request.model, state: 'started' });
      driver = await AdapterSessionDriver.open(at.endpoint);
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      if (error instanceof AppError) throw new ServiceError('connect-failed', { id: error.messageId, params: error.params }, error.code, error.message);
      throw new ServiceError('connect-failed', (error as Error).message, (error as { code?: string }).code);
    }
    const reading = await driver.readIdentity();
    const identity: DeviceIdentity = { ...reading, linkDescription: at.label ?? reading.linkDescription, virtual: true };
    // Project choice: this PC's MAC address towards a practice adapter (its wired-side MAC filter must list
    // it, the self-lockout guard of 4.4.3); a locally administered address, as no real interface carries it.
    const wizardConnection: Omit<WizardConnection, 'takeDriver'> = { system: 'wlan-adapter', model: identity.model, endpoint: at.endpoint, virtual: true, linkKind: identity.linkKind, linkDescription: identity.linkDescription, practiceModel: request.model, pcMac: PRACTICE_PC_MAC, ...(at.adapter ? { adapter: at.adapter } : {}) };
    const session = driver.asSessionDriver();
    current = { driver: session, info: { system: request.system, identity }, closing: false, handedOver: false, wizard: wizardConnection };
    return current.info;
  }

  async function connect(request: ConnectRequest): Promise<ConnectionInfo> {
    if (request.system === 'wlan-adapter') return connectAdapter(request);
    await disconnect('user');
    let link: Link;
    let at: RequestedEndpoint;
    try {
      at = await endpointOfRequest(request, practice);
      link = await openLink(request, at);
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      // A typed error keeps its catalogue headline (and its English specifics); anything else is the generic one.
      if (error instanceof AppError) throw new ServiceError('connect-failed', { id: error.messageId, params: error.params }, error.code, error.message);
      throw new ServiceError('connect-failed', (error as Error).message, (error as { code?: string }).code);
    }
    const driver = new MxControllerDriver(link);
    try {
      const identity = await identityBeforeLogon(driver);
      if (systemOfModel(identity.model) !== request.system) {
        throw new ServiceError('connect-failed', { id: 'errors.service.wrongSystem', params: { model: identity.model, system: request.system === 'mx-r' ? 'MX-R' : 'MX-F' } });
      }
      const connection: Connection = { driver, info: { system: request.system, identity }, closing: false, handedOver: false, wizard: await wizardConnectionOf(request, at, identity) };
      current = connection;
      link.onClose((error) => {
        // Once the wizard owns the link, an initialization or a restart closes it on purpose.
        if (current === connection && !connection.closing && !connection.handedOver) void disconnect('link-lost', error?.message);
      });
      return connection.info;
    } catch (error) {
      await driver.close().catch(() => undefined);
      throw error;
    }
  }

  // One count of the links a visit, renewal, disposal, firmware update, users screen or restoration holds open.
  const lifecycleLinks = new LifecycleLinks((link) => emit({ type: 'lifecycle-link', link }));
  const care = new DeviceCareService({ store: options.store, dataDir: options.dataDir, links: lifecycleLinks });
  const service: MainService = {
    wizard,
    care,
    lifecycle: new VisitService({
      store: options.store,
      dataDir: options.dataDir,
      appVersion: packageVersion(),
      ...(options.renderPdf ? { renderPdf: options.renderPdf } : {}),
      links: lifecycleLinks,
      // The practice controller's virtual USB cable proves its factory state after a disposal.
      verifyEndpoint: async (model) => {
        const system = systemOfModel(model);
        if ((system !== 'mx-r' && system !== 'mx-f') || PRACTICE_MODEL_OF[system] !== model) return undefined;
        return (await endpointOfRequest({ via: 'practice', system, model: model as PracticeModel }, practice)).endpoint;
      },
    }),

    async appInfo(): Promise<AppInfo> {
      return { version: packageVersion(), host: options.host, platform: process.platform };
    },

    async listUsbDevices(): Promise<UsbListing> {
      return listUsbDevices();
    },

    async knownDevices(): Promise<KnownDevice[]> {
      return knownDevices(new DeviceRegistry(options.store), new Date());
    },

    connect(request: ConnectRequest): Promise<ConnectionInfo> {
      return serialized(() => connect(request));
    },

    async currentConnection(): Promise<ConnectionInfo | null> {
      return current ? current.info : null;
    },

    async readIdentity(): Promise<DeviceIdentity> {
      if (!current) throw new ServiceError('not-connected', { id: 'errors.service.noDeviceConnected' });
      // The wizard owns the link now (and may be restarting the device): report what was read at connect.
      if (current.handedOver) return current.info.identity;
      return current.driver.readIdentity();
    },

    disconnect(): Promise<void> {
      return serialized(() => disconnect('user'));
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async dispose(): Promise<void> {
      await care.close();
      await wizard.dispose();
      await serialized(() => disconnect('user'));
      await practice.stopAll();
      listeners.clear();
    },
  };
  return service;
}
