// The whole surface between the UI and the main process, in one file: every channel with its request
// schema (checked at runtime in main before any handler runs) and its response type, and every event
// main pushes to the renderer. Both hosts (Electron IPC, browser WebSocket) serve exactly this map.
// Pure zod: the renderer imports it for types, so nothing here may touch Node or Electron.
import { z } from 'zod';
import type { Bilingual } from '../messages/catalogue';
import { wizardChannels, type WizardEvent } from './wizard-contract';
import { lifecycleChannels } from './lifecycle-contract';
import type { KnownDevice } from '../model/known-device';
import { SystemSchema, type LinkKind as LinkKindName, type SystemId, type UsbListing } from '../model/device-access';

// The families, link kinds and USB listing are the model's (links/ and the engine use them too).
export { SYSTEMS, SystemSchema, LinkKindSchema, type SystemId, type UsbDeviceSummary, type UsbListing } from '../model/device-access';
export type { LinkKind as LinkKindName } from '../model/device-access';
export type { KnownDevice } from '../model/known-device';

export const PRACTICE_MODELS = ['MXR300-32', 'MXF100-16-N32', 'wlan-adapter'] as const;
export const PracticeModelSchema = z.enum(PRACTICE_MODELS);
export type PracticeModel = z.infer<typeof PracticeModelSchema>;

const HostSchema = z.string().trim().min(1).max(253);
const PortSchema = z.number().int().min(1).max(65535);

export const ConnectRequestSchema = z.discriminatedUnion('via', [
  /** A device found on the USB bus (vendor 0x06D3), by the id listUsbDevices returned. */
  z.object({ via: z.literal('usb'), system: SystemSchema, deviceId: z.string().min(1).max(200) }).strict(),
  /** Plain SLMP over TCP. */
  z.object({ via: z.literal('ethernet'), system: SystemSchema, host: HostSchema, port: PortSchema }).strict(),
  /**
   * The built-in practice controller, reached through its virtual USB cable; `stock`: one as it leaves the
   * factory, behaving as a real one (reached over Ethernet on the SLMP port opened for it; guide-and-verify).
   * The wireless LAN adapter's practice pair: the access point, or with `station` its counterpart (Figure 36 step 13).
   */
  z.object({ via: z.literal('practice'), system: SystemSchema, model: PracticeModelSchema, stock: z.boolean().optional(), station: z.boolean().optional() }).strict(),
]);
export type ConnectRequest = z.infer<typeof ConnectRequestSchema>;

export interface AppInfo {
  version: string;
  host: 'electron' | 'browser';
  platform: string;
}

export interface DeviceIdentity {
  model: string;
  modelCode: number;
  cpuState: 'RUN' | 'STOP' | 'PAUSE' | 'unknown';
  linkKind: LinkKindName;
  linkDescription: string;
  virtual: boolean;
}

export interface ConnectionInfo {
  system: SystemId;
  identity: DeviceIdentity;
}

/** A link a maintenance visit, renewal or disposal holds open in main (services/lifecycle/lifecycle-links.ts). */
export interface LifecycleLinkView {
  kind: LinkKindName;
  description: string;
  virtual: boolean;
  tls?: { fingerprint256: string; notAfter?: string };
}

export type MainEvent =
  | { type: 'connection-closed'; reason: 'user' | 'link-lost'; message?: string }
  /** The link of a visit, renewal or disposal opened or closed: the newest still open, or null when none is. */
  | { type: 'lifecycle-link'; link: LifecycleLinkView | null }
  | { type: 'practice-device'; model: PracticeModel; state: 'started' | 'stopped' }
  | WizardEvent;

const NoPayload = z.undefined().or(z.object({}).strict());

/** channel -> [request schema, response type]. Add a channel here and both hosts serve it. */
export const channels = {
  'app:info': { request: NoPayload, response: {} as AppInfo },
  'usb:list': { request: NoPayload, response: {} as UsbListing },
  'connection:open': { request: ConnectRequestSchema, response: {} as ConnectionInfo },
  /** The connection main holds (after a reload the page asks), or null. */
  'connection:current': { request: NoPayload, response: {} as ConnectionInfo | null },
  'connection:identity': { request: NoPayload, response: {} as DeviceIdentity },
  'connection:close': { request: NoPayload, response: {} as { closed: true } },
  /** The devices this installation knows, with last report, next periodic check and certificate expiry. */
  'devices:known': { request: NoPayload, response: {} as KnownDevice[] },
  ...wizardChannels,
  ...lifecycleChannels,
} as const;

export type Channel = keyof typeof channels;
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = (typeof channels)[C]['response'];

/** Errors cross the boundary as data: a stable code the UI translates, plus details for the log. */
export interface IpcError {
  code:
    | 'unknown-channel'
    | 'invalid-payload'
    | 'forbidden-sender'
    | 'not-connected'
    | 'connect-failed'
    | 'device-error'
    | 'timeout'
    | 'internal'
    | 'no-session'
    | 'step-locked'
    | 'invalid-setting'
    | 'password-rejected'
    | 'busy'
    | 'not-in-this-host';
  /** English (logs, tests); the screen shows `text`. */
  message: string;
  /** The message from the catalogue in both languages: the screen shows the technician's. */
  text?: Bilingual;
  /** e.g. the device end code "C059", or the zod issue paths; never secrets. */
  details?: string;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/**
 * What the renderer sees as `window.mx`: the Electron preload exposes it (frozen), the browser host's
 * client implements it over a WebSocket. Nothing else crosses into the page.
 */
export interface MxBridge {
  invoke<C extends Channel>(channel: C, payload?: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  onEvent(listener: (event: MainEvent) => void): () => void;
}

/**
 * The browser host carries the same contract over one WebSocket at /ipc. The client's first message is
 * the launch token (as text, nothing else); the host answers `{ ready: true }`, then requests and
 * answers are matched by id, and events arrive unasked.
 */
export const BROWSER_IPC_PATH = '/ipc';
/**
 * The page proves the launch token in its WebSocket handshake, as two subprotocols: this one (which the host
 * echoes) and BROWSER_TOKEN_PROTOCOL_PREFIX + token. A socket that proves it there never waits among the
 * unauthenticated ones, so silent local sockets cannot keep the page out (the token as first message still works).
 */
export const BROWSER_IPC_PROTOCOL = 'mxc-ipc';
export const BROWSER_TOKEN_PROTOCOL_PREFIX = 'mxc-token.';
export type BrowserWireRequest = { id: number | string; channel: string; payload?: unknown };
export type BrowserWireMessage =
  | { ready: true }
  | { id: number | string | null; result: IpcResult<unknown> }
  | { event: MainEvent };
/** Close codes the browser host uses when it refuses a client. */
export const BROWSER_CLOSE = {
  /** No token, a wrong token, or none in time: RFC 6455 "policy violation". */
  unauthorized: 1008,
  /** Another window already holds the one connection: RFC 6455 "try again later". */
  busy: 1013,
  /** The host is shutting down. */
  goingAway: 1001,
} as const;
