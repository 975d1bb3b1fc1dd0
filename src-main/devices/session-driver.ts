// The driver as the commissioning engine sees it, whatever the product: what it calls itself to reach,
// identify and log on to a device and to read its clock. Every family supplies a driver behind this
// interface (the MX controllers' ControllerSecurityDriver extends it; the wireless LAN adapter's web
// interface implements it, devices/wlan-adapter/adapter-session-driver.ts). Everything else a device does
// is called by its own family's writers and step handlers, typed on the family's driver, never by the engine.
import type { DeviceDriver } from './device-driver';

/**
 * The operations the engine performs itself when a driver declares them (else the operator does them in
 * the engineering tool): the logon as an Administrator and reading the device clock (2.4.7.3).
 */
export const SESSION_OPERATIONS = { logon: 'logon', clock: 'clock' } as const;
export type SessionOperation = (typeof SESSION_OPERATIONS)[keyof typeof SESSION_OPERATIONS];

/** What a driver reports about the device before anything else (no logon needed). */
export interface DeviceCapabilities {
  /** 'full': every declared operation through the driver; 'observe-only': a real controller (C059). */
  mode: 'full' | 'observe-only';
  /** The operations the driver performs; a family names its own, the engine asks only for SESSION_OPERATIONS. */
  operations: ReadonlySet<string>;
  model: string;
  /** The product family as the device names itself ('MX-R', 'MX-F', 'wlan-adapter'). */
  family: string;
  firmwareVersion: string | null;
  serialNumber: string | null;
}

/** 2.4.7.1: where a secret may travel. The engine sets this only after the operator's attestation. */
export interface WriteOptions {
  trustBoundaryAttested?: boolean;
}

/**
 * The group a driver reports for an account that administers the device: the controllers' built-in
 * Administrators group (2.4.4.3, Table 11); the adapter's one web account (4.4.5) is reported in it too.
 */
export const ADMINISTRATORS_GROUP = 'Administrators';

export interface SessionDriver extends DeviceDriver {
  capabilities(): Promise<DeviceCapabilities>;
  /** Logs on; `group` is ADMINISTRATORS_GROUP for an administering account. */
  logon(userName: string, password: string): Promise<{ group: string }>;
  /** Whether the device enforces user authentication now (a logon before it does proves nothing). */
  readUserAuthentication(): Promise<{ enabled: boolean }>;
  /** The device clock; only called when the capabilities declare SESSION_OPERATIONS.clock. */
  readClock?(): Promise<Date>;
  /**
   * The device echoes `text` (0-9, A-F, up to 960): the MX controllers' SLMP self test (0619, standard and
   * public). Returns the bytes the PC sent and received for it, frames included; the engine times the link
   * with it (devices/link-throughput.ts, 2.4.10.1). Absent: the link's throughput is not measured.
   */
  echo?(text: string): Promise<{ sent: number; received: number }>;
}
