// Step 13 of Figures 8 and 22: the certificate the connection destination devices need (2.4.7.1 C), read
// from the controller as PEM and kept with its DER for the report and the partners (never its key). An
// operator checklist step of the MX family: its other checklist steps are recorded as attested.
import { toDer } from '../../../crypto/certificate';
import { COMMUNICATION_FUNCTIONS, type CommunicationFunction, type ControllerProfile } from '../../../model/security-settings';
import type { Message } from '../../../messages/catalogue';
import { checklistResult } from '../../family/checklist-step';
import type { StepHandler } from '../../family/session-kind';
import { said } from '../../family/step-result';

/** The communication functions the profile has speak TLS (the certificate's partners). */
export function tlsFunctions(profile: ControllerProfile): CommunicationFunction[] {
  return COMMUNICATION_FUNCTIONS.filter((f) => profile.settings.encryptedCommunication.functions[f].tls);
}

/** The MX family's checklist steps: step 13 exports the certificate (`isExport`), the others are attested. */
export function controllerChecklistStep(isExport: (step: Parameters<StepHandler>[0]['step']) => boolean): StepHandler {
  return async (ctx) => {
    const profile = ctx.profile as ControllerProfile;
    if (!isExport(ctx.step)) return checklistResult(ctx.step, profile.attestations);
    const driver = await ctx.connected();
    const partners = tlsFunctions(profile);
    if (partners.length > 0 && ctx.can('certificate')) {
      const c = await driver.readCertificate();
      if (c) ctx.keepCertificate({ pem: c.certificatePem, der: toDer(c.certificatePem), fingerprint256: c.fingerprint256, notBefore: c.notBefore, notAfter: c.notAfter });
    }
    const certificate = ctx.certificate();
    const a = profile.attestations.find((x) => x.id === ctx.step.id);
    const found: Message[] = [
      certificate
        ? { id: 'step.result.certificateExported', params: { fingerprint: certificate.fingerprint256, partners: partners.join(', '), tlsVersion: profile.settings.encryptedCommunication.tlsVersion } }
        : { id: 'step.result.noCertificate' },
      ...(a ? [{ id: 'step.result.attestedByName', params: { by: a.by } } as const] : []),
    ];
    return said('operator-performed', ...found);
  };
}
