// An operator checklist step: the operator does it and attests it by name and time in the profile; the
// engine records the attestation (or what the operator does, when none is given yet). One rule for the
// engine's own checklist steps and a family's checklist handler that adds to it.
import type { Attestation } from '../../model/security-settings';
import type { ProcedureStep } from '../guideline/types';
import { said, type StepResult } from './step-result';

export function checklistResult(step: ProcedureStep, attestations: readonly Attestation[]): StepResult {
  const a = attestations.find((x) => x.id === step.id);
  return a ? said('operator-performed', { id: 'step.result.attestedBy', params: { by: a.by, at: a.at } }) : { state: 'operator-performed', detail: step.operatorDoes.en };
}
