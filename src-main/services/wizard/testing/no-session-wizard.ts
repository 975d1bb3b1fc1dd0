// A WizardService with no session, for hosts and fakes that serve the contract without a device stack
// (browser host tests, the e2e fake host): every session call answers 'no-session' as the real one does
// before a session is started.
import type { WizardService } from '../../../ipc/wizard-service';
import { ServiceError } from '../../service-error';
import { msg } from '../../../messages/catalogue';

export function noSessionWizard(): WizardService {
  const none = async (): Promise<never> => {
    throw new ServiceError('no-session', 'No commissioning session is open: start one (or resume one) first.');
  };
  return {
    sessions: async () => [],
    state: async () => null,
    start: none,
    resume: none,
    selectStep: none,
    updateSettings: none,
    keepSettings: none,
    measureBandwidth: none,
    attest: none,
    checkPassword: async () => ({ score: 0, feedback: [], deviceRule: { ok: false, failures: [msg('wizard.startSessionFirst')] } }),
    setPassword: none,
    runStep: none,
    answer: none,
    cancel: none,
    export: none,
    close: async () => undefined,
  };
}
