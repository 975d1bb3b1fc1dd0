import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { createFirmwarePackage, verifyFirmwarePackage, type FirmwarePackageInput } from './firmware-package';
import { CryptoError } from './crypto-error';
import {
  PRACTICE_VENDOR_KEY_ID,
  PRACTICE_VENDOR_PRIVATE_KEY_PEM,
  PRACTICE_VENDOR_PUBLIC_KEY_PEM,
  practiceVendorPublicKey,
} from './practice-vendor-key';
import { keyIdOf } from './report-signature';

const image = randomBytes(200_000);
const mxr: FirmwarePackageInput = {
  kind: 'firmware',
  targetModels: ['MXR300-32'],
  version: '1.003',
  createdAt: new Date('2026-02-02T00:00:00Z'),
  payload: image,
};
const trust = { vendorPublicKeys: [PRACTICE_VENDOR_PUBLIC_KEY_PEM] };

async function refusedWith(promise: Promise<unknown>, code: string): Promise<CryptoError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CryptoError, `expected a CryptoError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}, but the package was accepted`);
}

test('a firmware package signed by the practice vendor installs on the model it is for', async () => {
  const pkg = await createFirmwarePackage(mxr, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  const verified = await verifyFirmwarePackage(pkg, { ...trust, model: 'MXR300-32' });
  assert.equal(verified.kind, 'firmware');
  assert.equal(verified.version, '1.003');
  assert.deepEqual(verified.targetModels, ['MXR300-32']);
  assert.equal(verified.createdAt.toISOString(), '2026-02-02T00:00:00.000Z');
  assert.ok(verified.payload.equals(image));
  assert.equal(verified.payloadSha256, createHash('sha256').update(image).digest('hex'));
  assert.equal(verified.vendorKeyId, PRACTICE_VENDOR_KEY_ID);
});

test('a firmware package for MXF100 is refused by an MXR300-32', async () => {
  const pkg = await createFirmwarePackage({ ...mxr, targetModels: ['MXF100-16-N32'] }, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  const error = await refusedWith(verifyFirmwarePackage(pkg, { ...trust, model: 'MXR300-32' }), 'wrong-model');
  assert.match(error.message, /for MXF100-16-N32, not for MXR300-32/);
  assert.equal(error.reference, '2.4.2.1');
});

test('the model is matched without regard to case or surrounding spaces', async () => {
  const pkg = await createFirmwarePackage({ ...mxr, targetModels: ['MXR300-32', 'MXR300-64'] }, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  assert.equal((await verifyFirmwarePackage(pkg, { ...trust, model: ' mxr300-64 ' })).version, '1.003');
});

test('a package with an altered image is refused with digest-mismatch', async () => {
  const pkg = await createFirmwarePackage(mxr, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  pkg[pkg.length - 1]! ^= 0x01;
  await refusedWith(verifyFirmwarePackage(pkg, { ...trust, model: 'MXR300-32' }), 'digest-mismatch');
});

test('a package whose version or target was edited after signing is refused with bad-signature', async () => {
  const pkg = await createFirmwarePackage(mxr, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  const newerVersion = Buffer.from(pkg.toString('latin1').replace('"1.003"', '"9.999"'), 'latin1');
  await refusedWith(verifyFirmwarePackage(newerVersion, { ...trust, model: 'MXR300-32' }), 'bad-signature');
  const otherModel = Buffer.from(pkg.toString('latin1').replace('MXR300-32', 'MXF100-16'), 'latin1');
  await refusedWith(verifyFirmwarePackage(otherModel, { ...trust, model: 'MXF100-16' }), 'bad-signature');
  const digestChanged = Buffer.from(pkg);
  const headerLength = pkg.readUInt32BE(10);
  digestChanged[14 + headerLength]! ^= 0x01;
  await refusedWith(verifyFirmwarePackage(digestChanged, { ...trust, model: 'MXR300-32' }), 'bad-signature');
});

test('a package signed by someone else is refused as from an unknown vendor key', async () => {
  const attacker = generateKeyPairSync('ed25519').privateKey;
  const pkg = await createFirmwarePackage(mxr, attacker);
  const error = await refusedWith(verifyFirmwarePackage(pkg, { ...trust, model: 'MXR300-32' }), 'unknown-vendor-key');
  assert.match(error.message, new RegExp(keyIdOf(attacker)));
});

test('an attacker who relabels their package with the vendor key id still fails the signature', async () => {
  const attacker = generateKeyPairSync('ed25519').privateKey;
  const pkg = await createFirmwarePackage(mxr, attacker);
  const relabelled = Buffer.from(pkg.toString('latin1').replace(keyIdOf(attacker), PRACTICE_VENDOR_KEY_ID), 'latin1');
  await refusedWith(verifyFirmwarePackage(relabelled, { ...trust, model: 'MXR300-32' }), 'bad-signature');
});

test('something that is not a package, or a cut-off package, is malformed', async () => {
  await refusedWith(verifyFirmwarePackage(Buffer.from('PK\x03\x04 a zip file'), { ...trust, model: 'MXR300-32' }), 'malformed');
  const pkg = await createFirmwarePackage(mxr, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  await refusedWith(verifyFirmwarePackage(pkg.subarray(0, pkg.length - 1), { ...trust, model: 'MXR300-32' }), 'malformed');
  await refusedWith(verifyFirmwarePackage(pkg.subarray(0, 30), { ...trust, model: 'MXR300-32' }), 'malformed');
});

test('an add-on package carries its name and kind', async () => {
  const pkg = await createFirmwarePackage(
    { kind: 'add-on', name: 'OPC UA server', targetModels: ['MXF100-16-N32'], version: '2.1.0', payload: Buffer.from('addon') },
    PRACTICE_VENDOR_PRIVATE_KEY_PEM,
  );
  const verified = await verifyFirmwarePackage(pkg, { vendorPublicKeys: [practiceVendorPublicKey()], model: 'MXF100-16-N32' });
  assert.equal(verified.kind, 'add-on');
  assert.equal(verified.name, 'OPC UA server');
});

test('the practice vendor key pair is a matching Ed25519 pair with the published key id', () => {
  assert.equal(keyIdOf(PRACTICE_VENDOR_PUBLIC_KEY_PEM), PRACTICE_VENDOR_KEY_ID);
  assert.equal(keyIdOf(createPublicKey(PRACTICE_VENDOR_PRIVATE_KEY_PEM)), PRACTICE_VENDOR_KEY_ID);
  assert.equal(practiceVendorPublicKey().asymmetricKeyType, 'ed25519');
});

test('the signature covers exactly magic to digest, as docs/firmware-package-format.md says', async () => {
  const pkg = await createFirmwarePackage(mxr, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  assert.equal(pkg.subarray(0, 8).toString('latin1'), 'MXCPKG\r\n');
  assert.equal(pkg.readUInt16BE(8), 1);
  const H = pkg.readUInt32BE(10);
  const header = JSON.parse(pkg.subarray(14, 14 + H).toString('utf8')) as { payloadLength: number };
  assert.equal(header.payloadLength, image.length);
  const signed = pkg.subarray(0, 14 + H + 32);
  assert.ok(pkg.subarray(14 + H, 14 + H + 32).equals(createHash('sha256').update(image).digest()));
  assert.ok(verify(null, signed, practiceVendorPublicKey(), pkg.subarray(14 + H + 32, 14 + H + 96)));
  assert.ok(pkg.subarray(14 + H + 96).equals(image));
});

test('an unreadable or non-Ed25519 vendor key is refused without quoting the key', async () => {
  const pkg = await createFirmwarePackage(mxr, PRACTICE_VENDOR_PRIVATE_KEY_PEM);
  const error = await refusedWith(verifyFirmwarePackage(pkg, { vendorPublicKeys: ['-----BEGIN PUBLIC KEY-----\nxyz\n'], model: 'MXR300-32' }), 'invalid-input');
  assert.ok(!error.message.includes('xyz'));
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  await refusedWith(createFirmwarePackage(mxr, rsa), 'invalid-input');
});
