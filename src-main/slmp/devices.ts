// Device codes of the iQ-R/MX 2-byte device-code form (SLMP reference, "device code list").

export const DEVICE_CODES = {
  D: 0xa8,
  M: 0x90,
  X: 0x9c,
  Y: 0x9d,
  SD: 0xa9,
  SM: 0x91,
  W: 0xb4,
  B: 0xa0,
  R: 0xaf,
  ZR: 0xb0,
} as const;

export type DeviceName = keyof typeof DEVICE_CODES;

export const DEVICE_NAMES = Object.keys(DEVICE_CODES) as DeviceName[];

/** Bit devices hold one bit per device number; the rest hold one 16-bit word per number. */
export const BIT_DEVICES: readonly DeviceName[] = ['M', 'X', 'Y', 'SM', 'B'];
export const WORD_DEVICES: readonly DeviceName[] = ['D', 'SD', 'W', 'R', 'ZR'];

/**
 * X, Y, B and W are numbered in hexadecimal in the engineering tool (X10 is the 17th input); the
 * frame carries the plain number either way. Used only to show addresses the way a technician writes them.
 */
export const HEX_NUMBERED_DEVICES: readonly DeviceName[] = ['X', 'Y', 'B', 'W'];

const BY_CODE = new Map<number, DeviceName>(DEVICE_NAMES.map((name) => [DEVICE_CODES[name], name]));

export function deviceNameOf(code: number): DeviceName | undefined {
  return BY_CODE.get(code);
}

export function isDeviceName(name: string): name is DeviceName {
  return Object.prototype.hasOwnProperty.call(DEVICE_CODES, name);
}

export function isBitDevice(device: DeviceName): boolean {
  return BIT_DEVICES.includes(device);
}

/** "D100", "X1F": the address as the engineering tool shows it. */
export function formatDeviceAddress(device: DeviceName, head: number): string {
  return HEX_NUMBERED_DEVICES.includes(device) ? `${device}${head.toString(16).toUpperCase()}` : `${device}${head}`;
}
