// What the driver does when the far end misbehaves in ways no virtual controller does on purpose: a
// device that cannot prove itself at logon, answers that are not JSON or of the wrong shape, and the end
// codes of refusals. An in-test TCP responder plays the device (real sockets, loopback, port 0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectTcp } from '../../links/tcp-link';
import { buildAuthMessage, computeServerSignature, createNonce, createVerifier } from '../../crypto/logon-proof';
import { PRACTICE_KDF } from '../../crypto/password-hash';
import { SecurityCommand, SecurityOperation } from '../../slmp/security-commands';
import { DeviceOperationError } from '../device-error';
import { MxControllerDriver } from './mx-controller-driver';
import { startScriptedResponder, type Script } from './testing/scripted-responder';

const CAPS = { protocolVersion: 1, model: 'MXR300-32', family: 'MX-R', firmwareVersion: '1.000', serialNumber: 'TEST0001', functions: ['Capabilities', 'Session', 'Users', 'Parameters', 'Clock', 'EventHistory', 'Certificate', 'Backup', 'Firmware', 'Initialize', 'Diagnostics'], tlsVersions: ['1.2', '1.3'] };

/** A device that knows user "admin" with password "Right-Pass-1"; `honest: false` signs with a wrong key. */
async function scramDevice(options: { honest: boolean; onOther?: Script }) {
  const verifier = await createVerifier('Right-Pass-1', PRACTICE_KDF);
  const kdf = { N: PRACTICE_KDF.N, r: PRACTICE_KDF.r, p: PRACTICE_KDF.p };
  const pending = new Map<string, { authMessage: string }>();
  return startScriptedResponder((request) => {
    const body = request.data.length ? (JSON.parse(request.data.toString('utf8')) as Record<string, string>) : {};
    if (request.command === SecurityCommand.Capabilities) return { data: CAPS };
    if (request.command === SecurityCommand.Session && request.subcommand === SecurityOperation.Session.LogonBegin) {
      const combinedNonce = body['clientNonceB64']! + createNonce();
      const authMessage = buildAuthMessage({ userName: body['userName']!, clientNonce: body['clientNonceB64']!, combinedNonce, salt: verifier.salt, kdf });
      pending.set('L1', { authMessage });
      return { data: { logonId: 'L1', saltB64: verifier.salt, kdf, combinedNonceB64: combinedNonce } };
    }
    if (request.command === SecurityCommand.Session && request.subcommand === SecurityOperation.Session.LogonComplete) {
      const { authMessage } = pending.get(body['logonId']!)!;
      const signature = options.honest ? computeServerSignature(verifier, authMessage) : Buffer.alloc(32, 7).toString('base64');
      return { data: { serverSignatureB64: signature, logonMessage: 'Authorized use only', mustChangePassword: false, group: 'Administrators', sessionTimeoutMinutes: 30 } };
    }
    return options.onOther?.(request) ?? { endCode: 0xc059 };
  });
}

test('logon accepts a device that proves it holds the verifier (server signature)', async (t) => {
  const device = await scramDevice({ honest: true });
  t.after(() => device.close());
  const driver = new MxControllerDriver(await connectTcp({ host: '127.0.0.1', port: device.port }));
  t.after(() => driver.close());
  const result = await driver.logon('admin', 'Right-Pass-1');
  assert.equal(result.logonMessage, 'Authorized use only');
  assert.equal(driver.loggedOnUser, 'admin');
  // The password itself never crossed the link.
  assert.ok(!device.requests.some((r) => r.body.toString('utf8').includes('Right-Pass-1')));
});

test('logon refuses a device whose server signature is wrong, and disconnects', async (t) => {
  const device = await scramDevice({ honest: false });
  t.after(() => device.close());
  const link = await connectTcp({ host: '127.0.0.1', port: device.port });
  const driver = new MxControllerDriver(link);
  t.after(() => driver.close());
  await assert.rejects(driver.logon('admin', 'Right-Pass-1'), (e: unknown) => {
    assert.ok(e instanceof DeviceOperationError);
    assert.equal(e.code, 'device-proof-failed');
    assert.match(e.whatToDo, /Do not enter passwords on this connection/);
    return true;
  });
  assert.equal(driver.loggedOnUser, undefined);
  assert.equal(link.closed, true);
});

test('end codes become typed errors: the end code in details, never in the headline', async (t) => {
  const answers: Record<number, number> = {
    [SecurityOperation.Users.Read]: 0xc816,
    [SecurityOperation.Users.Unlock]: 0xcf16,
    [SecurityOperation.Users.Write]: 0xcf21,
  };
  const device = await scramDevice({
    honest: true,
    onOther: (r) => (r.command === SecurityCommand.Users ? { endCode: answers[r.subcommand] ?? 0xc05f } : r.command === SecurityCommand.Backup ? { endCode: 0xcf23 } : { endCode: 0xc813 }),
  });
  t.after(() => device.close());
  const driver = new MxControllerDriver(await connectTcp({ host: '127.0.0.1', port: device.port }));
  t.after(() => driver.close());

  const expectCode = async (call: () => Promise<unknown>, code: string, endCode: string) =>
    assert.rejects(call, (e: unknown) => {
      assert.ok(e instanceof DeviceOperationError);
      assert.equal(e.code, code);
      assert.equal(e.details.endCode, endCode);
      assert.ok(!e.headline.includes(endCode), 'the end code stays out of the headline');
      return true;
    });
  await expectCode(() => driver.readUserAuthentication(), 'not-logged-on', 'C816');
  await driver.logon('admin', 'Right-Pass-1');
  await expectCode(() => driver.readUserAuthentication(), 'no-authority', 'C816');
  await expectCode(() => driver.unlockUser('nobody'), 'unknown-user', 'CF16');
  await expectCode(() => driver.writeUserInformation({ users: [], groups: [] }, new Map()), 'secret-needs-protected-link', 'CF21');
  await expectCode(() => driver.restoreBackup({ sdCardName: 'x' }, {}), 'backup-wrong-password', 'CF23');
  await assert.rejects(driver.readClock(), (e: unknown) => {
    assert.ok(e instanceof DeviceOperationError);
    assert.equal(e.code, 'locked-out');
    assert.equal(e.details.retryAfterMinutes, 15);
    return true;
  });
});

test('an answer that is not JSON, or of the wrong shape, is a typed malformed-response error', async (t) => {
  const device = await scramDevice({
    honest: true,
    onOther: (r) =>
      r.command === SecurityCommand.Clock
        ? { data: Buffer.from('{"deviceTime": 12', 'utf8') }
        : r.command === SecurityCommand.Parameters
          ? { data: { written: {}, inEffect: 'nope', pendingRestart: 1 } }
          : { data: { records: [{ seq: 'x' }], total: -1 } },
  });
  t.after(() => device.close());
  const driver = new MxControllerDriver(await connectTcp({ host: '127.0.0.1', port: device.port }));
  t.after(() => driver.close());
  await assert.rejects(driver.readClock(), { code: 'malformed-response' });
  await assert.rejects(driver.readParameters(), (e: unknown) => {
    assert.ok(e instanceof DeviceOperationError);
    assert.equal(e.code, 'malformed-response');
    assert.deepEqual(e.details.paths?.sort(), ['inEffect', 'pendingRestart']);
    return true;
  });
  await assert.rejects(driver.readEventHistory(), { code: 'malformed-response' });
  // The connection is still usable after a malformed answer: the frame itself was fine.
  assert.equal((await driver.capabilities()).mode, 'full');
});

test('a backup transfer cancelled between chunks stops without reading further', async (t) => {
  const file = Buffer.alloc(10_000, 1);
  const device = await scramDevice({
    honest: true,
    onOther: (r) => {
      if (r.command !== SecurityCommand.Backup) return { endCode: 0xc059 };
      if (r.subcommand === SecurityOperation.Backup.Create) return { data: { backupId: 'B1', name: 'b.mxcbak', size: file.length } };
      const { offset } = JSON.parse(r.data.toString('utf8')) as { offset: number };
      const piece = file.subarray(offset, offset + 4096);
      return { data: { dataB64: piece.toString('base64'), eof: offset + piece.length >= file.length } };
    },
  });
  t.after(() => device.close());
  const driver = new MxControllerDriver(await connectTcp({ host: '127.0.0.1', port: device.port }));
  t.after(() => driver.close());
  const controller = new AbortController();
  const seen: number[] = [];
  await assert.rejects(
    driver.createBackup({ destination: 'pc', signal: controller.signal, onProgress: (p) => (seen.push(p.done), controller.abort()) }),
    { code: 'cancelled' },
  );
  assert.deepEqual(seen, [4096]);
  assert.equal(device.requests.filter((r) => r.command === SecurityCommand.Backup && r.subcommand === SecurityOperation.Backup.ReadChunk).length, 1);
  // Uncancelled, the whole file arrives with its progress.
  const progress: number[] = [];
  const done = await driver.createBackup({ destination: 'pc', onProgress: (p) => progress.push(p.done) });
  assert.deepEqual(done.file, file);
  assert.deepEqual(progress, [4096, 8192, 10_000]);
});

test('a function group the device does not name is refused by the driver without sending it', async (t) => {
  const device = await startScriptedResponder((r) => (r.command === SecurityCommand.Capabilities ? { data: { ...CAPS, functions: ['Capabilities', 'Session'] } } : { endCode: 0xc05f }));
  t.after(() => device.close());
  const driver = new MxControllerDriver(await connectTcp({ host: '127.0.0.1', port: device.port }));
  t.after(() => driver.close());
  await assert.rejects(driver.updateFirmware(Buffer.from('pkg')), { code: 'not-supported' });
  assert.ok(!device.requests.some((r) => r.command === SecurityCommand.Firmware));
});
