// The virtual air: a broadcast medium between the virtual adapters, test stations and listeners on this
// computer only. A hub on a loopback TCP port repeats every frame a radio sends to every other radio, as
// radio waves reach every receiver in range; each radio keeps only the frames of its channel. Frames are
// one JSON object per line. Nothing here is secret: what a listener sees is exactly what the air carries.
import net from 'node:net';
import { isLoopbackHost } from './loopback';

export interface AirFrame {
  /** Channel the frame is sent on; radios on other channels do not hear it. */
  ch: number;
  type: string;
  /** Transmitter address. */
  src: string;
  /** Receiver address; "FF:FF:FF:FF:FF:FF" for a broadcast (beacons, probes). */
  dst: string;
  [field: string]: unknown;
}

export const BROADCAST = 'FF:FF:FF:FF:FF:FF';
const MAX_LINE_BYTES = 64 * 1024;
const MAX_RADIOS = 64;

export interface AirHub {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the air on a loopback address; refuses any other address (the air never leaves this computer). */
export async function startAirHub(options: { host?: string; port?: number } = {}): Promise<AirHub> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`The virtual air listens on a loopback address only, not on ${host}.`);
  const radios = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    if (radios.size >= MAX_RADIOS) return void socket.destroy();
    radios.add(socket);
    socket.setNoDelay(true);
    readLines(socket, (line) => {
      for (const other of radios) if (other !== socket && !other.destroyed) other.write(line + '\n');
    });
    socket.on('close', () => radios.delete(socket));
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of radios) r.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Calls onLine for each complete line; a line longer than the limit closes the connection (bounded memory). */
export function readLines(socket: net.Socket, onLine: (line: string) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line) onLine(line);
    }
    if (buffered.length > MAX_LINE_BYTES) socket.destroy();
  });
}

export interface AirRadio {
  send(frame: AirFrame): void;
  /** Every frame heard on any channel (a listener); radios filter by their channel themselves. */
  onFrame(listener: (frame: AirFrame) => void): () => void;
  close(): void;
}

/** Connects a radio (an adapter, a test station or a listener) to the air. */
export async function connectAir(port: number, host = '127.0.0.1'): Promise<AirRadio> {
  if (!isLoopbackHost(host)) throw new Error(`The virtual air is on a loopback address only, not on ${host}.`);
  const socket = net.connect({ host, port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  const listeners = new Set<(frame: AirFrame) => void>();
  readLines(socket, (line) => {
    let frame: AirFrame;
    try {
      frame = JSON.parse(line) as AirFrame;
    } catch {
      return; // noise on the air
    }
    if (typeof frame !== 'object' || frame === null || typeof frame.type !== 'string' || typeof frame.ch !== 'number') return;
    for (const l of listeners) l(frame);
  });
  return {
    send: (frame) => void (!socket.destroyed && socket.write(JSON.stringify(frame) + '\n')),
    onFrame: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => socket.destroy(),
  };
}
