// The built-in practice controllers: virtual devices started in this process on demand and reached
// like a real one, through their virtual USB cable. Their state (users, settings, event history)
// persists under the app's data directory, so a practice session can be resumed like a real one.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PracticeModel } from '../ipc/contract';
import { startVirtualController, type RunningController } from '../simulator/start-virtual-controller';

export interface PracticeDevice {
  model: PracticeModel;
  usbSocketPath: string;
  controller: RunningController;
}

export class PracticeDevices {
  private readonly running = new Map<PracticeModel, Promise<PracticeDevice>>();
  private socketDir: string | undefined;

  constructor(private readonly dataDir: string) {}

  /** Starts the model's practice controller once; later calls return the running one. */
  get(model: PracticeModel): Promise<PracticeDevice> {
    let device = this.running.get(model);
    if (!device) {
      device = this.start(model);
      device.catch(() => this.running.delete(model));
      this.running.set(model, device);
    }
    return device;
  }

  async stopAll(): Promise<void> {
    const devices = [...this.running.values()];
    this.running.clear();
    await Promise.allSettled(devices.map(async (d) => (await d).controller.stop()));
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
  private socketPathFor(model: PracticeModel): string {
    const name = `${model}-${randomBytes(4).toString('hex')}`;
    if (process.platform === 'win32') return `\\\\.\\pipe\\mxc-${name}`;
    this.socketDir ??= mkdtempSync(join(tmpdir(), 'mxc-'));
    return join(this.socketDir, `${name}.sock`);
  }
}
