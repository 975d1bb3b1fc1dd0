// What the wizard's IPC handlers call: one commissioning session at a time, owned by main. The request
// types are the zod schemas' (wizard-contract.ts), so the contract and this interface cannot drift apart.
import type { ExportResult, PasswordCheck, SessionSummary, SessionView, WizardRequest as R } from './wizard-contract';

export interface WizardService {
  sessions(): Promise<SessionSummary[]>;
  start(request: R<'wizard:start'>): Promise<SessionView>;
  resume(request: R<'wizard:resume'>): Promise<SessionView>;
  state(): Promise<SessionView | null>;
  selectStep(request: R<'wizard:select-step'>): Promise<SessionView>;
  updateSettings(request: R<'wizard:update-settings'>): Promise<SessionView>;
  keepSettings(request: R<'wizard:keep-settings'>): Promise<SessionView>;
  measureBandwidth(): Promise<SessionView>;
  attest(request: R<'wizard:attest'>): Promise<SessionView>;
  checkPassword(request: R<'wizard:password-check'>): Promise<PasswordCheck>;
  setPassword(request: R<'wizard:set-password'>): Promise<SessionView>;
  runStep(request: R<'wizard:run-step'>): Promise<SessionView>;
  answer(request: R<'wizard:answer'>): Promise<SessionView>;
  cancel(): Promise<SessionView>;
  export(request: R<'wizard:export'>): Promise<ExportResult>;
  close(): Promise<void>;
}
