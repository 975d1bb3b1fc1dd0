// The checks of Table 17 / Table 35 that change the device for a moment: each runs only after the
// operator confirmed it (UX: destructive means deliberate), puts the device back, and reads it back to
// prove the device is as the profile says afterwards.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ControllerSecurityDriver, UserAuthenticationReading } from '../../devices/controller-security-driver';
import { canonicalize } from '../../crypto/report-signature';
import { eventsSince, recentEvents, refusalCode } from './device-probes';
import { administratorCredentials } from './non-disruptive-checks';
import { becauseOfError, evidence as ev, fail, notRun, pass, refusalReading, said, verbatimReading, type VerificationCheck, type VerificationContext, type VerificationEvidence } from './verification-check';
import { BANDWIDTH_BURST, CHECK_TIMEOUT_MS, EVENT_NAMES, LOCKOUT_TEST_USER } from './verification-choices';
import { msg } from '../../messages/catalogue';
import { AppError } from '../../messages/app-error';

const can = (ctx: VerificationContext, ...ops: Parameters<VerificationContext['capabilities']['operations']['has']>[0][]) => ops.every((o) => ctx.capabilities.operations.has(o));
const wrongPassword = (i: number) => `Wrong-${i}-${randomBytes(9).toString('base64url')}`;

/** A password meeting any strength rule (4 kinds of characters) of at least `minLength` characters. */
function temporaryPassword(minLength: number): string {
  let p = `Vt7-${randomBytes(12).toString('base64url')}`;
  while (p.length < minLength) p += randomBytes(3).toString('hex');
  return p.slice(0, Math.max(minLength, 20));
}

/** What "the user information is as before" compares: names, groups, authorities and lock states. */
const usersFingerprint = (u: UserAuthenticationReading) =>
  canonicalize([
    {
      enabled: u.enabled,
      users: [...u.users].map((x) => ({ name: x.name, group: x.group, locked: x.locked })).sort((a, b) => a.name.localeCompare(b.name)),
      groups: [...u.groups].map((g) => ({ name: g.name, kind: g.kind, authorities: [...g.authorities].sort() })).sort((a, b) => a.name.localeCompare(b.name)),
    },
  ]);

// ---- Row 3: lockout with a temporary user ---------------------------------------------------------

const lockout: VerificationCheck = {
  id: 'row3.lockout',
  row: 3,
  title: msg('check.lockout.title'),
  disruptive: true,
  consequences: [
    msg('check.lockout.consequences', { lockoutTestUser: LOCKOUT_TEST_USER }),
    msg('check.lockout.consequences2'),
    msg('check.lockout.consequences3'),
  ],
  timeoutMs: CHECK_TIMEOUT_MS.lockout,
  async run(ctx) {
    if (!can(ctx, 'users', 'logon') || ctx.capabilities.mode !== 'full') return notRun(msg('checkReason.noUserManagement'));
    if (!administratorCredentials(ctx)) return notRun(msg('checkReason.noAdministratorPassword'));
    const before = await ctx.driver.readUserAuthentication();
    if (!before.enabled) return notRun(msg('checkReason.userAuthOff'));
    if (before.users.some((u) => u.name === LOCKOUT_TEST_USER)) return notRun(msg('checkReason.lockoutUserExists', { name: LOCKOUT_TEST_USER }));
    const usersGroup = before.groups.find((g) => g.kind === 'users') ?? before.groups.find((g) => g.kind === 'user-defined');
    if (!usersGroup) return notRun(msg('checkReason.noUserGroup'));
    const failures = ctx.profile.settings.lockout.failures;
    const password = temporaryPassword(ctx.profile.settings.passwordPolicy.minLength);
    const info = { users: before.users.map((u) => ({ name: u.name, group: u.group })), groups: before.groups };
    const evidence: VerificationEvidence[] = [];
    let added = false;
    let session: ControllerSecurityDriver | undefined;
    try {
      const rejected = await ctx.driver.writeUserInformation({ users: [...info.users, { name: LOCKOUT_TEST_USER, group: usersGroup.name }], groups: info.groups }, new Map([[LOCKOUT_TEST_USER, password]]), ctx.writeOptions);
      if (rejected.length) return notRun(msg('checkReason.temporaryUserRefused', { detail: rejected.map((r) => r.message).join('; ') }));
      added = true;
      evidence.push(ev(said('checkEvidence.what.temporaryUser'), said('checkEvidence.value.userInGroup', { user: LOCKOUT_TEST_USER, group: usersGroup.name })));
      session = await ctx.openSession();
      const codes: string[] = [];
      for (let i = 0; i < failures; i++) codes.push(await refusalCode(session.logon(LOCKOUT_TEST_USER, wrongPassword(i))));
      evidence.push(ev(said('checkEvidence.what.wrongLogons', { count: failures }), verbatimReading(codes.join(', '))));
      if (codes.includes('accepted')) return fail(msg('checkReason.wrongPasswordAccepted'), evidence);
      const withRight = await refusalCode(session.logon(LOCKOUT_TEST_USER, password));
      evidence.push(ev(said('checkEvidence.what.thenRight'), refusalReading(withRight)));
      const reading = await ctx.driver.readUserAuthentication();
      const state = reading.users.find((u) => u.name === LOCKOUT_TEST_USER);
      const locked = state?.locked === true;
      const until = state?.lockedUntil;
      evidence.push(ev(said('checkEvidence.what.userState'), !locked ? said('checkEvidence.value.notLocked') : until ? said('checkEvidence.value.lockedUntil', { until }) : said('checkEvidence.value.locked')));
      if (withRight === 'accepted' || !locked) return fail(msg('checkReason.notLockedOut', { failures }), evidence);
      await ctx.driver.unlockUser(LOCKOUT_TEST_USER);
      const afterUnlock = await refusalCode(session.logon(LOCKOUT_TEST_USER, password));
      evidence.push(ev(said('checkEvidence.what.afterUnlock'), refusalReading(afterUnlock, 'plain')));
      if (afterUnlock !== 'accepted') return fail(msg('checkReason.unlockFailed'), evidence);
      return pass(evidence);
    } finally {
      await session?.close().catch(() => undefined);
      if (added) {
        // Put back exactly what was read before: existing users keep their passwords (none is sent).
        const rejected = await ctx.driver.writeUserInformation(info, new Map(), ctx.writeOptions);
        const after = await ctx.driver.readUserAuthentication();
        const same = rejected.length === 0 && usersFingerprint(after) === usersFingerprint(before);
        evidence.push(ev(said('checkEvidence.what.usersRestored'), same ? said('checkEvidence.value.asBefore', { count: after.users.length }) : said('checkEvidence.value.different')));
        if (!same) throw new AppError({ code: 'LOCKOUT_CHECK_NOT_RESTORED', messageId: 'checkReason.usersNotRestored', params: { user: LOCKOUT_TEST_USER } });
      }
    }
  },
};

// ---- Rows 5 and 6: backup to the SD card, restoration with a wrong password ------------------------

const backupRestore: VerificationCheck = {
  id: 'row5-6.backup-restore',
  row: 5,
  title: msg('check.backupRestore.title'),
  disruptive: true,
  consequences: [
    msg('check.backupRestore.consequences'),
    msg('check.backupRestore.consequences2'),
    msg('check.backupRestore.consequences3'),
  ],
  timeoutMs: CHECK_TIMEOUT_MS.backup,
  async run(ctx) {
    if (!can(ctx, 'backup', 'restore', 'remote-run-stop', 'parameters') || ctx.capabilities.mode !== 'full') return notRun(msg('checkReason.noBackupRestore'));
    const evidence: VerificationEvidence[] = [];
    const listed = await ctx.driver.listSdCardBackups().catch((e: Error) => e);
    if (listed instanceof Error) return notRun(becauseOfError('checkReason.noSdCard', listed));
    const password = `Bk9-${randomBytes(12).toString('base64url')}`;
    const made = await ctx.driver.createBackup({ destination: 'sd-card', password, ...ctx.writeOptions });
    const onCard = (await ctx.driver.listSdCardBackups()).find((b) => b.name === made.name);
    evidence.push(ev(said('checkEvidence.what.sdBackup'), onCard ? said('checkEvidence.value.backupFile', { name: onCard.name, size: onCard.size }) : said('checkEvidence.value.backupMissing', { name: made.name })));
    if (!onCard || onCard.size === 0) return fail(msg('checkReason.noBackupFile'), evidence);
    const parametersBefore = canonicalize([(await ctx.driver.readParameters()).written]);
    const wasRunning = (await ctx.driver.readIdentity()).cpuState === 'RUN';
    const since = ctx.now().getTime();
    let code: string;
    try {
      if (wasRunning) await ctx.driver.remoteStop();
      code = await refusalCode(ctx.driver.restoreBackup({ sdCardName: made.name }, { password: `Not-${randomBytes(9).toString('base64url')}`, ...ctx.writeOptions }));
    } finally {
      if (wasRunning) await ctx.driver.remoteRun();
    }
    evidence.push(ev(said('checkEvidence.what.wrongRestore'), refusalReading(code)));
    const unchanged = canonicalize([(await ctx.driver.readParameters()).written]) === parametersBefore;
    evidence.push(ev(said('checkEvidence.what.parametersAfter'), said(unchanged ? 'checkEvidence.value.unchanged' : 'checkEvidence.value.changed')));
    evidence.push(ev(said('checkEvidence.what.cpuState'), verbatimReading((await ctx.driver.readIdentity()).cpuState)));
    if (can(ctx, 'event-history')) {
      const recorded = eventsSince(await recentEvents(ctx.driver), since, ctx.profile.settings.clock.maxOffsetSeconds * 1000).some((e) => e.name === EVENT_NAMES.restoreFailure);
      evidence.push(ev(said('checkEvidence.what.restoreFailureEvent'), said(recorded ? 'checkEvidence.value.recorded' : 'checkEvidence.value.notRecorded')));
    }
    evidence.push(ev(said('checkEvidence.what.rightRestore'), said('checkEvidence.value.restoreNotRun')));
    if (code !== 'backup-wrong-password') return fail(msg('checkReason.restoreNotRefused', { code }), evidence);
    if (!unchanged) return fail(msg('checkReason.parametersChanged'), evidence);
    return pass(evidence);
  },
};

// ---- Row 10: bandwidth limitation ---------------------------------------------------------------

const bandwidth: VerificationCheck = {
  id: 'row10.bandwidth',
  row: 10,
  title: msg('check.bandwidth.title'),
  disruptive: true,
  consequences: [
    msg('check.bandwidth.consequences'),
    msg('check.bandwidth.consequences2'),
  ],
  timeoutMs: CHECK_TIMEOUT_MS.bandwidth,
  async run(ctx) {
    const limit = ctx.profile.settings.bandwidthLimit;
    if (!limit.enabled) return notRun(msg('checkReason.bandwidthOff'));
    // Flooding a production controller is not a commissioning step: only a practice device is flooded.
    if (!ctx.driver.link.virtual) return notRun(msg('checkReason.bandwidthPracticeOnly'));
    if (!can(ctx, 'event-history')) return notRun(msg('checkReason.noEventHistory'));
    const since = ctx.now().getTime();
    const offset = ctx.profile.settings.clock.maxOffsetSeconds * 1000;
    const raised = async () => eventsSince(await recentEvents(ctx.driver), since, offset).filter((e) => e.name === EVENT_NAMES.bandwidthLimited);
    const base = (await raised()).length;
    const session = await ctx.openSession();
    let requests = 0;
    // The device's answers as they arrive on this PC's socket: the send direction the device limits.
    let bytes = 0;
    const off = session.link.onData((chunk) => {
      bytes += chunk.length;
    });
    let started = Date.now();
    try {
      const admin = administratorCredentials(ctx);
      if (admin) await session.logon(admin.userName, admin.password);
      bytes = 0;
      started = Date.now();
      while (Date.now() - started < BANDWIDTH_BURST.maxMs && requests < BANDWIDTH_BURST.maxRequests) {
        await session.readEventHistory({ from: 0, max: 50 });
        requests++;
      }
    } finally {
      off();
      await session.close().catch(() => undefined);
    }
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const kbps = Math.round((bytes * 8) / 1000 / seconds);
    const evidence: VerificationEvidence[] = [
      ev(said('checkEvidence.what.bandwidthLimit'), said('checkEvidence.value.bandwidthLimit', { send: limit.sendKbps, receive: limit.receiveKbps })),
      ev(said('checkEvidence.what.traffic'), said('checkEvidence.value.traffic', { requests, seconds: seconds.toFixed(1), bytes, kbps })),
    ];
    let found = 0;
    const deadline = Date.now() + BANDWIDTH_BURST.eventWaitMs;
    do {
      found = (await raised()).length - base;
      if (found > 0) break;
      await sleep(100);
    } while (Date.now() < deadline);
    evidence.push(ev(said('checkEvidence.what.restrictionEvent'), said(found > 0 ? 'checkEvidence.value.recorded' : 'checkEvidence.value.notRecorded')));
    if (found > 0) return pass(evidence);
    // A device may let a burst of about a second through: only traffic clearly above the limit proves anything.
    if (kbps < limit.sendKbps * BANDWIDTH_BURST.clearlyAboveFactor)
      return notRun(msg('checkReason.burstTooSlow', { seconds: BANDWIDTH_BURST.maxMs / 1000, kbps, limit: limit.sendKbps }), evidence);
    return fail(msg('checkReason.noRestrictionEvent'), evidence);
  },
};

export const DISRUPTIVE_CHECKS: readonly VerificationCheck[] = [lockout, backupRestore, bandwidth];
