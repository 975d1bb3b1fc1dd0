// The checks behind the rows of Table 9 (MX-R) and Table 27 (MX-F). The two tables say the same things
// with the MX-F's row 9 ("event history shall be enabled") missing, so each check lives here once and
// both tables cite it. A check is pure: profile (what was intended) + snapshot (what was read back) ->
// verdict with evidence. A reading the driver could not take is 'not-verified', never a pass.
import type { ControllerSnapshot, Reading } from '../../../model/device-snapshot';
import { DEFAULT_OPEN_SERVICES } from '../../../model/controller-services';
import { serviceTitle } from '../../../messages/service-titles';
import {
  COMMUNICATION_FUNCTIONS,
  NETWORK_PORTS,
  PROJECT_LIMITS,
  SERVICES_BY_PORT_KIND,
  type ControllerProfile,
  type DefaultOpenService,
} from '../../../model/security-settings';
import type { Evidence, RowCheck, RowResult } from '../types';

export type ControllerCheck = RowCheck<ControllerProfile, ControllerSnapshot>;

const pass = (evidence: Evidence[]): RowResult => ({ status: 'pass', evidence });
const fail = (reason: string, evidence: Evidence[]): RowResult => ({ status: 'fail', evidence, reason });
const notVerified = (what: string): RowResult => ({ status: 'not-verified', evidence: [], reason: `The app could not read ${what} from the device; check it in the engineering tool and read the device again.` });
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const ev = (what: string, r: Reading<unknown> | undefined): Evidence => ({ what, value: r ? { value: r.value, readAt: r.readAt } : null });

/**
 * An organisational row: the operator attests it; the profile carries the attestation under the row id.
 * `deviceEvidence` adds what the device reports that the attestation covers (e.g. the modules of row 7),
 * shown whether or not the attestation has been given yet; it never decides the status.
 */
export function attestation(rowId: string, deviceEvidence?: (s: ControllerSnapshot) => Evidence[]): ControllerCheck {
  return (profile, snapshot) => {
    const a = profile.attestations.find((x) => x.id === rowId);
    const read = deviceEvidence ? deviceEvidence(snapshot) : [];
    if (!a) return { status: 'not-verified', evidence: read, reason: 'The device cannot show this; the person responsible attests it (name, time, statement) before the report is issued.' };
    return { status: 'attested', evidence: [{ what: 'attestation', value: { by: a.by, at: a.at, text: a.text } }, ...read] };
  };
}

export const userAuthenticationEnabled: ControllerCheck = (p, s) => {
  const ua = s.userAuthentication;
  const users = s.settings.users;
  if (!ua || !users) return notVerified('whether user authentication is enabled');
  const evidence = [ev('user authentication', ua), ev('registered users', users)];
  if (!ua.value.enabled) return fail('User authentication is disabled on the device. Write the user information first: it enables user authentication.', evidence);
  const adminGroups = new Set(users.value.groups.filter((g) => g.kind === 'administrators').map((g) => g.name));
  if (!users.value.users.some((u) => adminGroups.has(u.group))) return fail('No user of the Administrators group is registered on the device.', evidence);
  return pass(evidence);
};

export const usersAndAuthorities: ControllerCheck = (p, s) => {
  const r = s.settings.users;
  if (!r) return notVerified('the registered users and groups');
  const expectedUsers = new Map(p.settings.users.users.map((u) => [u.name, u.group]));
  const actualUsers = new Map(r.value.users.map((u) => [u.name, u.group]));
  const problems: string[] = [];
  for (const [name, group] of actualUsers) {
    if (!expectedUsers.has(name)) problems.push(`user "${name}" is on the device but not in the profile (delete unnecessary accounts)`);
    else if (expectedUsers.get(name) !== group) problems.push(`user "${name}" is in group "${group}", the profile says "${expectedUsers.get(name)}"`);
  }
  for (const name of expectedUsers.keys()) if (!actualUsers.has(name)) problems.push(`user "${name}" of the profile is missing on the device`);
  const expectedGroups = new Map(p.settings.users.groups.map((g) => [g.name, [...g.authorities].sort()]));
  for (const g of r.value.groups) {
    const want = expectedGroups.get(g.name);
    if (!want) problems.push(`group "${g.name}" is on the device but not in the profile`);
    else if (!same(want, [...g.authorities].sort())) problems.push(`group "${g.name}" has authorities ${[...g.authorities].sort().join(', ')}, the profile grants ${want.join(', ')}`);
  }
  const evidence = [ev('users and groups', r)];
  return problems.length ? fail(`Operation authority does not match the profile: ${problems.join('; ')}.`, evidence) : pass(evidence);
};

export const passwordExpiry: ControllerCheck = (p, s) => {
  const r = s.settings.passwordPolicy;
  if (!r) return notVerified('the password policy');
  const evidence = [ev('password policy', r)];
  if (!r.value.expiryEnabled) return fail('The password expiration date setting is disabled; enable it.', evidence);
  if (r.value.expiryDays !== p.settings.passwordPolicy.expiryDays) return fail(`Passwords expire after ${r.value.expiryDays} days on the device, the profile says ${p.settings.passwordPolicy.expiryDays}.`, evidence);
  return pass(evidence);
};

export const passwordStrength: ControllerCheck = (p, s) => {
  const r = s.settings.passwordPolicy;
  if (!r) return notVerified('the password policy');
  const evidence = [ev('password policy', r)];
  if (r.value.strength !== 'strong') return fail(`The password strength setting is "${r.value.strength}"; set it to "Strong".`, evidence);
  if (r.value.minLength < p.settings.passwordPolicy.minLength) return fail(`The device accepts passwords of ${r.value.minLength} characters, the profile requires ${p.settings.passwordPolicy.minLength}.`, evidence);
  return pass(evidence);
};

export const lockout: ControllerCheck = (p, s) => {
  const r = s.settings.lockout;
  if (!r) return notVerified('the lockout setting');
  const evidence = [ev('lockout', r)];
  const failures = PROJECT_LIMITS.lockoutFailures;
  const minutes = PROJECT_LIMITS.lockoutMinutes;
  if (r.value.failures < failures.min || r.value.failures > failures.max || r.value.minutes < minutes.min || r.value.minutes > minutes.max)
    return fail(`Lockout after ${r.value.failures} failures for ${r.value.minutes} min is outside the appropriate range (${failures.min}-${failures.max} failures, ${minutes.min}-${minutes.max} min).`, evidence);
  if (!same(r.value, p.settings.lockout)) return fail('The lockout setting on the device differs from the profile.', evidence);
  return pass(evidence);
};

export const logonMessage: ControllerCheck = (p, s) => {
  const r = s.settings.logonMessage;
  if (!r) return notVerified('the logon notification message');
  const evidence = [ev('logon notification message', r)];
  if (!r.value.enabled || r.value.text.trim() === '') return fail('No usage notification message is shown at logon; set one that warns the logged-on user.', evidence);
  if (r.value.text !== p.settings.logonMessage.text) return fail('The logon notification message on the device differs from the profile.', evidence);
  return pass(evidence);
};

export const sessionTimers: ControllerCheck = (p, s) => {
  const r = s.settings.sessionTimers;
  if (!r) return notVerified('the connection and session timers');
  const evidence = [ev('session timers', r)];
  const v = r.value;
  const minutes = PROJECT_LIMITS.logoffTimeoutMinutes;
  const seconds = PROJECT_LIMITS.connectionTimerSeconds;
  const inRange = v.logoffTimeoutMinutes >= minutes.min && v.logoffTimeoutMinutes <= minutes.max && [v.ethernetAliveCheckSeconds, v.ftpSessionTimeoutSeconds].every((x) => x >= seconds.min && x <= seconds.max);
  if (!inRange) return fail('A connection or session timer is off or outside the appropriate range; set the logoff timeout, the Ethernet alive check and the FTP session timer.', evidence);
  if (!same(v, p.settings.sessionTimers)) return fail('The connection and session timers on the device differ from the profile.', evidence);
  return pass(evidence);
};

/** Table 9 row 9 and 2.4.5: enabled, saved to the data memory (IEC 62443-4-2 use). */
export const eventHistoryEnabled: ControllerCheck = (p, s) => {
  const r = s.settings.eventHistory;
  if (!r) return notVerified('the event history setting');
  const evidence = [ev('event history', r)];
  if (!r.value.enabled) return fail('The event history function is disabled; enable it.', evidence);
  if (r.value.destination !== 'data-memory') return fail('The event history is saved to the SD memory card; specify the data memory as the save destination.', evidence);
  return pass(evidence);
};

export const eventHistorySize: ControllerCheck = (p, s) => {
  const r = s.settings.eventHistory;
  if (!r) return notVerified('the event history size');
  const evidence = [ev('event history', r)];
  const { min, max } = PROJECT_LIMITS.eventHistorySizeKb;
  if (r.value.sizeKb < min || r.value.sizeKb > max) return fail(`An event history of ${r.value.sizeKb} KB is outside the appropriate range (${min}-${max} KB).`, evidence);
  if (r.value.sizeKb !== p.settings.eventHistory.sizeKb) return fail(`The event history holds ${r.value.sizeKb} KB on the device, the profile says ${p.settings.eventHistory.sizeKb} KB.`, evidence);
  return pass(evidence);
};

export const correctTime: ControllerCheck = (p, s) => {
  if (!s.clock) return notVerified('the controller clock');
  const evidence: Evidence[] = [{ what: 'clock', value: s.clock }, { what: 'allowed offset (s)', value: p.settings.clock.maxOffsetSeconds }];
  if (Math.abs(s.clock.offsetSeconds) > p.settings.clock.maxOffsetSeconds)
    return fail(`The controller clock is ${Math.round(s.clock.offsetSeconds)} s off the PC's; set the correct time so event time stamps and certificate dates are right.`, evidence);
  return pass(evidence);
};

export const tamperCheck: ControllerCheck = (p, s) => {
  const r = s.settings.eventHistory;
  if (!r) return notVerified('the manipulation check setting of the event history');
  const evidence = [ev('event history', r), { what: 'event history status', value: s.eventHistoryStatus ?? null }];
  if (!r.value.tamperCheck) return fail('The manipulation check function for the event history is disabled; enable it.', evidence);
  if (s.eventHistoryStatus?.chainVerified === false) return fail('The manipulation check of the event history failed: the history may have been altered. Back it up and investigate before continuing.', evidence);
  return pass(evidence);
};

export const backupEncryption: ControllerCheck = (p, s) => {
  const r = s.settings.backupEncryption;
  if (!r) return notVerified('the backup encryption setting');
  const evidence = [ev('backup encryption', r)];
  return r.value.enabled ? pass(evidence) : fail('Backup data is not encrypted; set "encrypt". After a restoration set it again: it is not restored.', evidence);
};

export const encryptBeyondTrustBoundary: ControllerCheck = (p, s) => {
  const beyond = COMMUNICATION_FUNCTIONS.filter((f) => p.settings.encryptedCommunication.functions[f].inUse && p.settings.encryptedCommunication.functions[f].beyondTrustBoundary);
  if (beyond.length === 0) return { status: 'not-applicable', evidence: [{ what: 'functions beyond the trust boundary', value: [] }], reason: 'The profile declares no communication with external devices beyond the trust boundary.' };
  const r = s.settings.encryptedCommunication;
  if (!r) return notVerified('the encrypted communication setting');
  const evidence: Evidence[] = [ev('encrypted communication', r), { what: 'functions beyond the trust boundary', value: beyond }, { what: 'TLS handshakes from this PC', value: s.observed.tlsHandshakes }];
  const clear = beyond.filter((f) => !r.value.functions[f]?.tls);
  if (clear.length) return fail(`These functions reach beyond the trust boundary without encryption: ${clear.join(', ')}.`, evidence);
  if (r.value.tlsVersion !== p.settings.encryptedCommunication.tlsVersion) return fail(`The device uses TLS ${r.value.tlsVersion}, the profile says ${p.settings.encryptedCommunication.tlsVersion}; use the partner's version.`, evidence);
  const failed = s.observed.tlsHandshakes.filter((h) => (beyond as string[]).includes(h.function) && !h.ok);
  if (failed.length) return fail(`A TLS handshake from this PC failed (${failed.map((h) => h.function).join(', ')}).`, evidence);
  return pass(evidence);
};

const DAY_MS = 86_400_000;
export const certificateOneYear: ControllerCheck = (p, s) => {
  const anyTls = COMMUNICATION_FUNCTIONS.some((f) => p.settings.encryptedCommunication.functions[f].tls);
  const evidence: Evidence[] = [{ what: 'certificate validity in the profile (days)', value: p.settings.certificate.validityDays }, { what: 'certificate', value: s.certificate ?? null }];
  if (p.settings.certificate.validityDays !== 365) return fail(`The profile sets a ${p.settings.certificate.validityDays}-day certificate; keep the default of one year.`, evidence);
  if (!s.certificate) return anyTls ? notVerified('the certificate') : { status: 'not-applicable', evidence, reason: 'No communication function uses encryption, so no certificate is set.' };
  const days = (Date.parse(s.certificate.notAfter) - Date.parse(s.certificate.notBefore)) / DAY_MS;
  // One year is 365 or 366 days depending on the calendar; anything else was changed from the default.
  if (days < 364.5 || days > 366.5) return fail(`The certificate on the device is valid for ${Math.round(days)} days; recreate it with the default one-year validity.`, evidence);
  return pass(evidence);
};

export const ipFilterRestricts: ControllerCheck = (p, s) => {
  const r = s.settings.ipFilter;
  if (!r) return notVerified('the IP filter setting');
  const evidence: Evidence[] = [ev('IP filter', r), { what: 'IP filter as seen from this PC', value: s.observed.ipFilterFromPc ?? null }];
  if (!r.value.enabled) return fail('The IP filter is disabled; restrict access from external devices with it.', evidence);
  const want = new Set(p.settings.ipFilter.entries.map((e) => e.address));
  const got = new Set(r.value.entries.map((e) => e.address));
  const extra = [...got].filter((a) => !want.has(a));
  const missing = [...want].filter((a) => !got.has(a));
  if (r.value.mode !== p.settings.ipFilter.mode || extra.length || missing.length || (r.value.enabled && !p.settings.ipFilter.enabled)) {
    // The enhanced security setting (step 6) keeps the filter on as an allow-list: say so when that is why.
    const preset = p.settings.enhancedSecurity.enabled && (p.settings.ipFilter.mode !== 'allow' || !p.settings.ipFilter.enabled) ? ' The enhanced security setting (step 6) keeps the IP filter on as an allow-list while it is on: set the filter so in step 7, or turn the setting off.' : '';
    return fail(`The IP filter on the device differs from the profile${extra.length ? `; not in the profile: ${extra.join(', ')}` : ''}${missing.length ? `; missing: ${missing.join(', ')}` : ''}${r.value.mode !== p.settings.ipFilter.mode ? `; mode ${r.value.mode} instead of ${p.settings.ipFilter.mode}` : ''}.${preset}`, evidence);
  }
  // Seen from the network: an address the filter does not allow got through (the setting reads right but
  // the device does not act on it).
  const outside = s.observed.ipFilterFromPc?.outside;
  if (outside?.accepted) return fail(`The device let in ${outside.address}, an address its IP filter does not allow: the filter does not act on connections.`, evidence);
  return pass(evidence);
};

/**
 * Row 19: a default open port is open only where the profile declares it in use ('open'), and what this PC
 * sees agrees with the setting: "set closed, seen open" and "set open, seen closed" are findings. The
 * services opened by parameters follow their communication function (Table 13): SLMP or FTP not in use
 * and seen open is a finding too. The evidence lists every service seen open from this PC.
 */
export const unusedPortsClosed: ControllerCheck = (p, s) => {
  const r = s.settings.defaultOpenPorts;
  if (!r) return notVerified('the usage setting of default open ports');
  const evidence: Evidence[] = [ev('default open ports', r), { what: 'port probes from this PC', value: s.observed.portProbes }];
  const problems: string[] = [];
  const ports = NETWORK_PORTS[p.system] as Record<string, 'cc-link-ie-tsn' | 'ethernet'>;
  const open: string[] = [];
  for (const [port, kind] of Object.entries(ports)) {
    for (const service of SERVICES_BY_PORT_KIND[kind]) {
      const wanted = p.settings.defaultOpenPorts[port as 'port1']?.[service] ?? 'closed';
      const actual = r.value[port as 'port1']?.[service];
      if (actual === undefined) continue;
      if (actual === 'open') open.push(`${port}/${service}`);
      if (actual === 'open' && wanted === 'closed') problems.push(`${port} ${service} is open but not in use by the profile`);
    }
  }
  const functions = p.settings.encryptedCommunication.functions;
  const parameterInUse: Partial<Record<string, boolean>> = { slmp: functions.slmp.inUse, ftp: functions.ftps.inUse, 'slmp-tls': COMMUNICATION_FUNCTIONS.some((f) => functions[f].inUse && functions[f].tls) };
  for (const probe of s.observed.portProbes) {
    const where = `${probe.protocol.toUpperCase()} ${probe.port} (${serviceTitle(probe.service).en})`;
    if (probe.service in parameterInUse) {
      if (probe.state === 'open' && parameterInUse[probe.service] === false) problems.push(`set not in use, seen open: ${where} answered this PC although the profile does not use it`);
      continue;
    }
    if (!probe.networkPort || !(DEFAULT_OPEN_SERVICES as readonly string[]).includes(probe.service)) continue;
    const wanted = p.settings.defaultOpenPorts[probe.networkPort]?.[probe.service as DefaultOpenService] ?? 'closed';
    if (probe.state === 'open' && wanted === 'closed') problems.push(`set closed, seen open: ${where} answered this PC although it is set closed`);
    if (probe.state === 'closed' && wanted === 'open') problems.push(`set open, seen closed: ${where} refused this PC although it is set open`);
  }
  const seenOpen = s.observed.portProbes.filter((x) => x.state === 'open').map((x) => `${serviceTitle(x.service).en} ${x.port}/${x.protocol}`);
  evidence.push({ what: 'open default ports', value: open });
  evidence.push({ what: 'services open as seen from this PC', value: seenOpen });
  return problems.length ? fail(`Ports do not match the profile: ${problems.join('; ')}.`, evidence) : pass(evidence);
};

export const bandwidthLimit: ControllerCheck = (p, s) => {
  const r = s.settings.bandwidthLimit;
  if (!r) return notVerified('the bandwidth limitation setting');
  const evidence = [ev('bandwidth limitation', r)];
  if (!r.value.enabled) return fail('The bandwidth limitation function against DoS attack is not set.', evidence);
  if (!same(r.value, p.settings.bandwidthLimit)) return fail('The send/receive bandwidth on the device differs from the profile.', evidence);
  return pass(evidence);
};

/** Row 22 / 2.4.10.1: the bandwidth limit is used together with the IP filter or closed default ports. */
export const dosCountermeasuresCombined: ControllerCheck = (p, s) => {
  const bw = s.settings.bandwidthLimit;
  const ip = s.settings.ipFilter;
  const ports = s.settings.defaultOpenPorts;
  if (!bw || !ip || !ports) return notVerified('the bandwidth limitation, IP filter and default open port settings');
  const evidence = [ev('bandwidth limitation', bw), ev('IP filter', ip), ev('default open ports', ports)];
  const anyClosed = Object.values(ports.value).some((services) => Object.values(services ?? {}).includes('closed'));
  if (!bw.value.enabled) return fail('The bandwidth limitation is off, so it is not combined with the other countermeasures.', evidence);
  if (!ip.value.enabled && !anyClosed) return fail('Use the bandwidth limitation together with the IP filter or the usage setting of default open ports.', evidence);
  return pass(evidence);
};

/** Exported for the map document and tests: every check by name. */
export const CONTROLLER_CHECKS = {
  userAuthenticationEnabled, usersAndAuthorities, passwordExpiry, passwordStrength, lockout, logonMessage, sessionTimers, eventHistoryEnabled, eventHistorySize,
  correctTime, tamperCheck, backupEncryption, encryptBeyondTrustBoundary, certificateOneYear, ipFilterRestricts, unusedPortsClosed, bandwidthLimit, dosCountermeasuresCombined,
};
