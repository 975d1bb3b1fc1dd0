// What the wizard's IPC handlers call: one commissioning session at a time, owned by main.
import type { ExportKind, ExportResult, PasswordCheck, SessionSummary, SessionView } from './wizard-contract';

export interface WizardService {
  sessions(): Promise<SessionSummary[]>;
  start(request: { operatorName: string }): Promise<SessionView>;
  resume(request: { sessionId: string }): Promise<SessionView>;
  state(): Promise<SessionView | null>;
  selectStep(request: { stepId: string }): Promise<SessionView>;
  updateSettings(request: { key: string; value: unknown }): Promise<SessionView>;
  /** With withdraw: takes an attestation back, until the step that relies on it is confirmed. */
  attest(request: { id: string; text: string; withdraw?: true }): Promise<SessionView>;
  checkPassword(request: { userName: string; password: string }): Promise<PasswordCheck>;
  setPassword(request: { userName: string; password: string; confirmation: string; purpose?: 'new' | 'previous-administrator' | 'backup' }): Promise<SessionView>;
  runStep(request: { stepId: string }): Promise<SessionView>;
  answer(request: { questionId: string; confirmed: boolean; typed?: string; choice?: string }): Promise<SessionView>;
  cancel(): Promise<SessionView>;
  export(request: { kind: ExportKind }): Promise<ExportResult>;
  close(): Promise<void>;
}
