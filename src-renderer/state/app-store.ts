// What the screens show and what they may ask for. Every action goes through the bridge to main; this
// store only remembers the answers. Nothing here decides security.
import { create } from 'zustand';
import type {
  LifecycleLinkView,
  AppInfo,
  ConnectRequest,
  ConnectionInfo,
  IpcError,
  MainEvent,
  SystemId,
  UsbListing,
} from '../../src-main/ipc/contract';
import { bridge } from '../bridge/current-bridge';
import { useWizardStore } from './wizard-store';
import { useVisitStore } from '../lifecycle/visit-store';

export type Screen = 'home' | 'connect' | 'device' | 'procedure' | 'visit' | 'renewal' | 'disposal' | 'firmware' | 'users' | 'restoration';
export type Busy = 'connecting' | 'disconnecting' | 'reading' | 'listing-usb';
/** An error as the screen explains it: the code picks the translated headline and the advice. */
export interface ShownError {
  key: IpcError['code'] | 'link-lost' | 'host-unreachable' | 'host-refused-token' | 'host-busy' | 'missing-token';
  message?: string;
  /** The message in both languages (from main's catalogue); the screen shows the technician's. */
  text?: IpcError['text'];
  details?: string;
}

/** The page cannot reach the app at all (not an error of one request). */
export const BRIDGE_PROBLEMS: ReadonlySet<string> = new Set(['host-unreachable', 'host-refused-token', 'host-busy', 'missing-token']);

function shown(error: IpcError): ShownError {
  if (error.code === 'internal' && error.details && BRIDGE_PROBLEMS.has(error.details)) {
    return { key: error.details as ShownError['key'] };
  }
  const result: ShownError = { key: error.code, message: error.message, ...(error.text ? { text: error.text } : {}) };
  if (error.details) result.details = error.details;
  return result;
}

interface AppState {
  screen: Screen;
  system: SystemId | undefined;
  connection: ConnectionInfo | undefined;
  busy: Busy | undefined;
  error: ShownError | undefined;
  usb: UsbListing | undefined;
  appInfo: AppInfo | undefined;
  /** The link a visit, renewal or disposal holds open in main (its 'lifecycle-link' events), or null. */
  lifecycleLink: LifecycleLinkView | null;
  /** Asks main who it is: the first request, so a page opened without its key says so at once. */
  checkHost(): Promise<void>;
  chooseSystem(system: SystemId): void;
  goHome(): void;
  /** The guided procedure of the session main holds (started or resumed). */
  openProcedure(): void;
  /** A maintenance visit of a device the home screen lists (lifecycle/visit-screen.tsx). */
  openVisit(deviceId: string): void;
  openRenewal(): void;
  openDisposal(): void;
  /** A known device's firmware update, users or restoration (lifecycle/device-care screens). */
  openDeviceCare(screen: 'firmware' | 'users' | 'restoration'): void;
  connect(request: ConnectRequest): Promise<void>;
  rereadIdentity(): Promise<void>;
  disconnect(): Promise<void>;
  refreshUsb(): Promise<void>;
  dismissError(): void;
  handleEvent(event: MainEvent): void;
}

export const useAppStore = create<AppState>()((set, get) => ({
  screen: 'home',
  system: undefined,
  connection: undefined,
  busy: undefined,
  error: undefined,
  usb: undefined,
  appInfo: undefined,
  lifecycleLink: null,

  async checkHost() {
    const info = await bridge().invoke('app:info');
    if (!info.ok) {
      set({ error: shown(info.error) });
      return;
    }
    set({ appInfo: info.value });
    // After a reload, main may still hold a connection: show it, so the link indicator never says
    // "Not connected" while a device is connected.
    const current = await bridge().invoke('connection:current');
    if (current.ok && current.value && !get().connection) set({ connection: current.value, system: current.value.system, screen: 'device' });
    // A session main still holds (a reload mid-procedure) opens where it was.
    if (await useWizardStore.getState().loadState()) set({ screen: 'procedure' });
  },

  chooseSystem(system) {
    set({ system, screen: 'connect', error: undefined });
    void get().refreshUsb();
  },

  goHome() {
    set({ screen: 'home', error: undefined });
  },

  openProcedure() {
    const session = useWizardStore.getState().session;
    set({ screen: 'procedure', error: undefined, ...(session ? { system: session.system } : {}) });
  },

  openVisit(deviceId) {
    set({ screen: 'visit', error: undefined });
    void useVisitStore.getState().open(deviceId);
  },

  openRenewal() {
    set({ screen: 'renewal', error: undefined });
  },

  openDisposal() {
    set({ screen: 'disposal', error: undefined });
  },

  openDeviceCare(screen) {
    set({ screen, error: undefined });
  },

  async connect(request) {
    if (get().busy) return;
    set({ busy: 'connecting', error: undefined });
    const result = await bridge().invoke('connection:open', request);
    if (result.ok) set({ busy: undefined, connection: result.value, screen: 'device' });
    else set({ busy: undefined, error: shown(result.error) });
  },

  async rereadIdentity() {
    const connection = get().connection;
    if (get().busy || !connection) return;
    set({ busy: 'reading', error: undefined });
    const result = await bridge().invoke('connection:identity');
    if (result.ok) set({ busy: undefined, connection: { ...connection, identity: result.value } });
    else set({ busy: undefined, error: shown(result.error) });
  },

  async disconnect() {
    if (get().busy) return;
    set({ busy: 'disconnecting', error: undefined });
    const result = await bridge().invoke('connection:close');
    // The link is gone either way from the technician's point of view; a failure is still reported.
    set({ busy: undefined, connection: undefined, screen: 'connect', error: result.ok ? undefined : shown(result.error) });
  },

  async refreshUsb() {
    if (get().busy) return;
    set({ busy: 'listing-usb' });
    const result = await bridge().invoke('usb:list');
    if (result.ok) set({ busy: undefined, usb: result.value });
    else set({ busy: undefined, usb: undefined, error: shown(result.error) });
  },

  dismissError() {
    set({ error: undefined });
  },

  handleEvent(event) {
    if (event.type === 'lifecycle-link') {
      set({ lifecycleLink: event.link });
      return;
    }
    if (event.type !== 'connection-closed' || !get().connection) return;
    // During the procedure the link is the session's (a restart drops and re-opens it): the procedure
    // screen shows the session's link, and its errors, instead of leaving for the Connect screen.
    if (get().screen === 'procedure' && useWizardStore.getState().session) {
      set({ connection: undefined });
      return;
    }
    set({
      connection: undefined,
      screen: 'connect',
      error: event.reason === 'link-lost' ? { key: 'link-lost', ...(event.message ? { details: event.message } : {}) } : undefined,
    });
  },
}));
