// The virtual MX controller: one model, its device memory and CPU state, its non-volatile state
// directory, the commands it understands and the services it has open. It answers over real sockets,
// so the app reaches it through the same links as a real controller.
//
// Lifecycle: boot() at start and at every restart (remote RESET): services close (every connection
// drops), volatile device memory clears, before-activation hooks run (a module that changes the stored
// records, e.g. automatic restoration, does it there so this same boot puts them in effect), written
// parameters become active, boot hooks run (a module applies its parameters there, e.g. closes a port),
// then the services reopen on the same ports.

import net from 'node:net';
import { decodeRequest, encodeResponse, type FrameFormat, type SlmpRequest } from '../slmp/frame';
import { SlmpDataError } from '../slmp/commands';
import { findModel, type ControllerModel } from './controller-models';
import { DeviceMemory } from './device-memory';
import { CpuState } from './cpu-state';
import { StateDirectory, StateDirectoryError } from './state-directory';
import { ParameterStore } from './parameter-store';
import { CommandRegistry } from './command-registry';
import { ListenerSet, type ConnectionSlot, type ListenerSpec } from './listener-set';
import { SlmpSession, DEFAULT_SESSION_OPTIONS, type DispatchOutcome } from './slmp-session';
import { EndCodeError, END } from './end-code-error';
import type { ConnectionContext, ConnectionTransport } from './connection-context';
import { installStandardCommands } from './standard-commands';

export interface VirtualControllerOptions {
  /** Model name from the model table, e.g. "MXR300-32". */
  model: string;
  /** Non-volatile state; a temporary directory (removed at stop) when omitted. */
  stateDir?: string;
  /** Services to open at start (see ListenerSpec); none when omitted. */
  listeners?: ListenerSpec[];
  /** Close a connection after this long without traffic (default 10 minutes). */
  idleTimeoutMs?: number;
}

export interface BootContext {
  readonly reason: 'start' | 'reset';
  /** Services to open after the boot; a hook may remove or add entries (parameters taking effect). */
  listeners: ListenerSpec[];
}

export type BootHook = (boot: BootContext) => void | Promise<void>;

/**
 * Runs in the boot before the written parameters take effect: nothing is in effect for this boot yet (the
 * parameters in effect are the previous boot's, or none at process start), volatile memory is already clear.
 */
export type BeforeActivationHook = (boot: Pick<BootContext, 'reason'>) => void | Promise<void>;

/** Decides at accept time whether a connection may stay (the IP filter plugs in here). */
export type ConnectionGuard = (context: ConnectionContext) => boolean;

/**
 * Bandwidth limitation (2.4.10): asked for every received chunk and every response of a connection;
 * returns 0 (counted, pass) or the milliseconds to hold the bytes back before asking again.
 */
export type TrafficShaper = (context: ConnectionContext, bytes: number, direction: 'receive' | 'send') => number;

export type ControllerEvent =
  | { type: 'connected'; context: ConnectionContext }
  | { type: 'disconnected'; context: ConnectionContext }
  | { type: 'refused'; context: ConnectionContext }
  | { type: 'request'; context: ConnectionContext; format: FrameFormat; command: number; subcommand: number; endCode: number }
  | { type: 'protocol-error'; context: ConnectionContext; message: string }
  | { type: 'internal-error'; context: ConnectionContext | undefined; error: unknown }
  | { type: 'booted'; reason: 'start' | 'reset' };

const IDENTITY_RECORD = 'controller';

// A request routed to a module other than this CPU (03FF own station, 03E0 = CPU No. 1 of a
// multi-CPU system, which the MX models are) cannot be carried out here.
const OWN_MODULE_IO = new Set([0x03ff, 0x03e0]);

export class VirtualController {
  readonly model: ControllerModel;
  readonly memory = new DeviceMemory();
  readonly cpu: CpuState;
  readonly stateDir: StateDirectory;
  readonly parameters: ParameterStore;
  readonly commands = new CommandRegistry();
  readonly listeners: ListenerSet;

  private readonly beforeActivationHooks: BeforeActivationHook[] = [];
  private readonly bootHooks: BootHook[] = [];
  private readonly stopHooks: Array<() => void> = [];
  private trafficShaper: TrafficShaper | undefined;
  private readonly guards: ConnectionGuard[] = [];
  private readonly eventListeners = new Set<(e: ControllerEvent) => void>();
  private readonly connections = new Map<number, { context: ConnectionContext; socket: net.Socket }>();
  private nextConnectionId = 1;
  private booting: Promise<void> | undefined;
  private stopped = false;
  private readonly idleTimeoutMs: number;
  /** Set by the parameters in effect (Ethernet alive check timer); undefined: the option's value. */
  private idleTimeoutOverrideMs: number | undefined;

  constructor(private readonly options: VirtualControllerOptions) {
    this.model = findModel(options.model);
    this.stateDir = StateDirectory.open(options.stateDir);
    this.checkIdentity();
    this.parameters = new ParameterStore(this.stateDir);
    this.cpu = new CpuState(this.memory);
    this.listeners = new ListenerSet(
      (socket, spec, slot) => this.accept(socket, spec, slot),
      (socket, spec) => this.admit(socket, spec),
    );
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_SESSION_OPTIONS.idleTimeoutMs;
    installStandardCommands(this);
  }

  /** Opens the configured services (after the boot hooks ran). */
  async start(): Promise<void> {
    await this.boot('start', this.options.listeners ?? []);
  }

  /**
   * Restart as after a remote RESET or power cycle: all connections drop, volatile memory clears,
   * written parameters take effect, services reopen on the ports they had.
   */
  async restart(): Promise<void> {
    if (this.booting) return this.booting;
    if (this.stopped) return;
    await this.boot('reset', this.listeners.specs());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const hook of this.stopHooks.splice(0)) {
      try {
        hook();
      } catch {
        // A module's cleanup must not keep the controller from stopping.
      }
    }
    await this.booting?.catch(() => undefined);
    await this.listeners.closeAll();
    for (const { socket } of this.connections.values()) socket.destroy();
    this.stateDir.dispose();
  }

  /**
   * Runs at start and at every restart, in registration order and awaited, while no service is open: after
   * volatile memory clears and before the written parameters take effect (and before the onBoot hooks), so
   * what a hook writes to the non-volatile records (parameters, users, certificate) is put in effect by
   * this same boot, and device memory it writes stays. A hook that throws must record its own failure; the
   * controller reports it as an internal error and boots on.
   */
  onBeforeActivation(hook: BeforeActivationHook): () => void {
    this.beforeActivationHooks.push(hook);
    return () => {
      const i = this.beforeActivationHooks.indexOf(hook);
      if (i >= 0) this.beforeActivationHooks.splice(i, 1);
    };
  }

  /** Runs at start and at every restart, in registration order, while no service is open. */
  onBoot(hook: BootHook): () => void {
    this.bootHooks.push(hook);
    return () => {
      const i = this.bootHooks.indexOf(hook);
      if (i >= 0) this.bootHooks.splice(i, 1);
    };
  }

  /** Runs once when the controller stops (a module clears its timers there). */
  onStop(hook: () => void): void {
    this.stopHooks.push(hook);
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * Idle time after which a new connection is closed; undefined returns to the value the controller
   * was started with. A security module sets it from the parameters at boot (Ethernet alive check).
   */
  setConnectionIdleTimeout(ms: number | undefined): void {
    this.idleTimeoutOverrideMs = ms;
  }

  private get connectionIdleTimeoutMs(): number {
    return this.idleTimeoutOverrideMs ?? this.idleTimeoutMs;
  }

  /** Installs (or, with undefined, removes) the bandwidth limitation of every connection. */
  setTrafficShaper(shaper: TrafficShaper | undefined): void {
    this.trafficShaper = shaper;
  }

  onConnection(guard: ConnectionGuard): () => void {
    this.guards.push(guard);
    return () => {
      const i = this.guards.indexOf(guard);
      if (i >= 0) this.guards.splice(i, 1);
    };
  }

  onEvent(listener: (e: ControllerEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Open connections, e.g. for a security module that logs every user off. */
  openConnections(): ConnectionContext[] {
    return [...this.connections.values()].map((c) => c.context);
  }

  /** Drops one connection, as a real controller does when a session times out. */
  disconnect(connectionId: number): void {
    this.connections.get(connectionId)?.socket.destroy();
  }

  private boot(reason: 'start' | 'reset', listeners: ListenerSpec[]): Promise<void> {
    const run = this.listeners.batch(async () => {
      await this.listeners.closeAll();
      for (const { socket } of this.connections.values()) socket.destroy();
      this.memory.clearVolatile();
      this.cpu.clearError();
      // Project choice: the virtual CPU comes up in RUN, as a real one does with its switch at RUN.
      this.cpu.set('RUN');
      for (const hook of [...this.beforeActivationHooks]) {
        try {
          await hook({ reason });
        } catch (error) {
          // A module's fault before activation must not keep the controller from starting.
          this.emit({ type: 'internal-error', context: undefined, error });
        }
      }
      this.parameters.activate();
      const context: BootContext = { reason, listeners: [...listeners] };
      for (const hook of this.bootHooks) await hook(context);
      for (const spec of context.listeners) await this.listeners.open(spec);
    });
    this.booting = run.finally(() => {
      this.booting = undefined;
    });
    return this.booting.then(() => this.emit({ type: 'booted', reason }));
  }

  private contextOf(socket: net.Socket, spec: ListenerSpec & { transport: ConnectionTransport }): ConnectionContext {
    return {
      id: this.nextConnectionId++,
      transport: spec.transport,
      service: spec.service,
      remoteAddress: spec.transport === 'usb' ? undefined : socket.remoteAddress,
      remotePort: spec.transport === 'usb' ? undefined : socket.remotePort,
      connectedAt: new Date(),
      user: undefined,
      attributes: new Map(),
    };
  }

  /**
   * At TCP accept, before a byte is read or sent (for TLS: before the handshake, so a refused peer never
   * sees the certificate): the guards (the IP filter) decide whether the connection may stay.
   */
  private admit(socket: net.Socket, spec: ListenerSpec): boolean {
    // Only stream listeners accept connections; a UDP service's socket never reaches here.
    if (spec.transport === 'udp') return false;
    const context = this.contextOf(socket, { ...spec, transport: spec.transport });
    if (this.stopped || !this.guards.every((g) => g(context))) {
      this.emit({ type: 'refused', context });
      return false;
    }
    return true;
  }

  private accept(socket: net.Socket, spec: ListenerSpec, slot: ConnectionSlot): void {
    if (spec.transport === 'udp' || this.stopped) return void socket.destroy();
    const context = this.contextOf(socket, { ...spec, transport: spec.transport });
    this.connections.set(context.id, { context, socket });
    socket.once('close', () => {
      this.connections.delete(context.id);
      this.emit({ type: 'disconnected', context });
    });
    this.emit({ type: 'connected', context });
    // Every Ethernet service counts against the bandwidth limitation (2.4.10) like SLMP traffic: a flood on
    // any of them is what the limitation is for. A served protocol applies the throttle itself (it decides
    // when its socket is read, and may put TLS on it); a service the core does not speak is limited here.
    // Without a limitation installed, nothing asks per chunk.
    const throttle = this.trafficShaper && ((bytes: number, direction: 'receive' | 'send') => this.trafficShaper?.(context, bytes, direction) ?? 0);
    if (spec.serve) return spec.serve(socket, context, throttle);
    if (spec.protocol === 'none') {
      this.limitReceiving(socket, context);
      // A service the virtual device accepts but does not speak (a proprietary protocol): it holds the
      // connection, discarding what arrives, until the peer leaves or stays silent too long.
      socket.on('error', () => socket.destroy());
      socket.setTimeout(this.connectionIdleTimeoutMs, () => socket.destroy());
      return;
    }
    new SlmpSession(socket, (frame) => this.handleFrame(frame, context), {
      idleTimeoutMs: this.connectionIdleTimeoutMs,
      maxBufferedBytes: DEFAULT_SESSION_OPTIONS.maxBufferedBytes,
      // Without a bandwidth limitation installed, the session keeps its direct path (no per-chunk call).
      ...(throttle && { throttle }),
      onFrame: () => slot.progressed(),
      onProtocolError: (e) => this.emit({ type: 'protocol-error', context, message: e.message }),
      onInternalError: (error) => this.emit({ type: 'internal-error', context, error }),
    });
  }

  /**
   * Counts each chunk received against the traffic shaper and, above the limit, stops reading for the delay
   * it asks (the sender's TCP window then fills: the limitation a peer notices).
   */
  private limitReceiving(socket: net.Socket, context: ConnectionContext): void {
    let resumeTimer: NodeJS.Timeout | undefined;
    socket.on('data', (chunk: Buffer) => {
      const delayMs = this.trafficShaper?.(context, chunk.length, 'receive') ?? 0;
      if (delayMs <= 0 || socket.destroyed) return;
      socket.pause();
      clearTimeout(resumeTimer);
      resumeTimer = setTimeout(() => socket.resume(), delayMs);
    });
    socket.once('close', () => clearTimeout(resumeTimer));
  }

  /** One whole request frame in, at most one response frame out. */
  private handleFrame(frame: Buffer, context: ConnectionContext): DispatchOutcome | Promise<DispatchOutcome> {
    const request = decodeRequest(frame);
    try {
      const refusal = this.refusal(request, context);
      if (refusal !== undefined) return this.fail(request, context, refusal);
      const handler = this.commands.handler(request.command);
      if (!handler) return this.fail(request, context, END.notSupported);
      const result = handler(request, context);
      if (result instanceof Promise) {
        return result.then(
          (r) => this.succeed(request, context, r ?? {}),
          (e: unknown) => this.failWith(request, context, e),
        );
      }
      return this.succeed(request, context, result ?? {});
    } catch (e) {
      return this.failWith(request, context, e);
    }
  }

  private refusal(request: SlmpRequest, context: ConnectionContext): number | undefined {
    if (!OWN_MODULE_IO.has(request.route.moduleIo)) return 0xc1a4;
    return this.commands.check(request, context);
  }

  private succeed(
    request: SlmpRequest,
    context: ConnectionContext,
    result: { data?: Buffer; noResponse?: boolean; after?: () => void | Promise<void> },
  ): DispatchOutcome {
    this.emit({ type: 'request', context, format: request.format, command: request.command, subcommand: request.subcommand, endCode: 0 });
    const outcome: DispatchOutcome = {};
    if (!result.noResponse) {
      outcome.response = encodeResponse({
        format: request.format,
        serial: request.serial,
        route: request.route,
        endCode: 0,
        data: result.data ?? Buffer.alloc(0),
      });
    }
    if (result.after) outcome.after = result.after;
    return outcome;
  }

  private failWith(request: SlmpRequest, context: ConnectionContext, e: unknown): DispatchOutcome {
    if (e instanceof EndCodeError || e instanceof SlmpDataError) return this.fail(request, context, e.endCode);
    this.emit({ type: 'internal-error', context, error: e });
    // Project choice: a simulator bug is answered C05F (not executable) rather than left unanswered,
    // so the client fails fast instead of waiting for its timeout.
    return this.fail(request, context, END.notExecutable);
  }

  private fail(request: SlmpRequest, context: ConnectionContext, endCode: number): DispatchOutcome {
    this.emit({ type: 'request', context, format: request.format, command: request.command, subcommand: request.subcommand, endCode });
    return {
      response: encodeResponse({
        format: request.format,
        serial: request.serial,
        route: request.route,
        endCode,
        data: Buffer.alloc(0),
        errorInfo: { route: request.route, command: request.command, subcommand: request.subcommand },
      }),
    };
  }

  private emit(event: ControllerEvent): void {
    for (const listener of this.eventListeners) {
      try {
        listener(event);
      } catch {
        // An observer's bug must not change what the controller answers.
      }
    }
  }

  /** A state directory remembers which model it belongs to: users and parameters are per model. */
  private checkIdentity(): void {
    const identity = this.stateDir.read<{ model: string }>(IDENTITY_RECORD);
    if (identity && identity.model !== this.model.name) {
      throw new StateDirectoryError(
        'SIM_STATE_OTHER_MODEL',
        `The state directory ${this.stateDir.path} belongs to a virtual ${identity.model}, not ${this.model.name}. ` +
          'Choose another --state directory, or start it with --model ' + identity.model + '.',
      );
    }
    if (!identity) this.stateDir.write(IDENTITY_RECORD, { model: this.model.name });
  }
}

export type { ConnectionTransport };

// ---------------------------------------------------------------------------------------------
