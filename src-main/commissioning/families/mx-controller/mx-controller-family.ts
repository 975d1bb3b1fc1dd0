// The MX controller family (MX-R, MX-F): the SLMP driver, Figures 8 and 22 with Tables 9/27, one writer
// per setting, the snapshot reader and the facts the ordering rules need. See family/device-family.ts
// for how a family registers.
import type { ControllerSecurityDriver } from '../../../devices/controller-security-driver';
import { MxControllerDriver } from '../../../devices/mx-controller/mx-controller-driver';
import type { ControllerProfile } from '../../../model/security-settings';
import { administratorsIn, closesServiceInUse } from './controller-guards';
import { GUIDELINE } from '../../guideline';
import { DISPOSAL_MX_F, DISPOSAL_MX_R, MAINTENANCE_VISIT_MX_F, MAINTENANCE_VISIT_MX_R } from '../../guideline/procedures/later-life';
import { CONTROLLER_WRITE_ORDER, orderSettingsWrites, type OrderingContext } from '../../guideline/ordering-rules';
import type { DeviceFamily, EngineCheck } from '../../family/device-family';
import { readControllerSnapshot } from './controller-snapshot-reader';
import { initializationStep } from './initialization-step';
import { controllerChecklistStep, tlsFunctions } from './certificate-export-step';
import { restartStep } from '../../family/restart-step';
import { controllerVerificationStep } from './verification-steps';
import { CONTROLLER_WRITERS } from './settings-writers';
import { controllerDeviations } from './controller-deviations';
import { msg } from '../../../messages/catalogue';
import { engineeringToolInstruction, instructionText } from './engineering-tool-guide';
import { judgeFromNetwork, observeFromNetwork } from '../../network-verification/network-verification';

const CHECK_OF_STEP: ReadonlyMap<number, EngineCheck> = new Map([
  [11, 'error-check'],
  [12, 'network-diagnosis'],
  [13, 'certificate-export'],
  [14, 'test-operation'],
]);

const FAMILY_OF_SYSTEM = { 'mx-r': 'MX-R', 'mx-f': 'MX-F' } as const;

export const MX_CONTROLLER_FAMILY: DeviceFamily<ControllerSecurityDriver, ControllerProfile> = {
  id: 'mx-controller',
  name: msg('family.mxController.name'),
  systems: ['mx-r', 'mx-f'],
  guideline: (system) => GUIDELINE[system],
  procedures: {
    'first-commissioning': (system) => GUIDELINE[system].procedure,
    'maintenance-visit': (system) => (system === 'mx-f' ? MAINTENANCE_VISIT_MX_F : MAINTENANCE_VISIT_MX_R),
    disposal: (system) => (system === 'mx-f' ? DISPOSAL_MX_F : DISPOSAL_MX_R),
  },
  driver: {
    open: (link) => new MxControllerDriver(link),
    mismatch(caps, profile) {
      const system = profile.system as keyof typeof FAMILY_OF_SYSTEM;
      if (caps.family === FAMILY_OF_SYSTEM[system] && caps.model === profile.model) return undefined;
      return `The device is a ${caps.model} (${caps.family}) but the profile is for ${profile.model}: connect the right device or pick its profile.`;
    },
  },
  writers: CONTROLLER_WRITERS,
  readSnapshot: (driver, ctx) => readControllerSnapshot(driver, { ...ctx, system: ctx.system as 'mx-r' | 'mx-f' }),
  writePlan(profile, { linkKind, usesTls }) {
    const keys = CONTROLLER_WRITE_ORDER.filter((k) => k !== 'certificate' || usesTls);
    return orderSettingsWrites(keys, { system: profile.system, linkKind, loggedOnAsAdministrator: false });
  },
  orderingFacts(profile, key, linkKind): Partial<OrderingContext> {
    const s = profile.settings;
    return {
      administratorsAfterChange: administratorsIn(profile).length,
      maxClockOffsetSeconds: s.clock.maxOffsetSeconds,
      closesServiceInUse: key === 'defaultOpenPorts' || key === 'enhancedSecurity' ? closesServiceInUse(profile, key, linkKind) : false,
      ipFilter: { enabled: s.ipFilter.enabled, mode: s.ipFilter.mode, addresses: s.ipFilter.entries.map((e) => e.address) },
      enhancedSecurityEnabled: key === 'enhancedSecurity' ? s.enhancedSecurity.enabled : false,
    };
  },
  usesTls: (profile) => tlsFunctions(profile).length > 0,
  // The engineering tool's own function (MELSOFT/GOT) is the one this app speaks after the restart.
  reconnectsOverTls: (profile) => profile.settings.encryptedCommunication.functions['melsoft-got'].tls,
  administrators: administratorsIn,
  // The alive check in effect is the profile's once written; a question holds the link at most the logoff timeout.
  linkTimers: (profile) => ({ aliveCheckSeconds: profile.settings.sessionTimers.ethernetAliveCheckSeconds, maxWaitMs: profile.settings.sessionTimers.logoffTimeoutMinutes * 60_000 }),
  // Step 6 turned off and Table 14/32's "continue operation" are departures of the profile itself.
  deviations: controllerDeviations,
  // Figures 8 and 22 number their checks alike: 11 errors, 12 network diagnosis, 13 the certificate for
  // the connection destination devices, 14 the test operation.
  checkOf: (step) => CHECK_OF_STEP.get(step.number),
  // Step 4: initialization of all information (7E09), the controller's own operation; step 10: the restart
  // and the reconnection over TLS with the pin; steps 11-14: the checks that prove it.
  steps: {
    'device-operation': initializationStep,
    restart: restartStep,
    'operator-checklist': controllerChecklistStep((step) => CHECK_OF_STEP.get(step.number) === 'certificate-export'),
    // Steps 11, 12 and 14: the error check, the network diagnosis, the test operation.
    verification: controllerVerificationStep((step) => CHECK_OF_STEP.get(step.number)),
  },
  instruction: (key, profile, scope) => {
    const i = engineeringToolInstruction(key, profile, scope);
    return { en: instructionText(i, profile.system, 'en'), ja: instructionText(i, profile.system, 'ja') };
  },
  async verifyFromNetwork(request) {
    const observation = await observeFromNetwork(request);
    return { observation, judgement: judgeFromNetwork(request.profile, observation) };
  },
};
