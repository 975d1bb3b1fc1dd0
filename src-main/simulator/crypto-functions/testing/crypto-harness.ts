// Test support: a virtual controller with the real access-control security and the crypto functions of
// this folder, a ManualScheduler (tests move the device clock and call tick(), nothing waits real minutes),
// the low-cost scrypt for backups, and clients over plain TCP or TLS (the other engineer's SecurityClient).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import tls from 'node:tls';
import type { ScryptParams } from '../../../crypto/backup-file';
import type { ControllerSecurity } from '../../controller-security';
import type { EventRecord } from '../../security/event-history';
import { installAccessControl } from '../../security-commands/index';
import { SecurityClient, connectSecurityClient } from '../../testing/security-client';
import { VirtualController } from '../../virtual-controller';
import { installCryptoFunctions } from '../index';
import { ManualScheduler } from '../scheduler';
import { TLS_SERVICE } from '../tls-listener';

/** The floor backup-file.ts accepts (2^14): about 20 ms per derivation instead of 0.5 s. */
export const TEST_BACKUP_KDF: ScryptParams = { log2N: 14, r: 8, p: 1 };

/** Node passes `localAddress` on to the TCP connect (tests play other hosts with 127.0.0.x). */
export type TlsClientOptions = tls.ConnectionOptions & { localAddress?: string };

export interface CryptoHarnessOptions {
  model?: string;
  stateDir: string;
  sdCardDir?: string;
}

export interface CryptoHarness {
  readonly controller: VirtualController;
  readonly security: ControllerSecurity;
  readonly scheduler: ManualScheduler;
  connect(): Promise<SecurityClient>;
  /** SLMP over TLS; rejects with the client's TLS error when the handshake fails. */
  connectTls(options?: TlsClientOptions): Promise<SecurityClient>;
  tlsPort(): number | undefined;
  /** Writes parameter blocks as 7E03 would (merged into the written ones), without restarting. */
  writeBlocks(blocks: Record<string, unknown>): void;
  restart(): Promise<void>;
  events(name?: string): EventRecord[];
  stop(): Promise<void>;
}

export async function startCryptoHarness(options: CryptoHarnessOptions): Promise<CryptoHarness> {
  const controller = new VirtualController({
    model: options.model ?? 'MXR300-32',
    stateDir: options.stateDir,
    listeners: [{ service: 'slmp', transport: 'tcp', host: '127.0.0.1', port: 0 }],
  });
  const security = installAccessControl(controller, options.sdCardDir !== undefined ? { sdCardDir: options.sdCardDir } : {});
  const scheduler = new ManualScheduler();
  installCryptoFunctions(security, { scheduler, backup: { kdf: TEST_BACKUP_KDF } });
  await controller.start();
  const clients: SecurityClient[] = [];
  const track = (c: SecurityClient): SecurityClient => {
    clients.push(c);
    return c;
  };
  const tlsPort = (): number | undefined => {
    const l = controller.listeners.list().find((x) => x.service === TLS_SERVICE);
    return l?.transport === 'tcp' ? l.port : undefined;
  };
  return {
    controller,
    security,
    scheduler,
    async connect() {
      const l = controller.listeners.list().find((x) => x.service === 'slmp');
      if (l?.transport !== 'tcp') throw new Error('the plain SLMP service is closed');
      return track(await connectSecurityClient({ port: l.port }));
    },
    connectTls(tlsOptions = {}) {
      const port = tlsPort();
      if (port === undefined) return Promise.reject(new Error('the TLS service is closed'));
      return new Promise((resolve, reject) => {
        const socket = tls.connect({ host: '127.0.0.1', port, ...tlsOptions });
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new Error('TLS connect timed out'));
        }, 3000);
        socket.once('secureConnect', () => {
          clearTimeout(timer);
          socket.removeAllListeners('error');
          resolve(track(new SecurityClient(socket, 3000)));
        });
        socket.once('error', (e) => {
          clearTimeout(timer);
          socket.destroy();
          reject(e);
        });
      });
    },
    tlsPort,
    writeBlocks(blocks) {
      security.writeBlocks({ ...security.writtenBlocks(), ...blocks });
    },
    restart: () => controller.restart(),
    events(name) {
      const records = security.history.read().records;
      return name === undefined ? [...records] : records.filter((r) => r.name === name);
    },
    async stop() {
      for (const c of clients) c.close();
      await controller.stop();
    },
  };
}

export interface TestHarnesses {
  /** Starts a harness on a new state directory, or on `stateDir` (a process restart on the same state). */
  (model?: string, stateDir?: string): Promise<CryptoHarness>;
  /** A new state directory path under the file's temporary root (not created yet). */
  folder(): string;
}

/**
 * A test file's harnesses under one temporary root: every one started is stopped (unless the test stopped
 * it) and the root removed when the file's tests end.
 */
export function cryptoHarnessesForTests(prefix: string): TestHarnesses {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const running: CryptoHarness[] = [];
  after(async () => {
    for (const h of running) if (!h.controller.isStopped) await h.stop();
    rmSync(root, { recursive: true, force: true });
  });
  let n = 0;
  const folder = (): string => join(root, `c${++n}`);
  const start = async (model?: string, stateDir: string = folder()): Promise<CryptoHarness> => {
    const h = await startCryptoHarness({ stateDir, ...(model !== undefined && { model }) });
    running.push(h);
    return h;
  };
  return Object.assign(start, { folder });
}
