// Initialization of all information (2.4.1, 2.6, Table 17 row 1) over real sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Subcommand } from '../../slmp/commands';
import { SecurityCommand as C, SecurityOperation as Op } from '../../slmp/security-commands';
import { eventually, securedControllersForTests } from '../testing/security-client';

const start = securedControllersForTests('mxc-sec-init-');

const ADMIN = { name: 'admin', password: 'Adm1n-Pass!' };

test('Table 17 row 1: initialization returns the controller to its factory state: no users (access without logon), no parameters, a new history that says so; the SD card stays', async () => {
  const where = start.folder();
  const sdCard = where.sdCardDir;
  mkdirSync(sdCard, { recursive: true });
  writeFileSync(join(sdCard, 'site-backup.mxb'), 'kept');
  const r = await start(undefined, where);
  let cleared = 0;
  r.security.onInitializeAll(() => {
    cleared++;
  });
  const usb = await r.connectUsb();
  await usb.ok(C.Users, Op.Users.Write, { users: [{ name: ADMIN.name, group: 'Administrators', password: ADMIN.password }, { name: 'viewer', group: 'Users', password: 'V1ew-only#' }] });
  await usb.logon(ADMIN.name, ADMIN.password);
  await usb.ok(C.Parameters, Op.Parameters.Write, { blocks: { lockout: { failures: 3, minutes: 1 }, eventHistory: { enabled: true, destination: 'data-memory', sizeKb: 64, tamperCheck: true } } });
  await usb.request(Command.DeviceWrite, Subcommand.Word, Buffer.from([0x40, 0x21, 0, 0, 0xa8, 0x00, 1, 0, 7, 0])); // D8500 (latched) = 7
  await r.controller.restart();

  const viewer = await r.connect();
  await viewer.logon('viewer', 'V1ew-only#');
  assert.equal((await viewer.call(C.Initialize, Op.Initialize.All, { confirmModel: 'MXR300-32' })).endCode, 0xc816, 'only an Administrator');
  const admin = await r.connect();
  await admin.logon(ADMIN.name, ADMIN.password);
  assert.equal((await admin.call(C.Initialize, Op.Initialize.All, { confirmModel: 'MXF100-16-N32' })).endCode, 0xcf27, 'the model named must be this one');
  assert.deepEqual(await admin.ok(C.Initialize, Op.Initialize.All, { confirmModel: 'MXR300-32' }), {});
  await admin.waitClosed(3000);
  await eventually(() => r.listener('slmp') !== undefined);

  const fresh = await r.connect();
  const status = await fresh.ok(C.Session, Op.Session.Status);
  assert.equal(status.authenticationEnabled, false, 'user authentication is off again');
  assert.equal((await fresh.request(Command.RemoteStop, Subcommand.None, Buffer.from([1, 0]))).endCode, 0, 'access without logon');
  assert.deepEqual(await fresh.ok(C.Parameters, Op.Parameters.Read), { written: {}, inEffect: {}, pendingRestart: false });
  const d8500 = await fresh.request(Command.DeviceRead, Subcommand.Word, Buffer.from([0x40, 0x21, 0, 0, 0xa8, 0x00, 1, 0]));
  assert.deepEqual([...d8500.data], [0, 0], 'device memory, the latched range too, is cleared');
  const { records } = await fresh.ok(C.EventHistory, Op.EventHistory.Read);
  const list = records as Array<{ name: string; user?: string }>;
  assert.equal(list[0]!.name, 'initialize-all');
  assert.equal(list[0]!.user, ADMIN.name);
  assert.ok(!list.some((e) => e.name === 'logon-success'), 'the old history is gone');
  assert.equal(cleared, 1, 'the other modules cleared theirs');
  assert.equal(readFileSync(join(sdCard, 'site-backup.mxb'), 'utf8'), 'kept', 'the SD card is not touched');
  assert.ok(!existsSync(join(where.stateDir, 'event-history-records.jsonl')), 'the history in data memory is deleted');
});
