// The MX controller's settings writers: one per setting key of the profile, registered by the family
// (mx-controller-family.ts). The engine journals, guards and verifies around them; a writer only says
// how its setting travels to the device and how it is read back and compared.
import { createSelfSignedCertificate, type CertificateKeyType } from '../../../crypto/certificate';
import { canonicalize } from '../../../crypto/report-signature';
import type { ControllerOperation, ControllerSecurityDriver, ParameterKey } from '../../../devices/controller-security-driver';
import { COMMUNICATION_FUNCTIONS, CONTROLLER_SETTING_KEYS, type ControllerProfile, type ControllerSettingKey } from '../../../model/security-settings';
import { EngineError } from '../../engine/engine-errors';
import { ref } from '../../guideline/references';
import type { SettingWriteContext, SettingWriter } from '../../family/device-family';

type Writer = SettingWriter<ControllerSecurityDriver, ControllerProfile>;
type Ctx = SettingWriteContext<ControllerSecurityDriver, ControllerProfile>;

const same = (a: unknown, b: unknown): boolean => canonicalize([a ?? null]) === canonicalize([b ?? null]);

/** The user information as it is compared: names and groups sorted, no passwords, no account status. */
export const sortedUsers = (info: { users: Array<{ name: string; group: string }>; groups: Array<{ name: string; kind: string; authorities: string[] }> }) => ({
  users: [...info.users].map((u) => ({ name: u.name, group: u.group })).sort((a, b) => a.name.localeCompare(b.name)),
  groups: [...info.groups].map((g) => ({ name: g.name, kind: g.kind, authorities: [...g.authorities].sort() })).sort((a, b) => a.name.localeCompare(b.name)),
});

/** The profile names ECDSA as the standards do; crypto/certificate.ts names the curve. */
export function mapKeyType(keyType: 'ecdsa-p256' | 'rsa-2048'): CertificateKeyType {
  return keyType === 'ecdsa-p256' ? 'ec-p256' : 'rsa-2048';
}

async function clockOffsetSeconds(ctx: Ctx): Promise<number> {
  const before = ctx.now().getTime();
  const device = (await ctx.driver.readClock()).getTime();
  const after = ctx.now().getTime();
  return (device - (before + after) / 2) / 1000;
}

const users: Writer = {
  key: 'users',
  operation: 'users',
  // 2.4.4.3: the user information never leaves the device without an Administrator; the passwords travel
  // only over a link 2.4.7.1 A/B accepts.
  requires: ['guard.last-administrator', 'order.encryption-by-link'],
  // The first write of the user information turns user authentication on: from then on the session logs
  // on as the profile's Administrator on every connection.
  enablesLogon: true,
  intended: (p) => sortedUsers(p.settings.users),
  async write(ctx) {
    const info = ctx.profile.settings.users;
    const passwords = new Map<string, string>();
    for (const u of info.users) {
      const pw = ctx.secrets.userPassword(u.name);
      if (pw === undefined) throw new EngineError('SECRET_MISSING', `Enter the password of user "${u.name}" (secrets file or prompt); passwords are never kept in the profile.`, [ref.section('2.4.4')]);
      passwords.set(u.name, pw);
    }
    const intended = sortedUsers(info);
    ctx.journal('intended', intended);
    ctx.refused(intended, await ctx.driver.writeUserInformation(info, passwords, ctx.options));
    ctx.journal('written', intended);
    return ctx.verify(intended);
  },
  async readBack(ctx, intended) {
    // The first write turns user authentication on: reading the users back needs an Administrator.
    let ua;
    try {
      ua = await ctx.driver.readUserAuthentication();
    } catch (error) {
      if (ctx.isLinkLoss(error)) throw error;
      await ctx.logonAsAdministrator();
      ua = await ctx.driver.readUserAuthentication();
    }
    const value = { enabled: ua.enabled, ...sortedUsers({ users: ua.users, groups: ua.groups }) };
    return { matches: ua.enabled && same({ users: value.users, groups: value.groups }, intended), value };
  },
};

const certificate: Writer = {
  key: 'certificate',
  operation: 'certificate',
  // The private key travels only over a link 2.4.7.1 A/B accepts.
  requires: ['order.encryption-by-link'],
  needsClockOffset: true,
  pinsCertificate: true,
  intended: (p) => p.settings.certificate,
  async write(ctx) {
    const deviceNow = await ctx.driver.readClock();
    const tls = ctx.tlsEndpoint;
    const caps = ctx.capabilities;
    const wanted = ctx.profile.settings.certificate;
    const created = await createSelfSignedCertificate({
      commonName: `${caps.model}${caps.serialNumber ? ` ${caps.serialNumber}` : ''}`.slice(0, 64),
      validityDays: wanted.validityDays,
      notBefore: deviceNow,
      keyType: mapKeyType(wanted.keyType),
      ...(tls ? { subjectAltNames: [/^[\d.]+$|:/.test(tls.host) ? { ip: tls.host } : { dns: tls.host }] } : {}),
    });
    // The journal holds the certificate's public facts; the private key exists only in this scope and in
    // the request to the device.
    const intended = { fingerprint256: created.fingerprint256, notBefore: created.notBefore.toISOString(), notAfter: created.notAfter.toISOString(), keyType: wanted.keyType };
    ctx.journal('intended', intended);
    await ctx.driver.writeCertificate(created.certificatePem, created.privateKeyPem, ctx.options);
    ctx.journal('written', intended);
    const state = await ctx.verify(intended);
    ctx.keepCertificate({ pem: created.certificatePem, der: created.certificateDer, fingerprint256: created.fingerprint256, notBefore: intended.notBefore, notAfter: intended.notAfter });
    return state;
  },
  async readBack(ctx, intended) {
    const c = await ctx.driver.readCertificate();
    const value = c ? { fingerprint256: c.fingerprint256, notBefore: c.notBefore, notAfter: c.notAfter } : null;
    return { matches: c !== null && c.fingerprint256 === (intended as { fingerprint256: string }).fingerprint256, value };
  },
};

const clock: Writer = {
  key: 'clock',
  operation: 'parameters',
  setsClock: true,
  intended: (p) => p.settings.clock,
  async write(ctx) {
    const intended = ctx.profile.settings.clock;
    ctx.journal('intended', intended);
    ctx.refused(intended, await ctx.driver.writeParameters({ clock: intended }, ctx.options));
    // 2.4.7.3: set from this PC's clock before any certificate is created — with SNTP as the source too:
    // the device refuses an SNTP correction larger than maxOffsetSeconds (a rogue time server must not
    // move it by hours), so a device clock far off at the factory would otherwise never be corrected.
    await ctx.driver.writeClock(ctx.now());
    ctx.journal('written', intended);
    return ctx.verify(intended);
  },
  async readBack(ctx, intended) {
    const written = (await ctx.driver.readParameters()).written.clock;
    const offset = await clockOffsetSeconds(ctx);
    const max = ctx.profile.settings.clock.maxOffsetSeconds;
    return { matches: same(written, intended) && Math.abs(offset) <= max, value: { block: written ?? null, offsetSeconds: Math.round(offset * 1000) / 1000 } };
  },
};

/** 2.4.7.1 B: over Ethernet the engineering tool's own function first, then the other functions. */
async function parameterValue(ctx: Ctx, key: ControllerSettingKey): Promise<unknown> {
  const value = ctx.profile.settings[key];
  if (key !== 'encryptedCommunication' || ctx.scope !== 'engineering-tool') return value;
  const current = (await ctx.driver.readParameters()).written.encryptedCommunication;
  const wanted = ctx.profile.settings.encryptedCommunication;
  const off = { inUse: false, beyondTrustBoundary: false, tls: false };
  const functions = Object.fromEntries(COMMUNICATION_FUNCTIONS.map((f) => [f, f === 'melsoft-got' ? wanted.functions[f] : (current?.functions[f] ?? off)]));
  return { tlsVersion: wanted.tlsVersion, functions };
}

/** A setting written as one parameter block and read back from the blocks written. */
function parameterBlock(key: Exclude<ControllerSettingKey, 'users' | 'certificate' | 'clock'>): Writer {
  return {
    key,
    operation: 'parameters',
    ...(key === 'encryptedCommunication' ? { needsClockOffset: true } : {}),
    intended: (p) => p.settings[key],
    async write(ctx) {
      const intended = await parameterValue(ctx, key);
      ctx.journal('intended', intended);
      ctx.refused(intended, await ctx.driver.writeParameters({ [key]: intended }, ctx.options));
      ctx.journal('written', intended);
      return ctx.verify(intended);
    },
    async readBack(ctx, intended) {
      const written = (await ctx.driver.readParameters()).written[key as ParameterKey];
      return { matches: written !== undefined && same(written, intended), value: written ?? null };
    },
  };
}

const SPECIAL: Partial<Record<ControllerSettingKey, Writer>> = { users, certificate, clock };

/** Every setting of the controller profile has its writer. */
export const CONTROLLER_WRITERS: ReadonlyMap<string, Writer> = new Map(
  CONTROLLER_SETTING_KEYS.map((k) => [k, SPECIAL[k] ?? parameterBlock(k as Exclude<ControllerSettingKey, 'users' | 'certificate' | 'clock'>)]),
);

/** The driver operation each setting needs (what a capability-less driver leaves to the operator). */
export const operationOf = (key: string): ControllerOperation | undefined => CONTROLLER_WRITERS.get(key)?.operation;
