import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_ROUTE,
  MAX_REQUEST_DATA_BYTES,
  MAX_RESPONSE_DATA_BYTES,
  SlmpFrameError,
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  frameLength,
  type FrameFormat,
} from './frame';
import { decodeTypeNameResponse } from './commands';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function frameError(code: SlmpFrameError['code']) {
  return (error: unknown) => error instanceof SlmpFrameError && error.code === code;
}

test('encodes the published 4E Read Type Name request byte for byte', () => {
  const frame = encodeRequest({ format: '4E', serial: 0, route: DEFAULT_ROUTE, timer: 0x10, command: 0x0101, subcommand: 0, data: Buffer.alloc(0) });
  assert.deepEqual(frame, hex('54 00 00 00 00 00 00 FF FF 03 00 06 00 10 00 01 01 00 00'));
  assert.deepEqual(decodeRequest(frame), {
    format: '4E', serial: 0, route: DEFAULT_ROUTE, timer: 0x10, command: 0x0101, subcommand: 0, data: Buffer.alloc(0),
  });
});

test('decodes the 3E response of a real MXR300-32 to model MXR300-32, code 0x48EA', () => {
  const frame = Buffer.concat([hex('D0 00 00 FF FF 03 00 14 00 00 00'), Buffer.from('MXR300-32       ', 'ascii'), hex('EA 48')]);
  assert.equal(frameLength(frame, 'response'), frame.length);
  const response = decodeResponse(frame);
  assert.equal(response.format, '3E');
  assert.equal(response.endCode, 0);
  assert.deepEqual(response.route, DEFAULT_ROUTE);
  assert.deepEqual(decodeTypeNameResponse(response.data), { model: 'MXR300-32', modelCode: 0x48ea });
  assert.deepEqual(encodeResponse(response), frame);
});

for (const format of ['3E', '4E'] as FrameFormat[]) {
  test(`${format}: request and response round trip, including error information`, () => {
    const route = { network: 1, station: 2, moduleIo: 0x03e1, multidrop: 0 };
    const serial = format === '4E' ? 0xbeef : 0;
    const request = { format, serial, route, timer: 4, command: 0x1401, subcommand: 2, data: hex('0102030405') };
    assert.deepEqual(decodeRequest(encodeRequest(request)), request);
    const ok = { format, serial, route, endCode: 0, data: hex('AABB') };
    assert.deepEqual(decodeResponse(encodeResponse(ok)), ok);
    const failed = { format, serial, route, endCode: 0xc059, data: Buffer.alloc(0), errorInfo: { route, command: 0x1401, subcommand: 2 } };
    const failedFrame = encodeResponse(failed);
    assert.equal(failedFrame.length, (format === '4E' ? 13 : 9) + 2 + 9);
    assert.deepEqual(decodeResponse(failedFrame), failed);
    const bare = { format, serial, route, endCode: 0xc061, data: Buffer.alloc(0) };
    assert.deepEqual(decodeResponse(encodeResponse(bare)), bare);
  });
}

test('frameLength waits for a whole header, then reports the whole frame length', () => {
  const frame = encodeRequest({ format: '4E', serial: 7, route: DEFAULT_ROUTE, timer: 0, command: 0x0619, subcommand: 0, data: hex('0100 41') });
  for (let n = 0; n < 13; n++) assert.equal(frameLength(frame.subarray(0, n), 'request'), undefined, `prefix ${n}`);
  assert.equal(frameLength(frame.subarray(0, 13), 'request'), frame.length);
  assert.equal(frameLength(Buffer.concat([frame, frame]), 'request'), frame.length);
});

test('rejects a bad subheader as soon as its first bytes arrive, on the right side only', () => {
  assert.throws(() => frameLength(hex('48'), 'request'), frameError('bad-subheader')); // "HTTP/1.1"
  assert.throws(() => frameLength(hex('D000'), 'request'), frameError('bad-subheader'));
  assert.throws(() => frameLength(hex('5000'), 'response'), frameError('bad-subheader'));
  assert.throws(() => frameLength(hex('5001'), 'request'), frameError('bad-subheader'));
  assert.throws(() => frameLength(hex('540001000100'), 'request'), frameError('bad-subheader')); // 4E fixed 00 00
  assert.throws(() => decodeResponse(hex('3530303030')), frameError('bad-subheader')); // ASCII frame
});

test('rejects data-length fields over the maximum or under the fixed part', () => {
  const over = Buffer.alloc(9);
  over.set([0x50, 0, 0, 0xff, 0xff, 0x03, 0]);
  over.writeUInt16LE(MAX_REQUEST_DATA_BYTES + 1, 7);
  assert.throws(() => frameLength(over, 'request'), frameError('oversized'));
  over.writeUInt16LE(MAX_REQUEST_DATA_BYTES, 7);
  assert.equal(frameLength(over, 'request'), 9 + MAX_REQUEST_DATA_BYTES);
  over.writeUInt16LE(5, 7);
  assert.throws(() => frameLength(over, 'request'), frameError('too-short'));
  assert.throws(() => decodeResponse(hex('D000 00FF FF03 00 0100 00')), frameError('too-short'));
  const resp = hex('D000 00FF FF03 00 0000');
  resp.writeUInt16LE(MAX_RESPONSE_DATA_BYTES + 1, 7);
  assert.throws(() => frameLength(resp, 'response'), frameError('oversized'));
  assert.throws(
    () => encodeRequest({ format: '3E', serial: 0, route: DEFAULT_ROUTE, timer: 0, command: 1, subcommand: 0, data: Buffer.alloc(MAX_REQUEST_DATA_BYTES) }),
    frameError('oversized'),
  );
});

test('a frame whose length disagrees with its data-length field is rejected, never read out of range', () => {
  const frame = encodeRequest({ format: '3E', serial: 0, route: DEFAULT_ROUTE, timer: 0, command: 0x0401, subcommand: 2, data: hex('0000000000A80100') });
  assert.throws(() => decodeRequest(frame.subarray(0, 5)), frameError('truncated'));
  assert.throws(() => decodeRequest(frame.subarray(0, frame.length - 1)), frameError('length-mismatch'));
  assert.throws(() => decodeRequest(Buffer.concat([frame, hex('00')])), frameError('trailing-bytes'));
  const response = encodeResponse({ format: '4E', serial: 1, route: DEFAULT_ROUTE, endCode: 0, data: hex('0102') });
  assert.throws(() => decodeResponse(response.subarray(0, 12)), frameError('truncated'));
  assert.throws(() => decodeResponse(response.subarray(0, response.length - 1)), frameError('length-mismatch'));
  assert.throws(() => decodeResponse(Buffer.concat([response, hex('FF')])), frameError('trailing-bytes'));
});

test('a failure response with error information of the wrong size is rejected', () => {
  assert.throws(() => decodeResponse(hex('D000 00FF FF03 00 0500 59C0 010203')), frameError('bad-error-info'));
});

test('encoding refuses field values that do not fit their bytes', () => {
  const base = { format: '4E' as const, serial: 0, route: DEFAULT_ROUTE, timer: 0, command: 0x0101, subcommand: 0, data: Buffer.alloc(0) };
  assert.throws(() => encodeRequest({ ...base, serial: 0x10000 }), RangeError);
  assert.throws(() => encodeRequest({ ...base, route: { ...DEFAULT_ROUTE, station: 256 } }), RangeError);
  assert.throws(() => encodeRequest({ ...base, format: '3E', serial: 5 }), RangeError);
});
