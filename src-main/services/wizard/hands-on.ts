// What the technician's hands do at each step of Figures 8 and 22: which cable, which port, when to plug
// it. Where the guideline says it, the passage is named; everything else is marked as the project's
// advice (the public manuals the project may use say nothing more specific, e.g. about LEDs, so nothing is
// said about them). Keyed by step number: Figure 22 mirrors Figure 8 step for step.
import type { Bilingual } from '../../ipc/wizard-contract';
import { msg, type MessageId } from '../../messages/catalogue';
import type { SecuritySystem } from '../../model/security-settings';

export interface HandsOnItem {
  text: Bilingual;
  /** The guideline passage that says it; absent: the project's advice. */
  reference?: string;
}

type Line = { id: MessageId; ref?: { 'mx-r': string; 'mx-f': string } };

const STEPS: Record<number, Line[]> = {
  1: [{ id: 'wizard.hands.mountUnplugged' }],
  2: [{ id: 'wizard.hands.usbCable', ref: { 'mx-r': '2.4.7.1 procedure A', 'mx-f': '3.4.7.1 procedure A' } }, { id: 'wizard.hands.ethernetUnplugged' }],
  3: [{ id: 'wizard.hands.nothingToPlug' }],
  4: [{ id: 'wizard.hands.keepUsb' }],
  5: [{ id: 'wizard.hands.nothingToPlug' }],
  6: [{ id: 'wizard.hands.nothingToPlug' }],
  7: [{ id: 'wizard.hands.nothingToPlug' }],
  8: [{ id: 'wizard.hands.nothingToPlug' }],
  9: [{ id: 'wizard.hands.keepUsb' }],
  10: [{ id: 'wizard.hands.ethernetBeforeRestart' }, { id: 'wizard.hands.builtInPorts', ref: { 'mx-r': 'Table 9 rows 16, 20', 'mx-f': 'Table 27 rows 15, 19' } }],
  11: [{ id: 'wizard.hands.keepBoth' }],
  12: [{ id: 'wizard.hands.keepBoth' }],
  13: [{ id: 'wizard.hands.partners', ref: { 'mx-r': '2.4.7.1 procedure C', 'mx-f': '3.4.7.1 procedure C' } }],
  14: [{ id: 'wizard.hands.testOperation' }],
  15: [{ id: 'wizard.hands.leave' }],
};

export function handsOn(system: SecuritySystem, stepNumber: number): HandsOnItem[] {
  if (system === 'wlan-adapter') return [];
  return (STEPS[stepNumber] ?? []).map((line) => ({ text: msg(line.id), ...(line.ref ? { reference: line.ref[system] } : {}) }));
}
