// The commissioning session as main shows it. Main owns the session (engine, journal, secrets, every
// guard); this store only keeps the last SessionView and sends the technician's decisions. A password
// passes through an action's argument to the bridge and is never kept here.
import { create } from 'zustand';
import type { IpcError, IpcResult, MainEvent } from '../../src-main/ipc/contract';
import type { ExportKind, ExportResult, PasswordCheck, SessionSummary, SessionView } from '../../src-main/ipc/wizard-contract';
import { bridge } from '../bridge/current-bridge';

export type PasswordPurpose = 'new' | 'previous-administrator' | 'backup';
export type WizardBusy = 'starting' | 'loading' | 'running' | 'saving' | 'exporting' | 'closing';

interface WizardState {
  session: SessionView | null;
  /** The step the panel shows (main's currentStepId unless the technician picked another in the rail). */
  viewedStepId: string | undefined;
  sessions: SessionSummary[] | undefined;
  pending: WizardBusy | undefined;
  /** A refused request (invalid-setting, step-locked, ...); the session's own error is session.error. */
  requestError: IpcError | undefined;
  lastExport: ExportResult | undefined;
  showReport: boolean;
  loadSessions(): Promise<void>;
  loadState(): Promise<boolean>;
  start(operatorName: string): Promise<boolean>;
  resume(sessionId: string): Promise<boolean>;
  /** `part`: a sub-page of a split settings step (step 7); main keeps which one is open. */
  selectStep(stepId: string, part?: string): Promise<void>;
  /** Main times the link for the bandwidth limitation (at most 5 s). */
  measureBandwidth(): Promise<boolean>;
  /** After a refused change: keep the block's values in force (main clears the refusal; no confirmation). */
  keepSettings(key: string): Promise<boolean>;
  updateSettings(key: string, value: unknown): Promise<boolean>;
  /** Records an attestation, or (withdraw) takes it back while the step relying on it is not confirmed. */
  attest(id: string, text: string, withdraw?: boolean): Promise<boolean>;
  checkPassword(userName: string, password: string): Promise<PasswordCheck | undefined>;
  /** purpose: 'new' (a profile user's new password), 'previous-administrator' (a used controller's current Administrator, step 4), 'backup' (the backup taken before initialization). */
  setPassword(userName: string, password: string, confirmation: string, purpose?: PasswordPurpose): Promise<boolean>;
  runStep(stepId: string): Promise<boolean>;
  answer(questionId: string, confirmed: boolean, extra?: { typed?: string; choice?: string }): Promise<void>;
  cancel(): Promise<void>;
  exportFile(kind: ExportKind): Promise<ExportResult | undefined>;
  close(): Promise<void>;
  setShowReport(show: boolean): void;
  dismissRequestError(): void;
  handleEvent(event: MainEvent): void;
}

export const useWizardStore = create<WizardState>()((set, get) => {
  /** Sends one request whose answer is the new SessionView. */
  // `pending` undefined: a request that may arrive while a step still runs (an answer to its question, a
  // cancel) and must neither wait for nor clear the running step's pending state.
  async function sessionRequest(pending: WizardBusy | undefined, request: () => Promise<IpcResult<SessionView>>): Promise<boolean> {
    set(pending ? { pending, requestError: undefined } : { requestError: undefined });
    const result = await request();
    if (result.ok) {
      const previous = get().session;
      // Follow main to a new current step (a run moved on); keep the technician's pick otherwise.
      const moved = !previous || previous.currentStepId !== result.value.currentStepId || previous.sessionId !== result.value.sessionId;
      set({ session: result.value, ...(pending ? { pending: undefined } : {}), ...(moved ? { viewedStepId: result.value.currentStepId } : {}) });
      return true;
    }
    set({ ...(pending ? { pending: undefined } : {}), requestError: result.error });
    return false;
  }

  return {
    session: null,
    viewedStepId: undefined,
    sessions: undefined,
    pending: undefined,
    requestError: undefined,
    lastExport: undefined,
    showReport: false,

    async loadSessions() {
      const result = await bridge().invoke('wizard:sessions');
      set({ sessions: result.ok ? result.value : [] });
    },

    async loadState() {
      const result = await bridge().invoke('wizard:state');
      if (!result.ok || !result.value) return false;
      set({ session: result.value, viewedStepId: result.value.currentStepId, showReport: false });
      return true;
    },

    start(operatorName) {
      set({ showReport: false, lastExport: undefined });
      return sessionRequest('starting', () => bridge().invoke('wizard:start', { operatorName }));
    },

    resume(sessionId) {
      set({ showReport: false, lastExport: undefined });
      return sessionRequest('loading', () => bridge().invoke('wizard:resume', { sessionId }));
    },

    async selectStep(stepId, part) {
      set({ viewedStepId: stepId });
      const result = await bridge().invoke('wizard:select-step', { stepId, ...(part ? { part } : {}) });
      if (result.ok) set({ session: result.value });
    },

    measureBandwidth() {
      return sessionRequest('running', () => bridge().invoke('wizard:measure-bandwidth'));
    },

    keepSettings(key) {
      return sessionRequest('saving', () => bridge().invoke('wizard:keep-settings', { key }));
    },

    updateSettings(key, value) {
      return sessionRequest('saving', () => bridge().invoke('wizard:update-settings', { key, value }));
    },

    attest(id, text, withdraw) {
      return sessionRequest('saving', () => bridge().invoke('wizard:attest', { id, text, ...(withdraw ? { withdraw: true as const } : {}) }));
    },

    async checkPassword(userName, password) {
      const result = await bridge().invoke('wizard:password-check', { userName, password });
      return result.ok ? result.value : undefined;
    },

    setPassword(userName, password, confirmation, purpose) {
      // The backup password is asked inside the question dialog while step 4 still runs.
      return sessionRequest(purpose === 'backup' ? undefined : 'saving', () => bridge().invoke('wizard:set-password', { userName, password, confirmation, ...(purpose ? { purpose } : {}) }));
    },

    runStep(stepId) {
      return sessionRequest('running', () => bridge().invoke('wizard:run-step', { stepId }));
    },

    async answer(questionId, confirmed, extra = {}) {
      await sessionRequest(undefined, () =>
        bridge().invoke('wizard:answer', {
          questionId,
          confirmed,
          ...(extra.typed !== undefined ? { typed: extra.typed } : {}),
          ...(extra.choice !== undefined ? { choice: extra.choice } : {}),
        }),
      );
    },

    async cancel() {
      await sessionRequest(undefined, () => bridge().invoke('wizard:cancel'));
    },

    async exportFile(kind) {
      set({ pending: 'exporting', requestError: undefined });
      const result = await bridge().invoke('wizard:export', { kind });
      if (!result.ok) {
        set({ pending: undefined, requestError: result.error });
        return undefined;
      }
      set({ pending: undefined, lastExport: result.value });
      return result.value;
    },

    async close() {
      set({ pending: 'closing' });
      await bridge().invoke('wizard:close');
      set({ pending: undefined, session: null, viewedStepId: undefined, showReport: false, lastExport: undefined });
    },

    setShowReport(show) {
      // "Saved to …" belongs to the screen it was saved from (a certificate at step 13 is not a report export).
      set({ showReport: show, lastExport: undefined });
    },

    dismissRequestError() {
      set({ requestError: undefined });
    },

    handleEvent(event) {
      if (event.type !== 'wizard-changed') return;
      const previous = get().session;
      const moved = !previous || previous.currentStepId !== event.session.currentStepId || previous.sessionId !== event.session.sessionId;
      set({ session: event.session, ...(moved ? { viewedStepId: event.session.currentStepId } : {}) });
    },
  };
});
