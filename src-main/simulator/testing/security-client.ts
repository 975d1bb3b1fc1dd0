// A small raw client for tests of the virtual controller's security commands (docs/protocol.md,
// "Security commands of the virtual devices"): it sends JSON requests inside 4E frames over a real
// socket and does the SCRAM logon, nothing more. It is not the app's driver; tests of every module
// reuse it to see exactly what the device answers (end codes, JSON bodies, dropped connections).

import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { decodeJson, encodeJson, SecurityCommand, SecurityOperation } from '../../slmp/security-commands';
import { buildAuthMessage, computeClientProof, createNonce, verifyServerSignature } from '../../crypto/logon-proof';
import { VirtualController } from '../virtual-controller';
import { installSecurity } from '../install-security';
import type { ControllerSecurity } from '../controller-security';
import type { ListenerInfo, ListenerSpec } from '../listener-set';
import { RawSlmpConnection } from './raw-slmp-connection';

export type SecurityTarget = { port: number; host?: string } | { path: string };

export interface SecurityClientOptions {
  /** Bind the client to this local address (tests use 127.0.0.x to play other hosts for the IP filter). */
  localAddress?: string;
  /** Per request (default 3000 ms). */
  timeoutMs?: number;
}

export interface SecurityReply {
  endCode: number;
  /** The JSON body on success, {} on a refusal. */
  body: Record<string, unknown>;
}

export class SecurityCallError extends Error {
  readonly code = 'TEST_SECURITY_CALL';
  constructor(
    readonly endCode: number,
    command: number,
    subcommand: number,
  ) {
    super(`command ${hex(command)}/${hex(subcommand)} answered end code ${hex(endCode)}`);
    this.name = 'SecurityCallError';
  }
}

const hex = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

export class SecurityClient extends RawSlmpConnection {
  constructor(socket: net.Socket, timeoutMs: number) {
    super(socket, timeoutMs);
  }

  /** A security command with a JSON body; never throws on an end code (see `ok`). */
  async call(command: number, subcommand: number, body: Record<string, unknown> = {}): Promise<SecurityReply> {
    const response = await this.request(command, subcommand, encodeJson(body));
    return { endCode: response.endCode, body: response.endCode === 0 ? decodeJson(response.data) : {} };
  }

  /** Like `call`, but a non-zero end code throws SecurityCallError. */
  async ok(command: number, subcommand: number, body: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const reply = await this.call(command, subcommand, body);
    if (reply.endCode !== 0) throw new SecurityCallError(reply.endCode, command, subcommand);
    return reply.body;
  }

  /**
   * SCRAM logon (7E01 0001 + 0002). Resolves with the logon-complete body after checking the device's
   * server signature; throws SecurityCallError with the device's end code on a refusal.
   */
  async logon(userName: string, password: string): Promise<Record<string, unknown>> {
    const clientNonce = createNonce();
    const begin = await this.ok(SecurityCommand.Session, SecurityOperation.Session.LogonBegin, { userName, clientNonceB64: clientNonce });
    const kdf = begin.kdf as { N: number; r: number; p: number };
    const salt = begin.saltB64 as string;
    const authMessage = buildAuthMessage({ userName, clientNonce, combinedNonce: begin.combinedNonceB64 as string, salt, kdf });
    const proof = await computeClientProof(password, salt, kdf, authMessage);
    const done = await this.ok(SecurityCommand.Session, SecurityOperation.Session.LogonComplete, { logonId: begin.logonId, clientProofB64: proof.clientProof });
    if (!verifyServerSignature(proof.expectedServerSignature, done.serverSignatureB64 as string)) {
      throw new Error('the device answered a wrong server signature');
    }
    return done;
  }
}

export function connectSecurityClient(target: SecurityTarget, options: SecurityClientOptions = {}): Promise<SecurityClient> {
  return new Promise((resolve, reject) => {
    const socket =
      'path' in target
        ? net.connect(target.path)
        : net.connect({ port: target.port, host: target.host ?? '127.0.0.1', ...(options.localAddress !== undefined && { localAddress: options.localAddress }) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('connect timed out'));
    }, options.timeoutMs ?? 3000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(new SecurityClient(socket, options.timeoutMs ?? 3000));
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// A secured virtual controller for tests: TCP SLMP on 127.0.0.1 (port 0), optionally the USB socket,
// a real state directory, the security installed. `processRestart` stops it and starts a new one on the
// same state directory (what a power cycle of the PC process is).

export interface SecuredControllerOptions {
  model?: string;
  stateDir: string;
  sdCardDir?: string;
  usbSocket?: string;
}

export interface SecuredController {
  readonly controller: VirtualController;
  readonly security: ControllerSecurity;
  /** Port of the plain SLMP TCP service (undefined while it is closed). */
  readonly slmpPort: number | undefined;
  listener(service: string): ListenerInfo | undefined;
  connect(options?: SecurityClientOptions): Promise<SecurityClient>;
  connectUsb(): Promise<SecurityClient>;
  stop(): Promise<void>;
}

export async function startSecuredController(options: SecuredControllerOptions): Promise<SecuredController> {
  const listeners: ListenerSpec[] = [{ service: 'slmp', transport: 'tcp', host: '127.0.0.1', port: 0 }];
  if (options.usbSocket) listeners.push({ service: 'usb', transport: 'usb', path: options.usbSocket });
  const controller = new VirtualController({ model: options.model ?? 'MXR300-32', stateDir: options.stateDir, listeners });
  const security = installSecurity(controller, options.sdCardDir !== undefined ? { sdCardDir: options.sdCardDir } : {});
  await controller.start();
  const listener = (service: string): ListenerInfo | undefined => controller.listeners.list().find((l) => l.service === service);
  const clients: SecurityClient[] = [];
  const track = (c: SecurityClient): SecurityClient => {
    clients.push(c);
    return c;
  };
  return {
    controller,
    security,
    get slmpPort() {
      const l = listener('slmp');
      return l?.transport === 'tcp' ? l.port : undefined;
    },
    listener,
    async connect(clientOptions = {}) {
      const l = listener('slmp');
      if (l?.transport !== 'tcp') throw new Error('the plain SLMP service is closed');
      return track(await connectSecurityClient({ port: l.port }, clientOptions));
    },
    async connectUsb() {
      if (!options.usbSocket) throw new Error('no USB socket configured');
      return track(await connectSecurityClient({ path: options.usbSocket }));
    },
    async stop() {
      for (const c of clients) c.close();
      await controller.stop();
    },
  };
}

/** Waits (bounded) until `check` is true, polling every 10 ms. */
export async function eventually(check: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Where a test controller keeps its state, its SD memory card and its virtual USB socket. */
export interface TestControllerFolder {
  stateDir: string;
  sdCardDir: string;
  usbSocket: string;
}

export interface TestControllers {
  /** Starts a secured controller, in a new folder unless one is given (a process restart reuses it). */
  (model?: string, where?: TestControllerFolder): Promise<SecuredController & TestControllerFolder>;
  /** A new folder under the file's root (create files on its SD card before starting, if a test needs to). */
  folder(): TestControllerFolder;
}

/**
 * A test file's secured controllers, each in its own folder under one temporary root; all are stopped and
 * the root removed when the file's tests end.
 */
export function securedControllersForTests(prefix: string): TestControllers {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const running: SecuredController[] = [];
  after(async () => {
    // A test may have stopped one already (a process restart on the same folder).
    for (const r of running) if (!r.controller.isStopped) await r.stop();
    rmSync(root, { recursive: true, force: true });
  });
  let n = 0;
  const folder = (): TestControllerFolder => {
    const dir = join(root, `c${++n}`);
    return { stateDir: join(dir, 'state'), sdCardDir: join(dir, 'sd'), usbSocket: join(dir, 'usb.sock') };
  };
  const start = async (model = 'MXR300-32', where: TestControllerFolder = folder()) => {
    const r = await startSecuredController({ model, ...where });
    running.push(r);
    return Object.assign(r, where);
  };
  return Object.assign(start, { folder });
}
