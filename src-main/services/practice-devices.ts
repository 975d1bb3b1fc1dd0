// The built-in practice controllers: virtual devices started in this process on demand and reached
// like a real one, through their virtual USB cable. Their state (users, settings, event history)
// persists under the app's data directory, so a practice session can be resumed like a real one.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PracticeModel } from '../ipc/contract';
import { startVirtualController, type RunningController } from '../simulator/start-virtual-controller';
import { serveEngineeringTool } from '../simulator/engineering-tool-stand-in';
import { uniqueLoopbackAddress } from '../simulator/loopback-address';
import { startVirtualAdapter, type RunningAdapter } from '../simulator/wlan-adapter/virtual-adapter';
import type { Endpoint } from '../devices/endpoint';

export interface PracticeDevice {
  model: PracticeModel;
  usbSocketPath: string;
  controller: RunningController;
  /** A stock practice controller: the SLMP port opened for it and the engineering-tool stand-in's channel. */
  stock?: { host: string; slmpPort: number; tlsPort: number; engineeringToolSocket: string };
}

// Project choice: the stock practice controller has SLMP opened on 1025 (common in published tests, facts)
// and its TLS service on 5443, on an address of its own (127.x.y.z), with its default services on their
// nominal numbers, so the app sees it from the network as it would see a real one.
export const STOCK_PRACTICE_PORTS = { slmp: 1025, tls: 5443 } as const;
/** Where the stock practice controller's engineering-tool stand-in listens (tests play GX Works3 through it). */
export const stockEngineeringToolSocket = (dataDir: string, model: string): string => join(dataDir, 'practice', `${model}-stock`, 'tool.sock');

/**
 * The practice wireless LAN adapters: an access point and a station on one virtual air of their own (Figure
 * 36 commissions the AP, then its counterpart, step 13). Both leave the factory alike (AP mode, factory
 * password); the technician sets the second one to STA mode. Project choice: they live in this process's
 * memory only, factory-fresh at every start of the app (a practice adapter needs no resume across runs:
 * its Figure 36 begins with initializing a reused unit anyway, 4.4.8).
 */
export interface PracticeAdapterPair {
  ap: RunningAdapter;
  sta: RunningAdapter;
}
export type PracticeAdapterRole = keyof PracticeAdapterPair;

/** How the app reaches a practice adapter: its web interface over HTTPS, the certificate pinned. */
export function practiceAdapterEndpoint(adapter: RunningAdapter): Endpoint {
  return { kind: 'tls', host: adapter.web.host, port: adapter.web.port, fingerprint256: adapter.web.fingerprint256 };
}

export class PracticeDevices {
  private readonly running = new Map<string, Promise<PracticeDevice>>();
  private adapters: Promise<PracticeAdapterPair> | undefined;
  private socketDir: string | undefined;

  constructor(private readonly dataDir: string) {}

  /** Starts the model's practice controller once; later calls return the running one. */
  get(model: PracticeModel, options: { stock?: boolean } = {}): Promise<PracticeDevice> {
    const key = options.stock ? `${model}:stock` : model;
    let device = this.running.get(key);
    if (!device) {
      device = options.stock ? this.startStock(model) : this.start(model);
      device.catch(() => this.running.delete(key));
      this.running.set(key, device);
    }
    return device;
  }

  /**
   * A stock practice controller: as a real one leaves the factory, with the SLMP port the technician opens
   * in GX Works3 already open; its settings change only through the engineering-tool stand-in.
   */
  private async startStock(model: PracticeModel): Promise<PracticeDevice> {
    const stateDir = join(this.dataDir, 'practice', `${model}-stock`);
    mkdirSync(stateDir, { recursive: true });
    const usbSocketPath = this.socketPathFor(`${model}-stock`);
    // An address of its own, so the nominal port numbers are free; another one if taken (bounded).
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const host = uniqueLoopbackAddress();
      try {
        const controller = await startVirtualController({
          model,
          host,
          slmpPort: STOCK_PRACTICE_PORTS.slmp,
          usbSocket: usbSocketPath,
          stateDir,
          stock: { host, tls: { host, port: STOCK_PRACTICE_PORTS.tls }, defaultPortsAtNominal: true, sdCardDir: join(stateDir, 'sd-card') },
        });
        const engineeringToolSocket = stockEngineeringToolSocket(this.dataDir, model);
        const channel = await serveEngineeringTool(controller.engineeringTool!, engineeringToolSocket);
        controller.controller.onStop(() => void channel.close());
        return { model, usbSocketPath, controller, stock: { host, slmpPort: STOCK_PRACTICE_PORTS.slmp, tlsPort: STOCK_PRACTICE_PORTS.tls, engineeringToolSocket } };
      } catch (error) {
        lastError = error;
        if ((error as { code?: string }).code !== 'SIM_LISTENER_IN_USE') throw error;
      }
    }
    throw lastError;
  }

  /** Starts the practice AP and STA once (the STA on the AP's air); later calls return the running pair. */
  adapterPair(): Promise<PracticeAdapterPair> {
    if (!this.adapters) {
      const pair = (async () => {
        const ap = await startVirtualAdapter({ host: '127.0.0.1' });
        try {
          return { ap, sta: await startVirtualAdapter({ host: '127.0.0.1', airPort: ap.airPort }) };
        } catch (error) {
          await ap.stop();
          throw error;
        }
      })();
      pair.catch(() => (this.adapters = undefined));
      this.adapters = pair;
    }
    return this.adapters;
  }

  async stopAll(): Promise<void> {
    const devices = [...this.running.values()];
    this.running.clear();
    const adapters = this.adapters;
    this.adapters = undefined;
    await Promise.allSettled([
      ...devices.map(async (d) => (await d).controller.stop()),
      // The station first: the air it uses is the AP's.
      ...(adapters ? [adapters.then(async (p) => (await p.sta.stop(), await p.ap.stop()))] : []),
    ]);
    if (this.socketDir) rmSync(this.socketDir, { recursive: true, force: true });
  }

  private async start(model: PracticeModel): Promise<PracticeDevice> {
    const stateDir = join(this.dataDir, 'practice', model);
    mkdirSync(stateDir, { recursive: true });
    const usbSocketPath = this.socketPathFor(model);
    const controller = await startVirtualController({
      model,
      host: '127.0.0.1',
      slmpPort: 0,
      usbSocket: usbSocketPath,
      stateDir,
      // A practice device enforces the guideline's security functions like the real one, with its
      // SD memory card as a folder beside its state; TLS opens once a certificate is in effect.
      security: { sdCardDir: join(stateDir, 'sd-card'), tls: { host: '127.0.0.1', port: 0 } },
    });
    return { model, usbSocketPath, controller };
  }

  // Unix socket paths are limited to ~104 bytes, so they live in a short temporary folder rather than
  // under the (possibly long) data directory.
  private socketPathFor(model: string): string {
    const name = `${model}-${randomBytes(4).toString('hex')}`;
    if (process.platform === 'win32') return `\\\\.\\pipe\\mxc-${name}`;
    this.socketDir ??= mkdtempSync(join(tmpdir(), 'mxc-'));
    return join(this.socketDir, `${name}.sock`);
  }
}
