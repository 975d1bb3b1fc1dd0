// Test support: a FAKE of the `usb` package (v3), because this machine has no USB bus. It copies the
// names and shapes of node_modules/usb/index.d.ts and dist/index.js — `usb.getDevices()`, UsbDevice
// with open/close/selectConfiguration/claimInterface/releaseInterface, `configuration.interfaces[]
// .alternate.endpoints[]`, transferIn/transferOut results `{ data: DataView, status }` /
// `{ bytesWritten, status }` built on nativeTransferIn/nativeTransferOut — and the error texts of its
// Rust core (nusb): "transfer was cancelled" when a read times out, "device disconnected" on unplug.
import type { UsbDeviceLike, UsbEndpointLike, UsbInterfaceLike, UsbModuleLike } from '../usb-module';

export class FakeUsbDevice implements UsbDeviceLike {
  readonly bus: string;
  readonly address: number;
  readonly ports: number[];
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string | null;
  readonly manufacturerName: string | null;
  readonly serialNumber: string | null;
  readonly configurations: Array<{ configurationValue: number; interfaces: UsbInterfaceLike[] }>;
  #opened = false;
  #configured = false;
  #unplugged = false;
  /** What the device's firmware answers to bytes written to its OUT endpoint. */
  respond: (written: Uint8Array) => Uint8Array | undefined;
  readonly #pendingIn: Uint8Array[] = [];
  readonly #readers: Array<{ resolve: (d: Uint8Array | null) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }> = [];
  readonly written: Uint8Array[] = [];

  constructor(options: {
    vendorId: number;
    productId: number;
    address?: number;
    productName?: string | null;
    serialNumber?: string | null;
    interfaces?: UsbInterfaceLike[];
    respond?: (written: Uint8Array) => Uint8Array | undefined;
  }) {
    this.vendorId = options.vendorId;
    this.productId = options.productId;
    this.bus = '1';
    this.address = options.address ?? 7;
    this.ports = [2];
    this.productName = options.productName === undefined ? 'MELSEC MX' : options.productName;
    this.manufacturerName = 'Mitsubishi Electric Corp.';
    this.serialNumber = options.serialNumber === undefined ? 'SN0001' : options.serialNumber;
    this.configurations = [{ configurationValue: 1, interfaces: options.interfaces ?? [bulkInterface(0)] }];
    this.respond = options.respond ?? ((w) => w);
  }

  get opened(): boolean {
    return this.#opened;
  }
  get configuration() {
    return this.#configured ? this.configurations[0] : undefined;
  }

  async open(): Promise<void> {
    this.#alive();
    this.#opened = true;
  }
  async close(): Promise<void> {
    this.#opened = false;
    for (const r of this.#readers.splice(0)) {
      clearTimeout(r.timer);
      r.reject(new Error('transfer was cancelled'));
    }
  }
  async selectConfiguration(value: number): Promise<void> {
    this.#alive();
    if (value !== 1) throw new Error('invalid or unsupported argument');
    this.#configured = true;
  }
  async claimInterface(n: number): Promise<void> {
    this.#ready();
    const iface = this.configurations[0]!.interfaces.find((i) => i.interfaceNumber === n);
    if (!iface) throw new Error('interface not found');
    iface.claimed = true;
  }
  async releaseInterface(n: number): Promise<void> {
    this.#ready();
    const iface = this.configurations[0]!.interfaces.find((i) => i.interfaceNumber === n);
    if (iface) iface.claimed = false;
  }

  // As dist/index.js defines them on UsbDevice.prototype, over the native calls.
  async transferIn(endpointNumber: number, length: number, timeout = 1000) {
    const res = await this.nativeTransferIn(endpointNumber, timeout, length);
    return { data: res ? new DataView(res.buffer, res.byteOffset, res.byteLength) : undefined, status: res ? ('ok' as const) : ('stall' as const) };
  }
  async transferOut(endpointNumber: number, data: Uint8Array, timeout = 1000) {
    const res = await this.nativeTransferOut(endpointNumber, timeout, data);
    return { bytesWritten: res, status: res >= 0 ? ('ok' as const) : ('stall' as const) };
  }

  nativeTransferIn(endpointNumber: number, timeout: number, length: number): Promise<Uint8Array | null> {
    this.#ready();
    this.#endpoint(endpointNumber, 'in');
    const queued = this.#pendingIn.shift();
    if (queued) return Promise.resolve(queued.subarray(0, length));
    return new Promise((resolve, reject) => {
      const reader = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#readers.splice(this.#readers.indexOf(reader), 1);
          reject(new Error('transfer was cancelled'));
        }, timeout),
      };
      this.#readers.push(reader);
    });
  }
  async nativeTransferOut(endpointNumber: number, _timeout: number, data: Uint8Array): Promise<number> {
    this.#ready();
    this.#endpoint(endpointNumber, 'out');
    this.written.push(Uint8Array.from(data));
    const answer = this.respond(data);
    if (answer && answer.length > 0) this.#deliver(Uint8Array.from(answer));
    return data.length;
  }

  /** Pulls the cable: pending and later transfers fail as nusb reports it. */
  unplug(): void {
    this.#unplugged = true;
    for (const r of this.#readers.splice(0)) {
      clearTimeout(r.timer);
      r.reject(new Error('device disconnected'));
    }
  }

  #deliver(data: Uint8Array): void {
    const reader = this.#readers.shift();
    if (!reader) return void this.#pendingIn.push(data);
    clearTimeout(reader.timer);
    reader.resolve(data);
  }
  #alive(): void {
    if (this.#unplugged) throw new Error('device disconnected');
  }
  #ready(): void {
    this.#alive();
    if (!this.#opened) throw new Error('device not opened');
  }
  #endpoint(n: number, direction: 'in' | 'out'): UsbEndpointLike {
    for (const iface of this.configurations[0]!.interfaces) {
      const ep = iface.alternate.endpoints.find((e) => e.endpointNumber === n && e.direction === direction);
      if (ep) {
        if (!iface.claimed) throw new Error('interface not claimed');
        return ep;
      }
    }
    throw new Error('endpoint not found');
  }
}

// Endpoint numbers are unique per device, as on real hardware.
export function bulkInterface(interfaceNumber: number, types: { in?: UsbEndpointLike['type']; out?: UsbEndpointLike['type'] } = {}): UsbInterfaceLike {
  const alternate = {
    alternateSetting: 0,
    interfaceClass: 0xff,
    endpoints: [
      { endpointNumber: interfaceNumber * 2 + 1, direction: 'in' as const, type: types.in ?? ('bulk' as const), packetSize: 512 },
      { endpointNumber: interfaceNumber * 2 + 2, direction: 'out' as const, type: types.out ?? ('bulk' as const), packetSize: 512 },
    ],
  };
  return { interfaceNumber, claimed: false, alternate };
}

/** A fake `usb` module exposing the given devices through `usb.getDevices()`. */
export function fakeUsbModule(devices: FakeUsbDevice[]): () => Promise<UsbModuleLike> {
  return async () => ({ usb: { getDevices: async () => [...devices] } });
}
