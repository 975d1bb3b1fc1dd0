// The device families the app knows (how one registers: family/device-family.ts). The profile's system
// picks the family; the session core and the engine ask here and nowhere else.
import type { SecuritySystem } from '../../model/security-settings';
import type { DeviceFamily } from '../family/device-family';
import { MX_CONTROLLER_FAMILY } from './mx-controller/mx-controller-family';
import { WLAN_ADAPTER_FAMILY } from './wlan-adapter/wlan-adapter-family';

// The families see their own profile type; here they are seen through the common shape.
export const FAMILIES: readonly DeviceFamily<any, any>[] = [MX_CONTROLLER_FAMILY, WLAN_ADAPTER_FAMILY];

export function familyOf(system: SecuritySystem): DeviceFamily<any, any> {
  const family = FAMILIES.find((f) => f.systems.includes(system));
  // Every system of the profile schema has a family (the families test checks it): this is a programming error.
  if (!family) throw new Error(`No device family serves "${system}".`);
  return family;
}

export { MX_CONTROLLER_FAMILY, WLAN_ADAPTER_FAMILY };
