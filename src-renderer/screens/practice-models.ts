import type { PracticeModel, SystemId } from '../../src-main/ipc/contract';

/** The practice controller offered for each system (the service checks the same pairing). */
export const PRACTICE_MODEL_FOR: Partial<Record<SystemId, PracticeModel>> = {
  'mx-r': 'MXR300-32',
  'mx-f': 'MXF100-16-N32',
};
