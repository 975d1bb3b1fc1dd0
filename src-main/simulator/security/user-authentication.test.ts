import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAuthMessage, computeClientProof, createNonce, verifyServerSignature } from '../../crypto/logon-proof';
import type { EventDraft } from './event-history';
import { Operation } from './operations';
import { UserAuthentication, type UserAuthenticationState } from './user-authentication';

const ADMIN_PW = 'Adm1n-Pass!';
const OP_PW = 'Op3rator-Pw';
const peer = { address: '127.0.0.2', transport: 'tcp' } as const;

function setup() {
  let t = new Date('2026-03-01T08:00:00Z').getTime();
  const events: EventDraft[] = [];
  const clock = { now: () => new Date(t), advance: (ms: number) => { t += ms; } };
  const auth = new UserAuthentication({ now: clock.now, sink: (e) => events.push(e) });
  return { auth, clock, events };
}

/** The client side of the logon, as the app's driver does it: the password stays here. */
async function logon(auth: UserAuthentication, userName: string, password: string) {
  const clientNonce = createNonce();
  const begun = auth.beginLogon({ userName, clientNonce, peer });
  assert.ok(begun.ok, 'challenge issued');
  const { challenge } = begun;
  const authMessage = buildAuthMessage({ userName, clientNonce, combinedNonce: challenge.combinedNonce, salt: challenge.salt, kdf: challenge.kdf });
  const proof = await computeClientProof(password, challenge.salt, challenge.kdf, authMessage);
  const result = auth.completeLogon({ logonId: challenge.logonId, clientProof: proof.clientProof, peer });
  if (result.ok) assert.ok(verifyServerSignature(proof.expectedServerSignature, result.serverSignature), 'the device proved itself');
  return result;
}

async function withUsers(extra: Parameters<UserAuthentication['writeUserInformation']>[1] = { users: [] }) {
  const ctx = setup();
  const written = await ctx.auth.writeUserInformation(null, {
    ...extra,
    users: [{ name: 'admin', group: 'Administrators', password: ADMIN_PW }, { name: 'op1', group: 'Users', password: OP_PW }, ...extra.users],
  });
  assert.ok(written.ok, JSON.stringify(written));
  return ctx;
}

async function sessionOf(auth: UserAuthentication, user: string, pw: string): Promise<string> {
  const r = await logon(auth, user, pw);
  assert.ok(r.ok, `logon of ${user}: ${JSON.stringify(r)}`);
  return r.sessionId;
}

test('2.4.4.1: at the factory, authentication is off and anyone connected may do anything', () => {
  const { auth } = setup();
  assert.equal(auth.enabled, false);
  for (const op of Object.values(Operation)) assert.deepEqual(auth.authorize(null, op), { allowed: true });
});

test('2.4.4: the first write of user information turns authentication on and is recorded', async () => {
  const { auth, events } = await withUsers();
  assert.equal(auth.enabled, true);
  assert.equal(auth.authorize(null, Operation.ParameterWrite).allowed, false);
  assert.equal(events.at(-1)!.name, 'user-information-written');
  assert.match(events.at(-1)!.detail!, /user authentication enabled/);
});

test('Table 17 row 3: logon succeeds only with the right user name and password', async () => {
  const { auth, events } = await withUsers();
  assert.equal((await logon(auth, 'admin', ADMIN_PW)).ok, true);
  const wrong = await logon(auth, 'admin', 'Adm1n-Pass?');
  assert.ok(!wrong.ok && wrong.reason === 'bad-credentials' && wrong.endCode === 0xc810);
  const nobody = await logon(auth, 'ghost', ADMIN_PW);
  assert.ok(!nobody.ok && nobody.reason === 'bad-credentials', 'an unknown user looks like a wrong password');
  assert.deepEqual(events.slice(-3).map((e) => e.name), ['logon-success', 'logon-failure', 'logon-failure']);
  assert.ok(events.every((e) => !JSON.stringify(e).includes(ADMIN_PW)), 'no password in any event');
});

test('2.4.4: an unknown user gets the same stable salt every time (user names are not revealed)', async () => {
  const { auth } = await withUsers();
  const a = auth.beginLogon({ userName: 'ghost', clientNonce: createNonce() });
  const b = auth.beginLogon({ userName: 'ghost', clientNonce: createNonce() });
  assert.ok(a.ok && b.ok && a.challenge.salt === b.challenge.salt);
});

test('Table 17 row 3: a Users-group logon can read but cannot write device memory or parameters', async () => {
  const { auth } = await withUsers({ settings: { deviceAccessIsAuthTarget: true }, users: [] });
  const s = await sessionOf(auth, 'op1', OP_PW);
  assert.equal(auth.authorize(s, Operation.DeviceRead).allowed, true);
  assert.equal(auth.authorize(s, Operation.DiagnosisRead).allowed, true);
  const write = auth.authorize(s, Operation.DeviceWrite, peer);
  assert.ok(!write.allowed && write.reason === 'no-authority' && write.endCode === 0xc816);
  assert.equal(write.event.name, 'operation-refused');
  const param = auth.authorize(s, Operation.ParameterWrite);
  assert.ok(!param.allowed && param.reason === 'administrator-only');
});

test('2.4.4.1: a user-defined group can use only the authorities it was given', async () => {
  const { auth } = await withUsers({
    groups: [{ name: 'Maintenance', authorities: { fileAccess: false, memoryAccess: false, deviceAccess: false, diagnosis: true, remoteOperation: false, update: false } }],
    users: [{ name: 'tech', group: 'Maintenance', password: 'Maint-Pass1' }],
  });
  const s = await sessionOf(auth, 'tech', 'Maint-Pass1');
  assert.equal(auth.authorize(s, Operation.DiagnosisRead).allowed, true);
  assert.equal(auth.authorize(s, Operation.ErrorClear).allowed, true, 'diagnosis covers error clear');
  assert.equal(auth.authorize(s, Operation.FileRead).allowed, false);
  assert.equal(auth.authorize(s, Operation.EventHistoryClear).allowed, false, 'Administrator-only even with diagnosis');
});

test('facts: Administrators alone may run/stop, write, back up, update firmware, clear the history, manage certificates', async () => {
  const { auth } = await withUsers({
    groups: [{ name: 'AllButAdmin', authorities: { fileAccess: true, memoryAccess: true, deviceAccess: true, diagnosis: true, remoteOperation: true, update: true } }],
    users: [{ name: 'power', group: 'AllButAdmin', password: 'Strong-Pw1' }],
  });
  const power = await sessionOf(auth, 'power', 'Strong-Pw1');
  const admin = await sessionOf(auth, 'admin', ADMIN_PW);
  const adminOnly = [Operation.RemoteRun, Operation.RemoteStop, Operation.ParameterWrite, Operation.Backup, Operation.Restore, Operation.FirmwareUpdate,
    Operation.EventHistoryClear, Operation.CertificateWrite, Operation.CertificateDelete, Operation.InitializeAll, Operation.UnlockUser, Operation.ResetPasswordExpiry];
  for (const op of adminOnly) {
    const d = auth.authorize(power, op);
    assert.ok(!d.allowed && d.reason === 'administrator-only', op);
    assert.equal(auth.authorize(admin, op).allowed, true, op);
  }
  assert.equal(auth.authorize(power, Operation.RemotePause).allowed, true);
});

test('2.4.4.2: the out-of-target setting decides whether device access needs a logon', async () => {
  const { auth } = await withUsers();
  assert.equal(auth.settings.deviceAccessIsAuthTarget, false, 'factory: out of target');
  assert.equal(auth.authorize(null, Operation.DeviceWrite).allowed, true);
  const admin = await sessionOf(auth, 'admin', ADMIN_PW);
  assert.ok((await auth.updateSettings(admin, { deviceAccessIsAuthTarget: true })).ok);
  const d = auth.authorize(null, Operation.DeviceWrite);
  assert.ok(!d.allowed && d.reason === 'not-logged-on');
  assert.equal(auth.authorize(null, Operation.TypeNameRead).allowed, true, 'the type name stays readable');
});

test('2.4.4.3 / Table 17 row 3: consecutive failures lock the user out, even the right password is refused, with escalation', async () => {
  const { auth, clock, events } = await withUsers();
  for (let i = 1; i < 5; i++) {
    const r = await logon(auth, 'op1', 'Wrong-Pass1');
    assert.ok(!r.ok && r.reason === 'bad-credentials', `failure ${i}`);
  }
  const fifth = await logon(auth, 'op1', 'Wrong-Pass1');
  assert.ok(!fifth.ok && fifth.reason === 'locked-out' && fifth.endCode === 0xc811, 'locked at the 5th failure (factory threshold), C811 = retry after 1 min');
  assert.equal(events.filter((e) => e.name === 'lockout').length, 1);
  const right = await logon(auth, 'op1', OP_PW);
  assert.ok(!right.ok && right.reason === 'locked-out', 'the right password does not pass a lockout');
  clock.advance(61_000);
  const again = await logon(auth, 'op1', 'Wrong-Pass1');
  assert.ok(!again.ok && again.endCode === 0xc812, 'a failure right after the lockout locks again for 5 min');
  clock.advance(5 * 60_000 + 1000);
  assert.equal((await logon(auth, 'op1', OP_PW)).ok, true, 'after the lockout time the right password passes');
  assert.equal((await logon(auth, 'op1', 'Wrong-Pass1')).ok, false);
  const summary = auth.listUsers().find((u) => u.name === 'op1')!;
  assert.equal(summary.consecutiveFailures, 1, 'a success reset the count');
});

test('2.4.4.3: a locked-out user is unlocked only by an Administrator', async () => {
  const { auth, events } = await withUsers({ users: [{ name: 'op2', group: 'Users', password: 'Second-Op1' }] });
  for (let i = 0; i < 5; i++) await logon(auth, 'op1', 'Wrong-Pass1');
  const other = await sessionOf(auth, 'op2', 'Second-Op1');
  const byUser = auth.unlockUser(other, 'op1');
  assert.ok(!byUser.ok && byUser.reason === 'administrator-only');
  assert.equal((await logon(auth, 'op1', OP_PW)).ok, false);
  const admin = await sessionOf(auth, 'admin', ADMIN_PW);
  assert.ok(auth.unlockUser(admin, 'op1').ok);
  assert.equal(events.at(-1)!.name, 'lockout-released');
  assert.equal((await logon(auth, 'op1', OP_PW)).ok, true);
});

test('2.4.4.3: an Administrator resets a Users password, but another Administrator\'s only that Administrator', async () => {
  const { auth } = await withUsers({ users: [{ name: 'admin2', group: 'Administrators', password: 'Adm2-Passwd' }] });
  const admin = await sessionOf(auth, 'admin', ADMIN_PW);
  assert.ok((await auth.resetPassword(admin, 'op1', 'New-Op-Pass1')).ok);
  assert.equal((await logon(auth, 'op1', 'New-Op-Pass1')).ok, true);
  const other = await auth.resetPassword(admin, 'admin2', 'Taken-Over1');
  assert.ok(!other.ok && other.reason === 'administrator-password-self-only');
  assert.equal((await logon(auth, 'admin2', 'Adm2-Passwd')).ok, true, 'admin2 keeps the password');
  assert.ok((await auth.resetPassword(admin, 'admin', 'Adm1n-Renewed!')).ok, 'an Administrator resets their own');
  const byUser = await auth.resetPassword(await sessionOf(auth, 'op1', 'New-Op-Pass1'), 'admin', 'x');
  assert.ok(!byUser.ok && byUser.reason === 'administrator-only');
});

test('2.4.4.3: the last Administrator cannot be removed or moved out of the group', async () => {
  const { auth } = await withUsers();
  const admin = await sessionOf(auth, 'admin', ADMIN_PW);
  const removed = await auth.removeUser(admin, 'admin');
  assert.ok(!removed.ok && removed.reason === 'last-administrator');
  const moved = await auth.putUser(admin, { name: 'admin', group: 'Users' });
  assert.ok(!moved.ok && moved.reason === 'last-administrator');
  assert.ok((await auth.removeUser(admin, 'op1')).ok);
  assert.equal((await logon(auth, 'op1', OP_PW)).ok, false, 'a removed user cannot log on');
});

test('Table 11 row 3: user-defined groups are created only by Administrators; fixed groups cannot be redefined', async () => {
  const { auth } = await withUsers();
  const op = await sessionOf(auth, 'op1', OP_PW);
  const group = { name: 'Viewers', authorities: { fileAccess: true, memoryAccess: false, deviceAccess: false, diagnosis: false, remoteOperation: false, update: false } };
  const byUser = await auth.putGroup(op, group);
  assert.ok(!byUser.ok && byUser.reason === 'administrator-only');
  const admin = await sessionOf(auth, 'admin', ADMIN_PW);
  assert.ok((await auth.putGroup(admin, group)).ok);
  assert.deepEqual(auth.groups.map((g) => g.name), ['Viewers']);
  const fixed = await auth.putGroup(admin, { ...group, name: 'Users' });
  assert.ok(!fixed.ok && fixed.reason === 'fixed-group');
});

test('Table 9 row 4 / 2.4.4.2: with strength "Strong" a weak password is refused on the device', async () => {
  const { auth } = await withUsers();
  const admin = await sessionOf(auth, 'admin', ADMIN_PW);
  assert.ok((await auth.updateSettings(admin, { passwordStrength: 'strong' })).ok);
  const weak = await auth.putUser(admin, { name: 'op3', group: 'Users', password: 'alllowercase' });
  assert.ok(!weak.ok && weak.reason === 'password-rule' && /3 of the kinds/.test(weak.message));
  assert.ok(!weak.ok && !weak.message.includes('alllowercase'), 'the refusal does not echo the password');
  assert.ok((await auth.putUser(admin, { name: 'op3', group: 'Users', password: 'Mixed-case1' })).ok);
});

test('Table 10 row 6: a password cannot be reused within the remembered history', async () => {
  const { auth } = await withUsers();
  const s = await sessionOf(auth, 'op1', OP_PW);
  const same = await auth.changeOwnPassword(s, OP_PW, OP_PW);
  assert.ok(!same.ok && same.reason === 'password-reused');
  assert.ok((await auth.changeOwnPassword(s, OP_PW, 'Second-Pw1')).ok);
  assert.ok((await auth.changeOwnPassword(s, 'Second-Pw1', 'Third-Pw1')).ok);
  const back = await auth.changeOwnPassword(s, 'Third-Pw1', OP_PW);
  assert.ok(!back.ok && back.reason === 'password-reused', 'still within the last 3');
  assert.ok((await auth.changeOwnPassword(s, 'Third-Pw1', 'Fourth-Pw1')).ok);
  assert.ok((await auth.changeOwnPassword(s, 'Fourth-Pw1', OP_PW)).ok, 'four changes later it may come back');
});

test('Table 9 row 3: an expired password must be changed before anything else', async () => {
  const { auth, clock } = await withUsers({ settings: { passwordExpiryDays: 90 }, users: [] });
  clock.advance(91 * 24 * 3600_000);
  const r = await logon(auth, 'op1', OP_PW);
  assert.ok(r.ok && r.mustChangePassword);
  const read = auth.authorize(r.sessionId, Operation.DiagnosisRead);
  assert.ok(!read.allowed && read.reason === 'password-expired' && read.endCode === 0xcf10);
  assert.ok((await auth.changeOwnPassword(r.sessionId, OP_PW, 'Renewed-Pw1')).ok);
  assert.equal(auth.authorize(r.sessionId, Operation.DiagnosisRead).allowed, true);
});

test('facts: an Administrator can reset another user\'s password expiry', async () => {
  const { auth, clock } = await withUsers({ settings: { passwordExpiryDays: 30 }, users: [] });
  clock.advance(29 * 24 * 3600_000);
  const admin = await sessionOf(auth, 'admin', ADMIN_PW);
  assert.ok(auth.resetPasswordExpiry(admin, 'op1').ok);
  clock.advance(2 * 24 * 3600_000);
  const r = await logon(auth, 'op1', OP_PW);
  assert.ok(r.ok && !r.mustChangePassword);
});

test('Table 35 row 3: the logon message is shown at logon, and an idle session is logged off after the timeout', async () => {
  const { auth, clock, events } = await withUsers({ settings: { logonMessage: 'Authorized personnel only.', sessionTimeoutMinutes: 5 }, users: [] });
  const r = await logon(auth, 'op1', OP_PW);
  assert.ok(r.ok && r.logonMessage === 'Authorized personnel only.');
  clock.advance(4 * 60_000);
  assert.equal(auth.authorize(r.sessionId, Operation.DiagnosisRead).allowed, true, 'activity restarts the timer');
  clock.advance(4 * 60_000);
  assert.equal(auth.authorize(r.sessionId, Operation.DiagnosisRead).allowed, true);
  clock.advance(5 * 60_000);
  const d = auth.authorize(r.sessionId, Operation.DiagnosisRead);
  assert.ok(!d.allowed && d.reason === 'session-expired');
  assert.ok(events.some((e) => e.name === 'session-timeout' && e.user === 'op1'));
});

test('2.4.4: a logon challenge is single-use and expires', async () => {
  const { auth, clock } = await withUsers();
  const clientNonce = createNonce();
  const begun = auth.beginLogon({ userName: 'op1', clientNonce });
  assert.ok(begun.ok);
  const { challenge } = begun;
  const authMessage = buildAuthMessage({ userName: 'op1', clientNonce, combinedNonce: challenge.combinedNonce, salt: challenge.salt, kdf: challenge.kdf });
  const { clientProof } = await computeClientProof(OP_PW, challenge.salt, challenge.kdf, authMessage);
  clock.advance(31_000);
  const late = auth.completeLogon({ logonId: challenge.logonId, clientProof });
  assert.ok(!late.ok && late.reason === 'challenge-unknown');
});

test('settings out of range are refused with the allowed range', async () => {
  const { auth } = await withUsers();
  const admin = await sessionOf(auth, 'admin', ADMIN_PW);
  const r = await auth.updateSettings(admin, { lockoutThreshold: 2, sessionTimeoutMinutes: 61 });
  assert.ok(!r.ok && r.reason === 'invalid-setting' && /3-10/.test(r.message) && /1-60/.test(r.message));
});

test('non-volatile state: users, settings and a lockout survive toJSON/fromJSON; sessions do not', async () => {
  const { auth, clock } = await withUsers({ settings: { logonMessage: 'hello' }, users: [] });
  const s = await sessionOf(auth, 'admin', ADMIN_PW);
  for (let i = 0; i < 5; i++) await logon(auth, 'op1', 'Wrong-Pass1');
  const json = JSON.parse(JSON.stringify(auth.toJSON())) as UserAuthenticationState;
  assert.ok(!JSON.stringify(json).includes(ADMIN_PW) && !JSON.stringify(json).includes(OP_PW));
  const reloaded = UserAuthentication.fromJSON(json, { now: clock.now });
  assert.equal(reloaded.enabled, true);
  assert.equal(reloaded.settings.logonMessage, 'hello');
  assert.equal(reloaded.authorize(s, Operation.DiagnosisRead).allowed, false, 'a power cycle logs everyone off');
  assert.ok(!(await logon(reloaded, 'op1', OP_PW)).ok, 'still locked out');
  assert.equal((await logon(reloaded, 'admin', ADMIN_PW)).ok, true);
});

test('Table 17 row 1 / 2.4.1: initialization of all information turns authentication off again', async () => {
  const { auth } = await withUsers();
  auth.initializeAll();
  assert.equal(auth.enabled, false);
  assert.equal(auth.authorize(null, Operation.ParameterWrite).allowed, true, 'access is permitted without logon');
  assert.equal(auth.listUsers().length, 0);
});

test('a later write of user information needs an Administrator', async () => {
  const { auth } = await withUsers();
  const anonymous = await auth.writeUserInformation(null, { users: [{ name: 'evil', group: 'Administrators', password: 'Evil-Pass1' }] });
  assert.ok(!anonymous.ok && anonymous.reason === 'not-logged-on');
  const op = await sessionOf(auth, 'op1', OP_PW);
  const byUser = await auth.writeUserInformation(op, { users: [{ name: 'evil', group: 'Administrators', password: 'Evil-Pass1' }] });
  assert.ok(!byUser.ok && byUser.reason === 'administrator-only');
});
