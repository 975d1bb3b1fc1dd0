// The parameter blocks of 7E03 as the virtual controller checks and understands them. On the wire the
// blocks have the names and shapes of the app's profile (src-main/model/security-settings.ts); the
// device does NOT trust the app's validation: it checks every block against its OWN rules
// (security/device-choices.ts) and maps it to its own models. This file is the one place of that
// mapping (profile 'weak' = device 'low', lockout minutes -> seconds, kbit/s -> bytes/s, ...).
// The simulator never imports the profile module (layers): the shapes are restated here.

import {
  EVENT_HISTORY_SIZE_BYTES,
  LOCKOUT_SECONDS,
  LOCKOUT_THRESHOLD,
  LOGON_MESSAGE_MAX_CHARS,
  PASSWORD_EXPIRY_DAYS,
  PASSWORD_HISTORY_DEPTH,
  PASSWORD_MIN_LENGTH,
  SESSION_TIMEOUT_MINUTES,
  type PasswordStrength,
} from '../security/device-choices';
import { FACTORY_AUTH_SETTINGS, type AuthSettings } from '../security/user-authentication';
import { FACTORY_EVENT_HISTORY_SETTINGS, validateEventHistorySettings, type EventHistorySettings } from '../security/event-history';
import type { EventName } from '../security/device-choices';
import type { SntpClockSettings } from '../security/sntp-clock-sync';
import { FACTORY_IP_FILTER, validateIpFilter, type IpFilterSettings } from '../security/ip-filter';
import { FACTORY_BANDWIDTH, validateBandwidthSettings, type BandwidthSettings } from '../security/bandwidth-limiter';
import { checkModuleConfiguration } from './module-configuration-block';
import {
  DEFAULT_OPEN_SERVICES,
  enhancedSecurityPreset,
  factoryPortStates,
  NETWORK_PORTS,
  type ControllerFamily,
  type PortId,
  type PortStates,
  type ServiceId,
} from '../security/default-open-ports';

export type Blocks = Record<string, unknown>;

export type { Rejection } from './rejection';
import type { Rejection } from './rejection';

export const PARAMETER_BLOCKS = [
  'passwordPolicy',
  'lockout',
  'logonMessage',
  'sessionTimers',
  'outOfTargetOperation',
  'clock',
  'eventHistory',
  'backupEncryption',
  'encryptedCommunication',
  'ipFilter',
  'defaultOpenPorts',
  'bandwidthLimit',
  'operationSetting',
  'enhancedSecurity',
  'automaticBackup',
  'automaticRestoration',
  'moduleConfiguration',
] as const;
export type BlockName = (typeof PARAMETER_BLOCKS)[number];

export { DEVICE_PARAMETER_LIMITS, FACTORY_ON_ERROR, tlsVersionsOf } from '../security/device-choices';
import { DEVICE_PARAMETER_LIMITS, FACTORY_ON_ERROR, tlsVersionsOf } from '../security/device-choices';

const COMMUNICATION_FUNCTIONS = ['melsoft-got', 'slmp', 'ftps', 'socket', 'opc-ua'];


/** Collects the problems of one block, each with its path. */
class Checker {
  readonly problems: Rejection[] = [];
  constructor(private readonly base: string) {}

  add(path: string, message: string): void {
    this.problems.push({ path: path ? `${this.base}.${path}` : this.base, message });
  }

  object(value: unknown, path: string, keys: readonly string[], optional: readonly string[] = []): Record<string, unknown> | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.add(path, 'must be an object.');
      return undefined;
    }
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!keys.includes(k) && !optional.includes(k)) this.add(path ? `${path}.${k}` : k, 'is not a setting of this controller.');
    for (const k of keys) if (!(k in o)) this.add(path ? `${path}.${k}` : k, 'is missing.');
    return o;
  }

  bool(o: Record<string, unknown>, key: string): boolean {
    if (typeof o[key] !== 'boolean') this.add(key, 'must be true or false.');
    return o[key] === true;
  }

  int(o: Record<string, unknown>, key: string, range: { min: number; max: number }, label: string): number {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < range.min || v > range.max) {
      this.add(key, `${label} must be a whole number from ${range.min} to ${range.max} on this controller.`);
      return range.min;
    }
    return v;
  }

  oneOf<T extends string>(o: Record<string, unknown>, key: string, values: readonly T[], label: string): T {
    const v = o[key];
    if (typeof v !== 'string' || !values.includes(v as T)) this.add(key, `${label} must be one of ${values.join(', ')}.`);
    return v as T;
  }
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** Not 0.0.0.0/8, multicast (224/4), reserved (240/4) or the limited broadcast. */
const isUnicastIpv4 = (address: string): boolean => {
  const first = Number(address.split('.')[0]);
  return first !== 0 && first < 224;
};

/**
 * The event filter (Table 17 row 4: "each event for which no filter settings have been made shall be
 * saved"): names of this controller's events, each judged by the event history's own rule, so an
 * unknown name or an event whose hiding would hide an attack is refused with its index.
 */
function checkExcludedEvents(c: Checker, value: unknown): void {
  if (!Array.isArray(value)) {
    c.add('excludedEvents', 'must be a list of event names.');
    return;
  }
  const seen = new Set<string>();
  value.forEach((name, i) => {
    if (typeof name !== 'string') return c.add(`excludedEvents.${i}`, 'must be an event name (text).');
    if (seen.has(name)) return c.add(`excludedEvents.${i}`, `"${name}" is listed twice.`);
    seen.add(name);
    for (const problem of validateEventHistorySettings({ ...FACTORY_EVENT_HISTORY_SETTINGS, excluded: [name as EventName] })) c.add(`excludedEvents.${i}`, problem);
  });
}

/** Checks one block by the device's rules; [] when the device accepts it. */
export function checkBlock(name: string, value: unknown, family: ControllerFamily): Rejection[] {
  if (!(PARAMETER_BLOCKS as readonly string[]).includes(name)) {
    return [{ path: `blocks.${name}`, message: `"${name}" is not a parameter of this controller. Its parameters are: ${PARAMETER_BLOCKS.join(', ')}.` }];
  }
  const c = new Checker(`blocks.${name}`);
  switch (name as BlockName) {
    case 'passwordPolicy': {
      const o = c.object(value, '', ['strength', 'minLength', 'expiryEnabled', 'expiryDays', 'historyCount']);
      if (!o) break;
      c.oneOf(o, 'strength', ['weak', 'medium', 'strong'], 'The password strength');
      c.int(o, 'minLength', PASSWORD_MIN_LENGTH, 'The minimum password length');
      c.bool(o, 'expiryEnabled');
      c.int(o, 'expiryDays', PASSWORD_EXPIRY_DAYS, 'The password expiry (days)');
      c.int(o, 'historyCount', PASSWORD_HISTORY_DEPTH, 'The number of remembered passwords');
      break;
    }
    case 'lockout': {
      const o = c.object(value, '', ['failures', 'minutes']);
      if (!o) break;
      c.int(o, 'failures', LOCKOUT_THRESHOLD, 'The number of failures before lockout');
      c.int(o, 'minutes', { min: Math.ceil(LOCKOUT_SECONDS.min / 60), max: Math.floor(LOCKOUT_SECONDS.max / 60) }, 'The lockout time (minutes)');
      break;
    }
    case 'logonMessage': {
      const o = c.object(value, '', ['enabled', 'text']);
      if (!o) break;
      const enabled = c.bool(o, 'enabled');
      if (typeof o.text !== 'string' || o.text.length > LOGON_MESSAGE_MAX_CHARS) c.add('text', `The logon message is text of at most ${LOGON_MESSAGE_MAX_CHARS} characters.`);
      else if (enabled && o.text.trim() === '') c.add('text', 'Write the usage notification message shown at logon, or turn the message off (Table 9 row 6).');
      break;
    }
    case 'sessionTimers': {
      const o = c.object(value, '', ['logoffTimeoutMinutes', 'ethernetAliveCheckSeconds', 'ftpSessionTimeoutSeconds']);
      if (!o) break;
      c.int(o, 'logoffTimeoutMinutes', SESSION_TIMEOUT_MINUTES, 'The logoff timeout (minutes)');
      c.int(o, 'ethernetAliveCheckSeconds', DEVICE_PARAMETER_LIMITS.connectionTimerSeconds, 'The Ethernet alive check timer (s)');
      c.int(o, 'ftpSessionTimeoutSeconds', DEVICE_PARAMETER_LIMITS.connectionTimerSeconds, 'The FTP session timer (s)');
      break;
    }
    case 'outOfTargetOperation': {
      const o = c.object(value, '', ['deviceLabelAccessAuthenticated']);
      if (o) c.bool(o, 'deviceLabelAccessAuthenticated');
      break;
    }
    case 'clock': {
      const o = c.object(value, '', ['source', 'maxOffsetSeconds'], ['sntpServer']);
      if (!o) break;
      const source = c.oneOf(o, 'source', ['engineering-tool', 'sntp'], 'The time source');
      c.int(o, 'maxOffsetSeconds', DEVICE_PARAMETER_LIMITS.clockMaxOffsetSeconds, 'The allowed clock offset (s)');
      if (o.sntpServer !== undefined && (typeof o.sntpServer !== 'string' || !IPV4.test(o.sntpServer))) c.add('sntpServer', 'The SNTP server is an IPv4 address.');
      // The device asks one server by unicast (RFC 4330): no "any", broadcast or multicast address.
      else if (typeof o.sntpServer === 'string' && !isUnicastIpv4(o.sntpServer)) c.add('sntpServer', 'The SNTP server is the address of one server: not 0.0.0.0, a broadcast or a multicast address.');
      if (source === 'sntp' && o.sntpServer === undefined) c.add('sntpServer', 'Enter the SNTP server address (inside the trust boundary).');
      break;
    }
    case 'eventHistory': {
      const o = c.object(value, '', ['enabled', 'destination', 'sizeKb', 'tamperCheck'], ['backupIntervalDays', 'excludedEvents']);
      if (!o) break;
      c.bool(o, 'enabled');
      c.oneOf(o, 'destination', ['data-memory', 'sd-card'], 'The save destination');
      c.int(o, 'sizeKb', { min: EVENT_HISTORY_SIZE_BYTES.min / 1024, max: EVENT_HISTORY_SIZE_BYTES.max / 1024 }, 'The event history size (KB)');
      c.bool(o, 'tamperCheck');
      if (o.backupIntervalDays !== undefined) c.int(o, 'backupIntervalDays', DEVICE_PARAMETER_LIMITS.backupIntervalDays, 'The backup interval (days)');
      if (o.excludedEvents !== undefined) checkExcludedEvents(c, o.excludedEvents);
      break;
    }
    case 'backupEncryption': {
      const o = c.object(value, '', ['enabled']);
      if (o) c.bool(o, 'enabled');
      break;
    }
    case 'encryptedCommunication': {
      const o = c.object(value, '', ['tlsVersion', 'functions']);
      if (!o) break;
      c.oneOf(o, 'tlsVersion', tlsVersionsOf(family), `The TLS version of the ${family}`);
      const f = c.object(o.functions, 'functions', [], COMMUNICATION_FUNCTIONS);
      if (!f) break;
      for (const [fn, use] of Object.entries(f)) {
        const u = c.object(use, `functions.${fn}`, ['inUse', 'beyondTrustBoundary', 'tls']);
        if (!u) continue;
        for (const k of ['inUse', 'beyondTrustBoundary', 'tls']) if (typeof u[k] !== 'boolean') c.add(`functions.${fn}.${k}`, 'must be true or false.');
      }
      break;
    }
    case 'ipFilter': {
      const o = c.object(value, '', ['enabled', 'mode', 'entries']);
      if (!o) break;
      c.bool(o, 'enabled');
      c.oneOf(o, 'mode', ['allow', 'deny'], 'The IP filter mode');
      if (!Array.isArray(o.entries)) {
        c.add('entries', 'must be a list.');
        break;
      }
      const addresses = o.entries.map((e, i) => {
        const address = typeof e === 'string' ? e : e && typeof e === 'object' ? (e as Record<string, unknown>).address : undefined;
        if (typeof address !== 'string') c.add(`entries.${i}.address`, 'Enter an IPv4 address, range or network.');
        return typeof address === 'string' ? address : '';
      });
      if (c.problems.length > 0) break;
      const v = validateIpFilter({ enabled: o.enabled === true, mode: o.mode as 'allow' | 'deny', entries: addresses });
      for (const e of v.errors) c.add(e.index >= 0 ? `entries.${e.index}.address` : 'entries', e.message);
      break;
    }
    case 'defaultOpenPorts': {
      const o = c.object(value, '', [], NETWORK_PORTS[family].map((p) => p.id));
      if (!o) break;
      for (const [port, services] of Object.entries(o)) {
        const kind = NETWORK_PORTS[family].find((p) => p.id === port)?.kind;
        if (!kind) continue;
        const s = c.object(services, port, [], services && typeof services === 'object' ? Object.keys(services) : []);
        if (!s) continue;
        for (const [service, state] of Object.entries(s)) {
          if (!(DEFAULT_OPEN_SERVICES[kind] as readonly string[]).includes(service)) c.add(`${port}.${service}`, `${service} is not a default open port of ${port} (${kind}) on the ${family}; ports opened by parameters are set there (2.4.9.2).`);
          if (state !== 'open' && state !== 'closed') c.add(`${port}.${service}`, 'must be "open" or "closed".');
        }
      }
      break;
    }
    case 'bandwidthLimit': {
      const o = c.object(value, '', ['enabled', 'sendKbps', 'receiveKbps']);
      if (!o) break;
      c.bool(o, 'enabled');
      for (const key of ['sendKbps', 'receiveKbps'] as const) {
        const v = o[key];
        if (typeof v !== 'number' || !Number.isInteger(v)) c.add(key, 'must be a whole number of kbit/s.');
      }
      if (c.problems.length > 0) break;
      const mapped = toBandwidthSettings(o);
      const problems = validateBandwidthSettings(mapped);
      for (const p of problems) c.add(p.includes('send') ? 'sendKbps' : 'receiveKbps', `${p} (${Math.ceil(1024 / 125)}-${Math.floor(12_500_000 / 125)} kbit/s on this controller)`);
      break;
    }
    case 'operationSetting': {
      const o = c.object(value, '', ['onError']);
      if (o) c.oneOf(o, 'onError', ['stop', 'continue'], 'The operation on an error');
      break;
    }
    case 'enhancedSecurity': {
      const o = c.object(value, '', ['enabled']);
      if (o) c.bool(o, 'enabled');
      break;
    }
    case 'automaticBackup': {
      const o = c.object(value, '', ['enabled', 'trigger', 'retryCount', 'retryIntervalSeconds', 'maxKept'], ['time', 'daysOfWeek']);
      if (!o) break;
      c.bool(o, 'enabled');
      const trigger = c.oneOf(o, 'trigger', ['time', 'day-of-week', 'stop-error'], 'The backup trigger');
      if (o.time !== undefined && (typeof o.time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(o.time))) c.add('time', 'Write the time as HH:MM (24 h, device clock).');
      if ((trigger === 'time' || trigger === 'day-of-week') && o.time === undefined) c.add('time', 'A time or day-of-week trigger needs the time (HH:MM).');
      if (o.daysOfWeek !== undefined && (!Array.isArray(o.daysOfWeek) || o.daysOfWeek.length === 0 || !o.daysOfWeek.every((d) => Number.isInteger(d) && d >= 0 && d <= 6))) {
        c.add('daysOfWeek', 'List the days as numbers 0 (Sunday) to 6 (Saturday).');
      }
      if (trigger === 'day-of-week' && o.daysOfWeek === undefined) c.add('daysOfWeek', 'A day-of-week trigger needs the days.');
      c.int(o, 'retryCount', DEVICE_PARAMETER_LIMITS.automaticBackupRetryCount, 'The retry count');
      c.int(o, 'retryIntervalSeconds', DEVICE_PARAMETER_LIMITS.automaticBackupRetryIntervalSeconds, 'The retry interval (s)');
      c.int(o, 'maxKept', DEVICE_PARAMETER_LIMITS.automaticBackupMaxKept, 'The number of backups kept');
      break;
    }
    case 'automaticRestoration': {
      // Table 35 row 6; crypto-functions/automatic-restoration.ts. File names as the SD card has them (sd-card.ts).
      const o = c.object(value, '', ['enabled', 'backup', 'timing', 'restoreSpecialDevices', 'initializeOtherDrives'], ['targets']);
      if (!o) break;
      c.bool(o, 'enabled');
      if (typeof o.backup !== 'string' || (o.backup !== 'latest' && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\.mxcbak$/.test(o.backup))) {
        c.add('backup', 'Name the backup file on the SD memory card to restore (e.g. BACKUP-20260301-120000.mxcbak), or write "latest" for the newest one.');
      }
      c.oneOf(o, 'timing', ['every-start', 'once'], 'The restoration timing');
      c.bool(o, 'restoreSpecialDevices');
      c.bool(o, 'initializeOtherDrives');
      const t = o.targets;
      if (t !== undefined && (!Array.isArray(t) || t.length === 0 || t.length > 16 || new Set(t).size !== t.length || !t.every((d) => typeof d === 'string' && /^[a-z0-9][a-z0-9-]{0,31}$/.test(d)))) {
        c.add('targets', 'List the drives to restore, each once (device-memory, parameters, users, certificate), or leave the list out to restore every drive the backup holds.');
      }
      break;
    }
    case 'moduleConfiguration':
      // Table 9/27 row 7: the modules other than the controller; module-configuration-block.ts.
      c.problems.push(...checkModuleConfiguration(value, family));
      break;
  }
  return c.problems;
}

// ---------------------------------------------------------------------------------------------------
// Mapping of (valid) blocks to the device's models
// ---------------------------------------------------------------------------------------------------

type O = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- checked by checkBlock

const STRENGTH: Record<string, PasswordStrength> = { weak: 'low', medium: 'medium', strong: 'strong' };

/** The authentication settings the blocks in effect give (factory values for blocks not written). */
export function toAuthSettings(blocks: Blocks): AuthSettings {
  const s: { -readonly [K in keyof AuthSettings]: AuthSettings[K] } = { ...FACTORY_AUTH_SETTINGS };
  const pp = blocks.passwordPolicy as O | undefined;
  if (pp) {
    s.passwordStrength = STRENGTH[pp.strength] ?? s.passwordStrength;
    s.passwordMinLength = pp.minLength;
    s.passwordExpiryDays = pp.expiryEnabled ? pp.expiryDays : null;
    s.passwordHistoryDepth = pp.historyCount;
  }
  const lo = blocks.lockout as O | undefined;
  if (lo) {
    s.lockoutThreshold = lo.failures;
    s.lockoutSeconds = lo.minutes * 60;
  }
  const lm = blocks.logonMessage as O | undefined;
  if (lm) s.logonMessage = lm.enabled ? lm.text : '';
  const st = blocks.sessionTimers as O | undefined;
  if (st) s.sessionTimeoutMinutes = st.logoffTimeoutMinutes;
  const oot = blocks.outOfTargetOperation as O | undefined;
  if (oot) s.deviceAccessIsAuthTarget = oot.deviceLabelAccessAuthenticated;
  return s;
}

/** The event history settings of the blocks in effect; the filter is the block's `excludedEvents` (none: every event is saved). */
export function toEventHistorySettings(blocks: Blocks): EventHistorySettings {
  const eh = blocks.eventHistory as O | undefined;
  if (!eh) return FACTORY_EVENT_HISTORY_SETTINGS;
  return { enabled: eh.enabled, destination: eh.destination, sizeBytes: eh.sizeKb * 1024, manipulationCheck: eh.tamperCheck, excluded: [...((eh.excludedEvents as EventName[] | undefined) ?? [])] };
}

/** The device's settings back in the profile's shape (what 7E05 read reports); `excludedEvents` only when a filter is set. */
export function eventHistoryBlockOf(s: EventHistorySettings): Record<string, unknown> {
  return { enabled: s.enabled, destination: s.destination, sizeKb: s.sizeBytes / 1024, tamperCheck: s.manipulationCheck, ...(s.excluded.length > 0 && { excludedEvents: [...s.excluded] }) };
}

/** The SNTP synchronisation the clock block in effect asks for; undefined when the clock is set by hand. */
export function toSntpClockSettings(blocks: Blocks): SntpClockSettings | undefined {
  const clock = blocks.clock as O | undefined;
  if (clock?.source !== 'sntp' || typeof clock.sntpServer !== 'string') return undefined;
  return { server: clock.sntpServer, maxOffsetSeconds: clock.maxOffsetSeconds };
}

export function toIpFilterSettings(blocks: Blocks): IpFilterSettings {
  const f = blocks.ipFilter as O | undefined;
  if (!f) return FACTORY_IP_FILTER;
  return { enabled: f.enabled, mode: f.mode, entries: (f.entries as unknown[]).map((e) => (typeof e === 'string' ? e : (e as O).address)) };
}

// 1 kbit/s = 125 bytes/s.
export function toBandwidthSettings(block: O | undefined): BandwidthSettings {
  if (!block) return FACTORY_BANDWIDTH;
  return { enabled: block.enabled, sendBytesPerSecond: block.sendKbps * 125, receiveBytesPerSecond: block.receiveKbps * 125 };
}

export function toPortStates(blocks: Blocks, family: ControllerFamily): PortStates {
  const states = factoryPortStates(family) as Record<PortId, Record<ServiceId, boolean>>;
  const written = (blocks.defaultOpenPorts ?? {}) as Record<string, Record<string, string>>;
  for (const [port, services] of Object.entries(written)) {
    for (const [service, state] of Object.entries(services)) {
      if (states[port as PortId]) states[port as PortId][service as ServiceId] = state === 'open';
    }
  }
  return states;
}

export function onErrorOf(blocks: Blocks): 'stop' | 'continue' {
  return ((blocks.operationSetting as O | undefined)?.onError as 'stop' | 'continue' | undefined) ?? FACTORY_ON_ERROR;
}

/** True when the blocks put SLMP on TLS: the plain SLMP TCP service then closes (Table 13). */
/**
 * Whether the plain SLMP service (opened by parameters, 2.4.9.2) is closed: SLMP set to TLS (Table 13), or
 * SLMP not in use at all. With no encrypted communication block written (factory) it stays open.
 */
export function slmpOnTlsOnly(blocks: Blocks): boolean {
  const slmp = (blocks.encryptedCommunication as O | undefined)?.functions?.slmp;
  return slmp?.tls === true || slmp?.inUse === false;
}

/**
 * The engineering tool's "enhanced security setting" (facts), applied to the written blocks when
 * `enhancedSecurity.enabled` is true, after the blocks of the same write (so the preset wins):
 * - defaultOpenPorts: every service the preset closes is written "closed" (CC-Link IE TSN ports: all;
 *   Ethernet port: auto-open UDP and CPU search); services it keeps are left as written;
 * - ipFilter: enabled, allow-list, keeping the entries already written (none: only the USB cable reaches
 *   the device after the restart — the real device behaves the same way);
 * - eventHistory (MX-R only): data memory with the manipulation check on; the other fields as written
 *   (factory values when no block was written).
 */
export function applyEnhancedSecurity(blocks: Blocks, family: ControllerFamily): Blocks {
  if ((blocks.enhancedSecurity as O | undefined)?.enabled !== true) return blocks;
  const preset = enhancedSecurityPreset(family);
  const out: Blocks = { ...blocks };
  const ports = structuredClone((blocks.defaultOpenPorts ?? {}) as Record<string, Record<string, string>>);
  for (const [port, services] of Object.entries(preset.ports) as [string, Record<string, boolean>][]) {
    for (const [service, open] of Object.entries(services)) {
      if (open) continue;
      ports[port] = { ...ports[port], [service]: 'closed' };
    }
  }
  out.defaultOpenPorts = ports;
  const ip = blocks.ipFilter as O | undefined;
  out.ipFilter = { enabled: true, mode: 'allow', entries: ip?.entries ?? [] };
  if (preset.eventHistory) {
    const eh = (blocks.eventHistory as O | undefined) ?? eventHistoryBlockOf(FACTORY_EVENT_HISTORY_SETTINGS);
    out.eventHistory = { ...eh, destination: preset.eventHistory.destination, tamperCheck: preset.eventHistory.manipulationCheck };
  }
  return out;
}
