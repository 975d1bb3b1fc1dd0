// A real SNTP server for tests (RFC 4330 section 6, unicast): a UDP socket on 127.0.0.1, port 0 (the OS
// picks), answering every 48-byte client request with a mode-4 reply. Its time is the PC clock plus a
// settable offset, and it can be told to misbehave the ways a time server does (stay silent, answer
// garbage, say it is unsynchronised, not echo the request) so tests see what the device then does.

import { createSocket, type Socket } from 'node:dgram';
import { SNTP_PACKET_BYTES, writeNtpTimestamp } from '../security/sntp-client';

export type SntpServerBehaviour =
  /** a correct answer */
  | 'answer'
  /** reads the request and answers nothing (the client's timeout) */
  | 'silent'
  /** answers 5 bytes of noise */
  | 'garbage'
  /** a well-formed reply with leap indicator 3 and stratum 0 (kiss-o'-death) */
  | 'unsynchronised'
  /** a well-formed reply whose originate timestamp is not the request's transmit timestamp */
  | 'wrong-echo'
  /** a correct answer sent SLOW_ANSWER_MS after the request (a congested path) */
  | 'slow';

/** How long a 'slow' server takes to answer. */
export const SLOW_ANSWER_MS = 1200;

export interface TestSntpServer {
  readonly host: string;
  readonly port: number;
  /** Requests received so far (every one, whatever the behaviour). */
  readonly requests: number;
  /** The server's time is Date.now() + offsetMs. */
  offsetMs: number;
  behaviour: SntpServerBehaviour;
  close(): Promise<void>;
}

export async function startSntpServer(options: { offsetMs?: number; behaviour?: SntpServerBehaviour } = {}): Promise<TestSntpServer> {
  const socket: Socket = createSocket('udp4');
  let requests = 0;
  const state = { offsetMs: options.offsetMs ?? 0, behaviour: options.behaviour ?? ('answer' as SntpServerBehaviour) };
  socket.on('message', (request, from) => {
    requests++;
    const received = Date.now() + state.offsetMs;
    if (request.length < SNTP_PACKET_BYTES || (request[0]! & 0x07) !== 3 || state.behaviour === 'silent') return;
    let reply: Buffer;
    if (state.behaviour === 'garbage') reply = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]);
    else {
      reply = Buffer.alloc(SNTP_PACKET_BYTES);
      const unsynchronised = state.behaviour === 'unsynchronised';
      reply[0] = ((unsynchronised ? 3 : 0) << 6) | (((request[0]! >> 3) & 0x07) << 3) | 4;
      reply[1] = unsynchronised ? 0 : 2; // stratum 2: synchronised to a stratum-1 source
      reply[2] = request[2]!; // poll, copied
      reply[3] = 0xec; // precision 2^-20 s
      reply.write('LOCL', 12, 'ascii'); // reference identifier
      writeNtpTimestamp(reply, 16, received); // reference timestamp
      if (state.behaviour === 'wrong-echo') writeNtpTimestamp(reply, 24, Date.now() - 3_600_000);
      else request.copy(reply, 24, 40, 48); // originate = the client's transmit timestamp
      writeNtpTimestamp(reply, 32, received);
      writeNtpTimestamp(reply, 40, Date.now() + state.offsetMs);
    }
    if (state.behaviour === 'slow') setTimeout(() => socket.send(reply, from.port, from.address), SLOW_ANSWER_MS).unref();
    else socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  // A reply to a client that has gone away is no test failure.
  socket.on('error', () => undefined);
  const port = socket.address().port;
  let closed: Promise<void> | undefined;
  return {
    host: '127.0.0.1',
    port,
    get requests() {
      return requests;
    },
    get offsetMs() {
      return state.offsetMs;
    },
    set offsetMs(v: number) {
      state.offsetMs = v;
    },
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(b: SntpServerBehaviour) {
      state.behaviour = b;
    },
    close: () => (closed ??= new Promise<void>((resolve) => socket.close(() => resolve()))),
  };
}
