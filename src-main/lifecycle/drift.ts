// Drift: what changed on the device since the report a visit follows, setting by setting. Both sides are
// snapshots read from the device (model/device-snapshot.ts); every difference is listed with both values
// and the settings-table rows (with their guideline references) the setting belongs to. Only settings
// read on BOTH occasions are compared; a setting read once only is listed as drift too (it appeared or
// disappeared), never silently skipped.
import { GUIDELINE, formatReferences } from '../commissioning/guideline';
import type { DeviceSnapshot } from '../model/device-snapshot';
import type { DriftItem } from '../report/visit-report';

// Project choice: at most 200 differences are listed per visit (the rest are counted in the last item):
// a device that was reset or replaced differs everywhere and the list must stay readable.
const MAX_ITEMS = 200;

function leaves(value: unknown, path: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(path, Array.isArray(value) ? [] : {});
    for (const [k, v] of entries) leaves(v, `${path}.${k}`, out);
    return;
  }
  out.set(path, value);
}

/**
 * The readings compared: every setting; for a controller user authentication on/off and the certificate in
 * use; for the wireless LAN adapter whether its initial password is replaced and its RADIUS certificate.
 */
function comparable(s: DeviceSnapshot): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const [key, reading] of Object.entries(s.settings)) if (reading) m.set(key, (reading as { value: unknown }).value);
  if (s.system === 'wlan-adapter') {
    if (s.status.initialPasswordReplaced) m.set('initialPasswordReplaced', s.status.initialPasswordReplaced.value);
    if (s.status.radiusCertificate) m.set('radiusCertificate', s.status.radiusCertificate.value);
    return m;
  }
  if (s.userAuthentication) m.set('userAuthentication', s.userAuthentication.value);
  if (s.certificate) m.set('certificateInUse', { fingerprint256: s.certificate.fingerprint256, notAfter: s.certificate.notAfter });
  return m;
}

// The adapter's readings outside its settings, and the setting whose Table 44 rows they belong to.
const ADAPTER_STATUS_SETTING: Record<string, string> = { initialPasswordReplaced: 'webPassword', radiusCertificate: 'security' };

export function compareSnapshots(baseline: DeviceSnapshot, now: DeviceSnapshot): DriftItem[] {
  const table = GUIDELINE[now.system].settingsTable;
  const rowsOf = (setting: string) => {
    const key = setting === 'userAuthentication' ? 'users' : setting === 'certificateInUse' ? 'certificate' : (ADAPTER_STATUS_SETTING[setting] ?? setting);
    return table.filter((r) => (r.settingKeys as string[]).includes(key));
  };
  const before = comparable(baseline);
  const after = comparable(now);
  const items: DriftItem[] = [];
  const settings = [...new Set([...before.keys(), ...after.keys()])].sort();
  let skipped = 0;
  for (const setting of settings) {
    const a = new Map<string, unknown>();
    const b = new Map<string, unknown>();
    if (before.has(setting)) leaves(before.get(setting), setting, a);
    if (after.has(setting)) leaves(after.get(setting), setting, b);
    const rows = rowsOf(setting);
    for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const x = a.has(path) ? a.get(path) : null;
      const y = b.has(path) ? b.get(path) : null;
      if (JSON.stringify(x) === JSON.stringify(y)) continue;
      if (items.length >= MAX_ITEMS) {
        skipped++;
        continue;
      }
      items.push({ setting, path, baseline: x, now: y, rows: rows.map((r) => r.id), references: formatReferences(rows.flatMap((r) => r.references)) });
    }
  }
  if (skipped) items.push({ setting: '(more)', path: '(more)', baseline: null, now: `${skipped} more differences not listed`, rows: [], references: '' });
  return items;
}
