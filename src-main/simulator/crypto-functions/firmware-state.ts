// The firmware and add-on versions of a virtual controller, in its non-volatile state. Only a verified
// package changes them (firmware-commands.ts); a backup neither holds nor restores them, and
// initialization of all information keeps them (it clears data and settings, not the firmware).
// The access-control module answers 7E00 with `security.firmwareVersion`; this module keeps that
// property in step with the stored version.

import { randomBytes } from 'node:crypto';
import { FACTORY_FIRMWARE_VERSION } from '../controller-security';
import type { SecurityContext } from '../security-context';

const RECORD = 'firmware';
const SERIAL_RECORD = 'device-serial';

export interface AddOnVersion {
  readonly name: string;
  readonly version: string;
}

export interface FirmwareState {
  readonly version: 1;
  readonly firmwareVersion: string;
  readonly addOns: readonly AddOnVersion[];
}

/** The identity members a SecurityContext may carry (ControllerSecurity does). */
interface IdentityHolder {
  serialNumber?: unknown;
  firmwareVersion?: unknown;
}

export function readFirmwareState(security: SecurityContext): FirmwareState {
  const stored = security.controller.stateDir.read<FirmwareState>(RECORD);
  if (stored && stored.version === 1 && typeof stored.firmwareVersion === 'string' && Array.isArray(stored.addOns)) return stored;
  const announced = (security as IdentityHolder).firmwareVersion;
  return { version: 1, firmwareVersion: typeof announced === 'string' ? announced : FACTORY_FIRMWARE_VERSION, addOns: [] };
}

export function writeFirmwareState(security: SecurityContext, state: FirmwareState): void {
  security.controller.stateDir.write(RECORD, state);
  publishFirmwareVersion(security, state.firmwareVersion);
}

/** Keeps the capability answer (7E00) in step with the installed firmware. */
export function publishFirmwareVersion(security: SecurityContext, version: string): void {
  const holder = security as IdentityHolder;
  if ('firmwareVersion' in holder) holder.firmwareVersion = version;
}

/** The device's serial number: the access-control module's when it has one, else one made once and kept. */
export function serialNumberOf(security: SecurityContext): string {
  const announced = (security as IdentityHolder).serialNumber;
  if (typeof announced === 'string') return announced;
  const stored = security.controller.stateDir.read<{ serialNumber?: unknown }>(SERIAL_RECORD);
  if (typeof stored?.serialNumber === 'string') return stored.serialNumber;
  const serialNumber = `VS${randomBytes(6).toString('hex').toUpperCase()}`;
  security.controller.stateDir.write(SERIAL_RECORD, { serialNumber });
  return serialNumber;
}
