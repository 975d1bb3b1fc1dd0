// The fallback for a REAL controller: it answers C059 (not supported) to the project's security commands
// (7E00-7E0A). No real controller is reachable here, so a small in-test TCP responder stands in for one:
// it answers C059 to every 7E command and the standard SLMP commands as an MXR300-32 does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectTcp } from '../../links/tcp-link';
import { Command } from '../../slmp/commands';
import { isSecurityCommand } from '../../slmp/security-commands';
import { DeviceOperationError } from '../device-error';
import { MxControllerDriver } from './mx-controller-driver';
import { startScriptedResponder, typeNameAnswer } from './testing/scripted-responder';

async function realControllerStandIn() {
  return startScriptedResponder((request) => {
    if (isSecurityCommand(request.command)) return { endCode: 0xc059 };
    switch (request.command) {
      case Command.ReadTypeName:
        return { data: typeNameAnswer() };
      case Command.DeviceRead:
        return { data: Buffer.from([0x02, 0x00]) }; // SD203 = 2: STOP
      case Command.RemoteRun:
      case Command.RemoteStop:
      case Command.ErrorClear:
        return { data: Buffer.alloc(0) };
      default:
        return { endCode: 0xc059 };
    }
  });
}

test('a controller answering C059 to 7E00 is observe-only, and every security method says to use the engineering tool', async (t) => {
  const device = await realControllerStandIn();
  t.after(() => device.close());
  const driver = new MxControllerDriver(await connectTcp({ host: '127.0.0.1', port: device.port }));
  t.after(() => driver.close());

  const caps = await driver.capabilities();
  assert.equal(caps.mode, 'observe-only');
  assert.equal(caps.model, 'MXR300-32');
  assert.equal(caps.family, 'MX-R');
  assert.deepEqual([...caps.operations].sort(), ['cpu-state', 'error-clear', 'identity', 'remote-run-stop', 'restart']);
  assert.equal(caps.firmwareVersion, null);

  const calls: Array<[string, () => Promise<unknown>]> = [
    ['logon', () => driver.logon('admin', 'Secret-Pass-1')],
    ['readUserAuthentication', () => driver.readUserAuthentication()],
    ['writeUserInformation', () => driver.writeUserInformation({ users: [], groups: [] }, new Map())],
    ['writeParameters', () => driver.writeParameters({ lockout: { failures: 5, minutes: 1 } })],
    ['readCertificate', () => driver.readCertificate()],
    ['createBackup', () => driver.createBackup({ destination: 'pc' })],
    ['updateFirmware', () => driver.updateFirmware(Buffer.from('pkg'))],
    ['initializeAll', () => driver.initializeAll('MXR300-32')],
    ['readEventHistory', () => driver.readEventHistory()],
  ];
  for (const [name, call] of calls) {
    await assert.rejects(call, (e: unknown) => {
      assert.ok(e instanceof DeviceOperationError, name);
      assert.equal(e.code, 'not-supported', name);
      assert.match(e.message, /set this in the engineering tool; the app verifies what it can observe/, name);
      return true;
    });
  }
  // The password never left the computer: only the capability query (7E00) was sent, once.
  assert.equal(device.requests.filter((r) => isSecurityCommand(r.command)).length, 1);
  assert.ok(!device.requests.some((r) => r.body.toString('latin1').includes('Secret-Pass-1')));
});

test('observe-only keeps what standard SLMP can do: identity, CPU state, remote RUN/STOP, error clear', async (t) => {
  const device = await realControllerStandIn();
  t.after(() => device.close());
  const driver = new MxControllerDriver(await connectTcp({ host: '127.0.0.1', port: device.port }));
  t.after(() => driver.close());

  const identity = await driver.readIdentity();
  assert.equal(identity.model, 'MXR300-32');
  assert.equal(identity.cpuState, 'STOP');
  await driver.remoteRun();
  await driver.remoteStop();
  await driver.clearErrors();
  const sent = device.requests.map((r) => r.command);
  assert.ok(sent.includes(Command.RemoteRun) && sent.includes(Command.RemoteStop));
  // Error clear falls back to the standard command (1617), not the virtual devices' 7E0A.
  assert.ok(sent.includes(Command.ErrorClear));
});
