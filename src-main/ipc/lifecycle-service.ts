// What the lifecycle IPC handlers call (lifecycle-contract.ts); the composition root implements it.
import type { ExportResult } from './wizard-contract';
import type { LifecycleRequest as R, VisitPlanView, VisitResultView } from './lifecycle-contract';

export interface LifecycleService {
  visitPlan(request: R<'visit:plan'>): Promise<VisitPlanView>;
  runVisit(request: R<'visit:run'>): Promise<VisitResultView>;
  exportVisit(request: R<'visit:export'>): Promise<ExportResult>;
}
