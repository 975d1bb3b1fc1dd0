// The adapter's wired LAN side and the CC-Link IE TSN stand-in devices on it. A wired device opens a
// loopback TCP connection to the adapter's wired port and says its MAC address first (as every Ethernet
// frame carries it); the wired LAN MAC address filter (4.4.3) refuses unlisted ones. Cyclic data words a
// wired device sends are bridged over the air to the paired adapter and out of its wired side.
import net from 'node:net';
import { readLines } from './virtual-air';
import { isLoopbackHost } from './loopback';

const MAC = /^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/;
const MAX_WIRED = 32;
const MAX_WORDS = 64;

export interface WiredFrame {
  type: 'cyclic';
  /** CC-Link IE TSN cyclic data: 16-bit words (RWw/RWr), a few are enough for the stand-in. */
  words: number[];
  from: string;
}

export const isWiredFrame = (v: unknown): v is WiredFrame =>
  typeof v === 'object' && v !== null && (v as WiredFrame).type === 'cyclic' && Array.isArray((v as WiredFrame).words) && (v as WiredFrame).words.length <= MAX_WORDS && (v as WiredFrame).words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) && typeof (v as WiredFrame).from === 'string';

export interface WiredPort {
  readonly host: string;
  readonly port: number;
  /** Sends a frame from the air out to every admitted wired device. */
  deliver(frame: WiredFrame): void;
  close(): Promise<void>;
}

export async function startWiredPort(options: { host: string; port: number; filter: () => { enabled: boolean; entries: string[] }; log: (text: string) => void; onFrame: (frame: WiredFrame) => void }): Promise<WiredPort> {
  if (!isLoopbackHost(options.host)) throw new Error(`The wired side listens on a loopback address only, not on ${options.host}.`);
  const admitted = new Set<net.Socket>();
  const all = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    if (all.size >= MAX_WIRED) return void socket.destroy();
    all.add(socket);
    socket.on('close', () => (all.delete(socket), admitted.delete(socket)));
    socket.on('error', () => socket.destroy());
    let mac: string | undefined;
    readLines(socket, (line) => {
      let msg: unknown;
      try {
        msg = JSON.parse(line);
      } catch {
        return void socket.destroy();
      }
      if (!mac) {
        const m = typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === 'hello' ? String((msg as { mac?: unknown }).mac ?? '').toUpperCase() : '';
        if (!MAC.test(m)) return void socket.destroy();
        const f = options.filter();
        if (f.enabled && !f.entries.includes(m)) {
          options.log(`Wired device ${m} refused: not in the wired LAN MAC address filter`);
          socket.end(JSON.stringify({ type: 'refused', reason: 'not in the wired LAN MAC address filter' }) + '\n');
          return;
        }
        mac = m;
        admitted.add(socket);
        options.log(`Wired device ${m} connected`);
        socket.write(JSON.stringify({ type: 'welcome' }) + '\n');
        return;
      }
      if (isWiredFrame(msg)) options.onFrame({ ...msg, from: mac });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    host: options.host,
    port: (server.address() as net.AddressInfo).port,
    deliver: (frame) => {
      for (const s of admitted) s.write(JSON.stringify(frame) + '\n');
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of all) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface WiredDevice {
  /** null when admitted; else the adapter's reason. */
  readonly refusal: string | null;
  sendCyclic(words: number[]): void;
  /** The cyclic frames received from the other side of the wireless link. */
  readonly received: WiredFrame[];
  waitFor(predicate: (f: WiredFrame) => boolean, timeoutMs: number): Promise<WiredFrame | undefined>;
  close(): void;
}

/** A CC-Link IE TSN stand-in device on the adapter's wired side (tests and the practice pair). */
export async function connectWiredDevice(port: number, mac: string, host = '127.0.0.1'): Promise<WiredDevice> {
  const socket = net.connect({ host, port });
  await new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('error', reject)));
  socket.on('error', () => socket.destroy());
  const received: WiredFrame[] = [];
  const waiters = new Set<() => void>();
  let refusal: string | null | undefined;
  let settle: (() => void) | undefined;
  readLines(socket, (line) => {
    const msg = JSON.parse(line) as { type?: string; reason?: string };
    if (refusal === undefined) {
      refusal = msg.type === 'welcome' ? null : (msg.reason ?? 'refused');
      return settle?.();
    }
    if (isWiredFrame(msg)) {
      received.push(msg);
      for (const w of [...waiters]) w();
    }
  });
  socket.write(JSON.stringify({ type: 'hello', mac }) + '\n');
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => ((refusal ??= 'no answer from the adapter'), resolve()), 5_000);
    settle = () => (clearTimeout(t), resolve());
    socket.once('close', () => ((refusal ??= 'connection closed by the adapter'), settle?.()));
  });
  return {
    get refusal() {
      return refusal ?? null;
    },
    sendCyclic: (words) => void socket.write(JSON.stringify({ type: 'cyclic', words, from: mac }) + '\n'),
    received,
    waitFor: (predicate, timeoutMs) =>
      new Promise((resolve) => {
        const check = (): void => {
          const hit = received.find(predicate);
          if (hit) (clearTimeout(t), waiters.delete(check), resolve(hit));
        };
        const t = setTimeout(() => (waiters.delete(check), resolve(undefined)), timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () => socket.destroy(),
  };
}
