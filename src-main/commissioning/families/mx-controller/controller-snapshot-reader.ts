// Reads what a controller holds into a DeviceSnapshot (the evidence the table checks judge). Settings
// are taken from what is IN EFFECT (after the restart); the certificate setting is described from the
// certificate on the device itself, so the evidence is the device's, not the profile's.
import { parseCertificate } from '../../../crypto/certificate';
import type { ControllerCapabilities, ControllerSecurityDriver } from '../../../devices/controller-security-driver';
import { ModuleConfigurationSchema } from '../../../model/module-configuration';
import { SNAPSHOT_SCHEMA_VERSION, type ControllerSnapshot, type ObservedFromPc } from '../../../model/device-snapshot';

const DAY_MS = 86_400_000;

export interface SnapshotContext {
  system: 'mx-r' | 'mx-f';
  capabilities: ControllerCapabilities;
  now: () => Date;
  observed?: ObservedFromPc;
}

export async function readControllerSnapshot(driver: ControllerSecurityDriver, ctx: SnapshotContext): Promise<ControllerSnapshot> {
  const ops = ctx.capabilities.operations;
  const iso = () => ctx.now().toISOString();
  const identity = await driver.readIdentity();
  const snapshot: ControllerSnapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    system: ctx.system,
    takenAt: iso(),
    identity: { model: identity.model, modelCode: identity.modelCode, firmware: ctx.capabilities.firmwareVersion, serial: ctx.capabilities.serialNumber },
    link: { kind: identity.linkKind, description: identity.linkDescription },
    observed: ctx.observed ?? { portProbes: [], tlsHandshakes: [] },
    settings: {},
  };
  if (ops.has('users')) {
    const ua = await driver.readUserAuthentication();
    const at = iso();
    snapshot.userAuthentication = { value: { enabled: ua.enabled }, readAt: at };
    snapshot.settings.users = { value: { users: ua.users.map((u) => ({ name: u.name, group: u.group })), groups: ua.groups }, readAt: at };
  }
  if (ops.has('parameters')) {
    const p = await driver.readParameters();
    const at = iso();
    for (const [key, value] of Object.entries(p.inEffect)) {
      // Device blocks the commissioning profile does not hold (periodic maintenance settings, the module
      // configuration) stay out of it.
      if (key === 'automaticBackup' || key === 'automaticRestoration' || key === 'moduleConfiguration' || key === 'certificate' || value === undefined) continue;
      (snapshot.settings as Record<string, unknown>)[key] = { value, readAt: at };
    }
    // Table 9/27 row 7 evidence: the modules other than the controller. No block in effect is the
    // device's factory state, nothing mounted (docs/protocol.md 7E03). A configuration the app cannot
    // read is left out, so the row says it was not read rather than showing a guess.
    const modules = ModuleConfigurationSchema.safeParse(p.inEffect.moduleConfiguration ?? {});
    if (modules.success) snapshot.moduleConfiguration = { value: modules.data, readAt: at };
  }
  if (ops.has('clock')) {
    const pcBefore = ctx.now();
    const device = await driver.readClock();
    const pcAfter = ctx.now();
    // The PC time is taken halfway through the round trip, so a slow link is not counted as offset.
    const pc = new Date((pcBefore.getTime() + pcAfter.getTime()) / 2);
    snapshot.clock = { deviceTime: device.toISOString(), pcTime: pc.toISOString(), offsetSeconds: (device.getTime() - pc.getTime()) / 1000, readAt: pcAfter.toISOString() };
  }
  if (ops.has('certificate')) {
    const c = await driver.readCertificate();
    if (c) {
      const at = iso();
      snapshot.certificate = { fingerprint256: c.fingerprint256, notBefore: c.notBefore, notAfter: c.notAfter, readAt: at };
      const parsed = parseCertificate(c.certificatePem);
      const keyType = parsed.publicKeyType === 'ec-p256' ? 'ecdsa-p256' : parsed.publicKeyType === 'rsa-2048' ? 'rsa-2048' : parsed.publicKeyType;
      (snapshot.settings as Record<string, unknown>).certificate = {
        value: { validityDays: Math.round((Date.parse(c.notAfter) - Date.parse(c.notBefore)) / DAY_MS), keyType },
        readAt: at,
      };
    }
  }
  if (ops.has('event-history')) {
    const eh = snapshot.settings.eventHistory?.value;
    const integrity = await driver.verifyEventHistory();
    const { total } = await driver.readEventHistory({ max: 1 });
    snapshot.eventHistoryStatus = {
      enabled: eh?.enabled ?? false,
      destination: eh?.destination ?? 'data-memory',
      // Without the tamper check the chain is not judged (null), unless the device itself reports it broken.
      chainVerified: eh?.tamperCheck ? integrity.ok : integrity.ok ? null : false,
      entries: total,
      readAt: iso(),
    };
  }
  return snapshot;
}
