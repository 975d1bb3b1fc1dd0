// A small SLMP responder for driver tests, on a real loopback TCP socket: it answers each request with
// whatever the test's script says (data, an end code, malformed JSON, nothing). It stands in for what no
// virtual controller does on purpose: a REAL controller (C059 to the security commands) and a device
// that misbehaves (cannot prove itself at logon, answers garbage). Port 0, closed by `close()`.
import net from 'node:net';
import { decodeRequest, encodeResponse, frameLength, type SlmpRequest } from '../../../slmp/frame';

export type ScriptedAnswer = { data?: Buffer | Record<string, unknown> } | { endCode: number } | { silent: true };
export type Script = (request: SlmpRequest) => ScriptedAnswer;

export interface ScriptedResponder {
  readonly port: number;
  /** Every request received, in order (command, subcommand, JSON body when it is one). */
  readonly requests: Array<{ command: number; subcommand: number; body: Buffer }>;
  close(): Promise<void>;
}

export async function startScriptedResponder(script: Script): Promise<ScriptedResponder> {
  const sockets = new Set<net.Socket>();
  const requests: ScriptedResponder['requests'] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let rx = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      rx = Buffer.concat([rx, chunk]);
      // Bounded: each round consumes one whole frame or stops.
      for (let i = 0; i < 1000; i++) {
        const length = frameLength(rx, 'request');
        if (length === undefined || rx.length < length) return;
        const request = decodeRequest(rx.subarray(0, length));
        rx = rx.subarray(length);
        requests.push({ command: request.command, subcommand: request.subcommand, body: Buffer.from(request.data) });
        const answer = script(request);
        if ('silent' in answer) continue;
        const base = { format: request.format, serial: request.serial, route: request.route };
        if ('endCode' in answer) {
          socket.write(encodeResponse({ ...base, endCode: answer.endCode, data: Buffer.alloc(0), errorInfo: { route: request.route, command: request.command, subcommand: request.subcommand } }));
        } else {
          const data = answer.data === undefined ? Buffer.alloc(0) : Buffer.isBuffer(answer.data) ? answer.data : Buffer.from(JSON.stringify(answer.data), 'utf8');
          socket.write(encodeResponse({ ...base, endCode: 0, data }));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The answer of a real MXR300-32 to Read Type Name (facts/slmp-and-devices.md). */
export function typeNameAnswer(model = 'MXR300-32', code = 0x48ea): Buffer {
  const b = Buffer.alloc(18, 0x20);
  b.write(model, 0, 'ascii');
  b.writeUInt16LE(code, 16);
  return b;
}
