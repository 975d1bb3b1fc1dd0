// One interface per product family. A driver declares what it can do; the engine turns what it
// cannot do into "the operator performs it in the engineering tool, the app verifies what it can see".
import type { Link, LinkKind } from '../links/link';

export interface DeviceIdentityReading {
  model: string;
  modelCode: number;
  cpuState: 'RUN' | 'STOP' | 'PAUSE' | 'unknown';
  linkKind: LinkKind;
  linkDescription: string;
  virtual: boolean;
}

export interface DeviceDriver {
  readonly link: Link;
  readIdentity(): Promise<DeviceIdentityReading>;
  /**
   * One harmless request that needs no logon and changes nothing, so a link left quiet while a person
   * reads a dialog is not closed by the device's alive check (Table 9 row 8).
   */
  keepAlive?(): Promise<void>;
  close(): Promise<void>;
}
