// The profile the app proposes for a new device: the guideline's values (Tables 9, 27, 44 and the
// sections they cite) and, where the guideline gives no value, the project's choices, each marked
// "Project choice:" with its reason. The technician reviews and edits it; it passes its own table's
// checks when the device reads back exactly this profile (recommended-profile.test.ts proves it).
import { parseProfile } from './parse-profile';
import { AppError } from '../messages/app-error';
import {
  BUILT_IN_GROUPS,
  MX_F_MODEL,
  MX_R_MODEL,
  PROFILE_SCHEMA_VERSION,
  type AdapterProfile,
  type ControllerProfile,
  type DefaultOpenPorts,
  type MxRSettings,
  type SecurityProfile,
  type SecuritySystem,
} from '../model/security-settings';

export class UnknownModelError extends AppError {
  declare readonly code: 'UNKNOWN_MODEL';
  constructor(readonly model: string) {
    super({
      code: 'UNKNOWN_MODEL',
      messageId: 'errors.unknownModel',
      params: { model },
      englishText: `"${model}" is not a model this app commissions. Use an MX-R model (e.g. MXR300-32), an MX-F model (e.g. MXF100-16-N32) or "wlan-adapter" for the CC-Link IE TSN wireless LAN adapter.`,
    });
  }
}

// Project choice: the adapter has no model name in the guideline; "wlan-adapter" (or any name that says
// "wireless"/"WLAN") selects it.
export const WLAN_ADAPTER_MODEL = 'wlan-adapter';

export function systemOfModel(model: string): SecuritySystem {
  if (MX_R_MODEL.test(model)) return 'mx-r';
  if (MX_F_MODEL.test(model)) return 'mx-f';
  if (/wlan|wireless/i.test(model)) return 'wlan-adapter';
  throw new UnknownModelError(model);
}

export interface RecommendedProfileOptions {
  /** The commissioning PC's IPv4 address: pre-allowed in the IP filter so the PC does not lock itself out. */
  pcAddress?: string;
  /** The PC's MAC address on the adapter's network: pre-registered in the MAC address filter in use. */
  pcMac?: string;
  /** Which side of the adapter the PC reaches it from (default: wired). */
  pcSide?: 'wired' | 'wireless';
  /** The adapter's operation mode (4.4.4, default AP): a station has no SSID of its own to hide. */
  operationMode?: 'AP' | 'STA';
  /**
   * Guide-and-verify (a controller that answers C059): the app verifies over the SLMP port the technician
   * opens in the engineering tool, so SLMP is declared in use inside the trust boundary (plain SLMP closes
   * when SLMP is not in use, and the app could no longer read the identity).
   */
  slmpForVerification?: boolean;
}

export function recommendedProfile(model: string, options: RecommendedProfileOptions = {}): SecurityProfile {
  const system = systemOfModel(model);
  const profile = system === 'wlan-adapter' ? adapterProfile(model, options) : controllerProfile(system, model, options);
  // Validated like any user profile, so a bad pcAddress is reported with its path.
  return parseProfile(profile);
}

function controllerProfile(system: 'mx-r' | 'mx-f', model: string, options: RecommendedProfileOptions): ControllerProfile {
  const tsnClosed = { 'cclink-ie-tsn-connection': 'closed', 'auto-open-udp': 'closed', 'melsoft-udp': 'closed', 'melsoft-tcp': 'closed', 'slmp-udp': 'closed', 'slmp-tcp': 'closed', 'cpu-search': 'closed' } as const;
  // Project choice: the Ethernet port keeps what the vendor's enhanced security setting keeps (MELSOFT
  // UDP/TCP and direct connection, for the engineering tool) and closes auto-open UDP and CPU search; the
  // OPC UA server is closed too, because the profile marks the OPC UA function not in use (Table 13).
  const ethernet = { 'melsoft-udp': 'open', 'melsoft-tcp': 'open', 'melsoft-direct': 'open', 'auto-open-udp': 'closed', 'cpu-search': 'closed', 'opc-ua': 'closed' } as const;
  const defaultOpenPorts: DefaultOpenPorts = system === 'mx-r' ? { port1: { ...tsnClosed }, port2: { ...tsnClosed }, port3: { ...ethernet } } : { port1: { ...tsnClosed }, port2: { ...ethernet } };
  const noUse = { inUse: false, beyondTrustBoundary: false, tls: false };
  const common = { schemaVersion: PROFILE_SCHEMA_VERSION, model, attestations: [], exceptions: [] } satisfies Partial<ControllerProfile>;
  const settings: Omit<MxRSettings, 'encryptedCommunication'> = {
    users: {
      // Project choice: two Administrators, because an Administrator's password can be reset only by
      // its owner and losing every Administrator password leaves only initialization (2.4.4.3).
      users: [
        { name: 'admin1', group: BUILT_IN_GROUPS.administrators.name },
        { name: 'admin2', group: BUILT_IN_GROUPS.administrators.name },
      ],
      groups: [
        { name: BUILT_IN_GROUPS.administrators.name, kind: 'administrators' as const, authorities: [...BUILT_IN_GROUPS.administrators.authorities] },
        { name: BUILT_IN_GROUPS.users.name, kind: 'users' as const, authorities: [...BUILT_IN_GROUPS.users.authorities] },
      ],
    },
    // "Strong" and expiry enabled: 2.4.4.2. Project choice: 12 characters (above the 8 of "Strong"),
    // expiry 180 days, the last 5 passwords not reusable (Table 10 row 6: passwords are not reused).
    passwordPolicy: { strength: 'strong' as const, minLength: 12, expiryEnabled: true, expiryDays: 180, historyCount: 5 },
    // Project choice: 5 failures, 15 minutes (inside the vendor HMI's 3-10 failures; the C controller's
    // escalation reaches 15 minutes after a few more failures).
    lockout: { failures: 5, minutes: 15 },
    logonMessage: { enabled: true, text: 'Authorized personnel only. Every operation on this controller is recorded in its event history.' },
    // Project choice: logoff after 10 idle minutes, Ethernet alive check 30 s, FTP session 300 s.
    sessionTimers: { logoffTimeoutMinutes: 10, ethernetAliveCheckSeconds: 30, ftpSessionTimeoutSeconds: 300 },
    outOfTargetOperation: { deviceLabelAccessAuthenticated: true },
    // Project choice: time set from the engineering PC, 2 s tolerance (SNTP only where a server exists
    // inside the trust boundary).
    clock: { source: 'engineering-tool' as const, maxOffsetSeconds: 2 },
    // Data memory and tamper check: 2.4.5, Table 16 row 1. Project choice: 128 KB (the vendor's default
    // on its C controller, about 1365 events) and a backup to the PC every 30 days.
    eventHistory: { enabled: true, destination: 'data-memory' as const, sizeKb: 128, tamperCheck: true, backupIntervalDays: 30 },
    backupEncryption: { enabled: true },
    certificate: { validityDays: 365, keyType: 'ecdsa-p256' as const },
    ipFilter: { enabled: true, mode: 'allow' as const, entries: options.pcAddress ? [{ address: options.pcAddress, note: 'commissioning PC' }] : [] },
    defaultOpenPorts,
    // Project choice: 10 Mbit/s each way until the site measures its normal bandwidth (2.4.10.1 asks
    // for the measured value).
    bandwidthLimit: { enabled: true, sendKbps: 10_000, receiveKbps: 10_000 },
    // Project choice: stop on error (Table 14 row 1); "continue" needs the behaviour verified first.
    operationSetting: { onError: 'stop' as const },
    enhancedSecurity: { enabled: true },
  };
  const functions = {
    // Project choice: the engineering tool's connection is encrypted even inside the trust boundary.
    'melsoft-got': { inUse: true, beyondTrustBoundary: false, tls: true },
    // Project choice: SLMP in use only where the app verifies through it (guide-and-verify), inside the boundary.
    slmp: options.slmpForVerification ? { inUse: true, beyondTrustBoundary: false, tls: false } : { ...noUse },
    ftps: { ...noUse },
    socket: { ...noUse },
    'opc-ua': { ...noUse },
  };
  if (system === 'mx-r') {
    // Project choice: TLS 1.3 on MX-R; change it to the partner's version (2.4.7.1 "TLS/DTLS version").
    return { ...common, system, settings: { ...settings, encryptedCommunication: { tlsVersion: '1.3', functions } } };
  }
  // Project choice: "1.2/1.3" on MX-F, which 3.4.7.1 advises when partners mix TLS 1.2 and 1.3.
  return { ...common, system, settings: { ...settings, encryptedCommunication: { tlsVersion: '1.2/1.3', functions } } };
}

function adapterProfile(model: string, options: RecommendedProfileOptions): AdapterProfile {
  const side = options.pcSide ?? 'wired';
  const pc = options.pcMac ? [options.pcMac.toUpperCase()] : [];
  return {
    schemaVersion: PROFILE_SCHEMA_VERSION,
    system: 'wlan-adapter',
    model,
    attestations: [],
    exceptions: [],
    settings: {
      // Project choice: 12 characters, changed every 180 days (Table 44 rows 6-7 give no numbers).
      webPassword: { minLength: 12, changeIntervalDays: 180 },
      operationMode: options.operationMode ?? 'AP',
      // Project choice: a neutral SSID the technician replaces with the site's (Table 45 row 5).
      ssid: 'mx-tsn-wlan-01',
      // Project choice: channel 36 (5 GHz), less shared with office equipment than 2.4 GHz (Table 45 row 7).
      channel: 36,
      // WPA3 is recommended (4.4.2.1), with AES (Table 46).
      security: { authentication: 'WPA3-Personal', encryption: 'AES' },
      macFilter: { wired: { enabled: true, entries: side === 'wired' ? pc : [] }, wireless: { enabled: true, entries: side === 'wireless' ? pc : [] } },
      // The stealth SSID is the access point's (4.4.4, Table 44 row 5); a station sends no beacon to hide it in.
      stealthSsid: options.operationMode !== 'STA',
      // Project choice: logs read out to the PC every 30 days, settings backed up every 30 days.
      logging: { enabled: true, readOutIntervalDays: 30 },
      settingsBackup: { intervalDays: 30 },
    },
  };
}
