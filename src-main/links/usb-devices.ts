// Which USB devices are Mitsubishi Electric's, and how they are named and identified in the app.
import type { UsbDeviceLike } from './usb-module';

/** Mitsubishi Electric Corp.'s USB vendor ID (USB-IF list). No public product IDs exist for MX-R/MX-F. */
export const MITSUBISHI_ELECTRIC_VENDOR_ID = 0x06d3;

/** Stable while the device stays plugged in: vendor, product, and its place on the bus. */
export function usbDeviceId(device: UsbDeviceLike): string {
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return `usb:${hex(device.vendorId)}:${hex(device.productId)}@${device.bus}.${device.address}`;
}

export function findMitsubishiDevices(all: readonly UsbDeviceLike[]): Array<{ id: string; device: UsbDeviceLike }> {
  return all
    .filter((d) => d.vendorId === MITSUBISHI_ELECTRIC_VENDOR_ID)
    .map((device) => ({ id: usbDeviceId(device), device }));
}

export function deviceLabel(device: UsbDeviceLike): string {
  const product = readDescriptor(() => device.productName) ?? `Mitsubishi Electric device (product ID 0x${device.productId.toString(16).padStart(4, '0')})`;
  const serial = readDescriptor(() => device.serialNumber);
  return serial ? `${product}, serial ${serial}` : product;
}

// Descriptor strings are read from the device and may fail on a device that is going away.
export function readDescriptor<T>(read: () => T): T | undefined {
  try {
    return read() ?? undefined;
  } catch {
    return undefined;
  }
}
