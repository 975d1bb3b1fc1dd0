// Parameters (7E03) and what survives a power cycle, over real sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Subcommand } from '../../slmp/commands';
import { SecurityCommand as C, SecurityOperation as Op } from '../../slmp/security-commands';
import { SecurityCallError, securedControllersForTests } from '../testing/security-client';

const start = securedControllersForTests('mxc-sec-params-');

const ADMIN = { name: 'admin', password: 'Adm1n-Pass!' };

test('7E03: parameters written are pending until the restart (remote RESET), then in effect', async () => {
  const r = await start();
  const usb = await r.connectUsb();
  const lockout = { failures: 3, minutes: 2 };
  assert.deepEqual((await usb.ok(C.Parameters, Op.Parameters.Write, { blocks: { lockout } })).rejected, []);
  let read = await usb.ok(C.Parameters, Op.Parameters.Read);
  assert.deepEqual(read, { written: { lockout }, inEffect: {}, pendingRestart: true });
  assert.equal(((await usb.ok(C.Diagnostics, Op.Diagnostics.Read)).flags as Record<string, boolean>).pendingRestart, true);
  // Remote RESET: the CPU restarts instead of answering; the connection drops.
  void usb.request(Command.RemoteReset, Subcommand.None, Buffer.from([1, 0])).catch(() => undefined);
  await usb.waitClosed(3000);
  const again = await r.connectUsb();
  read = await again.ok(C.Parameters, Op.Parameters.Read);
  assert.deepEqual(read, { written: { lockout }, inEffect: { lockout }, pendingRestart: false });
  // The lockout in effect: 3 failures lock.
  await again.ok(C.Users, Op.Users.Write, { users: [{ name: ADMIN.name, group: 'Administrators', password: ADMIN.password }, { name: 'worker', group: 'Users', password: 'Op-pass#1' }] });
  const codes: number[] = [];
  for (let i = 0; i < 3; i++) codes.push(await again.logon('worker', 'bad-pass#1').then(() => 0, (e: SecurityCallError) => e.endCode));
  assert.deepEqual(codes, [0xc810, 0xc810, 0xc811]);
  const records = (await (await r.connectUsb()).call(C.EventHistory, Op.EventHistory.Read)).endCode;
  assert.equal(records, 0xc816, 'authentication is on now: the history needs a logon');
});

test('7E03: a block the device does not accept rejects the whole write, and nothing is stored', async () => {
  const r = await start();
  const usb = await r.connectUsb();
  const reply = await usb.ok(C.Parameters, Op.Parameters.Write, {
    blocks: {
      lockout: { failures: 3, minutes: 2 },
      passwordPolicy: { strength: 'strong', minLength: 8, expiryEnabled: true, expiryDays: 90, historyCount: 24 },
      bandwidthLimit: { enabled: true, sendKbps: 1_000_000, receiveKbps: 64 },
      ipFilter: { enabled: true, mode: 'allow', entries: [{ address: '192.168.3.300' }] },
      certificate: { validityDays: 365, keyType: 'ecdsa-p256' },
    },
  });
  const paths = (reply.rejected as Array<{ path: string }>).map((x) => x.path).sort();
  assert.deepEqual(paths, ['blocks.bandwidthLimit.sendKbps', 'blocks.certificate', 'blocks.ipFilter.entries.0.address', 'blocks.passwordPolicy.historyCount']);
  assert.deepEqual((await usb.ok(C.Parameters, Op.Parameters.Read)).written, {});
});

test('enhanced security setting: closes the listed default ports, turns the IP filter on as an allow-list keeping its entries, and (MX-R) keeps the history in data memory with the check on', async () => {
  const r = await start();
  const usb = await r.connectUsb();
  await usb.ok(C.Parameters, Op.Parameters.Write, { blocks: { ipFilter: { enabled: false, mode: 'allow', entries: [{ address: '127.0.0.1' }] } } });
  assert.deepEqual((await usb.ok(C.Parameters, Op.Parameters.Write, { blocks: { enhancedSecurity: { enabled: true } } })).rejected, []);
  const written = (await usb.ok(C.Parameters, Op.Parameters.Read)).written as Record<string, Record<string, unknown>>;
  assert.deepEqual(written.ipFilter, { enabled: true, mode: 'allow', entries: [{ address: '127.0.0.1' }] });
  assert.equal((written.defaultOpenPorts as Record<string, Record<string, string>>).port3!['cpu-search'], 'closed');
  assert.equal((written.defaultOpenPorts as Record<string, Record<string, string>>).port1!['slmp-tcp'], 'closed');
  assert.equal(written.eventHistory!.destination, 'data-memory');
  assert.equal(written.eventHistory!.tamperCheck, true);
  await r.controller.restart();
  assert.ok(r.listener('melsoft-tcp'), 'MELSOFT TCP is kept by the enhanced security setting');
  const c = await r.connect();
  assert.equal((await c.request(Command.ReadTypeName, Subcommand.None)).endCode, 0, '127.0.0.1 is on the allow-list');
});

test('persistence: users, lockouts, the clock offset, the event history and the parameters survive a process restart; device memory does not', async () => {
  const d = start.folder();
  const first = await start(undefined, d);
  const usb = await first.connectUsb();
  await usb.ok(C.Users, Op.Users.Write, { users: [{ name: ADMIN.name, group: 'Administrators', password: ADMIN.password }, { name: 'worker', group: 'Users', password: 'Op-pass#1' }] });
  await usb.logon(ADMIN.name, ADMIN.password);
  await usb.ok(C.Clock, Op.Clock.Write, { time: '2032-01-01T00:00:00.000Z' });
  // Locked out on the device clock, which was just moved (a lockout ends on the device clock).
  const other = await first.connect();
  for (let i = 0; i < 5; i++) await other.logon('worker', 'bad-pass#1').catch(() => undefined);
  await usb.ok(C.Parameters, Op.Parameters.Write, { blocks: { operationSetting: { onError: 'continue' } } });
  await usb.request(Command.DeviceWrite, Subcommand.Word, Buffer.from([0, 0, 0, 0, 0xa8, 0x00, 1, 0, 0x39, 0x30]));
  const totalBefore = (await usb.ok(C.EventHistory, Op.EventHistory.Read)).total as number;
  await first.stop();

  const second = await start(undefined, d);
  const c = await second.connectUsb();
  await assert.rejects(c.logon('worker', 'Op-pass#1'), (e: SecurityCallError) => e.endCode >= 0xc811 && e.endCode <= 0xc815, 'still locked out');
  await c.logon(ADMIN.name, ADMIN.password);
  assert.ok(((await c.ok(C.Clock, Op.Clock.Read)).deviceTime as string).startsWith('2032-01-01'));
  const { total } = await c.ok(C.EventHistory, Op.EventHistory.Read);
  assert.ok((total as number) >= totalBefore);
  assert.deepEqual(await c.ok(C.EventHistory, Op.EventHistory.Verify), { ok: true });
  assert.deepEqual((await c.ok(C.Parameters, Op.Parameters.Read)).inEffect, { operationSetting: { onError: 'continue' } });
  const d0 = await c.request(Command.DeviceRead, Subcommand.Word, Buffer.from([0, 0, 0, 0, 0xa8, 0x00, 1, 0]));
  assert.deepEqual([...d0.data], [0, 0], 'device memory is volatile');
  // Nothing in the state directory holds a password.
  for (const f of readdirSync(d.stateDir)) if (f.endsWith('.json')) assert.ok(!readFileSync(join(d.stateDir, f), 'utf8').includes('Op-pass#1'), f);
});
