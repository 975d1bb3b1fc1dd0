// Starts a virtual MX controller in-process with its security functions, reachable over real sockets:
// SLMP over TCP on 127.0.0.1 (port 0) and the virtual USB cable (a Unix socket in a temporary folder).
// Tests reach it only through links and the driver, exactly as the app does; they never call into it.
import type { Scheduler } from '../../../simulator/crypto-functions/scheduler';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { startVirtualController, type RunningController } from '../../../simulator/start-virtual-controller';
import { connectTcp } from '../../../links/tcp-link';
import { connectTls } from '../../../links/tls-link';
import { connectVirtualUsb } from '../../../links/virtual-usb-link';
import { MxControllerDriver } from '../mx-controller-driver';
import type { UserInformation } from '../../../model/security-settings';

export interface VirtualControllerFixture {
  readonly running: RunningController;
  readonly model: string;
  /** The folder that is the virtual SD memory card (to check where the device saved something). */
  readonly sdCardDir: string;
  /** Date.now() when the controller started (its periodic checks count from there). */
  readonly startedAt: number;
  /** A driver over the virtual USB cable (procedure A: secrets allowed). Closed when the test ends. */
  usb(): Promise<MxControllerDriver>;
  /** A driver over plain TCP. */
  tcp(options?: { localAddress?: string }): Promise<MxControllerDriver>;
  /** A driver over TLS pinned to `fingerprint256` (the SLMP-over-TLS service must be open). */
  tls(fingerprint256: string): Promise<MxControllerDriver>;
  /** The port of a TCP service ("slmp", "slmp-tls", ...) as the controller announces it now. */
  portOf(service: string): number | undefined;
}

export interface FixtureOptions {
  /** Drives the device's periodic checks (certificate validity, automatic backup) instead of real timers. */
  scheduler?: Scheduler;
}

export async function startFixture(t: TestContext, model = 'MXR300-32', options: FixtureOptions = {}): Promise<VirtualControllerFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-driver-'));
  const usbSocket = join(dir, 'usb.sock');
  const sdCardDir = join(dir, 'sd-card');
  const startedAt = Date.now();
  // The backup encryption cost at backup-file.ts's floor (2^14): tests make dozens of backups.
  const running = await startVirtualController({ model, usbSocket, stateDir: join(dir, 'state'), security: { sdCardDir, backupKdf: { log2N: 14, r: 8, p: 1 }, ...(options.scheduler ? { scheduler: options.scheduler } : {}) } });
  const drivers: MxControllerDriver[] = [];
  t.after(async () => {
    for (const d of drivers) await d.close().catch(() => undefined);
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const keep = (d: MxControllerDriver): MxControllerDriver => (drivers.push(d), d);
  const portOf = (service: string): number | undefined => {
    const l = running.listeners.find((x) => x.service === service);
    return l && l.transport === 'tcp' ? l.port : undefined;
  };
  return {
    running,
    model,
    sdCardDir,
    startedAt,
    usb: async () => keep(new MxControllerDriver(await connectVirtualUsb({ path: usbSocket, label: `practice ${model}` }))),
    tcp: async (options = {}) =>
      keep(new MxControllerDriver(await connectTcp({ host: '127.0.0.1', port: portOf('slmp')!, virtual: true, ...(options.localAddress ? { localAddress: options.localAddress } : {}) }))),
    tls: async (fingerprint256) => {
      const port = portOf('slmp-tls');
      if (port === undefined) throw new Error('The virtual controller has no SLMP-over-TLS service open.');
      return keep(new MxControllerDriver(await connectTls({ host: '127.0.0.1', port, pinnedFingerprint256: fingerprint256, virtual: true })));
    },
    portOf,
  };
}

export const ADMIN = { name: 'admin', password: 'Kx7-Plant-Secure' } as const;
export const VIEWER = { name: 'viewer', password: 'Vw9-Look-Only' } as const;
/** A second Users-group member, the one the lockout tests lock out. */
export const OPERATOR = { name: 'operator', password: 'Op4-Shift-Early' } as const;

/** Users for the tests: one Administrator and one member of the fixed Users group (viewing only, Table 11). */
export const TEST_USERS: UserInformation = {
  groups: [
    { name: 'Administrators', kind: 'administrators', authorities: ['file-read', 'file-write', 'memory-access', 'device-read', 'device-write', 'diagnosis', 'remote-operation', 'update'] },
    { name: 'Users', kind: 'users', authorities: ['file-read', 'device-read'] },
  ],
  users: [
    { name: ADMIN.name, group: 'Administrators' },
    { name: VIEWER.name, group: 'Users' },
    { name: OPERATOR.name, group: 'Users' },
  ],
};
export const TEST_PASSWORDS: ReadonlyMap<string, string> = new Map([
  [ADMIN.name, ADMIN.password],
  [VIEWER.name, VIEWER.password],
  [OPERATOR.name, OPERATOR.password],
]);

/** Over the USB cable: writes the test users (turning user authentication on) and logs on as admin. */
export async function commissionUsers(fixture: VirtualControllerFixture): Promise<MxControllerDriver> {
  const driver = await fixture.usb();
  const rejected = await driver.writeUserInformation(TEST_USERS, TEST_PASSWORDS);
  if (rejected.length > 0) throw new Error(`the device rejected the test users: ${JSON.stringify(rejected)}`);
  await driver.logon(ADMIN.name, ADMIN.password);
  return driver;
}
