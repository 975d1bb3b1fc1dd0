// User authentication over real sockets (2.4.4, Table 17 / Table 35 row 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command, Subcommand } from '../../slmp/commands';
import { SecurityCommand as C, SecurityOperation as Op } from '../../slmp/security-commands';
import { SecurityCallError, securedControllersForTests, type SecurityClient } from '../testing/security-client';

const start = securedControllersForTests('mxc-sec-session-');

export const ADMIN = { name: 'admin', password: 'Adm1n-Pass!' };
export const OPERATOR = { name: 'viewer', password: 'V1ew-only#' };

async function registerUsers(c: SecurityClient): Promise<void> {
  const reply = await c.ok(C.Users, Op.Users.Write, {
    groups: [],
    users: [
      { name: ADMIN.name, group: 'Administrators', password: ADMIN.password },
      { name: OPERATOR.name, group: 'Users', password: OPERATOR.password },
    ],
  });
  assert.deepEqual(reply.rejected, []);
}

// Device word write of D0 = 1 (iQ-R/MX 4-byte device number form).
const writeD0 = Buffer.from([0, 0, 0, 0, 0xa8, 0x00, 1, 0, 1, 0]);
const readD0 = Buffer.from([0, 0, 0, 0, 0xa8, 0x00, 1, 0]);

test('2.4.4 factory state: anyone may do anything; the first user write turns authentication on; then C816 without logon, type name and 7E00 still answer', async () => {
  const r = await start();
  const usb = await r.connectUsb();
  const tcp = await r.connect();
  assert.equal((await tcp.call(C.Session, Op.Session.Status)).body.authenticationEnabled, false);
  assert.equal((await tcp.request(Command.RemoteStop, Subcommand.None, Buffer.from([1, 0]))).endCode, 0, 'factory: remote STOP without logon');
  await registerUsers(usb);
  assert.equal((await tcp.call(C.Session, Op.Session.Status)).body.authenticationEnabled, true);
  assert.equal((await tcp.request(Command.RemoteRun, Subcommand.None, Buffer.from([1, 0, 0, 0]))).endCode, 0xc816);
  assert.equal((await tcp.call(C.Parameters, Op.Parameters.Read)).endCode, 0xc816);
  assert.equal((await tcp.request(Command.ReadTypeName, Subcommand.None)).endCode, 0);
  const caps = await tcp.ok(C.Capabilities, Op.Capabilities.Read);
  assert.equal(caps.model, 'MXR300-32');
  for (const f of ['Capabilities', 'Session', 'Users', 'Parameters', 'Clock', 'EventHistory', 'Initialize', 'Diagnostics']) assert.ok((caps.functions as string[]).includes(f), f);
});

test('Table 17 row 3: logon succeeds only with the correct combination of user name and password', async () => {
  const r = await start();
  const usb = await r.connectUsb();
  await registerUsers(usb);
  const c = await r.connect();
  await assert.rejects(c.logon(ADMIN.name, 'Wrong-Pass1'), (e: SecurityCallError) => e.endCode === 0xc810);
  await assert.rejects(c.logon('nobody', ADMIN.password), (e: SecurityCallError) => e.endCode === 0xc810);
  await assert.rejects(c.logon(OPERATOR.name, ADMIN.password), (e: SecurityCallError) => e.endCode === 0xc810);
  const done = await c.logon(ADMIN.name, ADMIN.password);
  assert.equal(done.group, 'Administrators');
  const status = await c.ok(C.Session, Op.Session.Status);
  assert.deepEqual(status, { authenticationEnabled: true, loggedOn: true, userName: 'admin', group: 'Administrators' });
  assert.equal((await c.request(Command.RemoteStop, Subcommand.None, Buffer.from([1, 0]))).endCode, 0);
  // The logon belongs to this connection only.
  const other = await r.connect();
  assert.equal((await other.request(Command.RemoteRun, Subcommand.None, Buffer.from([1, 0, 0, 0]))).endCode, 0xc816);
  await c.ok(C.Session, Op.Session.Logoff);
  assert.equal((await c.request(Command.RemoteRun, Subcommand.None, Buffer.from([1, 0, 0, 0]))).endCode, 0xc816);
});

test('Table 17 row 3: repeated logon failures lock the user out, even with the right password, until an Administrator unlocks', async () => {
  const r = await start();
  const usb = await r.connectUsb();
  await registerUsers(usb);
  const c = await r.connect();
  const codes: number[] = [];
  for (let i = 0; i < 5; i++) codes.push(await c.logon(OPERATOR.name, 'Wrong-Pass1').then(() => 0, (e: SecurityCallError) => e.endCode));
  assert.deepEqual(codes, [0xc810, 0xc810, 0xc810, 0xc810, 0xc811], 'the 5th failure (factory threshold) locks');
  await assert.rejects(c.logon(OPERATOR.name, OPERATOR.password), (e: SecurityCallError) => e.endCode === 0xc811);
  const admin = await r.connect();
  await admin.logon(ADMIN.name, ADMIN.password);
  const users = (await admin.ok(C.Users, Op.Users.Read)).users as Array<{ name: string; locked: boolean }>;
  assert.equal(users.find((u) => u.name === OPERATOR.name)?.locked, true);
  await admin.ok(C.Users, Op.Users.Unlock, { userName: OPERATOR.name });
  await c.logon(OPERATOR.name, OPERATOR.password);
  const events = (await admin.ok(C.EventHistory, Op.EventHistory.Read)).records as Array<{ name: string }>;
  for (const name of ['logon-failure', 'lockout', 'lockout-released', 'logon-success']) assert.ok(events.some((e) => e.name === name), name);
});

test('Table 17 row 3: a Users-group logon may only view: device memory write, remote STOP and parameter write are refused (C816)', async () => {
  const r = await start();
  const usb = await r.connectUsb();
  await registerUsers(usb);
  // 2.4.4.2: device/label access made an authentication target (takes effect at restart).
  await usb.logon(ADMIN.name, ADMIN.password);
  assert.deepEqual((await usb.ok(C.Parameters, Op.Parameters.Write, { blocks: { outOfTargetOperation: { deviceLabelAccessAuthenticated: true } } })).rejected, []);
  await r.controller.restart();
  const anonymous = await r.connect();
  assert.equal((await anonymous.request(Command.DeviceRead, Subcommand.Word, readD0)).endCode, 0xc816, 'no logon: no device read');
  const viewer = await r.connect();
  await viewer.logon(OPERATOR.name, OPERATOR.password);
  assert.equal((await viewer.request(Command.DeviceRead, Subcommand.Word, readD0)).endCode, 0, 'Users may read');
  assert.equal((await viewer.request(Command.DeviceWrite, Subcommand.Word, writeD0)).endCode, 0xc816);
  assert.equal((await viewer.request(Command.RemoteStop, Subcommand.None, Buffer.from([1, 0]))).endCode, 0xc816);
  assert.equal((await viewer.call(C.Parameters, Op.Parameters.Write, { blocks: {} })).endCode, 0xc816);
  assert.equal((await viewer.call(C.EventHistory, Op.EventHistory.Clear)).endCode, 0xc816);
  const admin = await r.connect();
  await admin.logon(ADMIN.name, ADMIN.password);
  assert.equal((await admin.request(Command.DeviceWrite, Subcommand.Word, writeD0)).endCode, 0);
  const refused = ((await admin.ok(C.EventHistory, Op.EventHistory.Read, { max: 50 })).records as Array<{ name: string; user?: string }>).filter((e) => e.name === 'operation-refused');
  assert.ok(refused.some((e) => e.user === OPERATOR.name), 'the refusals are recorded with the user');
});

test('2.4.7.1: a password is refused over plain TCP without the trust-boundary attestation (CF21), accepted with it and recorded', async () => {
  const r = await start();
  const tcp = await r.connect();
  const users = { groups: [], users: [{ name: ADMIN.name, group: 'Administrators', password: ADMIN.password }] };
  assert.equal((await tcp.call(C.Users, Op.Users.Write, users)).endCode, 0xcf21);
  assert.equal((await tcp.call(C.Session, Op.Session.Status)).body.authenticationEnabled, false, 'nothing was stored');
  assert.deepEqual((await tcp.ok(C.Users, Op.Users.Write, { ...users, trustBoundaryAttested: true })).rejected, []);
  await tcp.logon(ADMIN.name, ADMIN.password);
  assert.equal((await tcp.call(C.Session, Op.Session.ChangeOwnPassword, { currentPassword: ADMIN.password, newPassword: 'N3w-Secret!' })).endCode, 0xcf21);
  await tcp.ok(C.Session, Op.Session.ChangeOwnPassword, { currentPassword: ADMIN.password, newPassword: 'N3w-Secret!', trustBoundaryAttested: true });
  const events = (await tcp.ok(C.EventHistory, Op.EventHistory.Read)).records as Array<{ name: string }>;
  assert.ok(events.filter((e) => e.name === 'trust-boundary-attested').length >= 2);
  assert.ok(events.some((e) => e.name === 'secret-refused'));
});

test('Table 35 row 3 (MX-F): the warning message is shown at logon, and an idle logon is logged off after the timeout', async () => {
  const r = await start('MXF100-16-N32');
  const usb = await r.connectUsb();
  await registerUsers(usb);
  await usb.logon(ADMIN.name, ADMIN.password);
  const blocks = {
    logonMessage: { enabled: true, text: 'Authorized personnel only. Activity is recorded.' },
    sessionTimers: { logoffTimeoutMinutes: 1, ethernetAliveCheckSeconds: 60, ftpSessionTimeoutSeconds: 60 },
  };
  assert.deepEqual((await usb.ok(C.Parameters, Op.Parameters.Write, { blocks })).rejected, []);
  await r.controller.restart();
  const c = await r.connect();
  const done = await c.logon(OPERATOR.name, OPERATOR.password);
  assert.equal(done.logonMessage, 'Authorized personnel only. Activity is recorded.');
  assert.equal(done.sessionTimeoutMinutes, 1);
  assert.equal((await c.call(C.Clock, Op.Clock.Read)).endCode, 0);
  // Two minutes pass on the device clock (an Administrator moves it; the timeout runs on it).
  const admin = await r.connectUsb();
  await admin.logon(ADMIN.name, ADMIN.password);
  await admin.ok(C.Clock, Op.Clock.Write, { time: new Date(Date.now() + 2 * 60_000).toISOString() });
  assert.equal((await c.call(C.Clock, Op.Clock.Read)).endCode, 0xcf11, 'session timed out');
  assert.equal((await c.call(C.Session, Op.Session.Status)).body.loggedOn, false);
  await admin.logon(ADMIN.name, ADMIN.password);
  const events = (await admin.ok(C.EventHistory, Op.EventHistory.Read)).records as Array<{ name: string; user?: string }>;
  assert.ok(events.some((e) => e.name === 'session-timeout' && e.user === OPERATOR.name));
});
