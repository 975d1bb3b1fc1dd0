// Randomized robustness test of the codec: whatever bytes a device or a client sends, decoding throws
// only the codec's own typed errors (which the simulator turns into end codes and the client into a
// protocol error), never a RangeError from reading past the end of a buffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom as prng } from '../testing/seeded-random';
import { DEFAULT_ROUTE, SlmpFrameError, decodeRequest, decodeResponse, encodeRequest, encodeResponse, frameLength } from './frame';
import * as commands from './commands';


const validRequests = [
  commands.encodeReadTypeName(),
  commands.encodeDeviceRead({ device: 'D', head: 10, points: 4, unit: 'word' }),
  commands.encodeDeviceRead({ device: 'X', head: 0, points: 5, unit: 'bit' }),
  commands.encodeDeviceWriteWords({ device: 'W', head: 1, values: [1, 2, 3] }),
  commands.encodeDeviceWriteBits({ device: 'B', head: 3, values: [true, false, true] }),
  commands.encodeRemoteRun({ force: true, clear: 1 }),
  commands.encodeRemoteStop(),
  commands.encodeRemotePause(),
  commands.encodeRemoteLatchClear(),
  commands.encodeRemoteReset(),
  commands.encodeErrorClear(),
  commands.encodeSelfTest('0A1B'),
  commands.encodeRemotePassword(0x1630, 'abcdefg'),
];

/** Everything the simulator would run on a request's data. */
function decodeAllRequestData(subcommand: number, data: Buffer): void {
  const attempts: (() => unknown)[] = [
    () => commands.decodeDeviceRead(subcommand, data),
    () => commands.decodeDeviceWrite(subcommand, data),
    () => commands.decodeRemoteRun(data),
    () => commands.decodeRemoteStop(data),
    () => commands.decodeRemotePause(data),
    () => commands.decodeRemoteLatchClear(data),
    () => commands.decodeRemoteReset(data),
    () => commands.decodeEmpty(data, 'fuzz'),
    () => commands.decodeSelfTest(data),
    () => commands.decodeRemotePassword(data),
    () => commands.decodeTypeNameResponse(data),
    () => commands.decodeWordsResponse(data, data.length >> 1),
    () => commands.decodeBitsResponse(data, data.length * 2),
  ];
  for (const attempt of attempts) expectOnlyTypedErrors(attempt);
}

function expectOnlyTypedErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof SlmpFrameError) && !(error instanceof commands.SlmpDataError)) throw error;
  }
}

test('random and mutated bytes never throw anything but SlmpFrameError / SlmpDataError', () => {
  const random = prng(0x5eed);
  const int = (n: number): number => Math.floor(random() * n);
  const started = Date.now();
  let decodedRequests = 0;
  let decodedResponses = 0;
  for (let i = 0; i < 20_000; i++) {
    let buf: Buffer;
    const mode = i % 4;
    if (mode === 0) {
      buf = Buffer.from(Array.from({ length: int(40) }, () => int(256)));
      buf[0] = [0x50, 0x54, 0xd0, 0xd4][int(4)]!; // mostly valid subheaders so the deeper code runs
      if (buf.length > 1) buf[1] = 0;
    } else {
      const cmd = validRequests[int(validRequests.length)]!;
      const format = random() < 0.5 ? '3E' : '4E';
      buf =
        mode === 1
          ? encodeRequest({ format, serial: format === '4E' ? int(0x10000) : 0, route: DEFAULT_ROUTE, timer: int(100), ...cmd })
          : encodeResponse({ format, serial: format === '4E' ? int(0x10000) : 0, route: DEFAULT_ROUTE, endCode: random() < 0.8 ? 0 : 0xc059, data: cmd.data });
      const mutations = 1 + int(3);
      for (let m = 0; m < mutations; m++) {
        const kind = int(4);
        if (kind === 0 && buf.length > 0) buf[int(buf.length)] = int(256);
        else if (kind === 1) buf = buf.subarray(0, int(buf.length + 1));
        else if (kind === 2) buf = Buffer.concat([buf, Buffer.from([int(256), int(256)])]);
        else if (buf.length > 13) buf[int(4) + 9] = int(256); // command / subcommand / data area
      }
    }
    for (const side of ['request', 'response'] as const) {
      expectOnlyTypedErrors(() => {
        const n = frameLength(buf, side);
        // When frameLength says the buffer is exactly one frame, decoding it must succeed.
        if (n === buf.length) {
          if (side === 'request') {
            const r = decodeRequest(buf);
            decodedRequests++;
            decodeAllRequestData(r.subcommand, r.data);
          } else {
            const r = decodeResponse(buf);
            decodedResponses++;
            decodeAllRequestData(0, r.data);
          }
        }
      });
    }
    expectOnlyTypedErrors(() => decodeRequest(buf));
    expectOnlyTypedErrors(() => decodeResponse(buf));
  }
  assert.ok(decodedRequests > 1000, `exercised request decoding ${decodedRequests} times`);
  assert.ok(decodedResponses > 1000, `exercised response decoding ${decodedResponses} times`);
  assert.ok(Date.now() - started < 10_000, 'the fuzz loop stays fast');
});
