// Operation setting and self-diagnostics (2.4.11, Table 14) and the capability query, over real sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command, Subcommand } from '../../slmp/commands';
import { SecurityCommand as C, SecurityOperation as Op } from '../../slmp/security-commands';
import { securedControllersForTests } from '../testing/security-client';

const start = securedControllersForTests('mxc-sec-diag-');
const SD203 = Buffer.from([203, 0, 0, 0, 0xa9, 0x00, 1, 0]);

test('Table 14: with "stop" in effect an error stops the CPU; the error is readable and clearable and recorded', async () => {
  const r = await start();
  const usb = await r.connectUsb();
  r.security.raiseError(0x2220, 'parameter error (injected)');
  assert.deepEqual([...(await usb.request(Command.DeviceRead, Subcommand.Word, SD203)).data], [2, 0], 'CPU in STOP');
  const diag = await usb.ok(C.Diagnostics, Op.Diagnostics.Read);
  assert.equal(diag.operationSetting, 'stop');
  const errors = diag.errors as Array<{ code: string; message: string; at: string }>;
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.code, '2220');
  await usb.ok(C.Diagnostics, Op.Diagnostics.Clear);
  assert.deepEqual((await usb.ok(C.Diagnostics, Op.Diagnostics.Read)).errors, []);
  const events = ((await usb.ok(C.EventHistory, Op.EventHistory.Read)).records as Array<{ name: string }>).map((e) => e.name);
  assert.ok(events.includes('error-occurred'));
  assert.ok(events.includes('error-clear'));
});

test('Table 14: with "continue" in effect an error leaves the CPU running; the standard Error Clear (1617) clears it too', async () => {
  const r = await start();
  const usb = await r.connectUsb();
  await usb.ok(C.Parameters, Op.Parameters.Write, { blocks: { operationSetting: { onError: 'continue' } } });
  assert.equal((await usb.ok(C.Diagnostics, Op.Diagnostics.Read)).operationSetting, 'stop', 'pending until the restart');
  await r.controller.restart();
  const c = await r.connectUsb();
  r.security.raiseError(0x1900, 'module error (injected)');
  assert.deepEqual([...(await c.request(Command.DeviceRead, Subcommand.Word, SD203)).data], [0, 0], 'CPU still in RUN');
  assert.equal(((await c.ok(C.Diagnostics, Op.Diagnostics.Read)).errors as unknown[]).length, 1);
  assert.equal((await c.request(Command.ErrorClear, Subcommand.None)).endCode, 0);
  assert.deepEqual((await c.ok(C.Diagnostics, Op.Diagnostics.Read)).errors, []);
});

test('7E00: the capability query answers without logon and names the model, family and TLS versions', async () => {
  const r = await start('MXF100-16-N32');
  const usb = await r.connectUsb();
  await usb.ok(C.Users, Op.Users.Write, { users: [{ name: 'admin', group: 'Administrators', password: 'Adm1n-Pass!' }] });
  const c = await r.connect();
  const caps = await c.ok(C.Capabilities, Op.Capabilities.Read);
  assert.equal(caps.protocolVersion, 1);
  assert.equal(caps.model, 'MXF100-16-N32');
  assert.equal(caps.family, 'MX-F');
  assert.deepEqual(caps.tlsVersions, ['1.2', '1.3', '1.2/1.3']);
  assert.match(caps.serialNumber as string, /^VS[0-9A-F]{12}$/);
  const registered = r.controller.commands.commands();
  for (const f of caps.functions as Array<keyof typeof C>) assert.ok(registered.includes(C[f]), `${f} is served`);
  for (const f of ['Session', 'Users', 'Parameters', 'Clock', 'EventHistory', 'Initialize', 'Diagnostics']) assert.ok((caps.functions as string[]).includes(f), f);
});
