// The CC-Link IE TSN Class A wireless LAN adapter family: Figure 36 and Table 44 (data in
// commissioning/guideline/), the web-interface driver (devices/wlan-adapter/), one writer per setting in
// the guideline's write order, the snapshot reader, and the adapter's own steps (adapter-steps.ts). See
// family/device-family.ts for what each field is.
import { ADAPTER_ACCOUNT, AdapterSessionDriver } from '../../../devices/wlan-adapter/adapter-session-driver';
import type { AdapterProfile } from '../../../model/security-settings';
import type { ConnectDriver } from '../../engine/connect-driver';
import { EngineError } from '../../engine/engine-errors';
import { GUIDELINE } from '../../guideline';
import { DISPOSAL_WLAN_ADAPTER, MAINTENANCE_VISIT_WLAN_ADAPTER } from '../../guideline/procedures/adapter-later-life';
import { ADAPTER_WRITE_ORDER, orderSettingsWrites } from '../../guideline/ordering-rules';
import type { DeviceFamily } from '../../family/device-family';
import { msg } from '../../../messages/catalogue';
import { ADAPTER_WRITERS, adapterOf } from './adapter-settings-writers';
import { ADAPTER_STEPS } from './adapter-steps';
import { restartStep } from '../../family/restart-step';

/** How a host reaches the adapter: its web interface at a tls:// endpoint (HTTPS, the certificate pinned). */
export const connectAdapter: ConnectDriver<AdapterSessionDriver> = (endpoint) => AdapterSessionDriver.open(endpoint);

export const WLAN_ADAPTER_FAMILY: DeviceFamily<AdapterSessionDriver, AdapterProfile> = {
  id: 'wlan-adapter',
  name: msg('family.wlanAdapter.name'),
  systems: ['wlan-adapter'],
  guideline: () => GUIDELINE['wlan-adapter'],
  procedures: {
    'first-commissioning': () => GUIDELINE['wlan-adapter'].procedure,
    // The later life (lifecycle/adapter-visit.ts, lifecycle/adapter-disposal.ts bring the handlers).
    'maintenance-visit': () => MAINTENANCE_VISIT_WLAN_ADAPTER,
    disposal: () => DISPOSAL_WLAN_ADAPTER,
  },
  driver: {
    // The adapter has no byte link: a host connects with `connectAdapter` (its web interface).
    open: () => {
      throw new EngineError('PROFILE_NOT_FOR_DEVICE', 'The wireless LAN adapter is reached through its web interface (tls://HOST:PORT), not a controller link.');
    },
    connect: (endpoint) => connectAdapter(endpoint),
    mismatch: (caps, profile) =>
      caps.family === 'wlan-adapter' && caps.model === profile.model ? undefined : `The device is a ${caps.model} (${caps.family}) but the profile is for the wireless LAN adapter ${profile.model}: connect the right device or pick its profile.`,
  },
  writers: ADAPTER_WRITERS,
  readSnapshot: (driver) => adapterOf(driver).readSnapshot(),
  writePlan: (profile, { linkKind }) => orderSettingsWrites(ADAPTER_WRITE_ORDER, { system: profile.system, linkKind }),
  // A logon as Administrator on the adapter is possible only once the initial password is replaced.
  orderingFacts: (profile, _key, _link, session) => ({ macFilter: profile.settings.macFilter, ...(session ? { initialPasswordReplaced: session.loggedOnAsAdministrator } : {}) }),
  usesTls: () => false,
  reconnectsOverTls: () => false,
  // The adapter's web interface has one account (4.4.5).
  administrators: () => [ADAPTER_ACCOUNT],
  // The restart (Figure 36) is the same step as the controller's: restart, reconnect, nothing left waiting.
  steps: { ...ADAPTER_STEPS, restart: restartStep },
};
