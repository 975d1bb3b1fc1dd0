// Test fixture: a profile ready to commission (recommended values, this PC allowed, attestations of the
// rows a device cannot show), the FAKE controller, a journal in a temporary directory and an operator
// that answers from options. Used by the engine's unit tests only.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recommendedProfile } from '../../recommended-profile';
import type { ControllerProfile } from '../../../model/security-settings';
import { GUIDELINE } from '../../guideline';
import { Journal } from '../../journal/journal';
import { FileJournalStore } from '../../journal/journal-store';
import { CommissioningEngine, type CommissioningPlan, type ProgressEvent } from '../commissioning-engine';
import { MX_CONTROLLER_FAMILY } from '../../families';
import { DeviceRegistry, memoryStore } from '../device-registry';
import { SecretsFromMap, type BackupChoice, type Operator } from '../operator';
import { FakeControllerDevice, fakeConnector, fakeProbe } from './fake-controller-driver';

export const TEST_PASSWORDS = new Map([
  ['admin1', 'Kq7-Cabinet-North!'],
  ['admin2', 'Zr4-Cabinet-South!'],
]);

export function readyProfile(model: string, at = new Date('2026-11-01T09:00:00Z')): ControllerProfile {
  const p = recommendedProfile(model, { pcAddress: '127.0.0.1' }) as ControllerProfile;
  const g = GUIDELINE[p.system];
  // Everything a device cannot show: the attestation rows, the implementation matters (Table 10/28) and the
  // checklist steps; without them the report is "met with deviations" (deviations.ts).
  const ids = [
    ...g.settingsTable.filter((r) => r.verification === 'attestation').map((r) => r.id),
    ...g.implementationMatters.map((i) => i.id),
    ...g.procedure.steps.filter((s) => s.kind === 'operator-checklist').map((s) => s.id),
  ];
  return { ...p, attestations: ids.map((id) => ({ id, by: 'T. Tester', at: at.toISOString(), text: `Checked on site: ${id}.` })) };
}

export interface FixtureOptions {
  profile?: ControllerProfile;
  device?: FakeControllerDevice;
  plan?: Partial<CommissioningPlan>;
  confirmModel?: string;
  backup?: BackupChoice;
  previousAdmin?: { userName: string; password: string };
  journalDir?: string;
  sessionId?: string;
  events?: ProgressEvent[];
  manual?: string[];
}

export function makeFixture(model: string, o: FixtureOptions = {}) {
  const device = o.device ?? new FakeControllerDevice(model);
  const profile = o.profile ?? readyProfile(model);
  const dir = o.journalDir ?? mkdtempSync(join(tmpdir(), 'mxc-engine-'));
  const store = new FileJournalStore(join(dir, 'journals'));
  const registryStore = memoryStore();
  const registry = new DeviceRegistry(registryStore);
  const manual = o.manual ?? [];
  const operator: Operator = {
    name: 'T. Tester',
    confirmInitialization: async () => o.confirmModel,
    backupBeforeInitialization: async () => o.backup ?? { kind: 'declined', reason: 'Spare controller from stock; nothing on it is needed.' },
    performManually: async (_step, what) => {
      manual.push(what);
      return true;
    },
  };
  const secrets = new SecretsFromMap(TEST_PASSWORDS, o.previousAdmin);
  const plan: CommissioningPlan = { profile, target: { kind: 'usb-socket', path: '/fake/usb.sock' }, tlsEndpoint: { host: '127.0.0.1', port: 5010 }, pcAddress: '127.0.0.1', ...o.plan };
  const engine = (journal: Journal) =>
    new CommissioningEngine(plan, { connect: fakeConnector(device), family: MX_CONTROLLER_FAMILY, journal, registry, operator, secrets, probe: fakeProbe(device), reconnect: { attempts: 3, delayMs: 1 }, testOperation: 'skip', ...(o.events ? { onProgress: (e) => o.events!.push(e) } : {}) });
  const newJournal = () => Journal.create(store, o.sessionId ? { sessionId: o.sessionId } : {});
  return { device, profile, dir, store, registry, registryStore, operator, secrets, plan, engine, newJournal, manual };
}
