import type { PracticeModel, SystemId } from '../ipc/contract';

/** The practice device offered for each system, and how a model name tells which system it is. */
export const PRACTICE_MODEL_OF: Partial<Record<SystemId, PracticeModel>> = {
  'mx-r': 'MXR300-32',
  'mx-f': 'MXF100-16-N32',
};

export function systemOfModel(model: string): SystemId | undefined {
  if (/^MXR\d/.test(model)) return 'mx-r';
  if (/^MXF\d/.test(model)) return 'mx-f';
  return undefined;
}
