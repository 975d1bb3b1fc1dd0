// How a device is reached, in the words every layer shares: the product families the app knows, the kinds
// of link to them, and what a look at the USB bus found. Pure zod: the renderer imports these through the
// IPC contract, links/ and the engine use them directly, so they live here at the bottom of the layers.
import { z } from 'zod';

export const SYSTEMS = ['mx-r', 'mx-f', 'wlan-adapter'] as const;
export const SystemSchema = z.enum(SYSTEMS);
export type SystemId = z.infer<typeof SystemSchema>;

export const LINK_KINDS = ['usb', 'ethernet', 'ethernet-tls'] as const;
export const LinkKindSchema = z.enum(LINK_KINDS);
export type LinkKind = z.infer<typeof LinkKindSchema>;

export interface UsbDeviceSummary {
  id: string;
  label: string;
  vendorId: number;
  productId: number;
  serialNumber: string | null;
}

export interface UsbListing {
  /** False when the machine has no USB bus or the USB library could not load: shown as "no devices". */
  busAvailable: boolean;
  devices: UsbDeviceSummary[];
  /** Why the list may be empty, in a stable code the UI translates. */
  note: 'ok' | 'no-usb-bus' | 'protocol-not-public';
}
