// A real USB cable to a Mitsubishi Electric device: carries the same frames as the Ethernet link over the
// first interface that has a bulk IN and a bulk OUT endpoint. The engineering tool's USB protocol is not
// public, so whether a real controller answers these frames is unknown, and the link says so in its
// description; the practice devices use the virtual USB link instead.
import type { Link } from './link';
import { LinkError } from './link-error';
import { LinkEvents } from './link-events';
import { deviceLabel, findMitsubishiDevices } from './usb-devices';
import { loadUsbModule, type UsbDeviceLike, type UsbEndpointLike, type UsbModuleLoader } from './usb-module';

// Project choice: one bulk read waits this long before it is re-issued; it bounds how long close() waits.
export const USB_READ_TIMEOUT_MS = 1000;
// Project choice: a frame write that takes longer than this means the device is not taking data.
export const USB_WRITE_TIMEOUT_MS = 5000;

export interface UsbLink extends Link {
  readonly kind: 'usb';
  readonly note: 'protocol-not-public';
}

export interface OpenUsbOptions {
  loadUsb?: UsbModuleLoader;
  readTimeoutMs?: number;
  writeTimeoutMs?: number;
}

export async function openUsbLink(id: string, options: OpenUsbOptions = {}): Promise<UsbLink> {
  let devices: UsbDeviceLike[];
  try {
    devices = await (await (options.loadUsb ?? loadUsbModule)()).usb.getDevices();
  } catch (error) {
    throw new LinkError('usb-unavailable', 'USB is not available on this computer. Use Ethernet, or check the USB driver.', { cause: error });
  }
  const found = findMitsubishiDevices(devices).find((d) => d.id === id);
  if (!found) {
    throw new LinkError('usb-not-found', 'The USB device is no longer connected. Check the cable, then list the USB devices again.');
  }
  const device = found.device;
  const label = deviceLabel(device);
  try {
    await device.open();
    if (!device.configuration) await device.selectConfiguration(1);
  } catch (error) {
    throw openError(error, label);
  }
  const choice = findBulkInterface(device);
  if (!choice) {
    await device.close().catch(() => {});
    throw new LinkError(
      'usb-no-bulk-interface',
      `${label} offers no bulk data interface this app can use. Its USB protocol is not public: use Ethernet, or the engineering tool over USB.`,
    );
  }
  try {
    await device.claimInterface(choice.interfaceNumber);
  } catch (error) {
    await device.close().catch(() => {});
    throw openError(error, label);
  }
  return new BulkUsbLink(device, label, choice, options.readTimeoutMs ?? USB_READ_TIMEOUT_MS, options.writeTimeoutMs ?? USB_WRITE_TIMEOUT_MS);
}

interface BulkChoice {
  interfaceNumber: number;
  in: UsbEndpointLike;
  out: UsbEndpointLike;
}

function findBulkInterface(device: UsbDeviceLike): BulkChoice | undefined {
  for (const iface of device.configuration?.interfaces ?? []) {
    const endpoints = iface.alternate.endpoints;
    const bulkIn = endpoints.find((e) => e.type === 'bulk' && e.direction === 'in');
    const bulkOut = endpoints.find((e) => e.type === 'bulk' && e.direction === 'out');
    if (bulkIn && bulkOut) return { interfaceNumber: iface.interfaceNumber, in: bulkIn, out: bulkOut };
  }
  return undefined;
}

function openError(error: unknown, label: string): LinkError {
  const text = error instanceof Error ? error.message : String(error);
  if (/permission|access|denied|busy/i.test(text)) {
    return new LinkError(
      'usb-access-denied',
      `This computer may not open ${label}: another program (the engineering tool?) holds it, or the user lacks USB permission ` +
        '(Linux: a udev rule for vendor 06d3; Windows: the WinUSB driver). Close the other program or fix the permission, then retry.',
      { cause: error },
    );
  }
  return disconnectedError(label, error);
}

function disconnectedError(label: string, cause?: unknown): LinkError {
  return new LinkError('usb-disconnected', `${label} stopped responding on USB; the cable may have been unplugged. Reconnect it and connect again.`, cause === undefined ? undefined : { cause });
}

// nusb reports an expired read as a cancelled transfer: that only means "no data yet".
function isIdleTimeout(error: unknown): boolean {
  return error instanceof Error && /timed? ?out|cancel/i.test(error.message);
}

class BulkUsbLink implements UsbLink {
  readonly kind = 'usb' as const;
  readonly virtual = false;
  readonly note = 'protocol-not-public' as const;
  readonly description: string;
  readonly #device: UsbDeviceLike;
  readonly #label: string;
  readonly #bulk: BulkChoice;
  readonly #readTimeoutMs: number;
  readonly #writeTimeoutMs: number;
  readonly #events: LinkEvents;
  #stopping = false;
  #shutdownDone: Promise<void> | undefined;

  constructor(device: UsbDeviceLike, label: string, bulk: BulkChoice, readTimeoutMs: number, writeTimeoutMs: number) {
    this.#device = device;
    this.#label = label;
    this.#bulk = bulk;
    this.#readTimeoutMs = readTimeoutMs;
    this.#writeTimeoutMs = writeTimeoutMs;
    this.description = `USB (direct cable) — ${label} — USB protocol of the real controller is not public; frames are sent as on Ethernet`;
    this.#events = new LinkEvents(() => void this.#shutdown(new LinkError('closed', `${label} sent data nobody asked for; the link was closed.`)));
    void this.#read();
  }

  get closed(): boolean {
    return this.#events.closed || this.#stopping;
  }

  async write(data: Uint8Array): Promise<void> {
    if (this.closed) throw new LinkError('closed', `The USB connection to ${this.#label} is closed. Connect again to continue.`);
    let result;
    try {
      result = await this.#device.transferOut(this.#bulk.out.endpointNumber, data, this.#writeTimeoutMs);
    } catch (error) {
      const linkError = disconnectedError(this.#label, error);
      void this.#shutdown(linkError);
      throw linkError;
    }
    if (result.status !== 'ok' || result.bytesWritten !== data.length) {
      const linkError = disconnectedError(this.#label);
      void this.#shutdown(linkError);
      throw linkError;
    }
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.#events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.#events.onClose(listener);
  }

  async close(): Promise<void> {
    await this.#shutdown(undefined);
  }

  async #read(): Promise<void> {
    // Project choice: read 64 packets at a time so a frame longer than one packet arrives in one transfer.
    const length = Math.max(this.#bulk.in.packetSize, 64) * 64;
    while (!this.#stopping) {
      try {
        const result = await this.#device.transferIn(this.#bulk.in.endpointNumber, length, this.#readTimeoutMs);
        if (this.#stopping) return;
        if (result.status !== 'ok') throw new Error(`transfer status ${result.status}`);
        const view = result.data;
        if (view && view.byteLength > 0) {
          this.#events.emitData(Buffer.from(view.buffer, view.byteOffset, view.byteLength));
        }
      } catch (error) {
        if (this.#stopping) return;
        if (isIdleTimeout(error)) continue;
        void this.#shutdown(disconnectedError(this.#label, error));
        return;
      }
    }
  }

  #shutdown(error: LinkError | undefined): Promise<void> {
    this.#shutdownDone ??= this.#stop(error);
    return this.#shutdownDone;
  }

  async #stop(error: LinkError | undefined): Promise<void> {
    this.#stopping = true;
    // Released and closed best-effort: after an unplug the device handle is already gone. Closing the
    // device also ends the pending bulk read, so the read loop stops without waiting for its timeout.
    await this.#device.releaseInterface(this.#bulk.interfaceNumber).catch(() => {});
    await this.#device.close().catch(() => {});
    this.#events.emitClose(error);
  }
}
