// The practice device offered for each system; main refuses any other pairing. A file of its own,
// without zod, so the renderer can import the value without bundling the schema library (whose
// feature probe for `new Function` would trip the page's CSP).
import type { PracticeModel, SystemId } from './contract';

export const PRACTICE_MODEL_OF: Partial<Record<SystemId, PracticeModel>> = {
  'mx-r': 'MXR300-32',
  'mx-f': 'MXF100-16-N32',
  'wlan-adapter': 'wlan-adapter',
};
