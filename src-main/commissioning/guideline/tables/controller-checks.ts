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
import { bilingual, bilingualEach, type Bilingual, type MessageId, type MessageParams } from '../../../messages/catalogue';

export type ControllerCheck = RowCheck<ControllerProfile, ControllerSnapshot>;

const pass = (evidence: Evidence[]): RowResult => ({ status: 'pass', evidence });
// A reason is a catalogue message in both languages (reasonText); `reason` keeps its English for the JSON and the CLI.
const because = (reason: Bilingual): Pick<RowResult, 'reason' | 'reasonText'> => ({ reason: reason.en, reasonText: reason });
const m = (id: MessageId, params?: MessageParams): Bilingual => bilingual(id, params);
const fail = (reason: Bilingual, evidence: Evidence[]): RowResult => ({ status: 'fail', evidence, ...because(reason) });
/** `what` names the setting: a message under rowCheck.unread. */
const notVerified = (what: MessageId): RowResult => ({ status: 'not-verified', evidence: [], ...because(bilingualEach('rowCheck.notRead', (l) => ({ what: bilingual(what)[l] }))) });
/** Findings as one text: "; " between them in English, one sentence after another in Japanese. */
const findings = (id: MessageId, problems: readonly Bilingual[]): Bilingual => bilingualEach(id, (l) => ({ problems: problems.map((p) => p[l]).join(l === 'ja' ? '' : '; ') }));
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
    if (!a) return { status: 'not-verified', evidence: read, ...because(m('rowCheck.attestationMissing')) };
    return { status: 'attested', evidence: [{ what: 'attestation', value: { by: a.by, at: a.at, text: a.text } }, ...read] };
  };
}

export const userAuthenticationEnabled: ControllerCheck = (p, s) => {
  const ua = s.userAuthentication;
  const users = s.settings.users;
  if (!ua || !users) return notVerified('rowCheck.unread.userAuthentication');
  const evidence = [ev('user authentication', ua), ev('registered users', users)];
  if (!ua.value.enabled) return fail(m('rowCheck.userAuthOff'), evidence);
  const adminGroups = new Set(users.value.groups.filter((g) => g.kind === 'administrators').map((g) => g.name));
  if (!users.value.users.some((u) => adminGroups.has(u.group))) return fail(m('rowCheck.noAdministrator'), evidence);
  return pass(evidence);
};

export const usersAndAuthorities: ControllerCheck = (p, s) => {
  const r = s.settings.users;
  if (!r) return notVerified('rowCheck.unread.users');
  const expectedUsers = new Map(p.settings.users.users.map((u) => [u.name, u.group]));
  const actualUsers = new Map(r.value.users.map((u) => [u.name, u.group]));
  const problems: Bilingual[] = [];
  for (const [name, group] of actualUsers) {
    if (!expectedUsers.has(name)) problems.push(m('rowCheck.problem.userExtra', { name }));
    else if (expectedUsers.get(name) !== group) problems.push(m('rowCheck.problem.userGroup', { name, group, profile: expectedUsers.get(name) ?? '' }));
  }
  for (const name of expectedUsers.keys()) if (!actualUsers.has(name)) problems.push(m('rowCheck.problem.userMissing', { name }));
  const expectedGroups = new Map(p.settings.users.groups.map((g) => [g.name, [...g.authorities].sort()]));
  for (const g of r.value.groups) {
    const want = expectedGroups.get(g.name);
    if (!want) problems.push(m('rowCheck.problem.groupExtra', { name: g.name }));
    else if (!same(want, [...g.authorities].sort())) problems.push(m('rowCheck.problem.groupAuthorities', { name: g.name, device: [...g.authorities].sort().join(', '), profile: want.join(', ') }));
  }
  const evidence = [ev('users and groups', r)];
  return problems.length ? fail(findings('rowCheck.authorityMismatch', problems), evidence) : pass(evidence);
};

export const passwordExpiry: ControllerCheck = (p, s) => {
  const r = s.settings.passwordPolicy;
  if (!r) return notVerified('rowCheck.unread.passwordPolicy');
  const evidence = [ev('password policy', r)];
  if (!r.value.expiryEnabled) return fail(m('rowCheck.expiryOff'), evidence);
  if (r.value.expiryDays !== p.settings.passwordPolicy.expiryDays) return fail(m('rowCheck.expiryDiffers', { device: r.value.expiryDays, profile: p.settings.passwordPolicy.expiryDays }), evidence);
  return pass(evidence);
};

export const passwordStrength: ControllerCheck = (p, s) => {
  const r = s.settings.passwordPolicy;
  if (!r) return notVerified('rowCheck.unread.passwordPolicy');
  const evidence = [ev('password policy', r)];
  if (r.value.strength !== 'strong') return fail(m('rowCheck.strengthWeak', { strength: r.value.strength }), evidence);
  if (r.value.minLength < p.settings.passwordPolicy.minLength) return fail(m('rowCheck.minLengthShort', { device: r.value.minLength, profile: p.settings.passwordPolicy.minLength }), evidence);
  return pass(evidence);
};

export const lockout: ControllerCheck = (p, s) => {
  const r = s.settings.lockout;
  if (!r) return notVerified('rowCheck.unread.lockout');
  const evidence = [ev('lockout', r)];
  const failures = PROJECT_LIMITS.lockoutFailures;
  const minutes = PROJECT_LIMITS.lockoutMinutes;
  if (r.value.failures < failures.min || r.value.failures > failures.max || r.value.minutes < minutes.min || r.value.minutes > minutes.max)
    return fail(m('rowCheck.lockoutOutOfRange', { failures: r.value.failures, minutes: r.value.minutes, failuresMin: failures.min, failuresMax: failures.max, minutesMin: minutes.min, minutesMax: minutes.max }), evidence);
  if (!same(r.value, p.settings.lockout)) return fail(m('rowCheck.lockoutDiffers'), evidence);
  return pass(evidence);
};

export const logonMessage: ControllerCheck = (p, s) => {
  const r = s.settings.logonMessage;
  if (!r) return notVerified('rowCheck.unread.logonMessage');
  const evidence = [ev('logon notification message', r)];
  if (!r.value.enabled || r.value.text.trim() === '') return fail(m('rowCheck.noLogonMessage'), evidence);
  if (r.value.text !== p.settings.logonMessage.text) return fail(m('rowCheck.logonMessageDiffers'), evidence);
  return pass(evidence);
};

export const sessionTimers: ControllerCheck = (p, s) => {
  const r = s.settings.sessionTimers;
  if (!r) return notVerified('rowCheck.unread.sessionTimers');
  const evidence = [ev('session timers', r)];
  const v = r.value;
  const minutes = PROJECT_LIMITS.logoffTimeoutMinutes;
  const seconds = PROJECT_LIMITS.connectionTimerSeconds;
  const inRange = v.logoffTimeoutMinutes >= minutes.min && v.logoffTimeoutMinutes <= minutes.max && [v.ethernetAliveCheckSeconds, v.ftpSessionTimeoutSeconds].every((x) => x >= seconds.min && x <= seconds.max);
  if (!inRange) return fail(m('rowCheck.timersOutOfRange'), evidence);
  if (!same(v, p.settings.sessionTimers)) return fail(m('rowCheck.timersDiffer'), evidence);
  return pass(evidence);
};

/** Table 9 row 9 and 2.4.5: enabled, saved to the data memory (IEC 62443-4-2 use). */
export const eventHistoryEnabled: ControllerCheck = (p, s) => {
  const r = s.settings.eventHistory;
  if (!r) return notVerified('rowCheck.unread.eventHistory');
  const evidence = [ev('event history', r)];
  if (!r.value.enabled) return fail(m('rowCheck.eventHistoryOff'), evidence);
  if (r.value.destination !== 'data-memory') return fail(m('rowCheck.eventHistoryOnSd'), evidence);
  return pass(evidence);
};

export const eventHistorySize: ControllerCheck = (p, s) => {
  const r = s.settings.eventHistory;
  if (!r) return notVerified('rowCheck.unread.eventHistorySize');
  const evidence = [ev('event history', r)];
  const { min, max } = PROJECT_LIMITS.eventHistorySizeKb;
  if (r.value.sizeKb < min || r.value.sizeKb > max) return fail(m('rowCheck.eventHistorySizeOutOfRange', { size: r.value.sizeKb, min, max }), evidence);
  if (r.value.sizeKb !== p.settings.eventHistory.sizeKb) return fail(m('rowCheck.eventHistorySizeDiffers', { device: r.value.sizeKb, profile: p.settings.eventHistory.sizeKb }), evidence);
  return pass(evidence);
};

export const correctTime: ControllerCheck = (p, s) => {
  if (!s.clock) return notVerified('rowCheck.unread.clock');
  const evidence: Evidence[] = [{ what: 'clock', value: s.clock }, { what: 'allowed offset (s)', value: p.settings.clock.maxOffsetSeconds }];
  if (Math.abs(s.clock.offsetSeconds) > p.settings.clock.maxOffsetSeconds)
    return fail(m('rowCheck.clockOff', { seconds: Math.round(s.clock.offsetSeconds) }), evidence);
  return pass(evidence);
};

export const tamperCheck: ControllerCheck = (p, s) => {
  const r = s.settings.eventHistory;
  if (!r) return notVerified('rowCheck.unread.tamperCheck');
  const evidence = [ev('event history', r), { what: 'event history status', value: s.eventHistoryStatus ?? null }];
  if (!r.value.tamperCheck) return fail(m('rowCheck.tamperCheckOff'), evidence);
  if (s.eventHistoryStatus?.chainVerified === false) return fail(m('rowCheck.tamperCheckFailed'), evidence);
  return pass(evidence);
};

export const backupEncryption: ControllerCheck = (p, s) => {
  const r = s.settings.backupEncryption;
  if (!r) return notVerified('rowCheck.unread.backupEncryption');
  const evidence = [ev('backup encryption', r)];
  return r.value.enabled ? pass(evidence) : fail(m('rowCheck.backupNotEncrypted'), evidence);
};

export const encryptBeyondTrustBoundary: ControllerCheck = (p, s) => {
  const beyond = COMMUNICATION_FUNCTIONS.filter((f) => p.settings.encryptedCommunication.functions[f].inUse && p.settings.encryptedCommunication.functions[f].beyondTrustBoundary);
  if (beyond.length === 0) return { status: 'not-applicable', evidence: [{ what: 'functions beyond the trust boundary', value: [] }], ...because(m('rowCheck.nothingBeyondBoundary')) };
  const r = s.settings.encryptedCommunication;
  if (!r) return notVerified('rowCheck.unread.encryptedCommunication');
  const evidence: Evidence[] = [ev('encrypted communication', r), { what: 'functions beyond the trust boundary', value: beyond }, { what: 'TLS handshakes from this PC', value: s.observed.tlsHandshakes }];
  const clear = beyond.filter((f) => !r.value.functions[f]?.tls);
  if (clear.length) return fail(m('rowCheck.unencryptedBeyondBoundary', { functions: clear.join(', ') }), evidence);
  if (r.value.tlsVersion !== p.settings.encryptedCommunication.tlsVersion) return fail(m('rowCheck.tlsVersionDiffers', { device: r.value.tlsVersion, profile: p.settings.encryptedCommunication.tlsVersion }), evidence);
  const failed = s.observed.tlsHandshakes.filter((h) => (beyond as string[]).includes(h.function) && !h.ok);
  if (failed.length) return fail(m('rowCheck.handshakeFailed', { functions: failed.map((h) => h.function).join(', ') }), evidence);
  return pass(evidence);
};

const DAY_MS = 86_400_000;
export const certificateOneYear: ControllerCheck = (p, s) => {
  const anyTls = COMMUNICATION_FUNCTIONS.some((f) => p.settings.encryptedCommunication.functions[f].tls);
  const evidence: Evidence[] = [{ what: 'certificate validity in the profile (days)', value: p.settings.certificate.validityDays }, { what: 'certificate', value: s.certificate ?? null }];
  if (p.settings.certificate.validityDays !== 365) return fail(m('rowCheck.profileValidity', { days: p.settings.certificate.validityDays }), evidence);
  if (!s.certificate) return anyTls ? notVerified('rowCheck.unread.certificate') : { status: 'not-applicable', evidence, ...because(m('rowCheck.noCertificateNeeded')) };
  const days = (Date.parse(s.certificate.notAfter) - Date.parse(s.certificate.notBefore)) / DAY_MS;
  // One year is 365 or 366 days depending on the calendar; anything else was changed from the default.
  if (days < 364.5 || days > 366.5) return fail(m('rowCheck.deviceValidity', { days: Math.round(days) }), evidence);
  return pass(evidence);
};

export const ipFilterRestricts: ControllerCheck = (p, s) => {
  const r = s.settings.ipFilter;
  if (!r) return notVerified('rowCheck.unread.ipFilter');
  const evidence: Evidence[] = [ev('IP filter', r), { what: 'IP filter as seen from this PC', value: s.observed.ipFilterFromPc ?? null }];
  if (!r.value.enabled) return fail(m('rowCheck.ipFilterOff'), evidence);
  const want = new Set(p.settings.ipFilter.entries.map((e) => e.address));
  const got = new Set(r.value.entries.map((e) => e.address));
  const extra = [...got].filter((a) => !want.has(a));
  const missing = [...want].filter((a) => !got.has(a));
  if (r.value.mode !== p.settings.ipFilter.mode || extra.length || missing.length || (r.value.enabled && !p.settings.ipFilter.enabled)) {
    // The enhanced security setting (step 6) keeps the filter on as an allow-list: say so when that is why.
    const problems: Bilingual[] = [
      ...(extra.length ? [m('rowCheck.problem.ipExtra', { addresses: extra.join(', ') })] : []),
      ...(missing.length ? [m('rowCheck.problem.ipMissing', { addresses: missing.join(', ') })] : []),
      ...(r.value.mode !== p.settings.ipFilter.mode ? [bilingualEach('rowCheck.problem.ipMode', (l) => ({ device: bilingual(`evidence.value.${r.value.mode}`)[l], profile: bilingual(`evidence.value.${p.settings.ipFilter.mode}`)[l] }))] : []),
      ...(p.settings.enhancedSecurity.enabled && (p.settings.ipFilter.mode !== 'allow' || !p.settings.ipFilter.enabled) ? [m('rowCheck.problem.ipPreset')] : []),
    ];
    return fail(problems.length ? findings('rowCheck.ipFilterDiffers', problems) : m('rowCheck.ipFilterDiffersPlain'), evidence);
  }
  // Seen from the network: an address the filter does not allow got through (the setting reads right but
  // the device does not act on it).
  const outside = s.observed.ipFilterFromPc?.outside;
  if (outside?.accepted) return fail(m('rowCheck.ipFilterLetIn', { address: outside.address }), evidence);
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
  if (!r) return notVerified('rowCheck.unread.defaultOpenPorts');
  const evidence: Evidence[] = [ev('default open ports', r), { what: 'port probes from this PC', value: s.observed.portProbes }];
  const problems: Bilingual[] = [];
  const ports = NETWORK_PORTS[p.system] as Record<string, 'cc-link-ie-tsn' | 'ethernet'>;
  const open: string[] = [];
  for (const [port, kind] of Object.entries(ports)) {
    for (const service of SERVICES_BY_PORT_KIND[kind]) {
      const wanted = p.settings.defaultOpenPorts[port as 'port1']?.[service] ?? 'closed';
      const actual = r.value[port as 'port1']?.[service];
      if (actual === undefined) continue;
      if (actual === 'open') open.push(`${port}/${service}`);
      if (actual === 'open' && wanted === 'closed') problems.push(m('rowCheck.problem.portOpen', { port, service }));
    }
  }
  const functions = p.settings.encryptedCommunication.functions;
  const parameterInUse: Partial<Record<string, boolean>> = { slmp: functions.slmp.inUse, ftp: functions.ftps.inUse, 'slmp-tls': COMMUNICATION_FUNCTIONS.some((f) => functions[f].inUse && functions[f].tls) };
  for (const probe of s.observed.portProbes) {
    const where = (l: 'en' | 'ja') => ({ where: `${probe.protocol.toUpperCase()} ${probe.port} (${serviceTitle(probe.service)[l]})` });
    if (probe.service in parameterInUse) {
      if (probe.state === 'open' && parameterInUse[probe.service] === false) problems.push(bilingualEach('rowCheck.problem.unusedSeenOpen', where));
      continue;
    }
    if (!probe.networkPort || !(DEFAULT_OPEN_SERVICES as readonly string[]).includes(probe.service)) continue;
    const wanted = p.settings.defaultOpenPorts[probe.networkPort]?.[probe.service as DefaultOpenService] ?? 'closed';
    if (probe.state === 'open' && wanted === 'closed') problems.push(bilingualEach('rowCheck.problem.closedSeenOpen', where));
    if (probe.state === 'closed' && wanted === 'open') problems.push(bilingualEach('rowCheck.problem.openSeenClosed', where));
  }
  // Each service in both languages (the report shows the one of its language).
  const seenOpen: Bilingual[] = s.observed.portProbes.filter((x) => x.state === 'open').map((x) => ({ en: `${serviceTitle(x.service).en} ${x.port}/${x.protocol}`, ja: `${serviceTitle(x.service).ja} ${x.port}/${x.protocol}` }));
  evidence.push({ what: 'open default ports', value: open });
  evidence.push({ what: 'services open as seen from this PC', value: seenOpen });
  return problems.length ? fail(findings('rowCheck.portsDiffer', problems), evidence) : pass(evidence);
};

export const bandwidthLimit: ControllerCheck = (p, s) => {
  const r = s.settings.bandwidthLimit;
  if (!r) return notVerified('rowCheck.unread.bandwidthLimit');
  const evidence = [ev('bandwidth limitation', r)];
  if (!r.value.enabled) return fail(m('rowCheck.bandwidthOff'), evidence);
  if (!same(r.value, p.settings.bandwidthLimit)) return fail(m('rowCheck.bandwidthDiffers'), evidence);
  return pass(evidence);
};

/** Row 22 / 2.4.10.1: the bandwidth limit is used together with the IP filter or closed default ports. */
export const dosCountermeasuresCombined: ControllerCheck = (p, s) => {
  const bw = s.settings.bandwidthLimit;
  const ip = s.settings.ipFilter;
  const ports = s.settings.defaultOpenPorts;
  if (!bw || !ip || !ports) return notVerified('rowCheck.unread.dosCombination');
  const evidence = [ev('bandwidth limitation', bw), ev('IP filter', ip), ev('default open ports', ports)];
  const anyClosed = Object.values(ports.value).some((services) => Object.values(services ?? {}).includes('closed'));
  if (!bw.value.enabled) return fail(m('rowCheck.dosNotCombined'), evidence);
  if (!ip.value.enabled && !anyClosed) return fail(m('rowCheck.dosCombine'), evidence);
  return pass(evidence);
};

/** Exported for the map document and tests: every check by name. */
export const CONTROLLER_CHECKS = {
  userAuthenticationEnabled, usersAndAuthorities, passwordExpiry, passwordStrength, lockout, logonMessage, sessionTimers, eventHistoryEnabled, eventHistorySize,
  correctTime, tamperCheck, backupEncryption, encryptBeyondTrustBoundary, certificateOneYear, ipFilterRestricts, unusedPortsClosed, bandwidthLimit, dosCountermeasuresCombined,
};
