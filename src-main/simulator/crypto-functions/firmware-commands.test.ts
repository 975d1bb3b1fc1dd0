// 7E08 Firmware update and add-on install over real sockets (Table 17 row 2, 2.4.2, 2.4.3): only a
// package signed by the trusted vendor key, for this model and unmodified, changes the version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createFirmwarePackage, type FirmwarePackageInput } from '../../crypto/firmware-package';
import { PRACTICE_VENDOR_PRIVATE_KEY_PEM } from '../../crypto/practice-vendor-key';
import { SecurityCommand as C, SecurityEndCode, SecurityOperation as Op } from '../../slmp/security-commands';
import type { SecurityClient } from '../testing/security-client';
import { cryptoHarnessesForTests } from './testing/crypto-harness';
import { uploadChunks } from './testing/bulk-transfer';
import { remoteStop } from './testing/device-words';

const start = cryptoHarnessesForTests('mxc-firmware-');

function pkg(input: Partial<FirmwarePackageInput>, key: string = PRACTICE_VENDOR_PRIVATE_KEY_PEM): Promise<Buffer> {
  return createFirmwarePackage({ kind: 'firmware', targetModels: ['MXR300-32'], version: '1.003', payload: randomBytes(10_000), ...input }, key);
}

/** Uploads and commits a package; returns the commit's end code and body. */
async function install(c: SecurityClient, bytes: Buffer): Promise<{ endCode: number; body: Record<string, unknown> }> {
  const { uploadId } = (await c.ok(C.Firmware, Op.Firmware.Begin, { size: bytes.length })) as { uploadId: string };
  const sent = await uploadChunks(bytes, async (offset, dataB64) => (await c.call(C.Firmware, Op.Firmware.Chunk, { uploadId, offset, dataB64 })).endCode);
  assert.equal(sent, 0);
  return c.call(C.Firmware, Op.Firmware.Commit, { uploadId });
}

async function versions(c: SecurityClient): Promise<{ firmwareVersion: string; addOns: Array<{ name: string; version: string }>; capabilities: string }> {
  const read = (await c.ok(C.Firmware, Op.Firmware.ReadVersion)) as { firmwareVersion: string; addOns: Array<{ name: string; version: string }> };
  const caps = await c.ok(C.Capabilities, Op.Capabilities.Read);
  return { ...read, capabilities: caps.firmwareVersion as string };
}

test('Table 17 row 2: a package for MXF100 is refused by MXR300-32 and the version is unchanged', async () => {
  const h = await start();
  const c = await h.connect();
  await remoteStop(c);
  const before = await versions(c);
  assert.equal(before.firmwareVersion, '1.000');
  const reply = await install(c, await pkg({ targetModels: ['MXF100-16-N32'] }));
  assert.equal(reply.endCode, SecurityEndCode.packageRefused);
  assert.deepEqual(await versions(c), before);
  const failure = h.events('firmware-update-failure');
  assert.equal(failure.length, 1);
  assert.match(failure[0]!.detail ?? '', /wrong-model/);
});

test('Table 17 row 2: a package for this controller succeeds and results in the intended version, also after a power cycle', async () => {
  const stateDir = start.folder();
  const h = await start(undefined, stateDir);
  const c = await h.connect();
  await remoteStop(c);
  const reply = await install(c, await pkg({ version: '1.003' }));
  assert.equal(reply.endCode, 0);
  assert.deepEqual(reply.body, { kind: 'firmware', version: '1.003' });
  const now = await versions(c);
  assert.equal(now.firmwareVersion, '1.003');
  assert.equal(now.capabilities, '1.003', 'the capability answer (7E00) reports the new version');
  assert.match(h.events('firmware-update-success')[0]!.detail ?? '', /1\.000 -> 1\.003/);
  await h.stop();
  const again = await start(undefined, stateDir);
  const afterCycle = await versions(await again.connect());
  assert.equal(afterCycle.firmwareVersion, '1.003');
  assert.equal(afterCycle.capabilities, '1.003');
});

test('7E08: a modified package or one signed by an unknown key is refused (CF25); the version stays', async () => {
  const h = await start();
  const c = await h.connect();
  await remoteStop(c);
  const modified = await pkg({});
  modified[modified.length - 1]! ^= 0xff;
  assert.equal((await install(c, modified)).endCode, SecurityEndCode.packageRefused);
  const forger = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  assert.equal((await install(c, await pkg({}, forger))).endCode, SecurityEndCode.packageRefused);
  assert.equal((await versions(c)).firmwareVersion, '1.000');
  assert.deepEqual(
    h.events('firmware-update-failure').map((e) => /\((digest-mismatch|unknown-vendor-key)\)/.exec(e.detail ?? '')?.[1]),
    ['digest-mismatch', 'unknown-vendor-key'],
  );
});

test('7E08: the update needs the CPU in STOP (CF20) and, with authentication on, an Administrator (C816)', async () => {
  const h = await start();
  const c = await h.connect();
  assert.equal((await c.call(C.Firmware, Op.Firmware.Begin, { size: 100 })).endCode, SecurityEndCode.requiresStop);
  await c.ok(C.Users, Op.Users.Write, {
    users: [
      { name: 'admin', group: 'Administrators', password: 'Adm1n-Pass!' },
      { name: 'viewer', group: 'Users', password: 'V1ew-only#' },
    ],
    trustBoundaryAttested: true,
  });
  const viewer = await h.connect();
  await viewer.logon('viewer', 'V1ew-only#');
  assert.equal((await viewer.call(C.Firmware, Op.Firmware.Begin, { size: 100 })).endCode, 0xc816);
});

test('7E08: an add-on package installs the add-on and leaves the firmware version alone', async () => {
  const h = await start();
  const c = await h.connect();
  await remoteStop(c);
  const reply = await install(c, await pkg({ kind: 'add-on', name: 'opc-ua-server', version: '2.1.0' }));
  assert.deepEqual(reply.body, { kind: 'add-on', version: '2.1.0' });
  const now = await versions(c);
  assert.equal(now.firmwareVersion, '1.000');
  assert.deepEqual(now.addOns, [{ name: 'opc-ua-server', version: '2.1.0' }]);
  assert.equal(h.events('addon-install-success').length, 1);
});

test('7E08: chunks must come in order (CF26) and an incomplete upload cannot be committed', async () => {
  const h = await start();
  const c = await h.connect();
  await remoteStop(c);
  const { uploadId } = (await c.ok(C.Firmware, Op.Firmware.Begin, { size: 8 })) as { uploadId: string };
  const chunk = Buffer.from('abcd').toString('base64');
  assert.equal((await c.call(C.Firmware, Op.Firmware.Chunk, { uploadId, offset: 4, dataB64: chunk })).endCode, SecurityEndCode.unknownTransfer);
  await c.ok(C.Firmware, Op.Firmware.Chunk, { uploadId, offset: 0, dataB64: chunk });
  assert.equal((await c.call(C.Firmware, Op.Firmware.Commit, { uploadId })).endCode, SecurityEndCode.unknownTransfer);
  const other = await h.connect();
  assert.equal((await other.call(C.Firmware, Op.Firmware.Chunk, { uploadId, offset: 4, dataB64: chunk })).endCode, SecurityEndCode.unknownTransfer, "another connection's upload");
});
