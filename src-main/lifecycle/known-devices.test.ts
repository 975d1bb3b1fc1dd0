// The home list: certificate standing on the 2.4.7.3 calendar, next check one year after the last report,
// a disposed device gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeviceRegistry, memoryStore } from '../commissioning/engine/device-registry';
import { knownDevices } from './known-devices';

test('known devices: certificate standing, next periodic check, disposal removes the device', () => {
  const registry = new DeviceRegistry(memoryStore());
  const now = new Date('2026-12-04T00:00:00Z');
  registry.pin({ deviceId: 'MXR300-32#A1', model: 'MXR300-32', serial: 'A1', fingerprint256: 'AA', notAfter: '2027-01-10T00:00:00.000Z', pinnedAt: '2025-11-01T00:00:00.000Z' });
  registry.pin({ deviceId: 'MXF100-16-N32#B2', model: 'MXF100-16-N32', serial: 'B2', fingerprint256: 'BB', notAfter: '2027-11-01T00:00:00.000Z', pinnedAt: '2026-11-01T00:00:00.000Z' });
  registry.noteReport('MXF100-16-N32#B2', { kind: 'maintenance-visit', at: '2026-12-01T00:00:00.000Z', digest: 'sha256:00' });
  const list = knownDevices(registry, now);
  assert.deepEqual(list.map((d) => [d.model, d.certificate.standing, d.nextCheck.overdue, d.lastReport?.kind ?? null]), [
    ['MXF100-16-N32', 'valid', false, 'maintenance-visit'],
    ['MXR300-32', 'renew-soon', true, null],
  ]);
  assert.equal(list[0]!.nextCheck.due, '2027-12-01T00:00:00.000Z');
  // The date recorded with the report (the end of a commissioning, a visit) is the one shown; 30 days before it, a warning.
  registry.noteReport('MXF100-16-N32#B2', { kind: 'commissioning', at: '2026-01-01T00:00:00.000Z' }, '2026-12-20T00:00:00.000Z');
  const soon = knownDevices(registry, now).find((d) => d.model === 'MXF100-16-N32')!;
  assert.deepEqual(soon.nextCheck, { due: '2026-12-20T00:00:00.000Z', overdue: false, dueSoon: true });
  assert.equal(registry.get('MXF100-16-N32#B2')?.nextPeriodicCheck, '2026-12-20T00:00:00.000Z');
  registry.remove('MXR300-32#A1');
  assert.deepEqual(knownDevices(registry, now).map((d) => d.model), ['MXF100-16-N32']);
});
