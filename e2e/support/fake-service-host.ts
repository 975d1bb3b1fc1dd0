// Development aid only (never used by the e2e journeys, which run the real service): serves the built
// renderer through the real browser host over a fake MainService, so screens can be worked on before
// or without the device stack. Run: node --import tsx e2e/support/fake-service-host.ts [--json]
import { join } from 'node:path';
import type { DeviceIdentity, MainEvent } from '../../src-main/ipc/contract';
import type { MainService } from '../../src-main/ipc/main-service';
import { startBrowserHost } from '../../src-main/host/browser-host';
import { noSessionWizard } from '../../src-main/services/wizard/testing/no-session-wizard';
import { repoRoot } from './host-process';

const listeners = new Set<(event: MainEvent) => void>();
let connected: DeviceIdentity | undefined;

const service: MainService = {
  wizard: noSessionWizard(),
    lifecycle: { visitPlan: async () => { throw new Error('no device'); }, runVisit: async () => { throw new Error('no device'); }, renewCertificate: async () => { throw new Error('no device'); }, dispose: async () => { throw new Error('no device'); }, exportVisit: async () => { throw new Error('no visit'); }, exportDisposal: async () => { throw new Error('no disposal'); }, observeRealAdapter: async () => { throw new Error('no adapter'); } },
    care: { updateFirmware: async () => { throw new Error('no device'); }, openUsers: async () => { throw new Error('no device'); }, addUser: async () => { throw new Error('no device'); }, removeUser: async () => { throw new Error('no device'); }, unlockUser: async () => { throw new Error('no device'); }, changeOwnPassword: async () => { throw new Error('no device'); }, closeUsers: async () => undefined, restore: async () => { throw new Error('no device'); }, close: async () => undefined },
  appInfo: async () => ({ version: '0.0.0-fake', host: 'browser', platform: process.platform }),
  listUsbDevices: async () => ({ busAvailable: false, devices: [], note: 'no-usb-bus' }),
  knownDevices: async () => [],
  async connect(request) {
    await new Promise((r) => setTimeout(r, 300));
    if (request.via !== 'practice') {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    }
    connected = {
      model: request.model,
      modelCode: request.model === 'MXR300-32' ? 0x4a21 : 0x4b10,
      cpuState: 'STOP',
      linkKind: 'usb',
      linkDescription: `USB (direct cable) — practice ${request.model}`,
      virtual: true,
    };
    return { system: request.system, identity: connected };
  },
  async currentConnection() {
    return null;
  },
  async readIdentity() {
    if (!connected) throw Object.assign(new Error('No device is connected.'), { code: 'not-connected' });
    return connected;
  },
  async disconnect() {
    connected = undefined;
  },
  onEvent(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  dispose: async () => undefined,
};

const host = await startBrowserHost({ service, rendererDir: join(repoRoot, 'build/renderer') });
console.log(process.argv.includes('--json') ? JSON.stringify({ event: 'host-ready', url: host.url, port: host.port }) : host.url);
const stop = () => void host.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
