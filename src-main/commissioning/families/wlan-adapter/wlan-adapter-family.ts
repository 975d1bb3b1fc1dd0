// The CC-Link IE TSN Class A wireless LAN adapter family: Figure 36 and Table 44 (data in
// commissioning/guideline/) and the guideline's write order for its settings. Its registration point
// exists; what it lacks is a driver (devices/wlan-adapter/, being built), its settings writers and its
// snapshot reader. Until `driver` is set the engine refuses an adapter profile with FAMILY_HAS_NO_DRIVER,
// and only for that reason. See family/device-family.ts for what each field is.
import type { ControllerSecurityDriver } from '../../../devices/controller-security-driver';
import type { AdapterProfile } from '../../../model/security-settings';
import { EngineError } from '../../engine/engine-errors';
import { GUIDELINE } from '../../guideline';
import { ADAPTER_WRITE_ORDER, orderSettingsWrites } from '../../guideline/ordering-rules';
import type { DeviceFamily, SettingWriter } from '../../family/device-family';

export const WLAN_ADAPTER_FAMILY: DeviceFamily<ControllerSecurityDriver, AdapterProfile> = {
  id: 'wlan-adapter',
  name: { en: 'CC-Link IE TSN Class A wireless LAN adapter', ja: 'CC-Link IE TSN Class A 無線LANアダプタ' },
  systems: ['wlan-adapter'],
  guideline: () => GUIDELINE['wlan-adapter'],
  procedures: {
    'first-commissioning': () => GUIDELINE['wlan-adapter'].procedure,
  },
  // The adapter's driver plugs in here (open: put it on a link; mismatch: the adapter is the profile's).
  driver: undefined,
  writers: new Map<string, SettingWriter<ControllerSecurityDriver, AdapterProfile>>(),
  async readSnapshot() {
    throw new EngineError('FAMILY_HAS_NO_DRIVER', 'The wireless LAN adapter cannot be read yet: its driver is not part of this version.');
  },
  writePlan: (profile, { linkKind }) => orderSettingsWrites(ADAPTER_WRITE_ORDER, { system: profile.system, linkKind }),
  orderingFacts: () => ({}),
  usesTls: () => false,
  reconnectsOverTls: () => false,
  // The adapter's web interface has one administrator account (4.4.5), named by its driver.
  administrators: () => [],
};
