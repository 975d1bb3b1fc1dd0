// The checks of Table 17 / Table 35 that change nothing on the device (a few logons, reads and socket
// attempts from this PC): always run in step 14, in this order (row 4 reads the events rows 3 and 7 make).
import { randomBytes } from 'node:crypto';
import { createSelfSignedCertificate } from '../../crypto/certificate';
import type { ControllerSecurityDriver } from '../../devices/controller-security-driver';
import { KNOWN_SERVICE_PORTS } from '../../model/device-snapshot';
import type { DefaultOpenService } from '../../model/security-settings';
import { administratorsIn, ethernetPortOf } from '../families/mx-controller/controller-guards';
import { addressIn, eventsSince, isLoopback, recentEvents, refusalCode, tcpAttempt, tlsHandshake } from './device-probes';
import { evidence as ev, fail, notRun, pass, refusalReading, said, verbatimReading, type CheckOutcome, type VerificationCheck, type VerificationContext, type VerificationEvidence } from './verification-check';
import { CHECK_TIMEOUT_MS, EVENT_NAMES, IP_FILTER_CLOSE_WAIT_MS, NO_SUCH_USER, TLS_EVENT_WAIT_MS } from './verification-choices';
import { bilingualEach, isMessageId, msg, render, type Language, type Message } from '../../messages/catalogue';

/** A throwaway wrong password: never a real one, never logged. */
const wrongPassword = () => `Wrong-${randomBytes(9).toString('base64url')}-1`;

export function administratorCredentials(ctx: VerificationContext): { userName: string; password: string } | undefined {
  for (const name of administratorsIn(ctx.profile)) {
    const password = ctx.secrets.userPassword(name);
    if (password !== undefined) return { userName: name, password };
  }
  return undefined;
}

async function withSession<T>(ctx: VerificationContext, use: (d: ControllerSecurityDriver) => Promise<T>): Promise<T> {
  const session = await ctx.openSession();
  try {
    return await use(session);
  } finally {
    await session.close().catch(() => undefined);
  }
}

const can = (ctx: VerificationContext, ...ops: Parameters<VerificationContext['capabilities']['operations']['has']>[0][]) => ops.every((o) => ctx.capabilities.operations.has(o));
const offsetMs = (ctx: VerificationContext) => ctx.profile.settings.clock.maxOffsetSeconds * 1000;

// ---- Row 1 and row 2 --------------------------------------------------------------------------------

const initialization: VerificationCheck = {
  id: 'row1.initialization',
  row: 1,
  title: msg('check.initialization.title'),
  disruptive: true,
  timeoutMs: CHECK_TIMEOUT_MS.quick,
  // Never offered: it would erase what steps 9-10 just wrote (the check itself is a maintenance operation).
  run: async () => notRun(msg('checkReason.initializationLater')),
};

const firmwareVersion: VerificationCheck = {
  id: 'row2.firmware-version',
  row: 2,
  title: msg('check.firmwareVersion.title'),
  disruptive: false,
  timeoutMs: CHECK_TIMEOUT_MS.quick,
  async run(ctx) {
    const fromIdentity = ctx.capabilities.firmwareVersion;
    if (!can(ctx, 'firmware')) return fromIdentity ? pass([ev(said('checkEvidence.what.firmwareIdentified'), verbatimReading(fromIdentity))]) : notRun(msg('checkReason.noFirmwareVersion'));
    const v = await ctx.driver.readVersions();
    const evidence: VerificationEvidence[] = [ev(said('checkEvidence.what.firmware'), verbatimReading(v.firmwareVersion)), ...v.addOns.map((a) => ev(said('checkEvidence.what.addOn', { name: a.name }), verbatimReading(a.version)))];
    if (fromIdentity && fromIdentity !== v.firmwareVersion) return fail(msg('checkReason.firmwareChanged', { identified: fromIdentity, read: v.firmwareVersion }), evidence);
    return pass(evidence);
  },
};

const firmwareUpdate: VerificationCheck = {
  id: 'row2.firmware-update',
  row: 2,
  title: msg('check.firmwareUpdate.title'),
  disruptive: true,
  timeoutMs: CHECK_TIMEOUT_MS.quick,
  run: async () => notRun(msg('checkReason.firmwareUpdateLater')),
};

// ---- Row 3: user authentication ------------------------------------------------------------------

const logon: VerificationCheck = {
  id: 'row3.logon',
  row: 3,
  title: msg('check.logon.title'),
  disruptive: false,
  timeoutMs: CHECK_TIMEOUT_MS.quick,
  async run(ctx) {
    if (!can(ctx, 'logon')) return notRun(msg('checkReason.noLogon'));
    const admin = administratorCredentials(ctx);
    if (!admin) return notRun(msg('checkReason.noAdministratorPassword'));
    if (ctx.profile.settings.users.users.some((u) => u.name === NO_SUCH_USER)) return notRun(msg('checkReason.probeUserExists', { name: NO_SUCH_USER }));
    return withSession(ctx, async (s) => {
      const evidence: VerificationEvidence[] = [];
      // A wrong password for a user name that does not exist: refused, and it counts towards nobody's lockout.
      const wrong = await refusalCode(s.logon(NO_SUCH_USER, wrongPassword()));
      evidence.push(ev(said('checkEvidence.what.wrongUserLogon', { user: NO_SUCH_USER }), refusalReading(wrong)));
      if (wrong === 'accepted') return fail(msg('checkReason.unknownUserAccepted'), evidence);
      const right = await s.logon(admin.userName, admin.password);
      evidence.push(ev(said('checkEvidence.what.adminLogon', { user: admin.userName }), said('checkEvidence.value.acceptedGroup', { group: right.group })));
      evidence.push(ev(said('checkEvidence.what.lockoutCounters'), said('checkEvidence.value.countersUntouched')));
      return pass(evidence);
    });
  },
};

const authority: VerificationCheck = {
  id: 'row3.authority',
  row: 3,
  title: msg('check.authority.title'),
  disruptive: false,
  timeoutMs: CHECK_TIMEOUT_MS.quick,
  async run(ctx) {
    if (!can(ctx, 'logon', 'parameters')) return notRun(msg('checkReason.noLogonOrWrite'));
    const groups = new Map(ctx.profile.settings.users.groups.map((g) => [g.name, g]));
    const user = ctx.profile.settings.users.users.find(
      (u) => groups.get(u.group)?.kind !== 'administrators' && !groups.get(u.group)?.authorities.includes('device-write') && ctx.secrets.userPassword(u.name) !== undefined,
    );
    if (!user) return notRun(msg('checkReason.noOrdinaryUser'));
    return withSession(ctx, async (s) => {
      const r = await s.logon(user.name, ctx.secrets.userPassword(user.name)!);
      // The profile's own lockout value: were the write wrongly accepted, the device still holds the profile.
      const code = await refusalCode(s.writeParameters({ lockout: ctx.profile.settings.lockout }));
      const evidence = [
        ev(said('checkEvidence.what.userLogon', { user: user.name }), said('checkEvidence.value.acceptedGroup', { group: r.group })),
        ev(said('checkEvidence.what.writeByUser'), refusalReading(code)),
      ];
      return code === 'no-authority' ? pass(evidence) : fail(msg('checkReason.writeNotRefused', { name: user.name, group: r.group, code }), evidence);
    });
  },
};

const logonMessage: VerificationCheck = {
  id: 'row3.logon-message',
  row: 3,
  mxFOnly: true,
  title: msg('check.logonMessage.title'),
  disruptive: false,
  timeoutMs: CHECK_TIMEOUT_MS.quick,
  async run(ctx) {
    if (!can(ctx, 'logon')) return notRun(msg('checkReason.noLogon'));
    const admin = administratorCredentials(ctx);
    if (!admin) return notRun(msg('checkReason.noAdministratorPassword'));
    const expected = ctx.profile.settings.logonMessage.enabled ? ctx.profile.settings.logonMessage.text : '';
    const shown = await withSession(ctx, async (s) => (await s.logon(admin.userName, admin.password)).logonMessage);
    const message = (text: string): Message => (text ? verbatimReading(text) : said('checkEvidence.value.none'));
    const evidence = [ev(said('checkEvidence.what.logonMessageShown'), message(shown)), ev(said('checkEvidence.what.logonMessageProfile'), message(expected))];
    return shown === expected ? pass(evidence) : fail(msg('checkReason.logonMessageDiffers'), evidence);
  },
};

// ---- Row 4: event history ------------------------------------------------------------------------

const eventHistory: VerificationCheck = {
  id: 'row4.events',
  row: 4,
  title: msg('check.events.title'),
  disruptive: false,
  timeoutMs: CHECK_TIMEOUT_MS.quick,
  async run(ctx) {
    if (!can(ctx, 'event-history')) return notRun(msg('checkReason.noEventHistoryTool'));
    const evidence: VerificationEvidence[] = [];
    const before = ctx.now().getTime();
    if (can(ctx, 'clock')) {
      const device = (await ctx.driver.readClock()).getTime();
      const offset = (device - (before + ctx.now().getTime()) / 2) / 1000;
      evidence.push(ev(said('checkEvidence.what.clockOffset'), said('checkEvidence.value.clockOffset', { offset: offset.toFixed(1), allowed: ctx.profile.settings.clock.maxOffsetSeconds })));
      if (Math.abs(offset) > ctx.profile.settings.clock.maxOffsetSeconds) return fail(msg('checkReason.clockOff'), evidence);
    }
    // The logons of row 3 ran seconds ago: the newest events must be theirs, stamped with about this time.
    const events = await recentEvents(ctx.driver);
    const windowStart = before - 60_000;
    const recent = eventsSince(events, windowStart, offsetMs(ctx));
    const latest = events.at(-1);
    evidence.push(ev(said('checkEvidence.what.recentEvents'), verbatimReading(recent.length)));
    if (latest) evidence.push(ev(said('checkEvidence.what.newestEvent'), said('checkEvidence.value.event', { name: latest.name, code: latest.code.toString(16), at: latest.at })));
    if (!latest || recent.length === 0) return fail(msg('checkReason.noRecentEvent'), evidence);
    const future = recent.filter((e) => new Date(e.at).getTime() > ctx.now().getTime() + offsetMs(ctx));
    if (future.length) return fail(msg('checkReason.futureEvents', { count: future.length }), evidence);
    const failures = recent.filter((e) => e.name === EVENT_NAMES.logonFailure && e.user === NO_SUCH_USER);
    evidence.push(ev(said('checkEvidence.what.probeFailureRecorded', { user: NO_SUCH_USER }), failures.length ? said('checkEvidence.value.yesAt', { at: failures.at(-1)!.at }) : said('checkEvidence.value.no')));
    if (ctx.profile.settings.eventHistory.tamperCheck) {
      const integrity = await ctx.driver.verifyEventHistory();
      evidence.push(ev(said('checkEvidence.what.tamperCheck'), integrity.ok ? said('checkEvidence.value.intact') : said('checkEvidence.value.broken', { index: integrity.firstBadIndex ?? '?', reason: integrity.reason ?? '' })));
      if (!integrity.ok) return fail(msg('checkReason.tamperCheckFailed'), evidence);
    }
    return pass(evidence);
  },
};

// ---- Row 7: encrypted communication --------------------------------------------------------------

const tls: VerificationCheck = {
  id: 'row7.tls',
  row: 7,
  title: msg('check.tls.title'),
  disruptive: false,
  timeoutMs: CHECK_TIMEOUT_MS.quick,
  async run(ctx) {
    if (!ctx.tls) return notRun(msg('checkReason.noTls'));
    const started = ctx.now().getTime();
    const evidence: VerificationEvidence[] = [];
    const right = await tlsHandshake(ctx.tls.host, ctx.tls.port, ctx.tls.fingerprint256);
    evidence.push(ev(said('checkEvidence.what.pinnedHandshake', { fingerprint: ctx.tls.fingerprint256.slice(0, 23) }), right.ok ? said('checkEvidence.value.ok', { protocol: right.protocol }) : said('checkEvidence.value.failed', { error: right.error })));
    // "A client that imported a certificate created by another controller" (Table 17 row 7).
    const other = await createSelfSignedCertificate({ commonName: 'another-controller', keyType: 'ec-p256' });
    const wrong = await tlsHandshake(ctx.tls.host, ctx.tls.port, other.fingerprint256);
    evidence.push(ev(said('checkEvidence.what.otherHandshake'), wrong.ok ? said('checkEvidence.value.connected') : said('checkEvidence.value.refused', { code: wrong.error })));
    if (!right.ok) return fail(msg('checkReason.pinnedHandshakeFailed'), evidence);
    if (wrong.ok) return fail(msg('checkReason.otherCertificateConnected'), evidence);
    if (!can(ctx, 'event-history')) {
      evidence.push(ev(said('checkEvidence.what.tlsEventsUnreadable'), said('checkEvidence.value.notReadable')));
      return pass(evidence);
    }
    let start = false;
    let end = false;
    const deadline = Date.now() + TLS_EVENT_WAIT_MS;
    do {
      const recent = eventsSince(await recentEvents(ctx.driver), started, offsetMs(ctx));
      start = recent.some((e) => e.name === EVENT_NAMES.tlsStart);
      end = recent.some((e) => e.name === EVENT_NAMES.tlsEnd);
      if (start && end) break;
      await new Promise((r) => setTimeout(r, 50));
    } while (Date.now() < deadline);
    evidence.push(ev(said('checkEvidence.what.tlsEvents'), said('checkEvidence.value.list', { items: { list: [start ? 'checkEvidence.value.startRecorded' : 'checkEvidence.value.startNotRecorded', end ? 'checkEvidence.value.endRecorded' : 'checkEvidence.value.endNotRecorded'] } })));
    return start && end ? pass(evidence) : fail(msg('checkReason.tlsEventsMissing'), evidence);
  },
};

// ---- Row 8: IP filter ----------------------------------------------------------------------------

const ipFilter: VerificationCheck = {
  id: 'row8.ip-filter',
  row: 8,
  title: msg('check.ipFilter.title'),
  disruptive: false,
  timeoutMs: CHECK_TIMEOUT_MS.quick,
  async run(ctx) {
    const f = ctx.profile.settings.ipFilter;
    if (!f.enabled) return notRun(msg('checkReason.ipFilterOff'));
    if (!ctx.deviceHost) return notRun(msg('checkReason.noEthernetAddress'));
    const host = ctx.deviceHost;
    // 'served', or what refused it; undefined when there is no TLS listener to try.
    const attempt = async (from?: string): Promise<{ served: true } | { served: false; error: string } | undefined> => {
      if (!ctx.tls) return undefined;
      const h = await tlsHandshake(host, ctx.tls.port, ctx.tls.fingerprint256, { ...(from ? { localAddress: from } : {}), holdMs: IP_FILTER_CLOSE_WAIT_MS });
      return h.ok ? { served: true } : { served: false, error: h.error };
    };
    const reading = (a: NonNullable<Awaited<ReturnType<typeof attempt>>>, alarm: boolean): Message =>
      a.served ? said(alarm ? 'checkEvidence.value.servedAlarm' : 'checkEvidence.value.served') : said('checkEvidence.value.refused', { code: a.error });
    const fromPc = await attempt();
    const pcLine = ctx.pcAddress ? said('checkEvidence.what.fromPcAt', { address: ctx.pcAddress }) : said('checkEvidence.what.fromPc');
    if (!fromPc) return notRun(msg('checkReason.noListener'), [ev(pcLine, said('checkEvidence.value.notTried'))]);
    const evidence: VerificationEvidence[] = [ev(pcLine, reading(fromPc, false))];
    if (!fromPc.served) return fail(msg('checkReason.pcNotServed'), evidence);
    const outside = said('checkEvidence.what.fromOutside');
    if (!isLoopback(host)) {
      evidence.push(ev(outside, said('checkEvidence.value.notTriedRemote')));
      return pass(evidence);
    }
    if (f.mode !== 'allow') {
      evidence.push(ev(outside, said('checkEvidence.value.notTriedDenyList')));
      return pass(evidence);
    }
    const outsider = Array.from({ length: 50 }, (_, i) => `127.0.0.${200 + i}`).find((a) => !f.entries.some((e) => addressIn(a, e.address)));
    if (!outsider) return pass([...evidence, ev(outside, said('checkEvidence.value.notTriedAllAllowed'))]);
    const fromOutsider = (await attempt(outsider))!;
    evidence.push(ev(said('checkEvidence.what.fromOutsider', { address: outsider }), reading(fromOutsider, true)));
    return fromOutsider.served ? fail(msg('checkReason.outsiderServed', { address: outsider }), evidence) : pass(evidence);
  },
};

// ---- Row 9: closed ports -------------------------------------------------------------------------

const closedPorts: VerificationCheck = {
  id: 'row9.closed-ports',
  row: 9,
  title: msg('check.closedPorts.title'),
  disruptive: false,
  timeoutMs: CHECK_TIMEOUT_MS.quick,
  async run(ctx) {
    if (!ctx.deviceHost) return notRun(msg('checkReason.noEthernetAddress'));
    const port = ethernetPortOf(ctx.profile.system);
    const states = ctx.profile.settings.defaultOpenPorts[port] ?? {};
    const closed = (Object.entries(states) as Array<[DefaultOpenService, string]>).filter(([, s]) => s === 'closed').map(([service]) => service);
    const probes = closed.flatMap((service) => (KNOWN_SERVICE_PORTS[service]?.protocol === 'tcp' ? [{ service, port: KNOWN_SERVICE_PORTS[service]!.port }] : []));
    if (!probes.length)
      return notRun(closed.length ? msg('checkReason.nothingToProbe', { services: closed.join(', '), port }) : msg('checkReason.nothingClosed', { port }));
    const evidence: VerificationEvidence[] = [];
    const open: Message[] = [];
    for (const p of probes) {
      const r = await tcpAttempt(ctx.deviceHost, p.port);
      const name = `service.${p.service}`;
      const line = ev(said('checkEvidence.what.portProbe', { service: isMessageId(name) ? { list: [name] } : p.service, address: ctx.deviceHost, port: p.port }), said(r === 'served' ? 'checkEvidence.value.open' : `checkEvidence.value.tcp.${r}`));
      evidence.push(line);
      if (r === 'served') open.push(line.text!.what);
    }
    const ports = (l: Language) => open.map((m) => render(m.id, m.params, l)).join(l === 'ja' ? '、' : ', ');
    return open.length ? fail(bilingualEach('checkReason.closedPortsOpen', (l) => ({ ports: ports(l) })), evidence) : pass(evidence);
  },
};

export const NON_DISRUPTIVE_CHECKS: readonly VerificationCheck[] = [firmwareVersion, logon, authority, logonMessage, tls, eventHistory, ipFilter, closedPorts];
export const NOT_DURING_COMMISSIONING: readonly VerificationCheck[] = [initialization, firmwareUpdate];
export type { CheckOutcome };
