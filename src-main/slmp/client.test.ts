// The client against a small SLMP responder on a real loopback TCP socket. The responder here is
// deliberately minimal (scripted per test); the full virtual controller lives in src-main/simulator/.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import type { Link } from '../links/link';
import { SlmpClient, SlmpLinkClosedError, SlmpTimeoutError, type SlmpClientOptions } from './client';
import { Command, SlmpDataError, encodeSelfTestData, encodeTypeNameResponse, encodeWordsResponse, decodeDeviceRead, decodeSelfTest } from './commands';
import { SlmpEndCodeError } from './end-codes';
import { SlmpFrameError, decodeRequest, encodeResponse, frameLength, type SlmpRequest } from './frame';

type Reply = (endCode: number, data?: Buffer, opts?: { errorInfo?: boolean }) => void;
type Handler = (req: SlmpRequest, reply: Reply, socket: net.Socket) => void;

/** Starts a scripted SLMP responder on 127.0.0.1, port chosen by the OS; closed when the test ends. */
async function startResponder(t: TestContext, handler: Handler): Promise<{ port: number; requests: SlmpRequest[] }> {
  const requests: SlmpRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let rx = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      rx = Buffer.concat([rx, chunk]);
      for (;;) {
        const n = frameLength(rx, 'request');
        if (n === undefined || rx.length < n) return;
        const req = decodeRequest(rx.subarray(0, n));
        rx = rx.subarray(n);
        requests.push(req);
        const reply: Reply = (endCode, data = Buffer.alloc(0), opts = {}) => {
          if (socket.destroyed) return;
          socket.write(
            encodeResponse({
              format: req.format,
              serial: req.serial,
              route: req.route,
              endCode,
              data,
              ...(opts.errorInfo ? { errorInfo: { route: req.route, command: req.command, subcommand: req.subcommand } } : {}),
            }),
          );
        };
        handler(req, reply, socket);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(async () => {
    for (const s of sockets) s.destroy();
    server.close();
    await once(server, 'close');
  });
  return { port: (server.address() as net.AddressInfo).port, requests };
}

/** A Link over a plain socket; the real TcpLink lives in src-main/links/. */
function socketLink(socket: net.Socket): Link {
  let closed = false;
  let ownClose = false;
  let lastError: Error | undefined;
  const closeListeners = new Set<(error?: Error) => void>();
  socket.on('error', (e) => (lastError = e));
  socket.on('close', () => {
    closed = true;
    for (const l of [...closeListeners]) l(ownClose ? undefined : (lastError ?? new Error('the device closed the connection')));
    closeListeners.clear();
  });
  return {
    kind: 'ethernet',
    description: 'test socket',
    virtual: true,
    get closed() {
      return closed;
    },
    write: (data) => new Promise<void>((resolve, reject) => socket.write(data, (e) => (e ? reject(e) : resolve()))),
    onData: (l) => {
      socket.on('data', l);
      return () => socket.off('data', l);
    },
    onClose: (l) => {
      closeListeners.add(l);
      return () => closeListeners.delete(l);
    },
    close: async () => {
      ownClose = true;
      closed = true;
      if (socket.destroyed) return;
      socket.destroy();
      await once(socket, 'close');
    },
  };
}

async function connect(t: TestContext, port: number, options?: SlmpClientOptions): Promise<SlmpClient> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const client = new SlmpClient(socketLink(socket), options);
  t.after(() => client.close());
  return client;
}

const isA = <E>(cls: new (...a: never[]) => E, check: (e: E) => boolean = () => true) => (e: unknown) => e instanceof cls && check(e);

test('4E: pipelined requests answered out of order each get their own answer', async (t) => {
  const held: (() => void)[] = [];
  const { port, requests } = await startResponder(t, (req, reply) => {
    held.push(() => reply(0, encodeSelfTestData(decodeSelfTest(req.data))));
    if (held.length === 5) for (const answer of held.reverse()) answer(); // last asked, first answered
  });
  const client = await connect(t, port);
  const texts = ['01', 'AB', '0123', 'FFFF', '9'];
  const echoes = await Promise.all(texts.map((text) => client.selfTest(text)));
  assert.deepEqual(echoes, texts);
  assert.equal(new Set(requests.map((r) => r.serial)).size, 5, 'every request carried its own serial');
  assert.equal(requests[0]!.format, '4E');
  assert.equal(requests[0]!.timer, 0x10, '80% of the 5 s default timeout, in 250 ms units');
});

test('4E: no more than maxInFlight requests are outstanding; the rest wait their turn', async (t) => {
  let outstanding = 0;
  let peak = 0;
  const { port, requests } = await startResponder(t, (req, reply) => {
    outstanding++;
    peak = Math.max(peak, outstanding);
    setTimeout(() => {
      outstanding--;
      const { head } = decodeDeviceRead(req.subcommand, req.data);
      reply(0, encodeWordsResponse([head]));
    }, 5);
  });
  const client = await connect(t, port, { maxInFlight: 3 });
  const heads = Array.from({ length: 12 }, (_, i) => i * 10);
  const values = await Promise.all(heads.map((h) => client.readWords('D', h, 1)));
  assert.deepEqual(values.flat(), heads);
  assert.equal(peak, 3);
  assert.equal(requests.length, 12);
});

test('4E: serial numbers wrap from FFFF to 0', async (t) => {
  const { port, requests } = await startResponder(t, (_req, reply) => reply(0, encodeTypeNameResponse('MXR300-32', 0x48ea)));
  const client = await connect(t, port, { firstSerial: 0xfffe });
  for (let i = 0; i < 3; i++) assert.deepEqual(await client.readTypeName(), { model: 'MXR300-32', modelCode: 0x48ea });
  assert.deepEqual(requests.map((r) => r.serial), [0xfffe, 0xffff, 0]);
});

test('3E: one request at a time, answered in order', async (t) => {
  let outstanding = 0;
  let peak = 0;
  const { port, requests } = await startResponder(t, (req, reply) => {
    outstanding++;
    peak = Math.max(peak, outstanding);
    setTimeout(() => {
      outstanding--;
      reply(0, encodeSelfTestData(decodeSelfTest(req.data)));
    }, 3);
  });
  const client = await connect(t, port, { format: '3E', maxInFlight: 16 });
  const texts = ['1', '22', '333', '4444'];
  assert.deepEqual(await Promise.all(texts.map((x) => client.selfTest(x))), texts);
  assert.equal(peak, 1);
  assert.deepEqual(requests.map((r) => [r.format, decodeSelfTest(r.data)]), texts.map((x) => ['3E', x]));
});

test('a device that does not answer times out; its late answer is dropped and the link keeps working (4E)', async (t) => {
  let first: (() => void) | undefined;
  const { port } = await startResponder(t, (req, reply) => {
    if (!first) first = () => reply(0, encodeSelfTestData(decodeSelfTest(req.data)));
    else {
      first(); // the late answer to the timed-out request arrives first
      reply(0, encodeSelfTestData(decodeSelfTest(req.data)));
    }
  });
  const client = await connect(t, port);
  const started = Date.now();
  await assert.rejects(client.request({ command: Command.SelfTest, subcommand: 0, data: encodeSelfTestData('AA') }, { timeoutMs: 80 }), isA(SlmpTimeoutError));
  assert.ok(Date.now() - started < 1000);
  assert.equal(await client.selfTest('BB'), 'BB');
  assert.equal(client.link.closed, false);
});

test('3E: a timeout closes the link, since a late answer could not be told from the next one', async (t) => {
  const { port } = await startResponder(t, () => {});
  const client = await connect(t, port, { format: '3E', timeoutMs: 60 });
  const first = client.readTypeName();
  const second = client.readTypeName();
  await assert.rejects(first, isA(SlmpTimeoutError));
  await assert.rejects(second, isA(SlmpLinkClosedError));
  await assert.rejects(client.readTypeName(), isA(SlmpLinkClosedError));
});

test('the link dropping mid-request rejects what was sent and what was waiting', async (t) => {
  const { port } = await startResponder(t, (_req, _reply, socket) => socket.destroy());
  const client = await connect(t, port, { maxInFlight: 1 });
  const sent = client.readWords('D', 0, 4);
  const waiting = client.readWords('D', 4, 4);
  await assert.rejects(sent, isA(SlmpLinkClosedError, (e) => /closed/.test(e.message)));
  await assert.rejects(waiting, isA(SlmpLinkClosedError));
  assert.equal(client.pendingCount, 0);
});

test('end codes become SlmpEndCodeError with the command and a technician-readable explanation', async (t) => {
  const { port } = await startResponder(t, (req, reply) => reply(req.command === Command.RemoteRun ? 0xc059 : 0x4013, undefined, { errorInfo: true }));
  const client = await connect(t, port);
  await assert.rejects(
    client.remoteRun(),
    isA(SlmpEndCodeError, (e) => e.endCode === 0xc059 && e.command === Command.RemoteRun && e.info.code === 'C059' && /not support/.test(e.message)),
  );
  await assert.rejects(client.remoteLatchClear(), isA(SlmpEndCodeError, (e) => e.endCode === 0x4013 && /STOP/.test(e.info.whatToDo)));
});

test('ranges over the MX limits are refused before anything is sent', async (t) => {
  const { port, requests } = await startResponder(t, (_req, reply) => reply(0, Buffer.alloc(0)));
  const client = await connect(t, port);
  await assert.rejects(client.readWords('D', 0, 961), isA(SlmpDataError, (e) => e.endCode === 0xc051 && /960/.test(e.message)));
  await assert.rejects(client.readBits('M', 0, 7169), isA(SlmpDataError, (e) => e.endCode === 0xc052));
  await client.writeBits('M', 0, [true]);
  assert.equal(requests.length, 1);
});

test('an answer with an unknown serial is a protocol error: the request fails and the link closes', async (t) => {
  const { port } = await startResponder(t, (req, _reply, socket) => {
    socket.write(encodeResponse({ format: '4E', serial: (req.serial + 1) & 0xffff, route: req.route, endCode: 0, data: Buffer.alloc(0) }));
  });
  const client = await connect(t, port);
  await assert.rejects(client.errorClear(), isA(SlmpFrameError, (e) => e.code === 'unexpected-response'));
  await assert.rejects(client.errorClear(), isA(SlmpLinkClosedError));
  assert.equal(client.link.closed, true);
});

test('garbage from the far end (a web server) fails the request at once instead of hanging', async (t) => {
  const { port } = await startResponder(t, (_req, _reply, socket) => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
  const client = await connect(t, port);
  await assert.rejects(client.readTypeName(), isA(SlmpFrameError, (e) => e.code === 'bad-subheader'));
});

test('response bytes split into single-byte chunks are reassembled', async (t) => {
  const { port } = await startResponder(t, (req, _reply, socket) => {
    const frame = encodeResponse({ format: req.format, serial: req.serial, route: req.route, endCode: 0, data: encodeWordsResponse([0x1234, 0xabcd]) });
    frame.forEach((byte, i) => setTimeout(() => socket.write(Buffer.from([byte])), i));
  });
  const client = await connect(t, port);
  assert.deepEqual(await client.readWords('D', 0, 2), [0x1234, 0xabcd]);
});

test('remote RESET resolves when the CPU drops the connection without answering', async (t) => {
  const { port, requests } = await startResponder(t, (_req, _reply, socket) => socket.destroy());
  const client = await connect(t, port);
  await client.remoteReset();
  assert.equal(requests[0]!.command, Command.RemoteReset);
  assert.equal(client.link.closed, true);
});

test('3E: an aborted request rejects at once, and its late answer is not taken for the next request', async (t) => {
  const { port, requests } = await startResponder(t, (req, reply) => {
    setTimeout(() => reply(0, encodeSelfTestData(decodeSelfTest(req.data))), 60);
  });
  const client = await connect(t, port, { format: '3E' });
  const controller = new AbortController();
  const pending = client.request({ command: Command.SelfTest, subcommand: 0, data: encodeSelfTestData('0A') }, { signal: controller.signal });
  setTimeout(() => controller.abort(new Error('technician cancelled')), 10);
  const started = Date.now();
  await assert.rejects(pending, /technician cancelled/);
  assert.ok(Date.now() - started < 50, 'the caller is not kept waiting for the device');
  assert.equal(await client.selfTest('0B'), '0B');
  assert.deepEqual(requests.map((r) => decodeSelfTest(r.data)), ['0A', '0B']);
});

test('4E: an aborted request frees its slot at once', async (t) => {
  const { port } = await startResponder(t, (req, reply) => {
    if (decodeSelfTest(req.data) !== '0A') reply(0, encodeSelfTestData(decodeSelfTest(req.data)));
  });
  const client = await connect(t, port, { maxInFlight: 1 });
  const controller = new AbortController();
  const pending = client.request({ command: Command.SelfTest, subcommand: 0, data: encodeSelfTestData('0A') }, { signal: controller.signal });
  const next = client.selfTest('0B');
  controller.abort(new Error('technician cancelled'));
  await assert.rejects(pending, /technician cancelled/);
  assert.equal(await next, '0B');
});
