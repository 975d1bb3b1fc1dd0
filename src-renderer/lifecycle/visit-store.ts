// The maintenance visit as the screen shows it (issue 11): the plan main returns for a known device, the
// result of the visit main ran. Every decision is main's; this store only remembers the answers.
import { create } from 'zustand';
import type { IpcError } from '../../src-main/ipc/contract';
import type { VisitExportKind, VisitPlanView, VisitResultView } from '../../src-main/ipc/lifecycle-contract';
import type { ExportResult } from '../../src-main/ipc/wizard-contract';
import { bridge } from '../bridge/current-bridge';

export interface VisitRequest {
  operatorName: string;
  userName: string;
  password: string;
  backupPassword?: string;
  disruptive: string[];
}

interface VisitState {
  deviceId: string | undefined;
  plan: VisitPlanView | undefined;
  result: VisitResultView | undefined;
  busy: 'plan' | 'visit' | 'export' | undefined;
  error: IpcError | undefined;
  saved: string | undefined;
  /** Who visited last in this window (not secrets): the next visit's form starts with them. */
  last: { operatorName: string; userName: string } | undefined;
  open(deviceId: string): Promise<void>;
  run(request: VisitRequest): Promise<void>;
  exportFile(kind: VisitExportKind): Promise<ExportResult | undefined>;
  again(): void;
  dismissError(): void;
}

export const useVisitStore = create<VisitState>()((set, get) => ({
  deviceId: undefined,
  plan: undefined,
  result: undefined,
  busy: undefined,
  error: undefined,
  saved: undefined,
  last: undefined,

  async open(deviceId) {
    set({ deviceId, plan: undefined, result: undefined, error: undefined, saved: undefined, busy: 'plan' });
    const r = await bridge().invoke('visit:plan', { deviceId });
    set(r.ok ? { plan: r.value, busy: undefined } : { error: r.error, busy: undefined });
  },

  async run(request) {
    const deviceId = get().deviceId;
    if (!deviceId || get().busy) return;
    set({ busy: 'visit', error: undefined, result: undefined, saved: undefined, last: { operatorName: request.operatorName, userName: request.userName } });
    const r = await bridge().invoke('visit:run', { deviceId, ...request });
    set(r.ok ? { result: r.value, busy: undefined } : { error: r.error, busy: undefined });
  },

  async exportFile(kind) {
    if (get().busy) return undefined;
    set({ busy: 'export', error: undefined });
    const r = await bridge().invoke('visit:export', { kind });
    set(r.ok ? { busy: undefined, saved: r.value.savedTo } : { busy: undefined, error: r.error });
    return r.ok ? r.value : undefined;
  },

  again() {
    const id = get().deviceId;
    if (id) void get().open(id);
  },

  dismissError() {
    set({ error: undefined });
  },
}));
