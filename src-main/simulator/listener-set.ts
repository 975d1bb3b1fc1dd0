// The services a virtual controller has open (SLMP over TCP, the virtual USB cable, later TLS and
// others). Services open and close at runtime — the security settings close ports for real — and
// every change is announced, because scripts and tests find the controller through that list.

import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { existsSync, rmSync } from 'node:fs';
import type { ConnectionContext, ConnectionTransport } from './connection-context';

export interface ListenerSpec {
  /** Stable service name: "slmp", "usb", later e.g. "slmp-tls". One listener per service. */
  readonly service: string;
  /**
   * What a connection through this listener is (the guideline's rules depend on it); 'udp' is a bound
   * datagram socket of a default open UDP service (2.4.9), which speaks nothing but is really there.
   */
  readonly transport: ConnectionTransport | 'udp';
  /** TCP/TLS: address to bind and port (0 = let the OS choose). */
  readonly host?: string;
  readonly port?: number;
  /** Local socket (virtual USB cable): a Unix domain socket path, or `\\.\pipe\...` on Windows. */
  readonly path?: string;
  /** When set, the listener speaks TLS with these server options. */
  readonly tls?: tls.TlsOptions;
  /** TLS only: told about every failed handshake before the connection is dropped (Table 17 row 7). */
  readonly onTlsClientError?: (error: Error, socket: tls.TLSSocket, peerAddress: string | undefined) => void;
  /**
   * A default open port (2.4.9): the network port of the controller it belongs to ("port3") and its
   * nominal port number on a real controller. Announced with the listener.
   */
  readonly networkPort?: string;
  readonly nominalPort?: number;
  /** What the controller speaks on it: SLMP frames (default), or nothing (a proprietary service it only accepts). */
  readonly protocol?: 'slmp' | 'none';
  /**
   * A protocol a security module speaks instead of the core (the FTP server): called with each connection
   * the controller kept (its IP filter passed), that connection's context and, while a bandwidth limitation
   * is installed, its throttle; the protocol applies it to the bytes it reads and writes (the core cannot,
   * e.g. once the protocol has put TLS on the socket).
   */
  readonly serve?: (socket: net.Socket, context: ConnectionContext, throttle: ConnectionThrottle | undefined) => void;
}

/**
 * The bandwidth limitation (2.4.10) of one connection: counts the bytes and returns 0 (pass) or the
 * milliseconds to hold them back before asking again.
 */
export type ConnectionThrottle = (bytes: number, direction: 'receive' | 'send') => number;

/** One entry of the `listening` event; its shape is a documented interface (see `mxc sim --help`). */
export type ListenerInfo =
  | { service: string; transport: 'tcp'; host: string; port: number; tls: boolean; networkPort?: string; nominalPort?: number }
  | { service: string; transport: 'udp'; host: string; port: number; tls: false; networkPort?: string; nominalPort?: number }
  | { service: string; transport: 'unix' | 'pipe'; path: string; tls: boolean };

export class ListenerError extends Error {
  readonly code: 'SIM_LISTENER_EXISTS' | 'SIM_LISTENER_BAD_SPEC' | 'SIM_LISTENER_IN_USE' | 'SIM_LISTENER_FAILED';
  constructor(code: ListenerError['code'], message: string) {
    super(message);
    this.name = 'ListenerError';
    this.code = code;
  }
}

// Project choice: at most 32 simultaneous connections per listener. A real controller has a fixed,
// small number of connections per port; a bound keeps a runaway client from exhausting the process.
export const MAX_CONNECTIONS_PER_LISTENER = 32;
// Project choice: one source address holds at most 24 of a listener's 32 slots (three quarters); a
// further connection from it replaces its own stalest one, so one neighbour can never take the 8 slots
// left to others. The virtual USB cable has no addresses: only the replacement rule below applies to it.
export const MAX_CONNECTIONS_PER_SOURCE = 24;
// Project choice: a TLS handshake must complete within 10 s of the accept (Node's default is 120 s): a
// real controller's stack gives up on a silent peer long before that.
export const TLS_HANDSHAKE_DEADLINE_MS = 10_000;

/**
 * A connection's place in its listener. The protocol on top tells it when the peer proved itself (a whole
 * request answered); when the listener is full, a newcomer takes the place of a connection that never
 * proved anything (oldest first), else of the one that has been quiet longest. So idle or trickling peers
 * are pushed out by the next client, and a client that is being served is the last to go.
 */
export interface ConnectionSlot {
  /** The peer sent a whole request: it is a client, not a squatter (for now). */
  progressed(): void;
}

interface Slot extends ConnectionSlot {
  readonly socket: net.Socket;
  readonly source: string;
  readonly acceptedAt: number;
  lastProgressAt: number | undefined;
}

interface OpenListener {
  spec: ListenerSpec;
  /** The spec with the port the OS chose, so a restart reopens the same port. */
  resolved: ListenerSpec;
  server: net.Server | dgram.Socket;
  info: ListenerInfo;
  sockets: Set<net.Socket>;
}

export type SocketHandler = (socket: net.Socket, spec: ListenerSpec, slot: ConnectionSlot) => void;
/**
 * Asked at TCP accept, before any byte is read or sent (for TLS: before the handshake), whether a
 * connection may stay; false closes it at once (the IP filter acts here, 2.4.8).
 */
export type DoorGuard = (socket: net.Socket, spec: ListenerSpec) => boolean;

export class ListenerSet {
  private readonly open_ = new Map<string, OpenListener>();
  private readonly changeListeners = new Set<(listeners: ListenerInfo[]) => void>();
  private batching = 0;
  private changedInBatch = false;

  constructor(
    private readonly onSocket: SocketHandler,
    private readonly door: DoorGuard = () => true,
  ) {}

  list(): ListenerInfo[] {
    return [...this.open_.values()].map((l) => ({ ...l.info }));
  }

  /** Specs of the open listeners with their resolved ports (what a restart reopens). */
  specs(): ListenerSpec[] {
    return [...this.open_.values()].map((l) => l.resolved);
  }

  has(service: string): boolean {
    return this.open_.has(service);
  }

  onChange(listener: (listeners: ListenerInfo[]) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Runs `fn` and announces at most one change at its end (start and restart announce once). */
  async batch<T>(fn: () => Promise<T>): Promise<T> {
    this.batching++;
    try {
      return await fn();
    } finally {
      if (--this.batching === 0 && this.changedInBatch) {
        this.changedInBatch = false;
        this.emitChange();
      }
    }
  }

  async open(spec: ListenerSpec): Promise<ListenerInfo> {
    if (this.open_.has(spec.service)) {
      throw new ListenerError('SIM_LISTENER_EXISTS', `The ${spec.service} service is already open`);
    }
    if (spec.transport === 'udp') return this.openUdp(spec);
    const local = spec.path !== undefined;
    if (local === (spec.port !== undefined)) {
      throw new ListenerError(
        'SIM_LISTENER_BAD_SPEC',
        `The ${spec.service} service needs either a port (TCP) or a path (local socket), not both or neither`,
      );
    }
    const sockets = new Set<net.Socket>();
    const slots = new Map<net.Socket, Slot>();
    const server = spec.tls ? tls.createServer({ handshakeTimeout: TLS_HANDSHAKE_DEADLINE_MS, ...spec.tls }) : net.createServer();
    // 'connection' gives the raw socket (also for TLS, before the handshake: Node's TLS server only
    // answers once the ClientHello is read, later), so the door guard refuses before any TLS byte, and
    // closing the service can drop every connection, even one stuck in a handshake.
    // Refused at the door: Node's TLS wrapper still reports the reset as a failed handshake; none was started.
    const refused = new WeakSet<net.Socket>();
    const peers = new WeakMap<net.Socket, string>();
    server.on('connection', (raw: net.Socket) => {
      if (!this.door(raw, spec)) {
        refused.add(raw);
        return void raw.destroy();
      }
      const slot = admit(slots, raw);
      // Remembered now: once a handshake fails the socket may be gone, and the event must name its peer.
      if (raw.remoteAddress) peers.set(raw, raw.remoteAddress.replace(/^::ffff:/, ''));
      sockets.add(raw);
      raw.once('close', () => {
        sockets.delete(raw);
        slots.delete(raw);
      });
      if (!spec.tls) this.onSocket(raw, spec, slot);
      else tlsSlots.set(raw, slot);
    });
    // The TLS socket wraps the raw one; its slot was taken at accept.
    const tlsSlots = new WeakMap<net.Socket, Slot>();
    if (spec.tls) {
      server.on('secureConnection', (s: tls.TLSSocket) => {
        const raw = rawOf(s);
        this.onSocket(s, spec, (raw && tlsSlots.get(raw)) ?? NO_SLOT);
      });
    }
    // A failed TLS handshake or a peer reset must not take the process down.
    server.on('tlsClientError', (err, s) => {
      try {
        const raw = rawOf(s);
        if (!(raw && refused.has(raw))) spec.onTlsClientError?.(err, s, s.remoteAddress?.replace(/^::ffff:/, '') ?? (raw ? peers.get(raw) : undefined));
      } finally {
        s.destroy();
      }
    });

    if (local) await this.listenLocal(server, spec);
    else await this.listenTcp(server, spec);

    const info = this.describe(server, spec);
    const resolved: ListenerSpec =
      info.transport === 'tcp' ? { ...spec, port: info.port } : { ...spec };
    this.open_.set(spec.service, { spec, resolved, server, info, sockets });
    this.changed();
    return { ...info };
  }

  /** Closes one service and drops its connections, as closing a port on a real controller does. */
  async close(service: string): Promise<void> {
    const l = this.open_.get(service);
    if (!l) return;
    this.open_.delete(service);
    const closed = new Promise<void>((resolve) => l.server.close(() => resolve()));
    for (const s of l.sockets) s.destroy();
    await closed;
    this.changed();
  }

  async closeAll(): Promise<void> {
    await this.batch(async () => {
      for (const service of [...this.open_.keys()]) await this.close(service);
    });
  }

  /** Drops every connection of every service but keeps the services open. */
  dropConnections(): void {
    for (const l of this.open_.values()) for (const s of l.sockets) s.destroy();
  }

  /** A default open UDP service: bound, so a probe sees it open; it answers nothing (2.4.9). */
  private async openUdp(spec: ListenerSpec): Promise<ListenerInfo> {
    const host = spec.host ?? '127.0.0.1';
    const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', (e: NodeJS.ErrnoException) =>
        reject(new ListenerError(e.code === 'EADDRINUSE' ? 'SIM_LISTENER_IN_USE' : 'SIM_LISTENER_FAILED', `The ${spec.service} service cannot bind UDP ${host}:${spec.port ?? 0}: ${e.message}.`)),
      );
      socket.bind({ address: host, port: spec.port ?? 0 }, () => {
        socket.removeAllListeners('error');
        socket.on('error', () => undefined);
        resolve();
      });
    });
    // Datagrams are received and dropped: the proprietary protocols behind these services are not spoken.
    socket.on('message', () => undefined);
    const addr = socket.address();
    const info: ListenerInfo = {
      service: spec.service,
      transport: 'udp',
      host: addr.address,
      port: addr.port,
      tls: false,
      ...(spec.networkPort !== undefined && { networkPort: spec.networkPort }),
      ...(spec.nominalPort !== undefined && { nominalPort: spec.nominalPort }),
    };
    this.open_.set(spec.service, { spec, resolved: { ...spec, port: addr.port }, server: socket, info, sockets: new Set() });
    this.changed();
    return { ...info };
  }

  private changed(): void {
    if (this.batching > 0) this.changedInBatch = true;
    else this.emitChange();
  }

  private emitChange(): void {
    const list = this.list();
    for (const fn of this.changeListeners) fn(list);
  }

  private listenTcp(server: net.Server, spec: ListenerSpec): Promise<void> {
    return new Promise((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          new ListenerError(
            e.code === 'EADDRINUSE' ? 'SIM_LISTENER_IN_USE' : 'SIM_LISTENER_FAILED',
            `The ${spec.service} service cannot listen on ${spec.host ?? '127.0.0.1'}:${spec.port}: ${e.message}. ` +
              'Choose another port, or 0 to let the system pick a free one.',
          ),
        ),
      );
      server.listen({ host: spec.host ?? '127.0.0.1', port: spec.port }, () => {
        server.removeAllListeners('error');
        server.on('error', () => undefined);
        resolve();
      });
    });
  }

  private async listenLocal(server: net.Server, spec: ListenerSpec): Promise<void> {
    const path = spec.path!;
    if (process.platform !== 'win32' && existsSync(path)) {
      // A socket file left behind by a controller that was killed: reuse the path only if nobody answers.
      if (await answers(path)) {
        throw new ListenerError(
          'SIM_LISTENER_IN_USE',
          `Another program is already listening on ${path}. Stop it or choose another --usb-socket path.`,
        );
      }
      rmSync(path, { force: true });
    }
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: Error) =>
        reject(new ListenerError('SIM_LISTENER_FAILED', `The ${spec.service} service cannot listen on ${path}: ${e.message}`)),
      );
      server.listen(path, () => {
        server.removeAllListeners('error');
        server.on('error', () => undefined);
        resolve();
      });
    });
  }

  private describe(server: net.Server, spec: ListenerSpec): ListenerInfo {
    const tlsOn = spec.tls !== undefined;
    if (spec.path !== undefined) {
      return {
        service: spec.service,
        transport: process.platform === 'win32' ? 'pipe' : 'unix',
        path: spec.path,
        tls: tlsOn,
      };
    }
    const addr = server.address() as net.AddressInfo;
    return {
      service: spec.service,
      transport: 'tcp',
      host: addr.address,
      port: addr.port,
      tls: tlsOn,
      ...(spec.networkPort !== undefined && { networkPort: spec.networkPort }),
      ...(spec.nominalPort !== undefined && { nominalPort: spec.nominalPort }),
    };
  }
}

const NO_SLOT: ConnectionSlot = { progressed: () => undefined };

/** The TCP socket under a server-side TLS socket (Node keeps it as `_parent`, in Node 20 and 24). */
function rawOf(socket: tls.TLSSocket): net.Socket | undefined {
  return (socket as unknown as { _parent?: net.Socket })._parent ?? undefined;
}

/** Gives the newcomer a slot, first making room as the rules above say (closing the connection it replaces). */
function admit(slots: Map<net.Socket, Slot>, socket: net.Socket): Slot {
  const address = socket.remoteAddress?.replace(/^::ffff:/, '');
  const source = address ?? 'local';
  const mine = address === undefined ? [] : [...slots.values()].filter((s) => s.source === source);
  const full = slots.size >= MAX_CONNECTIONS_PER_LISTENER;
  const victim = mine.length >= MAX_CONNECTIONS_PER_SOURCE ? stalest(mine) : full ? stalest([...slots.values()]) : undefined;
  if (victim) {
    slots.delete(victim.socket);
    victim.socket.destroy();
  }
  const slot: Slot = {
    socket,
    source,
    acceptedAt: Date.now(),
    lastProgressAt: undefined,
    progressed() {
      slot.lastProgressAt = Date.now();
    },
  };
  slots.set(socket, slot);
  return slot;
}

/** The connection to give up first: one that never proved itself (oldest first), else the longest quiet. */
function stalest(candidates: readonly Slot[]): Slot | undefined {
  let pick: Slot | undefined;
  const rank = (s: Slot): [number, number] => (s.lastProgressAt === undefined ? [0, s.acceptedAt] : [1, s.lastProgressAt]);
  for (const s of candidates) {
    if (!pick) pick = s;
    else {
      const [a, b] = rank(s);
      const [c, d] = rank(pick);
      if (a < c || (a === c && b < d)) pick = s;
    }
  }
  return pick;
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(path);
    const done = (v: boolean): void => {
      s.destroy();
      resolve(v);
    };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    setTimeout(() => done(false), 500).unref();
  });
}
