// 7E02 Users (2.4.4): read, write the whole user information, unlock, reset a password, reset expiry.
// Groups travel in the profile's shape {name, kind, authorities: [profile authority names]}; the device
// maps them to its six authorities (2.4.4.1). Project choice: the profile splits file and device access
// into read and write; the device has one authority each, granted when either half is listed, and read
// back as both halves.

import { SecurityCommand, SecurityOperation } from '../../slmp/security-commands';
import type { ControllerSecurity } from '../controller-security';
import { EndCodeError } from '../end-code-error';
import { END_CODES } from '../security/device-choices';
import { ADMINISTRATORS, AUTHORITIES, USERS, type Authorities, type Authority } from '../security/operations';
import type { UserDefinedGroup, UserEntry } from '../security/user-authentication';
import type { Refusal } from '../security/security-result';
import { fail, registerJsonCommand, str, type Body } from './json-command';
import type { Rejection } from './parameter-blocks';

const PROFILE_TO_DEVICE: Readonly<Record<string, Authority>> = {
  'file-read': 'fileAccess',
  'file-write': 'fileAccess',
  'memory-access': 'memoryAccess',
  'device-read': 'deviceAccess',
  'device-write': 'deviceAccess',
  diagnosis: 'diagnosis',
  'remote-operation': 'remoteOperation',
  update: 'update',
};
const DEVICE_TO_PROFILE: Readonly<Record<Authority, string[]>> = {
  fileAccess: ['file-read', 'file-write'],
  memoryAccess: ['memory-access'],
  deviceAccess: ['device-read', 'device-write'],
  diagnosis: ['diagnosis'],
  remoteOperation: ['remote-operation'],
  update: ['update'],
};
const ALL_PROFILE_AUTHORITIES = Object.keys(PROFILE_TO_DEVICE);
// The built-in groups as the profile describes them (Table 11).
const BUILT_IN = [
  { name: ADMINISTRATORS, kind: 'administrators', authorities: ALL_PROFILE_AUTHORITIES },
  { name: USERS, kind: 'users', authorities: ['file-read', 'device-read'] },
];

// Refusals of the user model that mean "the settings are invalid": answered end code 0 + rejected.
const VALIDATION_REASONS = new Set(['invalid-setting', 'password-rule', 'password-reused', 'unknown-group', 'fixed-group', 'last-administrator', 'limit-reached']);

type Parsed<T> = { items: T[]; problems: Rejection[] };

function parseGroups(body: Body): Parsed<UserDefinedGroup> {
  const raw = body.groups ?? [];
  if (!Array.isArray(raw)) return { items: [], problems: [{ path: 'groups', message: 'must be a list of groups.' }] };
  const out: UserDefinedGroup[] = [];
  const problems: Rejection[] = [];
  raw.forEach((g, i) => {
    if (!g || typeof g !== 'object') return problems.push({ path: `groups.${i}`, message: 'must be a group {name, kind, authorities}.' });
    const { name, kind, authorities } = g as Record<string, unknown>;
    if (typeof name !== 'string') return problems.push({ path: `groups.${i}.name`, message: 'Enter the group name.' });
    // The fixed groups may be listed (the profile lists them); their authority cannot change (Table 11).
    if (kind === 'administrators' || kind === 'users') return;
    if (kind !== undefined && kind !== 'user-defined') return problems.push({ path: `groups.${i}.kind`, message: 'must be administrators, users or user-defined.' });
    if (!Array.isArray(authorities) || !authorities.every((a) => typeof a === 'string' && a in PROFILE_TO_DEVICE)) {
      return problems.push({ path: `groups.${i}.authorities`, message: `List authorities among ${ALL_PROFILE_AUTHORITIES.join(', ')}.` });
    }
    const granted = Object.fromEntries(AUTHORITIES.map((a) => [a, false])) as Record<Authority, boolean>;
    for (const a of authorities as string[]) granted[PROFILE_TO_DEVICE[a]!] = true;
    out.push({ name, authorities: granted as Authorities });
  });
  return { items: out, problems };
}

function parseUsers(body: Body): Parsed<UserEntry> {
  if (!Array.isArray(body.users)) return { items: [], problems: [{ path: 'users', message: 'must be the complete list of users.' }] };
  const problems: Rejection[] = [];
  const out: UserEntry[] = [];
  body.users.forEach((u, i) => {
    const { name, group, password } = (u ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string') return problems.push({ path: `users.${i}.name`, message: 'Enter the user name.' });
    if (typeof group !== 'string') return problems.push({ path: `users.${i}.group`, message: 'Enter the group of the user.' });
    if (password !== undefined && typeof password !== 'string') return problems.push({ path: `users.${i}.password`, message: 'must be text.' });
    out.push({ name, group, ...(typeof password === 'string' && { password }) });
  });
  return { items: out, problems };
}

/** The path a model refusal points at: the user or group its message names. */
function pathOf(refusal: Refusal, users: readonly UserEntry[], groups: readonly unknown[]): string {
  const userIndex = users.findIndex((u) => refusal.message.includes(`"${u.name}"`));
  if (refusal.reason === 'fixed-group') {
    const gi = groups.findIndex((g) => refusal.message.includes(`"${(g as { name?: string })?.name}"`));
    return gi >= 0 ? `groups.${gi}.name` : 'groups';
  }
  if (userIndex < 0) return 'users';
  if (refusal.reason === 'password-rule' || refusal.reason === 'password-reused') return `users.${userIndex}.password`;
  if (refusal.reason === 'unknown-group') return `users.${userIndex}.group`;
  return `users.${userIndex}`;
}

export function installUsersCommands(security: ControllerSecurity): void {
  const op = SecurityOperation.Users;
  registerJsonCommand(security.controller, SecurityCommand.Users, {
    [op.Read]: () => {
      const auth = security.auth;
      const groups = [
        ...BUILT_IN,
        ...auth.groups.map((g) => ({
          name: g.name,
          kind: 'user-defined',
          authorities: AUTHORITIES.filter((a) => g.authorities[a]).flatMap((a) => DEVICE_TO_PROFILE[a]),
        })),
      ];
      const users = auth.listUsers().map((u) => ({
        name: u.name,
        group: u.group,
        locked: u.lockedUntil !== null,
        ...(u.lockedUntil !== null && { lockedUntil: u.lockedUntil }),
        ...(u.passwordExpiresAt !== null && { passwordExpiresAt: u.passwordExpiresAt }),
      }));
      return { enabled: auth.enabled, groups, users };
    },

    [op.Write]: async (body, context) => {
      const groups = parseGroups(body);
      const users = parseUsers(body);
      const rejected = [...groups.problems, ...users.problems];
      if (rejected.length > 0) return { rejected };
      const entries = users.items;
      // A write without any password carries no secret; with one it needs a protected link (2.4.7.1).
      if (entries.some((u) => u.password !== undefined)) security.requireProtectedLink(context, body, 'Writing user passwords');
      try {
        const written = await security.auth.writeUserInformation(security.sessionId(context), { groups: groups.items, users: entries }, security.peerOf(context));
        if (written.ok) return { rejected: [] };
        if (VALIDATION_REASONS.has(written.reason)) return { rejected: [{ path: pathOf(written, entries, (body.groups as unknown[]) ?? []), message: written.message }] };
        return fail(written);
      } finally {
        security.saveUsers();
      }
    },

    [op.Unlock]: (body, context) => {
      const result = security.auth.unlockUser(security.sessionId(context) ?? '', str(body, 'userName', 64), security.peerOf(context));
      security.saveUsers();
      if (!result.ok) fail(result);
      return {};
    },

    [op.ResetPassword]: async (body, context) => {
      const userName = str(body, 'userName', 64);
      security.requireProtectedLink(context, body, 'A password reset');
      const newPassword = str(body, 'newPassword', 64);
      const sid = security.sessionId(context);
      if (sid === null && security.auth.enabled) throw new EndCodeError(END_CODES['not-logged-on'], 'Log on as an Administrator first');
      try {
        const result = await security.auth.resetPassword(sid ?? '', userName, newPassword, security.peerOf(context));
        if (!result.ok) fail(result);
        return {};
      } finally {
        security.saveUsers();
      }
    },

    [op.ResetExpiry]: (body, context) => {
      const result = security.auth.resetPasswordExpiry(security.sessionId(context) ?? '', str(body, 'userName', 64), security.peerOf(context));
      security.saveUsers();
      if (!result.ok) fail(result);
      return {};
    },
  });
}
