// The home screen's list: every device this installation knows (the registry of pins), with its last
// report, its next periodic check (2.5.2 / 3.5.2: at least once a year) and its certificate expiry on
// the 2.4.7.3 calendar. A disposed device has left the registry, so it leaves the list.
import type { DeviceRegistry } from '../commissioning/engine/device-registry';
import type { KnownDevice } from '../model/known-device';
import { certificateStanding } from './certificate-calendar';
import { periodicCheckDueBy, periodicCheckStanding } from '../commissioning/guideline/periodic-check-schedule';

export type { KnownDevice };

// The next periodic check: the date recorded with the device's last report (the end of the commissioning,
// each visit); for a record made before dates were recorded, a year after the last report or the pin.

export function knownDevices(registry: DeviceRegistry, now: Date): KnownDevice[] {
  return registry
    .all()
    .map((r) => {
      const standing = certificateStanding({ notAfter: r.notAfter }, now);
      const due = r.nextPeriodicCheck ?? periodicCheckDueBy(r.lastReport?.at ?? r.pinnedAt);
      const check = periodicCheckStanding(due, now);
      return {
        deviceId: r.deviceId,
        model: r.model,
        serial: r.serial,
        pinnedAt: r.pinnedAt,
        certificate: { fingerprint256: r.fingerprint256, notAfter: standing.notAfter, standing: standing.standing, daysLeft: standing.daysLeft },
        lastReport: r.lastReport ? { kind: r.lastReport.kind, at: r.lastReport.at } : null,
        nextCheck: { due, overdue: check.standing === 'overdue', dueSoon: check.standing === 'due-soon' },
      };
    })
    .sort((a, b) => a.model.localeCompare(b.model) || a.deviceId.localeCompare(b.deviceId));
}
