import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Command,
  LIMITS,
  SlmpDataError,
  Subcommand,
  decodeBitsResponse,
  decodeDeviceRead,
  decodeDeviceWrite,
  decodeEmpty,
  decodeRemoteLatchClear,
  decodeRemotePassword,
  decodeRemotePause,
  decodeRemoteReset,
  decodeRemoteRun,
  decodeRemoteStop,
  decodeSelfTest,
  decodeTypeNameResponse,
  decodeWordsResponse,
  encodeBitsResponse,
  encodeDeviceRead,
  encodeDeviceWriteBits,
  encodeDeviceWriteWords,
  encodeErrorClear,
  encodeReadTypeName,
  encodeRemoteLatchClear,
  encodeRemotePassword,
  encodeRemotePause,
  encodeRemoteReset,
  encodeRemoteRun,
  encodeRemoteStop,
  encodeSelfTest,
  encodeSelfTestData,
  encodeTypeNameResponse,
  encodeWordsResponse,
  type CommandData,
} from './commands';
import { DEFAULT_ROUTE, decodeRequest, decodeResponse, encodeRequest, encodeResponse, type FrameFormat } from './frame';
import { deviceNameOf, DEVICE_CODES, isBitDevice } from './devices';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function dataError(endCode: number) {
  return (error: unknown) => error instanceof SlmpDataError && error.endCode === endCode;
}

/** Sends command data through a whole request frame and back, as the simulator would receive it. */
function viaRequestFrame(format: FrameFormat, cmd: CommandData): CommandData {
  const r = decodeRequest(encodeRequest({ format, serial: format === '4E' ? 0x1234 : 0, route: DEFAULT_ROUTE, timer: 16, ...cmd }));
  assert.equal(r.command, cmd.command);
  return { command: r.command, subcommand: r.subcommand, data: r.data };
}

/** Sends response data through a whole response frame and back, as the client would receive it. */
function viaResponseFrame(format: FrameFormat, data: Buffer): Buffer {
  return decodeResponse(encodeResponse({ format, serial: format === '4E' ? 0x1234 : 0, route: DEFAULT_ROUTE, endCode: 0, data })).data;
}

for (const format of ['3E', '4E'] as FrameFormat[]) {
  test(`${format}: every command survives request and response frames both ways`, () => {
    // Read type name
    let c = viaRequestFrame(format, encodeReadTypeName());
    assert.deepEqual([c.command, c.subcommand, c.data.length], [Command.ReadTypeName, 0, 0]);
    assert.deepEqual(decodeTypeNameResponse(viaResponseFrame(format, encodeTypeNameResponse('MXF100-16-N32', 0x1234))), {
      model: 'MXF100-16-N32',
      modelCode: 0x1234,
    });

    // Device read, words and bits
    c = viaRequestFrame(format, encodeDeviceRead({ device: 'D', head: 100, points: 3, unit: 'word' }));
    assert.deepEqual(c.data, hex('64000000 A800 0300'));
    assert.deepEqual(decodeDeviceRead(c.subcommand, c.data), { device: 'D', head: 100, points: 3, unit: 'word' });
    assert.deepEqual(decodeWordsResponse(viaResponseFrame(format, encodeWordsResponse([1, 0xffff, -1])), 3), [1, 0xffff, 0xffff]);
    c = viaRequestFrame(format, encodeDeviceRead({ device: 'M', head: 0x10000, points: 3, unit: 'bit' }));
    assert.equal(c.subcommand, Subcommand.Bit);
    assert.deepEqual(decodeDeviceRead(c.subcommand, c.data), { device: 'M', head: 0x10000, points: 3, unit: 'bit' });
    assert.deepEqual(decodeBitsResponse(viaResponseFrame(format, encodeBitsResponse([true, false, 1])), 3), [true, false, true]);

    // Device write, words and bits
    c = viaRequestFrame(format, encodeDeviceWriteWords({ device: 'ZR', head: 5, values: [0x1234, 7] }));
    assert.deepEqual(decodeDeviceWrite(c.subcommand, c.data), { device: 'ZR', head: 5, unit: 'word', values: [0x1234, 7] });
    c = viaRequestFrame(format, encodeDeviceWriteBits({ device: 'Y', head: 0x20, values: [true, true, false, true, false] }));
    assert.deepEqual(c.data.subarray(8), hex('11 01 00'));
    assert.deepEqual(decodeDeviceWrite(c.subcommand, c.data), { device: 'Y', head: 0x20, unit: 'bit', values: [1, 1, 0, 1, 0] });
    assert.equal(viaResponseFrame(format, Buffer.alloc(0)).length, 0);

    // Remote operations
    c = viaRequestFrame(format, encodeRemoteRun({ force: true, clear: 2 }));
    assert.deepEqual(c.data, hex('0300 02 00'));
    assert.deepEqual(decodeRemoteRun(c.data), { force: true, clear: 2 });
    assert.deepEqual(decodeRemoteRun(viaRequestFrame(format, encodeRemoteRun()).data), { force: false, clear: 0 });
    c = viaRequestFrame(format, encodeRemoteStop());
    assert.deepEqual([c.command, c.data], [Command.RemoteStop, hex('0100')]);
    decodeRemoteStop(c.data);
    assert.deepEqual(decodeRemotePause(viaRequestFrame(format, encodeRemotePause({ force: true })).data), { force: true });
    decodeRemoteLatchClear(viaRequestFrame(format, encodeRemoteLatchClear()).data);
    decodeRemoteReset(viaRequestFrame(format, encodeRemoteReset()).data);
    c = viaRequestFrame(format, encodeErrorClear());
    assert.equal(c.command, Command.ErrorClear);
    decodeEmpty(c.data, 'Error clear');

    // Self test: the response has the request's shape
    c = viaRequestFrame(format, encodeSelfTest('0123456789ABCDEF'));
    assert.deepEqual(c.data.subarray(0, 2), hex('1000'));
    assert.equal(decodeSelfTest(c.data), '0123456789ABCDEF');
    assert.equal(decodeSelfTest(viaResponseFrame(format, encodeSelfTestData('ABC'))), 'ABC');

    // Remote password
    c = viaRequestFrame(format, encodeRemotePassword(0x1630, 'abcdef'));
    assert.equal(c.command, Command.RemotePasswordUnlock);
    assert.equal(decodeRemotePassword(c.data), 'abcdef');
    assert.equal(viaRequestFrame(format, encodeRemotePassword(0x1631, 'x'.repeat(32))).command, Command.RemotePasswordLock);
  });
}

test('MX limits: 960 words and 7168 bits pass, one more answers C051 / C052', () => {
  assert.doesNotThrow(() => encodeDeviceRead({ device: 'D', head: 0, points: LIMITS.maxWordPoints, unit: 'word' }));
  assert.throws(() => encodeDeviceRead({ device: 'D', head: 0, points: 961, unit: 'word' }), dataError(0xc051));
  assert.doesNotThrow(() => encodeDeviceRead({ device: 'M', head: 0, points: LIMITS.maxBitPoints, unit: 'bit' }));
  assert.throws(() => encodeDeviceRead({ device: 'M', head: 0, points: 7169, unit: 'bit' }), dataError(0xc052));
  assert.throws(() => encodeDeviceWriteWords({ device: 'D', head: 0, values: new Array(961).fill(0) }), dataError(0xc051));
  assert.throws(() => encodeDeviceWriteBits({ device: 'M', head: 0, values: new Array(7169).fill(false) }), dataError(0xc052));
  // The simulator sees the same codes when a request asks for too much.
  const tooMany = hex('00000000 A800 C103'); // 961 words of D0
  assert.throws(() => decodeDeviceRead(Subcommand.Word, tooMany), dataError(0xc051));
  assert.throws(() => decodeDeviceRead(Subcommand.Bit, hex('00000000 9000 011C')), dataError(0xc052));
  assert.throws(() => encodeDeviceRead({ device: 'D', head: 0, points: 0, unit: 'word' }), dataError(0xc05c));
});

test('decoders answer the end code a device would send for bad data', () => {
  assert.throws(() => decodeDeviceRead(0x0000, hex('00000000 A800 0100')), dataError(0xc059)); // Q-series form
  assert.throws(() => decodeDeviceRead(Subcommand.Word, hex('00000000 A800 01')), dataError(0xc061));
  assert.throws(() => decodeDeviceRead(Subcommand.Word, hex('00000000 CC00 0100')), dataError(0x4030));
  assert.throws(() => decodeDeviceRead(Subcommand.Bit, hex('00000000 A800 0100')), dataError(0xc05b)); // D in bits
  assert.throws(() => decodeDeviceRead(Subcommand.Word, hex('FFFFFFFF A800 0200')), dataError(0xc056));
  assert.throws(() => decodeDeviceWrite(Subcommand.Word, hex('00000000 A800 0200 0100')), dataError(0xc061));
  assert.throws(() => decodeDeviceWrite(Subcommand.Bit, hex('00000000 9000 0200 12')), dataError(0xc05c)); // nibble 2
  assert.throws(() => decodeDeviceWrite(Subcommand.Bit, hex('00000000 9000')), dataError(0xc061));
  assert.throws(() => decodeRemoteRun(hex('0200 00 00')), dataError(0xc05c));
  assert.throws(() => decodeRemoteRun(hex('0100 03 00')), dataError(0xc05c));
  assert.throws(() => decodeRemoteRun(hex('0100 00')), dataError(0xc061));
  assert.throws(() => decodeRemoteStop(hex('0000')), dataError(0xc05c));
  assert.throws(() => decodeEmpty(hex('00'), 'Error clear'), dataError(0xc061));
  assert.throws(() => decodeSelfTest(hex('0300 414243 44')), dataError(0xc061));
  assert.throws(() => decodeSelfTest(hex('0200 6162')), dataError(0xc05c)); // lower case
  assert.throws(() => decodeSelfTest(hex('0000')), dataError(0xc05c));
  assert.throws(() => encodeSelfTest('A'.repeat(961)), dataError(0xc05c));
  assert.throws(() => decodeTypeNameResponse(hex('00')), dataError(0xc061));
  assert.throws(() => decodeBitsResponse(hex('10'), 3), dataError(0xc061));
  assert.throws(() => encodeDeviceWriteWords({ device: 'D', head: 0, values: [0x10000] }), dataError(0xc05c));
});

test('remote password errors give the length, never the password', () => {
  const secret = 'hunter';
  assert.throws(() => encodeRemotePassword(0x1630, 'short'), (e: unknown) => e instanceof SlmpDataError && e.endCode === 0xc208 && !e.message.includes('short'));
  const bad = Buffer.concat([hex('0700'), Buffer.from(`${secret} x`, 'latin1')]);
  assert.throws(() => decodeRemotePassword(bad), (e: unknown) => e instanceof SlmpDataError && !e.message.includes(secret));
});

test('device codes map both ways and bit devices are told apart from word devices', () => {
  for (const [name, code] of Object.entries(DEVICE_CODES)) assert.equal(deviceNameOf(code), name);
  assert.equal(deviceNameOf(0xcc), undefined);
  assert.deepEqual(
    Object.keys(DEVICE_CODES).filter((d) => isBitDevice(d as keyof typeof DEVICE_CODES)),
    ['M', 'X', 'Y', 'SM', 'B'],
  );
});
