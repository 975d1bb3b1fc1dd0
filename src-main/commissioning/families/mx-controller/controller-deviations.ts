// What an MX profile itself departs from (engine/deviations.ts collects the rest): the enhanced security
// setting turned off (Figure 8/22 step 6 is the guideline's step, not an option) and "continue operation"
// on an error (Table 14/32 recommend "stop operation"). The MX family hands these to the engine.
import type { ControllerProfile } from '../../../model/security-settings';
import { msg } from '../../../messages/catalogue';
import type { Procedure } from '../../guideline/types';
import type { Deviation } from '../../engine/deviations';

export function controllerDeviations(profile: ControllerProfile, procedure: Procedure): Deviation[] {
  const out: Deviation[] = [];
  const step6 = procedure.steps.find((s) => s.number === 6);
  if (step6 && !profile.settings.enhancedSecurity.enabled) {
    out.push({ kind: 'step-turned-off', reference: `Figure ${procedure.figure} step 6`, itemId: step6.id, text: msg('deviation.enhancedSecurityOff') });
  }
  if (profile.settings.operationSetting.onError === 'continue') {
    const table = profile.system === 'mx-r' ? '14' : '32';
    out.push({ kind: 'operation-setting', reference: `Table ${table} row 2`, itemId: `table${table}.row2`, text: msg('deviation.continueOnError', { table }) });
  }
  return out;
}
