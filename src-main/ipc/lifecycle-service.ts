// What the lifecycle IPC handlers call (lifecycle-contract.ts); the composition root implements it.
import type { ExportResult } from './wizard-contract';
import type { DisposalView, LifecycleRequest as R, RenewalView, VisitPlanView, VisitResultView } from './lifecycle-contract';

export interface LifecycleService {
  visitPlan(request: R<'visit:plan'>): Promise<VisitPlanView>;
  runVisit(request: R<'visit:run'>): Promise<VisitResultView>;
  renewCertificate(request: R<'renewal:run'>): Promise<RenewalView>;
  dispose(request: R<'disposal:run'>): Promise<DisposalView>;
  exportVisit(request: R<'visit:export'>): Promise<ExportResult>;
  exportDisposal(request: R<'disposal:export'>): Promise<ExportResult>;
}
