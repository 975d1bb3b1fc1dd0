// Users over time (2.4.4.3 / 3.4.4.3): add and remove users, unlock a locked-out user (Administrators
// only), an Administrator changes only their own password, and never the last Administrator removed
// (the guard `guard.last-administrator`; a warning when one Administrator would be left,
// `recommend.second-administrator`). The password rules (complexity, no reuse, expiry) are the device's:
// its refusals come back with their own words.
import { AppError } from '../messages/app-error';
import { checkRule } from '../commissioning/guideline/ordering-rules';
import { enforceRules } from '../commissioning/engine/guards';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';
import type { UserInformation } from '../model/security-settings';
import { systemOf } from './event-history';

export class UserChangeError extends AppError {
  declare readonly code: 'ADMINISTRATORS_ONLY' | 'UNKNOWN_USER' | 'EXISTS' | 'REJECTED';
  constructor(code: 'ADMINISTRATORS_ONLY' | 'UNKNOWN_USER' | 'EXISTS' | 'REJECTED', message: string) {
    super({ code, messageId: `errors.lifecycle.users.${code}`, englishText: message });
  }
}

async function current(driver: ControllerSecurityDriver): Promise<{ info: UserInformation; admins: (info: UserInformation) => number; system: 'mx-r' | 'mx-f' }> {
  const system = systemOf(await driver.capabilities());
  const ua = await driver.readUserAuthentication();
  const info: UserInformation = { groups: ua.groups, users: ua.users.map((u) => ({ name: u.name, group: u.group })) };
  const admins = (i: UserInformation) => {
    const adminGroups = new Set(i.groups.filter((g) => g.kind === 'administrators').map((g) => g.name));
    return i.users.filter((u) => adminGroups.has(u.group)).length;
  };
  return { info, admins, system };
}

async function write(driver: ControllerSecurityDriver, info: UserInformation, passwords: ReadonlyMap<string, string>): Promise<void> {
  const rejected = await driver.writeUserInformation(info, passwords);
  if (rejected.length) throw new UserChangeError('REJECTED', rejected.map((r) => r.message).join(' '));
}

/** Adds a user with its first password; returns warnings (none expected). */
export async function addUser(driver: ControllerSecurityDriver, user: { name: string; group: string; password: string }): Promise<string[]> {
  const { info } = await current(driver);
  if (info.users.some((u) => u.name === user.name)) throw new UserChangeError('EXISTS', `"${user.name}" is already a user of this controller.`);
  await write(driver, { ...info, users: [...info.users, { name: user.name, group: user.group }] }, new Map([[user.name, user.password]]));
  return [];
}

/**
 * Removes a user. Refused when it would leave no Administrator (nobody could unlock, write or
 * initialize); returns the warning when it leaves only one (2.4.4.3 recommends a second).
 */
export async function removeUser(driver: ControllerSecurityDriver, name: string): Promise<string[]> {
  const { info, admins, system } = await current(driver);
  if (!info.users.some((u) => u.name === name)) throw new UserChangeError('UNKNOWN_USER', `"${name}" is not a user of this controller.`);
  const next: UserInformation = { ...info, users: info.users.filter((u) => u.name !== name) };
  enforceRules(['guard.last-administrator'], { system, administratorsAfterChange: admins(next) }, `Removing "${name}"`);
  await write(driver, next, new Map());
  const second = checkRule('recommend.second-administrator', { system, administratorsAfterChange: admins(next) });
  return second.status === 'satisfied' ? [] : [second.message?.en ?? 'Register a second Administrator (2.4.4.3).'];
}

/** Releases a lockout: an Administrator's operation (2.4.4.3), refused here for anyone else. */
export async function unlockUser(driver: ControllerSecurityDriver, loggedOnGroup: string, name: string): Promise<void> {
  if (loggedOnGroup !== 'Administrators') throw new UserChangeError('ADMINISTRATORS_ONLY', 'Only a user of the Administrators group can release a lockout (2.4.4.3). Log on as an Administrator.');
  await driver.unlockUser(name);
}

/** An Administrator resets only their own password: the device's no-reuse and complexity rules apply. */
export async function changeOwnPassword(driver: ControllerSecurityDriver, currentPassword: string, newPassword: string): Promise<void> {
  await driver.changeOwnPassword(currentPassword, newPassword);
}
