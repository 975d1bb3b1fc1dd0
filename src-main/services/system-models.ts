import type { SystemId } from '../ipc/contract';

/** How a model name tells which system it is. */
export function systemOfModel(model: string): SystemId | undefined {
  if (/^MXR\d/.test(model)) return 'mx-r';
  if (/^MXF\d/.test(model)) return 'mx-f';
  return undefined;
}
