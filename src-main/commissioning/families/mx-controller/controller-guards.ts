// The MX controllers' facts for the self-lockout guards and the firmware conditions: which Ethernet port a
// PC on plain Ethernet reaches, which service it uses there, whether a write closes it, who administers the
// profile. The engine checks the rules generically (engine/guards.ts); these facts are the MX family's.
import type { LinkKind } from '../../../links/link';
import type { ControllerProfile, DefaultOpenService, NetworkPortId } from '../../../model/security-settings';
import { enforceRules } from '../../engine/guards';

/** The controller's Ethernet port (the one a PC on plain Ethernet reaches). */
export function ethernetPortOf(system: 'mx-r' | 'mx-f'): NetworkPortId {
  return system === 'mx-r' ? 'port3' : 'port2';
}

// Project choice: over plain Ethernet the app talks to the controller through the engineering tool's
// MELSOFT TCP service; that is "the service in use" that must not be closed without a verified TLS path.
export const SERVICE_IN_USE_OVER_ETHERNET: DefaultOpenService = 'melsoft-tcp';

/** Whether writing `key` with the profile's value closes the default open port this PC is using. */
export function closesServiceInUse(profile: ControllerProfile, key: 'defaultOpenPorts' | 'enhancedSecurity', linkKind: LinkKind): boolean {
  if (linkKind !== 'ethernet') return false;
  const port = ethernetPortOf(profile.system);
  const state = profile.settings.defaultOpenPorts[port]?.[SERVICE_IN_USE_OVER_ETHERNET] ?? 'closed';
  if (key === 'defaultOpenPorts') return state === 'closed';
  // The enhanced security setting closes every default open port the profile does not keep open.
  return profile.settings.enhancedSecurity.enabled && state === 'closed';
}

export function administratorsIn(profile: ControllerProfile): string[] {
  const admins = new Set(profile.settings.users.groups.filter((g) => g.kind === 'administrators').map((g) => g.name));
  return profile.settings.users.users.filter((u) => admins.has(u.group)).map((u) => u.name);
}

export interface FirmwareFacts {
  loggedOnAsAdministrator: boolean;
  cpuState: 'RUN' | 'STOP' | 'PAUSE' | 'unknown';
  disconnectedFromOtherNetworks: boolean | undefined;
}

/** 2.4.2.1 / 2.4.3.1: firmware and add-ons only as an Administrator, with the system stopped and isolated. */
export function enforceFirmwareConditions(system: 'mx-r' | 'mx-f', facts: FirmwareFacts): void {
  enforceRules(['guard.firmware-update-conditions'], { system, ...facts }, 'The firmware update');
}
