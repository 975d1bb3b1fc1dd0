// Test harness for the life-cycle tests (commission, visit, renew, dispose): a virtual MXR300-32 with its
// USB cable and TLS listener in its own temporary folder, stopped and removed after the test, plus the
// helpers every such test needs (a free loopback port, private secrets files, the driver over a link).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { startVirtualController } from '../../simulator/start-virtual-controller';
import { openEndpoint, type Endpoint } from '../../devices/endpoint';
import { MxControllerDriver } from '../../devices/mx-controller/mx-controller-driver';
import { TEST_PASSWORDS } from '../../commissioning/engine/testing/engine-fixture';

/** A TCP port free on 127.0.0.1 now (the listener is closed before it is handed out). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** The controller driver over a virtual link, as `mxc` connects. */
export const connectVirtual = async (e: Endpoint): Promise<MxControllerDriver> => new MxControllerDriver(await openEndpoint(e, { virtual: true }));

export interface LifecycleController {
  dir: string;
  usbSocket: string;
  tlsPort: number;
  /** The first test Administrator and its password. */
  admin: string;
  adminPassword: string;
  /** Writes a JSON file in the folder with owner-only rights (as a secrets file must be) and returns its path. */
  write(name: string, value: unknown): string;
}

export async function startLifecycleController(t: TestContext, prefix: string): Promise<LifecycleController> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const usbSocket = join(dir, 'usb.sock');
  const tlsPort = await freePort();
  const running = await startVirtualController({ model: 'MXR300-32', usbSocket, stateDir: join(dir, 'state'), security: { sdCardDir: join(dir, 'sd'), backupKdf: { log2N: 14, r: 8, p: 1 }, tls: { host: '127.0.0.1', port: tlsPort } } });
  t.after(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const [admin, adminPassword] = [...TEST_PASSWORDS.entries()][0]!;
  const write = (name: string, value: unknown): string => {
    const p = join(dir, name);
    writeFileSync(p, JSON.stringify(value));
    chmodSync(p, 0o600);
    return p;
  };
  return { dir, usbSocket, tlsPort, admin, adminPassword, write };
}
