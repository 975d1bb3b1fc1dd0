// The composition root of the main process: links, the SLMP client, drivers and the practice devices
// wired into the MainService that both hosts serve. Nothing here decides security; it connects layers.
import { readFileSync } from 'node:fs';
import type { AppInfo, ConnectRequest, ConnectionInfo, DeviceIdentity, MainEvent, UsbListing } from '../ipc/contract';
import { PRACTICE_MODEL_OF } from '../ipc/practice-models';
import type { MainService } from '../ipc/main-service';
import type { KeyValueStore } from '../store/store';
import type { Link } from '../links/link';
import { connectTcp } from '../links/tcp-link';
import { connectVirtualUsb } from '../links/virtual-usb-link';
import { listUsbDevices, openUsbLink } from '../links/usb-discovery';
import { MxControllerDriver } from '../devices/mx-controller/mx-controller-driver';
import { PracticeDevices } from './practice-devices';
import { ServiceError } from './service-error';
import { systemOfModel } from './system-models';

export interface MainServiceOptions {
  host: 'electron' | 'browser';
  store: KeyValueStore;
  dataDir: string;
}

const packageVersion = (): string => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
};

export async function createMainService(options: MainServiceOptions): Promise<MainService> {
  const practice = new PracticeDevices(options.dataDir);
  const listeners = new Set<(event: MainEvent) => void>();
  const emit = (event: MainEvent) => listeners.forEach((l) => l(event));
  let current: { driver: MxControllerDriver; info: ConnectionInfo; closing: boolean } | undefined;

  async function openLink(request: ConnectRequest): Promise<Link> {
    switch (request.via) {
      case 'practice': {
        const expected = PRACTICE_MODEL_OF[request.system];
        if (expected !== request.model) {
          throw new ServiceError('connect-failed', `No practice ${request.system} device is ${request.model}.`);
        }
        const device = await practice.get(request.model);
        emit({ type: 'practice-device', model: request.model, state: 'started' });
        return connectVirtualUsb({ path: device.usbSocketPath, label: `practice ${request.model}` });
      }
      case 'ethernet':
        return connectTcp({ host: request.host, port: request.port, timeoutMs: 5000 });
      case 'usb':
        return openUsbLink(request.deviceId);
    }
  }

  async function disconnect(reason: 'user' | 'link-lost', message?: string): Promise<void> {
    const connection = current;
    if (!connection) return;
    current = undefined;
    connection.closing = true;
    await connection.driver.close().catch(() => undefined);
    emit(message === undefined ? { type: 'connection-closed', reason } : { type: 'connection-closed', reason, message });
  }

  const service: MainService = {
    async appInfo(): Promise<AppInfo> {
      return { version: packageVersion(), host: options.host, platform: process.platform };
    },

    async listUsbDevices(): Promise<UsbListing> {
      return listUsbDevices();
    },

    async connect(request: ConnectRequest): Promise<ConnectionInfo> {
      if (request.system === 'wlan-adapter') {
        throw new ServiceError(
          'connect-failed',
          'The wireless LAN adapter is configured through its web interface; its procedure is not available yet.',
        );
      }
      await disconnect('user');
      let link: Link;
      try {
        link = await openLink(request);
      } catch (error) {
        if (error instanceof ServiceError) throw error;
        throw new ServiceError('connect-failed', (error as Error).message, (error as { code?: string }).code);
      }
      const driver = new MxControllerDriver(link);
      try {
        const identity = await driver.readIdentity();
        if (systemOfModel(identity.model) !== request.system) {
          throw new ServiceError(
            'connect-failed',
            `The connected device is ${identity.model}, which is not a ${request.system === 'mx-r' ? 'MX-R' : 'MX-F'} controller. Choose the system that matches the device.`,
          );
        }
        const connection = { driver, info: { system: request.system, identity }, closing: false };
        current = connection;
        link.onClose((error) => {
          if (current === connection && !connection.closing) void disconnect('link-lost', error?.message);
        });
        return connection.info;
      } catch (error) {
        await driver.close().catch(() => undefined);
        throw error;
      }
    },

    async currentConnection(): Promise<ConnectionInfo | null> {
      return current ? current.info : null;
    },

    async readIdentity(): Promise<DeviceIdentity> {
      if (!current) throw new ServiceError('not-connected', 'No device is connected.');
      return current.driver.readIdentity();
    },

    async disconnect(): Promise<void> {
      await disconnect('user');
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async dispose(): Promise<void> {
      await disconnect('user');
      await practice.stopAll();
      listeners.clear();
    },
  };
  return service;
}
