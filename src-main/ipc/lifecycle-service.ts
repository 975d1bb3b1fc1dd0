// What the lifecycle IPC handlers call (lifecycle-contract.ts); the composition root implements it.
import type { ExportResult } from './wizard-contract';
import type { DisposalView, FirmwareUpdateView, LifecycleRequest as R, RealAdapterCheckView, RenewalView, RestorationView, UsersView, VisitPlanView, VisitResultView } from './lifecycle-contract';

export interface LifecycleService {
  visitPlan(request: R<'visit:plan'>): Promise<VisitPlanView>;
  runVisit(request: R<'visit:run'>): Promise<VisitResultView>;
  renewCertificate(request: R<'renewal:run'>): Promise<RenewalView>;
  dispose(request: R<'disposal:run'>): Promise<DisposalView>;
  exportVisit(request: R<'visit:export'>): Promise<ExportResult>;
  exportDisposal(request: R<'disposal:export'>): Promise<ExportResult>;
  /** A real wireless LAN adapter: its steps operator-performed, what this PC observes (issue 10 item 2). */
  observeRealAdapter(request: R<'adapter:observe'>): Promise<RealAdapterCheckView>;
}

/** A known device's firmware, users and restoration (issue 11 items 4-6): services/lifecycle/device-care-service.ts. */
export interface DeviceCareService {
  updateFirmware(request: R<'firmware:run'>): Promise<FirmwareUpdateView>;
  openUsers(request: R<'users:open'>): Promise<UsersView>;
  addUser(request: R<'users:add'>): Promise<UsersView>;
  removeUser(request: R<'users:remove'>): Promise<UsersView>;
  unlockUser(request: R<'users:unlock'>): Promise<UsersView>;
  changeOwnPassword(request: R<'users:own-password'>): Promise<UsersView>;
  closeUsers(): Promise<void>;
  restore(request: R<'restoration:run'>): Promise<RestorationView>;
  close(): Promise<void>;
}
