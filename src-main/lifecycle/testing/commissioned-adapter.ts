// Test harness for the adapter's later life (visit, disposal): a virtual adapter commissioned through the
// session core (Figure 36, the engine, the adapter family, as `mxc commission` does), its signed compliance
// report as the baseline, a private data folder; everything stopped and removed after the test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { CommissioningEngine } from '../../commissioning/engine/commissioning-engine';
import { DeviceRegistry, memoryStore } from '../../commissioning/engine/device-registry';
import { SecretsFromMap } from '../../commissioning/engine/operator';
import { connectAdapter, WLAN_ADAPTER_FAMILY } from '../../commissioning/families/wlan-adapter/wlan-adapter-family';
import { TABLE_45_WLAN_ADAPTER } from '../../commissioning/guideline/tables/implementation-matters';
import { Journal } from '../../commissioning/journal/journal';
import { FileJournalStore } from '../../commissioning/journal/journal-store';
import { recommendedProfile } from '../../commissioning/recommended-profile';
import { signReport, type SignedReport } from '../../crypto/report-signature';
import type { Endpoint } from '../../devices/endpoint';
import type { AdapterProfile } from '../../model/security-settings';
import { buildComplianceReport } from '../../report/compliance-report';
import { loadOrCreateInstallationKey } from '../../report/installation-key';
import { FACTORY_PASSWORD } from '../../simulator/wlan-adapter/adapter-choices';
import { startVirtualAdapter, type RunningAdapter } from '../../simulator/wlan-adapter/virtual-adapter';

export const ADAPTER_PASSWORD = 'Adapter-Pass-2026!';
export const ADAPTER_PASSPHRASE = 'correct horse battery 42';
export const PC_MAC = '00:1A:2B:3C:4D:5E';
export { FACTORY_PASSWORD };

export interface CommissionedAdapter {
  adapter: RunningAdapter;
  target: Endpoint;
  dir: string;
  registry: DeviceRegistry;
  journals: FileJournalStore;
  baseline: SignedReport;
  keyId: string;
  privateKeyPem: string;
}

/** A virtual AP commissioned with the recommended profile (stealth SSID, WPA3-Personal, MAC filters). */
export async function commissionedAdapter(t: TestContext): Promise<CommissionedAdapter> {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-adapter-life-'));
  const adapter = await startVirtualAdapter({ logonDelayMs: { first: 50, max: 200 } });
  t.after(async () => {
    await adapter.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const p = recommendedProfile('wlan-adapter', { pcMac: PC_MAC }) as AdapterProfile;
  const at = '2026-03-01T09:00:00.000Z';
  const profile: AdapterProfile = {
    ...p,
    attestations: [...TABLE_45_WLAN_ADAPTER.map((i) => ({ id: i.id, by: 'T. Tester', at, text: i.text.en })), { id: 'fig36.step1', by: 'T. Tester', at, text: 'Installed, wire lock fixed.' }, { id: 'fig36.step14', by: 'T. Tester', at, text: 'The counterpart is commissioned with the same modes.' }],
  };
  const target: Endpoint = { kind: 'tls', host: adapter.web.host, port: adapter.web.port, fingerprint256: adapter.web.fingerprint256 };
  const registry = new DeviceRegistry(memoryStore());
  const journals = new FileJournalStore(join(dir, 'journals'));
  const secrets = new SecretsFromMap(new Map([['admin', ADAPTER_PASSWORD], ['passphrase', ADAPTER_PASSPHRASE], ['factory', FACTORY_PASSWORD]]));
  const outcome = await new CommissioningEngine(
    { profile: profile as never, target, pcMac: PC_MAC, pcSide: 'wired' },
    {
      connect: connectAdapter,
      family: WLAN_ADAPTER_FAMILY as never,
      journal: Journal.create(journals),
      registry,
      operator: { name: 'T. Tester', confirmInitialization: async () => undefined, // Step 12 backs up to this PC and reads the logs out (Table 44 row 8 met at the baseline).
        backupBeforeInitialization: async () => ({
          kind: 'to-pc',
          save: async (name: string, file: Buffer) => {
            const path = join(dir, name);
            writeFileSync(path, file);
            return path;
          },
        }), performManually: async () => false },
      secrets,
    },
  ).run();
  const key = await loadOrCreateInstallationKey(join(dir, 'data'));
  const baseline = await signReport(buildComplianceReport(outcome, { appVersion: 'test' }), key.privateKeyPem, key.keyId);
  return { adapter, target, dir, registry, journals, baseline, keyId: key.keyId, privateKeyPem: key.privateKeyPem };
}
