// Interoperability with an independent SLMP implementation: the npm package melsec-connect reads and
// writes D registers of a running virtual controller over 3E and 4E binary frames.
//
// melsec-connect's engine is its MCProtocol class (src/mcprotocol/mcprotocol.js); its PLCClient wrapper
// adds fixed 50-100 ms sleeps between tags and, after every write, drops the connection and waits up to
// 5 s for a close event that never comes. The engine is used directly so the test stays fast; it is
// the same code PLCClient runs. `plcType: 'R'` makes it use the iQ-R/MX device form (subcommand 0002,
// 4-byte device number, 2-byte device code), the only form the MX models (and this controller) speak.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startVirtualController, type RunningController } from './start-virtual-controller';
import { RawSlmpConnection } from './testing/raw-slmp-connection';
import { createMcProtocol, shutDownMcProtocol, type McProtocol } from './testing/melsec-connect';
import { Command, Subcommand } from '../slmp/commands';
import { DEVICE_CODES } from '../slmp/devices';
import type { FrameFormat } from '../slmp/frame';


let running: RunningController;
const opened: Array<{ close(): void }> = [];
after(async () => {
  for (const o of opened) o.close();
  await running?.stop();
});

function connectMc(port: number, frame: FrameFormat): Promise<McProtocol> {
  const mc = createMcProtocol();
  opened.push({ close: () => shutDownMcProtocol(mc) });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`melsec-connect did not connect (${frame})`)), 3000);
    mc.initiateConnection(
      { host: '127.0.0.1', port, protocol: 'TCP', ascii: false, frame, plcType: 'R', timeout: 2000, logLevel: 'NONE' },
      () => {
        clearTimeout(timer);
        resolve(mc);
      },
    );
  });
}

function mcCall<T>(start: (cb: (bad: boolean, result: T) => void) => void, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`melsec-connect: no answer to ${what}`)), 3000);
    start((bad, result) => {
      clearTimeout(timer);
      if (bad) reject(new Error(`melsec-connect reported bad quality for ${what}: ${JSON.stringify(result)}`));
      else resolve(result);
    });
  });
}

for (const frame of ['3E', '4E'] as const) {
  test(`melsec-connect writes and reads D registers over ${frame} binary frames`, async () => {
    running ??= await startVirtualController({ model: 'MXR300-32', host: '127.0.0.1', slmpPort: 0 });
    const slmp = running.listeners.find((l) => l.service === 'slmp');
    assert.ok(slmp && slmp.transport === 'tcp');
    const seen: Array<{ port: number | undefined; format: FrameFormat; command: number; subcommand: number; endCode: number }> = [];
    const stop = running.controller.onEvent((e) => {
      if (e.type === 'request') seen.push({ port: e.context.remotePort, format: e.format, command: e.command, subcommand: e.subcommand, endCode: e.endCode });
    });
    try {
      const mc = await connectMc(slmp.port, frame);
      const base = frame === '3E' ? 200 : 300;
      const values = frame === '3E' ? [11, 22, 33] : [4444, 5555, -2];

      // melsec-connect writes; our own raw connection confirms the controller's memory.
      await mcCall((cb) => mc.writeItems(`D${base},3`, values, cb), `write D${base},3`);
      const raw = await RawSlmpConnection.connect({ host: slmp.host, port: slmp.port });
      opened.push(raw);
      const spec = Buffer.alloc(8);
      spec.writeUInt32LE(base, 0);
      spec.writeUInt16LE(DEVICE_CODES.D, 4);
      spec.writeUInt16LE(3, 6);
      const res = await raw.request(Command.DeviceRead, Subcommand.Word, spec);
      // melsec-connect treats D as signed 16-bit; the controller stores the same two bytes.
      assert.deepEqual([0, 1, 2].map((i) => res.data.readUInt16LE(i * 2)), values.map((v) => v & 0xffff));

      // And reads back what it wrote, as an array and as a single word.
      const array = await mcCall<{ value: unknown }>((cb) => mc.readItems(`D${base},3`, cb), `read D${base},3`);
      assert.deepEqual(array.value, values);
      const single = await mcCall<{ value: unknown }>((cb) => mc.readItems(`D${base + 1}`, cb), `read D${base + 1}`);
      assert.equal(single.value, values[1]);

      const fromMc = seen.filter((s) => s.port !== raw.socket.localPort);
      // Every request melsec-connect sent arrived in the frame format asked for and was accepted.
      assert.deepEqual(
        fromMc.map((s) => [s.format, s.command, s.subcommand, s.endCode]),
        [
          [frame, Command.DeviceWrite, Subcommand.Word, 0],
          [frame, Command.DeviceRead, Subcommand.Word, 0],
          [frame, Command.DeviceRead, Subcommand.Word, 0],
        ],
      );
      shutDownMcProtocol(mc);
    } finally {
      stop();
    }
  });
}
