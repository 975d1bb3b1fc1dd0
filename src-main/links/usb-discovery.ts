// Finds Mitsubishi Electric devices on the USB bus. Never throws: a machine without a USB bus, a USB
// library that cannot load, or a permission problem all mean "no devices" for the technician, with a
// note saying why (shown by the UI) and a reason for the log.
import type { UsbListing } from '../model/device-access';
import { deviceLabel, findMitsubishiDevices, readDescriptor } from './usb-devices';
import { loadUsbModule, type UsbDeviceLike, type UsbModuleLoader } from './usb-module';

export { MITSUBISHI_ELECTRIC_VENDOR_ID } from './usb-devices';
// The composition root opens what it listed from one place.
export { openUsbLink } from './usb-link';

export type UsbListingReason = 'no-bus' | 'library-unavailable' | 'permission-denied' | 'error';

export interface UsbDeviceListing extends UsbListing {
  /** Why the bus is unavailable, for the log. */
  reason?: UsbListingReason;
}

export interface UsbDiscoveryOptions {
  loadUsb?: UsbModuleLoader;
}

export async function listUsbDevices(options: UsbDiscoveryOptions = {}): Promise<UsbDeviceListing> {
  let all: UsbDeviceLike[];
  try {
    const module = await (options.loadUsb ?? loadUsbModule)();
    try {
      all = await module.usb.getDevices();
    } catch (error) {
      return { busAvailable: false, devices: [], note: 'no-usb-bus', reason: classifyBusError(error) };
    }
  } catch {
    return { busAvailable: false, devices: [], note: 'no-usb-bus', reason: 'library-unavailable' };
  }
  const devices = findMitsubishiDevices(all).map(({ id, device }) => ({
    id,
    label: deviceLabel(device),
    vendorId: device.vendorId,
    productId: device.productId,
    serialNumber: readDescriptor(() => device.serialNumber) ?? null,
  }));
  // A Mitsubishi device was found, but the engineering tool's USB protocol is not public: say so.
  return { busAvailable: true, devices, note: devices.length > 0 ? 'protocol-not-public' : 'ok' };
}

function classifyBusError(error: unknown): UsbListingReason {
  const text = error instanceof Error ? `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}` : String(error);
  if (/permission denied|access denied|EACCES|EPERM/i.test(text)) return 'permission-denied';
  if (/not found|ENOENT|no such/i.test(text)) return 'no-bus';
  return 'error';
}
