// What the IPC handlers call. The composition root (src-main/services/) implements it over links,
// the SLMP client, drivers and the practice devices; tests may implement it over anything.
import type { AppInfo, ConnectRequest, ConnectionInfo, DeviceIdentity, KnownDevice, MainEvent, UsbListing } from './contract';

import type { WizardService } from './wizard-service';
import type { DeviceCareService, LifecycleService } from './lifecycle-service';

export interface MainService {
  /** The guided commissioning session (issue: the guided wizard). */
  readonly wizard: WizardService;
  /** A known device's later life: the maintenance visit (issue 11). */
  readonly lifecycle: LifecycleService;
  /** A known device's firmware, users and restoration (issue 11). */
  readonly care: DeviceCareService;
  appInfo(): Promise<AppInfo>;
  listUsbDevices(): Promise<UsbListing>;
  connect(request: ConnectRequest): Promise<ConnectionInfo>;
  currentConnection(): Promise<ConnectionInfo | null>;
  readIdentity(): Promise<DeviceIdentity>;
  disconnect(): Promise<void>;
  /** The home screen's list of known devices (lifecycle/known-devices.ts). */
  knownDevices(): Promise<KnownDevice[]>;
  onEvent(listener: (event: MainEvent) => void): () => void;
  dispose(): Promise<void>;
}
