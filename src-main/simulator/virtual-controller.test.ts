// The virtual controller answers like a real MX controller, over real sockets on loopback.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualController } from './virtual-controller';
import { startVirtualController, type RunningController } from './start-virtual-controller';
import { RawSlmpConnection } from './testing/raw-slmp-connection';
import { Command, Subcommand } from '../slmp/commands';
import { DEVICE_CODES, type DeviceName } from '../slmp/devices';
import { DEFAULT_ROUTE, encodeRequest, decodeResponse } from '../slmp/frame';
import type { ListenerInfo } from './listener-set';
import type { ConnectionContext } from './connection-context';

const tmpRoot = mkdtempSync(join(tmpdir(), 'mxc-sim-test-'));
const running: RunningController[] = [];
const connections: RawSlmpConnection[] = [];
after(async () => {
  for (const c of connections) c.close();
  for (const r of running) await r.stop();
  rmSync(tmpRoot, { recursive: true, force: true });
});

async function start(opts: Partial<Parameters<typeof startVirtualController>[0]> = {}): Promise<RunningController> {
  const r = await startVirtualController({ model: 'MXR300-32', host: '127.0.0.1', slmpPort: 0, ...opts });
  running.push(r);
  return r;
}

function tcp(r: RunningController): { host: string; port: number } {
  const l = r.listeners.find((x) => x.service === 'slmp');
  assert.ok(l && l.transport === 'tcp');
  return { host: l.host, port: l.port };
}

async function connect(r: RunningController): Promise<RawSlmpConnection> {
  const c = await RawSlmpConnection.connect(tcp(r));
  connections.push(c);
  return c;
}

function spec(device: DeviceName, head: number, points: number, extra?: Buffer): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(head, 0);
  b.writeUInt16LE(DEVICE_CODES[device], 4);
  b.writeUInt16LE(points, 6);
  return extra ? Buffer.concat([b, extra]) : b;
}

function words(values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeUInt16LE(v, i * 2));
  return b;
}

async function readWords(c: RawSlmpConnection, device: DeviceName, head: number, points: number): Promise<number[]> {
  const r = await c.request(Command.DeviceRead, Subcommand.Word, spec(device, head, points));
  assert.equal(r.endCode, 0, `read ${device}${head} end code ${r.endCode.toString(16)}`);
  return Array.from({ length: points }, (_, i) => r.data.readUInt16LE(i * 2));
}

async function writeWords(c: RawSlmpConnection, device: DeviceName, head: number, values: number[]): Promise<void> {
  const r = await c.request(Command.DeviceWrite, Subcommand.Word, spec(device, head, values.length, words(values)));
  assert.equal(r.endCode, 0, `write ${device}${head} end code ${r.endCode.toString(16)}`);
}

const ONE = words([1]);

test('Read Type Name is answered byte for byte like a real MXR300-32 (3E) and echoes the 4E serial', async () => {
  const r = await start();
  const c = await connect(r);
  const pending = c.nextFrame();
  c.writeRaw(Buffer.from('500000FFFF030006001000010100 00'.replace(/ /g, ''), 'hex'));
  const raw = await pending;
  const expected = Buffer.concat([
    Buffer.from('D00000FFFF030014000000', 'hex'),
    Buffer.from('MXR300-32       ', 'latin1'),
    Buffer.from([0xea, 0x48]),
  ]);
  assert.deepEqual(raw, expected);

  // The 4E vector from the public captures, with serial 0x1234 instead of 0.
  const pending4 = c.nextFrame();
  c.writeRaw(Buffer.from('5400341200000 0FFFF0300060010000101 0000'.replace(/ /g, ''), 'hex'));
  const raw4 = await pending4;
  assert.equal(raw4.readUInt16LE(0), 0x00d4);
  assert.equal(raw4.readUInt16LE(2), 0x1234);
  assert.equal(raw4.subarray(15, 31).toString('latin1'), 'MXR300-32       ');
});

test('the MX-F model answers its own name and the project-chosen model code', async () => {
  const r = await start({ model: 'MXF100-16-N32' });
  const c = await connect(r);
  const res = await c.request(Command.ReadTypeName, 0);
  assert.equal(res.data.subarray(0, 16).toString('latin1'), 'MXF100-16-N32   ');
  assert.equal(res.data.readUInt16LE(16), r.model.typeCode);
});

test('device words and bits written are read back, bits packed four bits per point, first in the high nibble', async () => {
  const r = await start();
  const c = await connect(r);
  await writeWords(c, 'D', 100, [1, 2, 0xffff]);
  assert.deepEqual(await readWords(c, 'D', 100, 3), [1, 2, 0xffff]);
  await writeWords(c, 'ZR', 131071, [0x5a5a]);
  assert.deepEqual(await readWords(c, 'ZR', 131071, 1), [0x5a5a]);

  // M10=1, M11=0, M12=1 as bit write (0x10, 0x10).
  const w = await c.request(Command.DeviceWrite, Subcommand.Bit, spec('M', 10, 3, Buffer.from([0x10, 0x10])));
  assert.equal(w.endCode, 0);
  const rb = await c.request(Command.DeviceRead, Subcommand.Bit, spec('M', 9, 5));
  assert.deepEqual([...rb.data], [0x01, 0x01, 0x00]);
  // Word access to a bit device packs 16 points per word, M0 in bit 0.
  assert.deepEqual(await readWords(c, 'M', 0, 1), [(1 << 10) | (1 << 12)]);
});

test('limits: 960 words and 7168 bits pass, one more answers C051/C052; past the last device C056', async () => {
  const r = await start();
  const c = await connect(r);
  assert.equal((await c.request(Command.DeviceRead, Subcommand.Word, spec('D', 0, 960))).endCode, 0);
  assert.equal((await c.request(Command.DeviceRead, Subcommand.Word, spec('D', 0, 961))).endCode, 0xc051);
  assert.equal((await c.request(Command.DeviceRead, Subcommand.Bit, spec('M', 0, 7168))).endCode, 0);
  assert.equal((await c.request(Command.DeviceRead, Subcommand.Bit, spec('M', 0, 7169))).endCode, 0xc052);
  assert.equal((await c.request(Command.DeviceRead, Subcommand.Word, spec('D', 18431, 2))).endCode, 0xc056);
  assert.equal((await c.request(Command.DeviceRead, Subcommand.Word, spec('D', 18431, 1))).endCode, 0);
});

test('C059 for the remote password commands, unknown commands and subcommands, with 9 bytes of error information', async () => {
  const r = await start();
  const c = await connect(r);
  const pw = Buffer.concat([words([8]), Buffer.from('abcdefgh')]);
  for (const command of [Command.RemotePasswordUnlock, Command.RemotePasswordLock, 0x2a01]) {
    const pending = c.nextFrame();
    c.writeRaw(encodeRequest({ format: '3E', serial: 0, route: DEFAULT_ROUTE, timer: 4, command, subcommand: 0, data: pw }));
    const raw = await pending;
    assert.equal(raw.readUInt16LE(7), 2 + 9, 'data length = end code + 9 bytes of error information');
    const res = decodeResponse(raw);
    assert.equal(res.endCode, 0xc059);
    assert.deepEqual(res.errorInfo, { route: DEFAULT_ROUTE, command, subcommand: 0 });
  }
  assert.equal((await c.request(Command.DeviceRead, 0x0000, spec('D', 0, 1))).endCode, 0xc059);
  assert.equal((await c.request(Command.ReadTypeName, 0x0001)).endCode, 0xc059);
});

test('C061 when the data does not match its length, C05C for bad values, C05B for bit access to a word device, 4030 for an unknown device', async () => {
  const r = await start();
  const c = await connect(r);
  assert.equal((await c.request(Command.DeviceRead, Subcommand.Word, spec('D', 0, 1, Buffer.from([0])))).endCode, 0xc061);
  assert.equal((await c.request(Command.DeviceWrite, Subcommand.Word, spec('D', 0, 2, words([1])))).endCode, 0xc061);
  assert.equal((await c.request(Command.ReadTypeName, 0, Buffer.from([1]))).endCode, 0xc061);
  assert.equal((await c.request(Command.RemoteRun, 0, Buffer.from([9, 0, 0, 0]))).endCode, 0xc05c);
  const lower = Buffer.concat([words([2]), Buffer.from('ab')]);
  assert.equal((await c.request(Command.SelfTest, 0, lower)).endCode, 0xc05c);
  assert.equal((await c.request(Command.DeviceRead, Subcommand.Bit, spec('D', 0, 1))).endCode, 0xc05b);
  const unknownDevice = spec('D', 0, 1);
  unknownDevice.writeUInt16LE(0x00cc, 4);
  assert.equal((await c.request(Command.DeviceRead, Subcommand.Word, unknownDevice)).endCode, 0x4030);
  // A route to another module than this CPU (03FF own station, 03E0 CPU No. 1) is refused.
  const pending = c.nextFrame();
  c.writeRaw(encodeRequest({ format: '4E', serial: 7, route: { ...DEFAULT_ROUTE, moduleIo: 0x0000 }, timer: 4, command: Command.ReadTypeName, subcommand: 0, data: Buffer.alloc(0) }));
  assert.equal(decodeResponse(await pending).endCode, 0xc1a4);
});

test('self test echoes its data', async () => {
  const r = await start();
  const c = await connect(r);
  const data = Buffer.concat([words([6]), Buffer.from('0123AF')]);
  const res = await c.request(Command.SelfTest, 0, data);
  assert.equal(res.endCode, 0);
  assert.deepEqual(res.data, data);
});

test('RUN/STOP/PAUSE show in SD203; latch clear is refused in RUN (4013) and clears the latch range in STOP', async () => {
  const r = await start();
  const c = await connect(r);
  assert.deepEqual(await readWords(c, 'SD', 203, 1), [0]);
  await writeWords(c, 'D', 8000, [77]);
  await writeWords(c, 'D', 0, [11]);
  assert.equal((await c.request(Command.RemoteLatchClear, 0, ONE)).endCode, 0x4013);
  assert.deepEqual(await readWords(c, 'D', 8000, 1), [77], 'a refused latch clear changes nothing');

  assert.equal((await c.request(Command.RemotePause, 0, ONE)).endCode, 0);
  assert.deepEqual(await readWords(c, 'SD', 203, 1), [3]);
  assert.equal((await c.request(Command.RemoteStop, 0, ONE)).endCode, 0);
  assert.deepEqual(await readWords(c, 'SD', 203, 1), [2]);
  await writeWords(c, 'SD', 203, [0]);
  assert.deepEqual(await readWords(c, 'SD', 203, 1), [2], 'SD203 keeps showing the CPU state');

  assert.equal((await c.request(Command.RemoteLatchClear, 0, ONE)).endCode, 0);
  assert.deepEqual(await readWords(c, 'D', 8000, 1), [0]);
  assert.deepEqual(await readWords(c, 'D', 0, 1), [11], 'latch clear leaves non-latched devices');

  assert.equal((await c.request(Command.RemoteRun, 0, Buffer.from([1, 0, 0, 0]))).endCode, 0);
  assert.deepEqual(await readWords(c, 'SD', 203, 1), [0]);
});

test('error clear resets the latest self-diagnostic error (SD0, SM0)', async () => {
  const r = await start();
  const c = await connect(r);
  r.controller.cpu.raiseError(0x2220);
  assert.deepEqual(await readWords(c, 'SD', 0, 1), [0x2220]);
  assert.equal((await c.request(Command.ErrorClear, 0)).endCode, 0);
  assert.deepEqual(await readWords(c, 'SD', 0, 1), [0]);
  assert.deepEqual(await readWords(c, 'SM', 0, 1), [0]);
});

test('remote RESET: no response, the connection drops, volatile memory clears, latched and state dir remain', async () => {
  const stateDir = join(tmpRoot, 'reset-state');
  const r = await start({ stateDir });
  const before = tcp(r);
  const events: ListenerInfo[][] = [];
  r.onListenersChanged((l) => events.push(l));
  r.controller.parameters.write('test.section', { value: 1 });
  assert.equal(r.controller.parameters.active('test.section'), undefined, 'a written parameter waits for the restart');

  const c = await connect(r);
  await writeWords(c, 'D', 0, [1234]);
  await writeWords(c, 'D', 8500, [4321]);
  await writeWords(c, 'R', 5, [99]);
  assert.equal((await c.request(Command.RemoteStop, 0, ONE)).endCode, 0);

  const noAnswer = c.nextFrame(500).then(
    () => 'answered',
    () => 'silent',
  );
  c.writeRaw(encodeRequest({ format: '4E', serial: 9, route: DEFAULT_ROUTE, timer: 4, command: Command.RemoteReset, subcommand: 0, data: ONE }));
  await c.waitClosed();
  assert.equal(await noAnswer, 'silent');

  // Wait for the listeners to come back (one announcement for the whole restart).
  for (let i = 0; i < 100 && events.length === 0; i++) await new Promise((res) => setTimeout(res, 10));
  assert.equal(events.length, 1);
  assert.deepEqual(tcp(r), before, 'the SLMP service reopens on the same port');

  const c2 = await connect(r);
  assert.deepEqual(await readWords(c2, 'D', 0, 1), [0], 'volatile device memory is cleared');
  assert.deepEqual(await readWords(c2, 'D', 8500, 1), [4321], 'latched range survives');
  assert.deepEqual(await readWords(c2, 'R', 5, 1), [99], 'file registers survive');
  assert.deepEqual(await readWords(c2, 'SD', 203, 1), [0], 'the CPU comes back in RUN');
  assert.deepEqual(r.controller.parameters.active('test.section'), { value: 1 });
  assert.ok(existsSync(join(stateDir, 'parameters.json')));
  assert.ok(!readFileSync(join(stateDir, 'parameters.json'), 'utf8').includes('4321'), 'device memory is not persisted');
});

test('boot hooks run at restart and can change which services reopen', async () => {
  const r = await start();
  const seen: string[] = [];
  r.controller.onBoot((boot) => {
    seen.push(boot.reason);
    if (r.controller.parameters.active<boolean>('close-slmp')) boot.listeners = boot.listeners.filter((l) => l.service !== 'slmp');
  });
  r.controller.parameters.write('close-slmp', true);
  await r.controller.restart();
  assert.deepEqual(seen, ['reset']);
  assert.deepEqual(r.listeners, []);
});

test('before-activation hooks run before the written parameters take effect, so what they write is in effect in the same boot; one that throws does not stop the boot', async () => {
  const r = await start();
  const order: string[] = [];
  const errors: unknown[] = [];
  r.controller.onEvent((e) => {
    if (e.type === 'internal-error') errors.push(e.error);
  });
  r.controller.onBeforeActivation(() => {
    order.push(`before (in effect: ${String(r.controller.parameters.active('restored'))})`);
    r.controller.parameters.write('restored', 'from the hook');
    r.controller.memory.writeWords('D', 0, [0x1234]);
  });
  r.controller.onBeforeActivation(() => {
    throw new Error('a faulty module');
  });
  r.controller.onBoot(() => {
    order.push(`boot (in effect: ${String(r.controller.parameters.active('restored'))})`);
  });
  await r.controller.restart();
  assert.deepEqual(order, ['before (in effect: undefined)', 'boot (in effect: from the hook)']);
  assert.equal(r.controller.parameters.pendingRestart, false, 'nothing left for another restart');
  assert.deepEqual(r.controller.memory.readWords('D', 0, 1), [0x1234], 'device memory written by the hook stays');
  assert.equal(errors.length, 1, 'the throwing hook is reported');
  assert.equal(r.listeners.length, 1, 'and the services still open');
});

test('malformed bytes close only that connection; the controller keeps answering', async () => {
  const r = await start();
  const garbage = await connect(r);
  garbage.writeRaw(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
  await garbage.waitClosed();

  // A header whose data length exceeds any SLMP frame: closed without waiting for 60 KB.
  const huge = await connect(r);
  huge.writeRaw(Buffer.from('5000 00FF FF03 00 FFFF'.replace(/ /g, ''), 'hex'));
  await huge.waitClosed();

  // A valid request cut into single bytes is still one request.
  const slow = await connect(r);
  const pending = slow.nextFrame();
  const frame = encodeRequest({ format: '3E', serial: 0, route: DEFAULT_ROUTE, timer: 4, command: Command.ReadTypeName, subcommand: 0, data: Buffer.alloc(0) });
  for (const byte of frame) {
    slow.writeRaw(Buffer.from([byte]));
    await new Promise((res) => setImmediate(res));
  }
  assert.equal(decodeResponse(await pending).endCode, 0);

  const fresh = await connect(r);
  assert.equal((await fresh.request(Command.ReadTypeName, 0)).endCode, 0);
});

test('pipelined 4E requests are answered in order with their serials; 3E and 4E mix on one connection', async () => {
  const r = await start();
  const c = await connect(r);
  const frames: Buffer[] = [];
  for (let i = 0; i < 32; i++) {
    frames.push(encodeRequest({ format: i % 5 === 0 ? '3E' : '4E', serial: i % 5 === 0 ? 0 : 1000 + i, route: DEFAULT_ROUTE, timer: 4, command: Command.ReadTypeName, subcommand: 0, data: Buffer.alloc(0) }));
  }
  const pendings = frames.map(() => c.nextFrame());
  c.writeRaw(Buffer.concat(frames));
  const responses = (await Promise.all(pendings)).map(decodeResponse);
  responses.forEach((res, i) => {
    assert.equal(res.format, i % 5 === 0 ? '3E' : '4E');
    assert.equal(res.serial, i % 5 === 0 ? 0 : 1000 + i);
  });
});

test('an idle connection is closed after the idle timeout', async () => {
  const r = await start({ idleTimeoutMs: 150 });
  const c = await connect(r);
  await c.waitClosed(2000);
});

test('the virtual USB cable carries the same frames; its connections have transport "usb"', async () => {
  const path = join(tmpRoot, 'usb.sock');
  const r = await start({ usbSocket: path });
  const usb = r.listeners.find((l) => l.service === 'usb');
  assert.deepEqual(usb, { service: 'usb', transport: process.platform === 'win32' ? 'pipe' : 'unix', path, tls: false });
  const contexts: ConnectionContext[] = [];
  r.controller.onEvent((e) => e.type === 'connected' && contexts.push(e.context));
  const c = await RawSlmpConnection.connect({ path });
  connections.push(c);
  const res = await c.request(Command.ReadTypeName, 0);
  assert.equal(res.data.subarray(0, 9).toString('latin1'), 'MXR300-32');
  assert.equal(contexts[0]?.transport, 'usb');
  assert.equal(contexts[0]?.remoteAddress, undefined);
});

test('services open and close at runtime; closing one drops its connections and announces the change', async () => {
  const r = await start();
  const changes: string[][] = [];
  r.onListenersChanged((l) => changes.push(l.map((x) => x.service)));
  const c = await connect(r);
  await r.controller.listeners.open({ service: 'slmp-2', transport: 'tcp', host: '127.0.0.1', port: 0 });
  await r.controller.listeners.close('slmp');
  await c.waitClosed();
  assert.deepEqual(changes, [['slmp', 'slmp-2'], ['slmp-2']]);
});

test('command modules register commands and guards without editing the core', async () => {
  const r = await start();
  const c = await connect(r);
  r.controller.commands.register(0x7e01, (req, ctx) => ({ data: Buffer.from([req.data.length, ctx.transport === 'tcp' ? 1 : 0]) }));
  assert.throws(() => r.controller.commands.register(0x7e01, () => ({})), { code: 'SIM_COMMAND_REGISTERED' });
  assert.deepEqual([...(await c.request(0x7e01, 0, Buffer.from([1, 2, 3]))).data], [3, 1]);
  const remove = r.controller.commands.use((req) => (req.command === Command.DeviceWrite ? 0xc816 : undefined));
  assert.equal((await c.request(Command.DeviceWrite, Subcommand.Word, spec('D', 0, 1, ONE))).endCode, 0xc816);
  remove();
  assert.equal((await c.request(Command.DeviceWrite, Subcommand.Word, spec('D', 0, 1, ONE))).endCode, 0);
});

test('a state directory belongs to one model', async () => {
  const dir = join(tmpRoot, 'model-state');
  const first = new VirtualController({ model: 'MXR300-32', stateDir: dir });
  await first.stop();
  assert.throws(() => new VirtualController({ model: 'MXF100-16-N32', stateDir: dir }), { code: 'SIM_STATE_OTHER_MODEL' });
  assert.throws(() => new VirtualController({ model: 'MXR999' }), { code: 'SIM_UNKNOWN_MODEL' });
});
