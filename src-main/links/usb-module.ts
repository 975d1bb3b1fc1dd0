// The part of the `usb` package (v3, WebUSB-like API over a Rust core) that the app uses, as structural
// types, and its lazy loader. Lazy because the native addon may be missing or unloadable on a given
// machine, and the app must still start; injectable because this machine has no USB bus, so tests use a
// fake with these exact names and shapes (see node_modules/usb/index.d.ts and dist/index.js).

export interface UsbEndpointLike {
  endpointNumber: number;
  direction: 'in' | 'out';
  type: 'bulk' | 'interrupt' | 'isochronous';
  packetSize: number;
}

export interface UsbInterfaceLike {
  interfaceNumber: number;
  claimed: boolean;
  alternate: { alternateSetting: number; interfaceClass: number; endpoints: UsbEndpointLike[] };
}

export interface UsbInTransferResultLike {
  data?: DataView | undefined;
  status: 'ok' | 'stall' | 'babble';
}

export interface UsbOutTransferResultLike {
  bytesWritten: number;
  status: 'ok' | 'stall';
}

export interface UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly bus: string;
  readonly address: number;
  readonly productName: string | null | undefined;
  readonly manufacturerName: string | null | undefined;
  readonly serialNumber: string | null | undefined;
  readonly opened: boolean;
  readonly configuration: { configurationValue: number; interfaces: UsbInterfaceLike[] } | null | undefined;
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(configurationValue: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  transferIn(endpointNumber: number, length: number, timeout?: number): Promise<UsbInTransferResultLike>;
  transferOut(endpointNumber: number, data: Uint8Array, timeout?: number): Promise<UsbOutTransferResultLike>;
}

/** What `import('usb')` provides: `usb` is a WebUSB instance that allows all devices. */
export interface UsbModuleLike {
  usb: { getDevices(): Promise<UsbDeviceLike[]> };
}

export type UsbModuleLoader = () => Promise<UsbModuleLike>;

export const loadUsbModule: UsbModuleLoader = async () => {
  // A variable specifier keeps bundlers from inlining the native addon; it stays external.
  const specifier = 'usb';
  const loaded = (await import(specifier)) as Partial<UsbModuleLike> & { default?: Partial<UsbModuleLike> };
  const usb = loaded.usb ?? loaded.default?.usb;
  if (!usb || typeof usb.getDevices !== 'function') throw new Error('the usb package has no WebUSB object');
  return { usb };
};
