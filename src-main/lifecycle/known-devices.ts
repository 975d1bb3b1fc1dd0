// The home screen's list: every device this installation knows (the registry of pins), with its last
// report, its next periodic check (2.5.2 / 3.5.2: at least once a year) and its certificate expiry on
// the 2.4.7.3 calendar. A disposed device has left the registry, so it leaves the list.
import type { DeviceRegistry } from '../commissioning/engine/device-registry';
import type { KnownDevice } from '../model/known-device';
import { certificateStanding } from './certificate-calendar';

export type { KnownDevice };

// Project choice: the next periodic check is due one year after the last report (the guideline: periodic
// verification at least once a year); without a report, one year after the device was pinned.
export const PERIODIC_CHECK_INTERVAL_DAYS = 365;
const DAY_MS = 86_400_000;


export function knownDevices(registry: DeviceRegistry, now: Date): KnownDevice[] {
  return registry
    .all()
    .map((r) => {
      const standing = certificateStanding({ notAfter: r.notAfter }, now);
      const since = Date.parse(r.lastReport?.at ?? r.pinnedAt);
      const due = new Date(since + PERIODIC_CHECK_INTERVAL_DAYS * DAY_MS);
      return {
        deviceId: r.deviceId,
        model: r.model,
        serial: r.serial,
        pinnedAt: r.pinnedAt,
        certificate: { fingerprint256: r.fingerprint256, notAfter: standing.notAfter, standing: standing.standing, daysLeft: standing.daysLeft },
        lastReport: r.lastReport ? { kind: r.lastReport.kind, at: r.lastReport.at } : null,
        nextCheck: { due: due.toISOString(), overdue: due.getTime() <= now.getTime() },
      };
    })
    .sort((a, b) => a.model.localeCompare(b.model) || a.deviceId.localeCompare(b.deviceId));
}
