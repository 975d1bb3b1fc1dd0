// The store's device registry: one record per commissioned device with its pinned certificate
// fingerprint (never the key). Later TLS connections to the device must present exactly that certificate.
import type { PinLookup } from '../../devices/endpoint';
import type { KeyValueStore } from '../../store/store';
import { assertNoSecrets } from '../../store/no-secrets';

export interface DeviceRecord {
  deviceId: string;
  model: string;
  serial: string | null;
  fingerprint256: string;
  notAfter: string;
  pinnedAt: string;
  tlsEndpoint?: string;
  /** The device's last signed report (commissioning or maintenance visit): the start of the next period. */
  lastReport?: { kind: 'commissioning' | 'maintenance-visit'; at: string; digest?: string };
  /** Figure 8 / 22 step 15: when the next periodic check is due, recorded with the report (guideline/periodic-check-schedule.ts). */
  nextPeriodicCheck?: string;
}

const KEY = 'device-registry';

export class DeviceRegistry implements PinLookup {
  constructor(private readonly store: KeyValueStore) {}

  /**
   * The pin store looked up by device: the fingerprint pinned for the device whose TLS listener is at
   * HOST:PORT (the last one pinned there, if a device was replaced at the same address). A tls:// endpoint
   * without a #sha256= fingerprint is opened with it (devices/endpoint.ts).
   */
  fingerprintFor(hostPort: string): string | undefined {
    const at = this.all().filter((r) => r.tlsEndpoint === hostPort);
    return at.sort((a, b) => b.pinnedAt.localeCompare(a.pinnedAt))[0]?.fingerprint256;
  }

  get(deviceId: string): DeviceRecord | undefined {
    return this.store.get<Record<string, DeviceRecord>>(KEY)?.[deviceId];
  }

  pin(record: DeviceRecord): void {
    const all = { ...(this.store.get<Record<string, DeviceRecord>>(KEY) ?? {}) };
    all[record.deviceId] = record;
    this.store.set(KEY, all);
  }

  /** Records the last signed report of a known device (nothing for a device this installation never pinned). */
  noteReport(deviceId: string, report: NonNullable<DeviceRecord['lastReport']>, nextPeriodicCheck?: string): void {
    const record = this.get(deviceId);
    if (record) this.pin({ ...record, lastReport: report, ...(nextPeriodicCheck ? { nextPeriodicCheck } : {}) });
  }

  /** Disposal (2.6 / 3.6): the device leaves this installation; its pin goes with it. Returns the removed record. */
  remove(deviceId: string): DeviceRecord | undefined {
    const all = { ...(this.store.get<Record<string, DeviceRecord>>(KEY) ?? {}) };
    const removed = all[deviceId];
    delete all[deviceId];
    this.store.set(KEY, all);
    return removed;
  }

  all(): DeviceRecord[] {
    return Object.values(this.store.get<Record<string, DeviceRecord>>(KEY) ?? {});
  }
}

/** Serial number when the device reports one, else the model: what the registry keys a device by. */
export const deviceIdOf = (model: string, serial: string | null): string => (serial ? `${model}#${serial}` : model);

/** An in-memory store for callers that have none (tests, a CLI run without a data dir). */
export function memoryStore(): KeyValueStore {
  const data = new Map<string, unknown>();
  return {
    path: '(memory)',
    get: <T>(k: string) => structuredClone(data.get(k)) as T | undefined,
    set: (k, v) => {
      assertNoSecrets(v, k);
      data.set(k, structuredClone(v));
    },
    delete: (k) => void data.delete(k),
    has: (k) => data.has(k),
  };
}
