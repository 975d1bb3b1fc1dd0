// The user authentication function of a virtual MX controller (guideline 2.4.4 / 3.4.4), as pure logic:
// no sockets, an injected device clock, every refusal an Outcome with an SLMP end code.
//
// - Factory state: off, anyone connected may do anything (2.4.4.1 last paragraph). The first write of user
//   information turns it on (facts); initialization of all information turns it off again (2.4.4.3).
// - Groups: Administrators (all), Users (view only), user-defined groups with the six authorities, created
//   only by Administrators (Table 11). The operation table is in operations.ts.
// - Logon is challenge-response (crypto/logon-proof.ts): the password never crosses the link. The device
//   stores one record per user, the SCRAM verifier (see logon-proof.ts for why one record).
// - Lockout per user after N consecutive failures, escalating; only Administrators release it (2.4.4.3).
// - An Administrator's password is reset only by that Administrator (2.4.4.3); the last Administrator
//   cannot be removed (else only initialization would be left).
// - Events: methods that change state record through the injected sink; authorize() is a query (the
//   controller may ask it to grey out a menu) and returns its event for the controller to record.
// - Sessions are volatile (a power cycle logs everyone off); users, groups, settings and lockouts are
//   non-volatile and serialized by toJSON/fromJSON.

import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import {
  buildAuthMessage,
  computeServerSignature,
  createNonce,
  createVerifier,
  verifyClientProof,
  verifyPasswordAgainstVerifier,
  type ScramVerifier,
} from '../../crypto/logon-proof';
import type { KdfParams } from '../../crypto/password-hash';
import {
  CHALLENGE_LIFETIME_MS,
  DEVICE_KDF,
  FACTORY_DEVICE_ACCESS_IS_AUTH_TARGET,
  FACTORY_PASSWORD_STRENGTH,
  GROUP_NAME_PATTERN,
  LOCKOUT_ESCALATION_FACTORS,
  LOCKOUT_MAX_SECONDS,
  LOCKOUT_SECONDS,
  LOCKOUT_THRESHOLD,
  lockoutEndCode,
  LOGON_MESSAGE_MAX_CHARS,
  MAX_PENDING_CHALLENGES,
  MAX_SESSIONS,
  MAX_USER_DEFINED_GROUPS,
  MAX_USERS,
  PASSWORD_EXPIRY_DAYS,
  PASSWORD_HISTORY_DEPTH,
  PASSWORD_MIN_LENGTH,
  SESSION_TIMEOUT_MINUTES,
  USER_NAME_PATTERN,
  type PasswordStrength,
  type ReasonCode,
} from './device-choices';
import type { EventDraft, EventSink, Peer } from './event-history';
import {
  ADMINISTRATORS,
  ALL_AUTHORITIES,
  AUTHORITIES,
  groupMayPerform,
  NO_AUTHORITIES,
  OPERATION_RULES,
  USERS,
  type Authorities,
  type Operation,
} from './operations';
import { passwordRuleProblem } from './password-rules';
import { PASSWORD_STRENGTH_RULES } from '../../device-rules/password-rule';
import { refuse, SecurityStateError, type Outcome, type Refusal } from './security-result';

export interface AuthSettings {
  readonly passwordStrength: PasswordStrength;
  readonly passwordMinLength: number;
  /** null: passwords never expire */
  readonly passwordExpiryDays: number | null;
  /** a new password may not equal any of the last N (0: no check) */
  readonly passwordHistoryDepth: number;
  readonly lockoutThreshold: number;
  readonly lockoutSeconds: number;
  readonly sessionTimeoutMinutes: number;
  /** the usage notification (warning) message shown at every logon (Table 9 row 6) */
  readonly logonMessage: string;
  /** "out-of-target operation" setting: true = device/label access needs logon (2.4.4.2 recommends) */
  readonly deviceAccessIsAuthTarget: boolean;
}

export const FACTORY_AUTH_SETTINGS: AuthSettings = Object.freeze({
  passwordStrength: FACTORY_PASSWORD_STRENGTH,
  passwordMinLength: PASSWORD_MIN_LENGTH.factory,
  passwordExpiryDays: PASSWORD_EXPIRY_DAYS.factory,
  passwordHistoryDepth: PASSWORD_HISTORY_DEPTH.factory,
  lockoutThreshold: LOCKOUT_THRESHOLD.factory,
  lockoutSeconds: LOCKOUT_SECONDS.factory,
  sessionTimeoutMinutes: SESSION_TIMEOUT_MINUTES.factory,
  logonMessage: '',
  deviceAccessIsAuthTarget: FACTORY_DEVICE_ACCESS_IS_AUTH_TARGET,
});

export interface UserDefinedGroup {
  readonly name: string;
  readonly authorities: Authorities;
}

interface LockoutState {
  consecutiveFailures: number;
  /** ISO time, or null when not locked */
  lockedUntil: string | null;
}

interface StoredUser {
  name: string;
  group: string;
  verifier: ScramVerifier;
  /** ISO; start of the expiry period */
  passwordChangedAt: string;
  /** verifiers of earlier passwords, newest first, for the no-reuse rule */
  previous: ScramVerifier[];
  lockout: LockoutState;
}

export interface UserAuthenticationState {
  readonly version: 1;
  readonly enabled: boolean;
  readonly settings: AuthSettings;
  readonly groups: readonly UserDefinedGroup[];
  readonly users: readonly StoredUser[];
  /** base64; makes the fake salt of unknown user names stable across power cycles */
  readonly mockSeed: string;
}

/** One user in a write of user information. `password` only for a new user or a password change. */
export interface UserEntry {
  readonly name: string;
  readonly group: string;
  readonly password?: string;
}

/** What the engineering tool writes in one go ("write user information to the controller"). */
export interface UserInformation {
  readonly settings?: Partial<AuthSettings>;
  /** user-defined groups; Administrators and Users always exist and cannot be listed */
  readonly groups?: readonly UserDefinedGroup[];
  /** the complete user list: users not listed are removed */
  readonly users: readonly UserEntry[];
}

export interface LogonChallenge {
  readonly logonId: string;
  readonly combinedNonce: string;
  readonly salt: string;
  readonly kdf: KdfParams;
}

export interface LogonSuccess {
  readonly sessionId: string;
  readonly userName: string;
  readonly group: string;
  /** base64 SCRAM server signature: the client checks it to know it reached the device holding its verifier */
  readonly serverSignature: string;
  /** the logon notification (warning) message, '' when none is set */
  readonly logonMessage: string;
  /** the password expired: it must be changed before anything else */
  readonly mustChangePassword: boolean;
}

export type LogonRefusal = Refusal & { readonly lockedUntil?: string };

export type Decision =
  | { readonly allowed: true; readonly userName?: string }
  | {
      readonly allowed: false;
      readonly reason: ReasonCode;
      readonly endCode: number;
      readonly message: string;
      readonly ref: string;
      /** for the controller to record in the event history */
      readonly event: EventDraft;
    };

export interface SessionInfo {
  readonly sessionId: string;
  readonly userName: string;
  readonly group: string;
  readonly peer?: Peer;
  readonly createdAt: string;
  readonly lastActivityAt: string;
  readonly mustChangePassword: boolean;
}

export interface UserSummary {
  readonly name: string;
  readonly group: string;
  readonly lockedUntil: string | null;
  readonly consecutiveFailures: number;
  readonly passwordChangedAt: string;
  /** null when passwords never expire */
  readonly passwordExpiresAt: string | null;
}

export interface UserAuthenticationOptions {
  /** the DEVICE clock */
  readonly now: () => Date;
  readonly sink?: EventSink;
  /** scrypt cost for new verifiers; the practice devices use DEVICE_KDF */
  readonly kdf?: KdfParams;
}

interface Session {
  id: string;
  userName: string;
  peer?: Peer;
  createdAt: number;
  lastActivity: number;
}

interface PendingChallenge {
  userName: string;
  authMessage: string;
  expiresAt: number;
  peer?: Peer;
}

const MINUTE = 60_000;

/** The device's own rules for its authentication settings; [] when acceptable. */
export function validateAuthSettings(s: AuthSettings): string[] {
  return validateSettings(s);
}

function validateSettings(s: AuthSettings): string[] {
  const problems: string[] = [];
  const inRange = (v: number, r: { min: number; max: number }) => Number.isInteger(v) && v >= r.min && v <= r.max;
  if (!(s.passwordStrength in PASSWORD_STRENGTH_RULES)) problems.push('The password strength must be low, medium or strong.');
  if (!inRange(s.passwordMinLength, PASSWORD_MIN_LENGTH)) problems.push(`The minimum password length must be ${PASSWORD_MIN_LENGTH.min}-${PASSWORD_MIN_LENGTH.max}.`);
  if (s.passwordExpiryDays !== null && !inRange(s.passwordExpiryDays, PASSWORD_EXPIRY_DAYS)) problems.push(`The password expiry must be ${PASSWORD_EXPIRY_DAYS.min}-${PASSWORD_EXPIRY_DAYS.max} days, or off.`);
  if (!inRange(s.passwordHistoryDepth, PASSWORD_HISTORY_DEPTH)) problems.push(`The number of remembered passwords must be ${PASSWORD_HISTORY_DEPTH.min}-${PASSWORD_HISTORY_DEPTH.max}.`);
  if (!inRange(s.lockoutThreshold, LOCKOUT_THRESHOLD)) problems.push(`The number of failures before lockout must be ${LOCKOUT_THRESHOLD.min}-${LOCKOUT_THRESHOLD.max}.`);
  if (!inRange(s.lockoutSeconds, LOCKOUT_SECONDS)) problems.push(`The lockout time must be ${LOCKOUT_SECONDS.min}-${LOCKOUT_SECONDS.max} seconds.`);
  if (!inRange(s.sessionTimeoutMinutes, SESSION_TIMEOUT_MINUTES)) problems.push(`The session timeout must be ${SESSION_TIMEOUT_MINUTES.min}-${SESSION_TIMEOUT_MINUTES.max} minutes.`);
  if (typeof s.logonMessage !== 'string' || s.logonMessage.length > LOGON_MESSAGE_MAX_CHARS) problems.push(`The logon message may have at most ${LOGON_MESSAGE_MAX_CHARS} characters.`);
  if (typeof s.deviceAccessIsAuthTarget !== 'boolean') problems.push('The out-of-target operation setting must be on or off.');
  return problems;
}

export class UserAuthentication {
  #enabled = false;
  #settings: AuthSettings = FACTORY_AUTH_SETTINGS;
  #groups = new Map<string, UserDefinedGroup>();
  #users = new Map<string, StoredUser>();
  #mockSeed: Buffer = randomBytes(32);
  #sessions = new Map<string, Session>();
  #challenges = new Map<string, PendingChallenge>();
  /** ids of sessions recently logged off by the timeout, so the refusal can say why (bounded) */
  #timedOut: string[] = [];
  readonly #now: () => Date;
  readonly #sink: EventSink;
  readonly #kdf: KdfParams;

  constructor(options: UserAuthenticationOptions) {
    this.#now = options.now;
    this.#sink = options.sink ?? (() => {});
    this.#kdf = options.kdf ?? DEVICE_KDF;
  }

  // ------------------------------------------------------------------ state

  get enabled(): boolean {
    return this.#enabled;
  }

  get settings(): AuthSettings {
    return this.#settings;
  }

  get groups(): readonly UserDefinedGroup[] {
    return [...this.#groups.values()];
  }

  toJSON(): UserAuthenticationState {
    return {
      version: 1,
      enabled: this.#enabled,
      settings: this.#settings,
      groups: this.groups,
      users: [...this.#users.values()].map((u) => structuredClone(u)),
      mockSeed: this.#mockSeed.toString('base64'),
    };
  }

  static fromJSON(state: UserAuthenticationState, options: UserAuthenticationOptions): UserAuthentication {
    if (state?.version !== 1 || !Array.isArray(state.users) || !Array.isArray(state.groups)) {
      throw new SecurityStateError('The saved user authentication state is not readable. Initialize all information in the controller to start again (2.4.4.3).');
    }
    const settings = { ...FACTORY_AUTH_SETTINGS, ...state.settings };
    const problems = validateSettings(settings);
    if (problems.length > 0) throw new SecurityStateError(`The saved user authentication settings are invalid: ${problems.join(' ')}`);
    const auth = new UserAuthentication(options);
    auth.#enabled = state.enabled === true;
    auth.#settings = settings;
    for (const g of state.groups) auth.#groups.set(g.name, { name: g.name, authorities: { ...NO_AUTHORITIES, ...g.authorities } });
    for (const u of state.users) auth.#users.set(u.name, structuredClone(u));
    auth.#mockSeed = Buffer.from(state.mockSeed, 'base64');
    if (auth.#enabled && ![...auth.#users.values()].some((u) => u.group === ADMINISTRATORS)) {
      throw new SecurityStateError('The saved user authentication state has no Administrator. Initialize all information in the controller to start again (2.4.4.3).');
    }
    return auth;
  }

  /**
   * The controller applies the settings of its parameters at boot (they take effect at restart, like
   * every parameter): no session is involved, the parameter write was authorized when it was written.
   */
  applySettings(settings: AuthSettings): void {
    const problems = validateSettings(settings);
    if (problems.length > 0) throw new SecurityStateError(`The authentication parameters in effect are invalid: ${problems.join(' ')}`);
    this.#settings = { ...settings };
  }

  /**
   * Counts as activity of this session now, without first expiring it: the Administrator who just set
   * the device clock forward is not logged off by their own clock change (the others may be).
   */
  touch(sessionId: string): void {
    const session = this.#sessions.get(sessionId);
    if (session) session.lastActivity = this.#now().getTime();
  }

  /** Ends a session without a logoff record (the controller records why, e.g. its connection closed). */
  dropSession(sessionId: string): void {
    this.#sessions.delete(sessionId);
  }

  /** 2.4.1 / 2.4.4.3: initialization of all information deletes the security settings; authentication is off. */
  initializeAll(): void {
    this.#enabled = false;
    this.#settings = FACTORY_AUTH_SETTINGS;
    this.#groups.clear();
    this.#users.clear();
    this.#sessions.clear();
    this.#challenges.clear();
    this.#mockSeed = randomBytes(32);
  }

  listUsers(): UserSummary[] {
    return [...this.#users.values()].map((u) => ({
      name: u.name,
      group: u.group,
      lockedUntil: this.#isLocked(u) ? u.lockout.lockedUntil : null,
      consecutiveFailures: u.lockout.consecutiveFailures,
      passwordChangedAt: u.passwordChangedAt,
      passwordExpiresAt: this.#expiresAt(u)?.toISOString() ?? null,
    }));
  }

  // ------------------------------------------------------------------ writing user information

  /**
   * "Write user information to the controller": replaces settings, user-defined groups and the user list
   * at once, all checked before anything changes. The first write turns authentication on; later writes
   * need an Administrator's session.
   */
  async writeUserInformation(sessionId: string | null, info: UserInformation, peer?: Peer): Promise<Outcome> {
    let actor: string | undefined;
    if (this.#enabled) {
      const decision = this.authorize(sessionId, 'user-management', peer);
      if (!decision.allowed) return this.#refuseFromDecision(decision);
      actor = decision.userName;
    }
    const settings: AuthSettings = { ...this.#settings, ...info.settings };
    const problems = validateSettings(settings);
    if (problems.length > 0) return refuse('invalid-setting', problems.join(' '), '2.4.4');

    const groups = new Map<string, UserDefinedGroup>();
    for (const g of info.groups ?? [...this.#groups.values()]) {
      if (g.name === ADMINISTRATORS || g.name === USERS) return refuse('fixed-group', `"${g.name}" is a fixed group; its authority cannot be changed (Table 11).`, '2.4.4.1');
      if (!GROUP_NAME_PATTERN.test(g.name)) return refuse('invalid-setting', `The group name "${g.name}" must be 1-20 letters, digits, spaces, '.', '_' or '-'.`, '2.4.4.1');
      if (groups.has(g.name)) return refuse('invalid-setting', `The group "${g.name}" is listed twice.`, '2.4.4.1');
      const authorities = Object.fromEntries(AUTHORITIES.map((a) => [a, g.authorities?.[a] === true])) as Record<(typeof AUTHORITIES)[number], boolean>;
      groups.set(g.name, { name: g.name, authorities });
    }
    if (groups.size > MAX_USER_DEFINED_GROUPS) return refuse('limit-reached', `At most ${MAX_USER_DEFINED_GROUPS} user-defined groups can be registered.`, '2.4.4.1');

    if (info.users.length > MAX_USERS) return refuse('limit-reached', `At most ${MAX_USERS} users can be registered.`, '2.4.4');
    const seen = new Set<string>();
    for (const entry of info.users) {
      if (!USER_NAME_PATTERN.test(entry.name)) return refuse('invalid-setting', `The user name "${entry.name.slice(0, 40)}" must be 1-20 letters, digits, '.', '_' or '-'.`, '2.4.4');
      if (seen.has(entry.name)) return refuse('invalid-setting', `The user "${entry.name}" is listed twice.`, '2.4.4');
      seen.add(entry.name);
      if (entry.group !== ADMINISTRATORS && entry.group !== USERS && !groups.has(entry.group)) {
        return refuse('unknown-group', `The user "${entry.name}" belongs to the group "${entry.group}", which does not exist. Create the group first.`, '2.4.4.1');
      }
      const existing = this.#users.get(entry.name);
      if (!existing && entry.password === undefined) return refuse('password-rule', `The new user "${entry.name}" needs a password.`, '2.4.4');
      if (existing && entry.password !== undefined && this.#enabled && existing.group === ADMINISTRATORS && entry.name !== actor) {
        return refuse('administrator-password-self-only', `The password of the Administrator "${entry.name}" can be reset only by "${entry.name}" (2.4.4.3).`, '2.4.4.3');
      }
    }
    if (!info.users.some((u) => u.group === ADMINISTRATORS)) {
      return refuse('last-administrator', 'At least one user must belong to the Administrators group; without one, only initialization of all information could recover the controller (2.4.4.3).', '2.4.4.3');
    }

    // The slow part last, after every cheap check passed; nothing is changed until all verifiers exist.
    const nextUsers = new Map<string, StoredUser>();
    for (const entry of info.users) {
      const existing = this.#users.get(entry.name);
      if (entry.password === undefined && existing) {
        nextUsers.set(entry.name, { ...structuredClone(existing), group: entry.group });
        continue;
      }
      const made = await this.#newPasswordRecord(entry.name, entry.password!, settings, existing);
      if (!made.ok) return made;
      nextUsers.set(entry.name, {
        name: entry.name,
        group: entry.group,
        verifier: made.verifier,
        passwordChangedAt: this.#now().toISOString(),
        previous: made.previous,
        lockout: existing ? structuredClone(existing.lockout) : { consecutiveFailures: 0, lockedUntil: null },
      });
    }

    const wasEnabled = this.#enabled;
    this.#settings = settings;
    this.#groups = groups;
    this.#users = nextUsers;
    this.#enabled = true;
    for (const [id, s] of this.#sessions) if (!this.#users.has(s.userName)) this.#sessions.delete(id);
    this.#record({
      name: 'user-information-written',
      ...(actor !== undefined && { user: actor }),
      ...(peer !== undefined && { peer }),
      detail: `${nextUsers.size} users, ${groups.size} user-defined groups${wasEnabled ? '' : '; user authentication enabled'}`,
    });
    return { ok: true };
  }

  /** Adds or moves one user (Administrators only), keeping everything else as it is. */
  async putUser(sessionId: string | null, entry: UserEntry, peer?: Peer): Promise<Outcome> {
    const users = [...this.#users.values()].filter((u) => u.name !== entry.name).map((u) => ({ name: u.name, group: u.group }) as UserEntry);
    return this.writeUserInformation(sessionId, { users: [...users, entry] }, peer);
  }

  /** Removes one user; the last Administrator cannot be removed (2.4.4.3). */
  async removeUser(sessionId: string | null, userName: string, peer?: Peer): Promise<Outcome> {
    if (!this.#users.has(userName)) return refuse('unknown-user', `There is no user "${userName}" on this controller.`, '2.4.4');
    const users = [...this.#users.values()].filter((u) => u.name !== userName).map((u) => ({ name: u.name, group: u.group }));
    return this.writeUserInformation(sessionId, { users }, peer);
  }

  /** Creates or changes one user-defined group; only Administrators may (Table 11 row 3). */
  async putGroup(sessionId: string | null, group: UserDefinedGroup, peer?: Peer): Promise<Outcome> {
    const groups = [...this.#groups.values()].filter((g) => g.name !== group.name);
    return this.writeUserInformation(sessionId, { groups: [...groups, group], users: this.#keepUsers() }, peer);
  }

  async updateSettings(sessionId: string | null, settings: Partial<AuthSettings>, peer?: Peer): Promise<Outcome> {
    if (!this.#enabled) return refuse('authentication-disabled', 'Register user information first: the settings are written together with the first user (2.4.4.2).', '2.4.4.2');
    return this.writeUserInformation(sessionId, { settings, users: this.#keepUsers() }, peer);
  }

  #keepUsers(): UserEntry[] {
    return [...this.#users.values()].map((u) => ({ name: u.name, group: u.group }));
  }

  // ------------------------------------------------------------------ logon

  /** Step 1: the client names the user and sends its nonce; the device answers salt, cost and its nonce. */
  beginLogon(request: { readonly userName: string; readonly clientNonce: string; readonly peer?: Peer }): Outcome<{ challenge: LogonChallenge }> {
    if (!this.#enabled) return refuse('authentication-disabled', 'User authentication is not enabled on this controller: no logon is needed.', '2.4.4');
    if (!/^[A-Za-z0-9+/=]{16,64}$/.test(request.clientNonce)) return refuse('invalid-setting', 'The logon request is malformed (client nonce).', '2.4.4');
    this.#expireChallenges();
    if (this.#challenges.size >= MAX_PENDING_CHALLENGES) {
      const oldest = this.#challenges.keys().next().value;
      if (oldest !== undefined) this.#challenges.delete(oldest);
    }
    const user = this.#users.get(request.userName);
    // An unknown user gets a stable fake salt, so the answer does not tell which user names exist.
    const salt = user?.verifier.salt ?? createHmac('sha256', this.#mockSeed).update(request.userName).digest().subarray(0, 16).toString('base64');
    const kdf = user?.verifier.kdf ?? this.#kdf;
    const combinedNonce = request.clientNonce + createNonce();
    const authMessage = buildAuthMessage({ userName: request.userName, clientNonce: request.clientNonce, combinedNonce, salt, kdf });
    const logonId = randomUUID();
    this.#challenges.set(logonId, {
      userName: request.userName,
      authMessage,
      expiresAt: this.#now().getTime() + CHALLENGE_LIFETIME_MS,
      ...(request.peer !== undefined && { peer: request.peer }),
    });
    return { ok: true, challenge: { logonId, combinedNonce, salt, kdf } };
  }

  /** Step 2: the client's proof. Failures count toward the lockout; success opens a session. */
  completeLogon(request: { readonly logonId: string; readonly clientProof: string; readonly peer?: Peer }): Outcome<LogonSuccess> | LogonRefusal {
    this.#expireChallenges();
    const pending = this.#challenges.get(request.logonId);
    if (!pending) return refuse('challenge-unknown', 'The logon took too long or was already answered. Log on again.', '2.4.4');
    this.#challenges.delete(request.logonId);
    const peer = request.peer ?? pending.peer;
    const userName = pending.userName;
    const user = this.#users.get(userName);
    const failureEvent = (detail: string): EventDraft => ({ name: 'logon-failure', user: userName, ...(peer !== undefined && { peer }), detail });

    if (user && this.#isLocked(user)) {
      this.#record(failureEvent('user is locked out'));
      return this.#lockedRefusal(user);
    }
    if (!user || !verifyClientProof(user.verifier, pending.authMessage, request.clientProof)) {
      this.#record(failureEvent('wrong user name or password'));
      if (user) {
        const locked = this.#registerFailure(user, peer);
        if (locked) return locked;
      }
      return refuse('bad-credentials', 'The user name or password is wrong. Repeated failures lock the user out (2.4.4.3).', '2.4.4');
    }

    user.lockout = { consecutiveFailures: 0, lockedUntil: null };
    this.#expireSessions();
    if (this.#sessions.size >= MAX_SESSIONS) {
      return refuse('limit-reached', `At most ${MAX_SESSIONS} users can be logged on at once. Ask another user to log off, or wait for the session timeout.`, 'Table 10 row 3');
    }
    const now = this.#now().getTime();
    const session: Session = { id: randomBytes(16).toString('hex'), userName, createdAt: now, lastActivity: now, ...(peer !== undefined && { peer }) };
    this.#sessions.set(session.id, session);
    const mustChangePassword = this.#isExpired(user);
    this.#record({ name: 'logon-success', user: userName, ...(peer !== undefined && { peer }), ...(mustChangePassword && { detail: 'password expired: must be changed' }) });
    return {
      ok: true,
      sessionId: session.id,
      userName,
      group: user.group,
      serverSignature: computeServerSignature(user.verifier, pending.authMessage),
      logonMessage: this.#settings.logonMessage,
      mustChangePassword,
    };
  }

  logoff(sessionId: string): boolean {
    const session = this.#sessions.get(sessionId);
    if (!session) return false;
    this.#sessions.delete(sessionId);
    this.#record({ name: 'logoff', user: session.userName, ...(session.peer !== undefined && { peer: session.peer }) });
    return true;
  }

  /** The live session, or null (a session idle past the timeout is logged off here). */
  session(sessionId: string): SessionInfo | null {
    this.#expireSessions();
    const s = this.#sessions.get(sessionId);
    const user = s && this.#users.get(s.userName);
    if (!s || !user) return null;
    return {
      sessionId: s.id,
      userName: s.userName,
      group: user.group,
      ...(s.peer !== undefined && { peer: s.peer }),
      createdAt: new Date(s.createdAt).toISOString(),
      lastActivityAt: new Date(s.lastActivity).toISOString(),
      mustChangePassword: this.#isExpired(user),
    };
  }

  // ------------------------------------------------------------------ authorization

  /**
   * May this session (null: no logon) perform this operation now? An allowed call counts as activity for
   * the idle timeout. A refusal carries the end code and the event to record.
   */
  authorize(sessionId: string | null, operation: Operation, peer?: Peer): Decision {
    const rule = OPERATION_RULES[operation];
    if (!this.#enabled) return { allowed: true };
    if (rule.outOfTarget === 'always') return { allowed: true };
    if (rule.outOfTarget === 'device-access-setting' && !this.#settings.deviceAccessIsAuthTarget) return { allowed: true };

    const deny = (reason: ReasonCode, message: string, userName?: string): Decision => ({
      allowed: false,
      reason,
      endCode: refuse(reason, message).endCode,
      message,
      ref: rule.ref,
      event: { name: 'operation-refused', ...(userName !== undefined && { user: userName }), ...(peer !== undefined && { peer }), detail: `${operation}: ${reason}` },
    });

    if (sessionId === null) return deny('not-logged-on', 'User authentication is enabled on this controller: log on first.');
    this.#expireSessions();
    const session = this.#sessions.get(sessionId);
    if (!session) {
      return this.#timedOut.includes(sessionId)
        ? deny('session-expired', 'You were logged off after the session timeout. Log on again.')
        : deny('not-logged-on', 'This logon is no longer valid. Log on again.');
    }
    const user = this.#users.get(session.userName);
    if (!user) return deny('not-logged-on', 'This user no longer exists on the controller. Log on as another user.');
    if (this.#isExpired(user) && !rule.allowedWithExpiredPassword) {
      return deny('password-expired', 'Your password has expired. Change it before doing anything else.', user.name);
    }
    const authorities = this.#groups.get(user.group)?.authorities ?? (user.group === ADMINISTRATORS ? ALL_AUTHORITIES : NO_AUTHORITIES);
    if (!groupMayPerform(user.group, authorities, operation)) {
      return rule.administratorOnly
        ? deny('administrator-only', `Only a user of the Administrators group can do this (${operation}). Log on as an Administrator.`, user.name)
        : deny('no-authority', `The group "${user.group}" has no authority for this operation (${operation}). Ask an Administrator.`, user.name);
    }
    session.lastActivity = this.#now().getTime();
    return { allowed: true, userName: user.name };
  }

  // ------------------------------------------------------------------ passwords and lockouts

  /** Any logged-on user changes their own password, also (and especially) when it expired. */
  async changeOwnPassword(sessionId: string, currentPassword: string, newPassword: string, peer?: Peer): Promise<Outcome> {
    const decision = this.authorize(sessionId, 'change-own-password', peer);
    if (!decision.allowed) return this.#refuseFromDecision(decision);
    const user = this.#users.get(decision.userName!)!;
    if (!(await verifyPasswordAgainstVerifier(currentPassword, user.verifier))) {
      this.#record({ name: 'logon-failure', user: user.name, ...(peer !== undefined && { peer }), detail: 'wrong current password at password change' });
      const locked = this.#registerFailure(user, peer);
      if (locked) {
        for (const [id, s] of this.#sessions) if (s.userName === user.name) this.#sessions.delete(id);
        return locked;
      }
      return refuse('bad-credentials', 'The current password is wrong.', '2.4.4');
    }
    return this.#setPassword(user, newPassword, user.name, peer);
  }

  /**
   * An Administrator resets another user's password (2.4.4.3). An Administrator's password is reset only by
   * that Administrator.
   */
  async resetPassword(sessionId: string, userName: string, newPassword: string, peer?: Peer): Promise<Outcome> {
    const decision = this.authorize(sessionId, 'user-management', peer);
    if (!decision.allowed) return this.#refuseFromDecision(decision);
    const user = this.#users.get(userName);
    if (!user) return refuse('unknown-user', `There is no user "${userName}" on this controller.`, '2.4.4');
    if (user.group === ADMINISTRATORS && user.name !== decision.userName) {
      return refuse('administrator-password-self-only', `The password of the Administrator "${userName}" can be reset only by "${userName}" (2.4.4.3).`, '2.4.4.3');
    }
    return this.#setPassword(user, newPassword, decision.userName!, peer);
  }

  /** 2.4.4.3: only Administrators release a lockout, after confirming the user is legitimate. */
  unlockUser(sessionId: string, userName: string, peer?: Peer): Outcome {
    const decision = this.authorize(sessionId, 'unlock-user', peer);
    if (!decision.allowed) return this.#refuseFromDecision(decision);
    const user = this.#users.get(userName);
    if (!user) return refuse('unknown-user', `There is no user "${userName}" on this controller.`, '2.4.4.3');
    user.lockout = { consecutiveFailures: 0, lockedUntil: null };
    this.#record({ name: 'lockout-released', user: decision.userName!, ...(peer !== undefined && { peer }), detail: `released ${userName}` });
    return { ok: true };
  }

  /** Restarts a user's expiry period (facts: Administrators alone). */
  resetPasswordExpiry(sessionId: string, userName: string, peer?: Peer): Outcome {
    const decision = this.authorize(sessionId, 'reset-password-expiry', peer);
    if (!decision.allowed) return this.#refuseFromDecision(decision);
    const user = this.#users.get(userName);
    if (!user) return refuse('unknown-user', `There is no user "${userName}" on this controller.`, '2.4.4');
    user.passwordChangedAt = this.#now().toISOString();
    this.#record({ name: 'password-expiry-reset', user: decision.userName!, ...(peer !== undefined && { peer }), detail: `for ${userName}` });
    return { ok: true };
  }

  // ------------------------------------------------------------------ internals

  async #newPasswordRecord(
    userName: string,
    password: string,
    settings: AuthSettings,
    existing: StoredUser | undefined,
  ): Promise<{ ok: true; verifier: ScramVerifier; previous: ScramVerifier[] } | Refusal> {
    const problem = passwordRuleProblem(password, { strength: settings.passwordStrength, minimumLength: settings.passwordMinLength }, userName);
    if (problem) return refuse('password-rule', `Password of "${userName}": ${problem}`, '2.4.4.2');
    const depth = settings.passwordHistoryDepth;
    const remembered = existing ? [existing.verifier, ...existing.previous].slice(0, depth) : [];
    for (const old of remembered) {
      if (await verifyPasswordAgainstVerifier(password, old)) {
        return refuse('password-reused', `Password of "${userName}": it was used recently; choose one not among the last ${depth} (Table 10 row 6).`, 'Table 10 row 6');
      }
    }
    const verifier = await createVerifier(password, this.#kdf);
    return { ok: true, verifier, previous: existing ? [existing.verifier, ...existing.previous].slice(0, PASSWORD_HISTORY_DEPTH.max) : [] };
  }

  async #setPassword(user: StoredUser, password: string, actor: string, peer?: Peer): Promise<Outcome> {
    const made = await this.#newPasswordRecord(user.name, password, this.#settings, user);
    if (!made.ok) return made;
    user.verifier = made.verifier;
    user.previous = made.previous;
    user.passwordChangedAt = this.#now().toISOString();
    this.#record({ name: 'password-changed', user: actor, ...(peer !== undefined && { peer }), detail: actor === user.name ? 'own password' : `password of ${user.name} reset` });
    return { ok: true };
  }

  /** Counts a failure; returns the lockout refusal when this failure locks the user. */
  #registerFailure(user: StoredUser, peer?: Peer): LogonRefusal | null {
    user.lockout.consecutiveFailures += 1;
    const { lockoutThreshold, lockoutSeconds } = this.#settings;
    const step = user.lockout.consecutiveFailures - lockoutThreshold;
    if (step < 0) return null;
    const factor = LOCKOUT_ESCALATION_FACTORS[Math.min(step, LOCKOUT_ESCALATION_FACTORS.length - 1)]!;
    const seconds = Math.min(lockoutSeconds * factor, LOCKOUT_MAX_SECONDS);
    user.lockout.lockedUntil = new Date(this.#now().getTime() + seconds * 1000).toISOString();
    this.#record({ name: 'lockout', user: user.name, ...(peer !== undefined && { peer }), detail: `${user.lockout.consecutiveFailures} consecutive failures; locked for ${seconds} s` });
    return this.#lockedRefusal(user);
  }

  #lockedRefusal(user: StoredUser): LogonRefusal {
    const step = Math.max(0, user.lockout.consecutiveFailures - this.#settings.lockoutThreshold);
    const until = user.lockout.lockedUntil!;
    return {
      ...refuse('locked-out', `The user "${user.name}" is locked out after repeated logon failures until ${until} (device clock). An Administrator can release the lockout after confirming the user (2.4.4.3).`, '2.4.4.3', lockoutEndCode(step)),
      lockedUntil: until,
    };
  }

  #isLocked(user: StoredUser): boolean {
    return user.lockout.lockedUntil !== null && new Date(user.lockout.lockedUntil).getTime() > this.#now().getTime();
  }

  #expiresAt(user: StoredUser): Date | null {
    const days = this.#settings.passwordExpiryDays;
    return days === null ? null : new Date(new Date(user.passwordChangedAt).getTime() + days * 24 * 60 * MINUTE);
  }

  #isExpired(user: StoredUser): boolean {
    const at = this.#expiresAt(user);
    return at !== null && at.getTime() <= this.#now().getTime();
  }

  /** Logs off idle sessions; returns their ids. */
  #expireSessions(): string[] {
    const limit = this.#settings.sessionTimeoutMinutes * MINUTE;
    const now = this.#now().getTime();
    const expired: string[] = [];
    for (const [id, s] of this.#sessions) {
      if (now - s.lastActivity >= limit) {
        this.#sessions.delete(id);
        expired.push(id);
        this.#timedOut = [id, ...this.#timedOut].slice(0, MAX_SESSIONS * 4);
        this.#record({ name: 'session-timeout', user: s.userName, ...(s.peer !== undefined && { peer: s.peer }), detail: `idle for ${this.#settings.sessionTimeoutMinutes} min` });
      }
    }
    return expired;
  }

  #expireChallenges(): void {
    const now = this.#now().getTime();
    for (const [id, c] of this.#challenges) if (c.expiresAt <= now) this.#challenges.delete(id);
  }

  #refuseFromDecision(decision: Extract<Decision, { allowed: false }>): Refusal {
    this.#record(decision.event);
    return refuse(decision.reason, decision.message, decision.ref, decision.endCode);
  }

  #record(draft: EventDraft): void {
    this.#sink(draft);
  }
}
