// The wireless LAN adapter's settings writers: one per setting of the profile, in the order of
// ADAPTER_WRITE_ORDER (ordering-rules.ts: the password policy first, the MAC address filters last). The
// engine journals, guards and verifies around them; `writeAdapterProfile` runs the same writers without the
// engine (the practice pair and the tests that need a commissioned adapter fast).
import { canonicalize } from '../../../crypto/report-signature';
import { DeviceOperationError } from '../../../devices/device-error';
import { ADAPTER_ACCOUNT, type AdapterSessionDriver } from '../../../devices/wlan-adapter/adapter-session-driver';
import type { WlanAdapterDriver } from '../../../devices/wlan-adapter/wlan-adapter-driver';
import type { AdapterProfile, AdapterSettingKey } from '../../../model/security-settings';
import { EngineError } from '../../engine/engine-errors';
import { ref } from '../../guideline/references';
import { ADAPTER_WRITE_ORDER } from '../../guideline/ordering-rules';
import type { SettingWriter } from '../../family/device-family';

/** The secrets-file name of the personal modes' passphrase (the "users" map; never kept). */
export const PASSPHRASE_SECRET = 'passphrase';

const same = (a: unknown, b: unknown): boolean => canonicalize([a ?? null]) === canonicalize([b ?? null]);
export const adapterOf = (driver: AdapterSessionDriver): WlanAdapterDriver => driver.adapter;

async function writeOne(adapter: WlanAdapterDriver, profile: AdapterProfile, key: AdapterSettingKey, passphrase: string | undefined): Promise<unknown> {
  const value = profile.settings[key];
  const personal = key === 'security' && profile.settings.security.authentication.includes('Personal');
  return adapter.writeSetting(key, value as never, personal && passphrase ? { passphrase } : {});
}

function writer(key: AdapterSettingKey): SettingWriter<AdapterSessionDriver, AdapterProfile> {
  return {
    key,
    operation: 'parameters',
    ...(key === 'macFilter' ? { requires: ['guard.pc-mac-allowed-before-mac-filter' as const] } : {}),
    intended: (p) => p.settings[key],
    async write(ctx) {
      const intended = ctx.profile.settings[key];
      const passphrase = ctx.secrets.userPassword(PASSPHRASE_SECRET);
      if (key === 'security' && ctx.profile.settings.security.authentication.includes('Personal') && !passphrase)
        throw new EngineError('SECRET_MISSING', `Enter the passphrase of ${ctx.profile.settings.security.authentication} (secrets file "users" → "${PASSPHRASE_SECRET}"); it is never kept.`, [ref.section('4.4.2.1')]);
      ctx.journal('intended', intended);
      try {
        await writeOne(adapterOf(ctx.driver), ctx.profile, key, passphrase);
      } catch (error) {
        if (error instanceof DeviceOperationError && error.code === 'invalid-setting') ctx.refused(intended, [{ path: key, message: error.headline }]);
        throw error;
      }
      ctx.journal('written', intended);
      return ctx.verify(intended);
    },
    async readBack(ctx, intended) {
      const value = (await adapterOf(ctx.driver).readSettings()).settings[key];
      return { matches: same(value, intended), value };
    },
  };
}

export const ADAPTER_WRITERS: ReadonlyMap<string, SettingWriter<AdapterSessionDriver, AdapterProfile>> = new Map(ADAPTER_WRITE_ORDER.map((k) => [k, writer(k)]));

/**
 * The same writes without the engine, in the same order, with the same guard: this PC's MAC address must
 * stay in the filter of the side it uses. For a logged-on driver whose initial password is replaced.
 */
export async function writeAdapterProfile(adapter: WlanAdapterDriver, profile: AdapterProfile, secrets: { passphrase?: string }, pc: { mac: string; side: 'wired' | 'wireless' }): Promise<void> {
  const filter = profile.settings.macFilter[pc.side];
  if (filter.enabled && !filter.entries.includes(pc.mac.toUpperCase()))
    throw new EngineError('PROFILE_NOT_FOR_DEVICE', `This PC (${pc.mac}) is not in the ${pc.side} LAN MAC address filter of the profile: writing it would cut the PC off (4.4.3).`);
  for (const key of ADAPTER_WRITE_ORDER) await writeOne(adapter, profile, key, secrets.passphrase);
}

export { ADAPTER_ACCOUNT };
