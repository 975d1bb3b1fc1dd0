// Firmware and add-on update (2.4.2 / 2.4.3, 3.4.2 / 3.4.3; Table 17/35 row 2): only logged on as an
// Administrator, with the system stopped (read from the device) and disconnected from other networks (the
// operator confirms: the app cannot see the plant's cabling), the package's vendor signature, model and
// image checked on this PC BEFORE anything is sent, the version read back after, and a rollback path when
// the version read back is not the package's: the previous version's package, checked the same way.
import { verifyFirmwarePackage, type VerifiedPackage } from '../crypto/firmware-package';
import { enforceFirmwareConditions } from '../commissioning/families/mx-controller/controller-guards';
import type { ControllerSecurityDriver } from '../devices/controller-security-driver';
import type { KeyObject } from 'node:crypto';
import { systemOf } from './event-history';

export interface FirmwareUpdateInput {
  /** Logged on; the logon's group decides "as an Administrator". */
  driver: ControllerSecurityDriver;
  loggedOnGroup: string;
  pkg: Buffer;
  /** The vendor keys this PC trusts for packages. */
  vendorPublicKeys: Array<KeyObject | string>;
  /** The operator's confirmation that the system is disconnected from other networks. */
  disconnectedFromOtherNetworks: boolean;
  /** The package of the version to go back to, when the version read back is wrong. */
  rollbackPackage?: Buffer;
  onProgress?: (line: string) => void;
}

export interface FirmwareUpdateResult {
  kind: VerifiedPackage['kind'];
  name?: string;
  before: string;
  expected: string;
  after: string;
  ok: boolean;
  rolledBack?: { to: string; ok: boolean };
}

function versionOf(v: { firmwareVersion: string; addOns: Array<{ name: string; version: string }> }, p: VerifiedPackage): string {
  return p.kind === 'firmware' ? v.firmwareVersion : (v.addOns.find((a) => a.name === p.name)?.version ?? 'not installed');
}

export async function updateFirmwareSafely(input: FirmwareUpdateInput): Promise<FirmwareUpdateResult> {
  const say = input.onProgress ?? (() => undefined);
  const caps = await input.driver.capabilities();
  const identity = await input.driver.readIdentity();
  // 2.4.2.1: the guard of the guideline, on facts read from the device and the operator's confirmation.
  enforceFirmwareConditions(systemOf(caps), {
    loggedOnAsAdministrator: input.loggedOnGroup === 'Administrators',
    cpuState: identity.cpuState,
    disconnectedFromOtherNetworks: input.disconnectedFromOtherNetworks,
  });
  say('Checking the package on this PC (vendor signature, model, image) before sending it…');
  const verified = await verifyFirmwarePackage(input.pkg, { vendorPublicKeys: input.vendorPublicKeys, model: caps.model });
  const rollback = input.rollbackPackage ? await verifyFirmwarePackage(input.rollbackPackage, { vendorPublicKeys: input.vendorPublicKeys, model: caps.model }) : undefined;
  if (rollback && (rollback.kind !== verified.kind || rollback.name !== verified.name)) throw new Error('The rollback package is not for the same firmware or add-on as the update.');
  const before = versionOf(await input.driver.readVersions(), verified);
  say(`Sending ${verified.kind === 'firmware' ? 'firmware' : `add-on ${verified.name}`} ${verified.version} (now ${before})…`);
  await input.driver.updateFirmware(input.pkg);
  const after = versionOf(await input.driver.readVersions(), verified);
  const result: FirmwareUpdateResult = { kind: verified.kind, ...(verified.name ? { name: verified.name } : {}), before, expected: verified.version, after, ok: after === verified.version };
  if (result.ok || !rollback) return result;
  say(`The version read back is ${after}, not ${verified.version}: going back to ${rollback.version}…`);
  await input.driver.updateFirmware(input.rollbackPackage!);
  const back = versionOf(await input.driver.readVersions(), rollback);
  return { ...result, rolledBack: { to: back, ok: back === rollback.version } };
}
