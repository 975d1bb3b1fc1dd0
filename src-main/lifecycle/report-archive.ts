// The signed reports of each known device, kept by this installation so the app can start the next
// visit from the last one (a visit names its predecessor by hash: report-chain.ts). A signed report holds
// no secret (the report schemas refuse them), so it is stored as it was exported. One file per device:
// <dataDir>/reports/<device>/last.json, plus every report under its digest, so the chain stays readable.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignedReport } from '../crypto/report-signature';
import { signedDigest } from '../report/report-chain';

const safe = (deviceId: string): string => deviceId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'device';

export function archiveDirectory(dataDir: string, deviceId: string): string {
  return join(dataDir, 'reports', safe(deviceId));
}

/** Keeps `signed` as the device's last report (and under its digest). Returns the path of last.json. */
export function archiveReport(dataDir: string, deviceId: string, signed: SignedReport): string {
  const dir = archiveDirectory(dataDir, deviceId);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const text = JSON.stringify(signed, null, 2);
  writeFileSync(join(dir, `${signedDigest(signed).replace(/[^A-Za-z0-9]/g, '').slice(0, 64)}.json`), text, { mode: 0o600 });
  const last = join(dir, 'last.json');
  writeFileSync(last, text, { mode: 0o600 });
  return last;
}

/** The device's last signed report, or undefined when this installation kept none. */
export function lastReport(dataDir: string, deviceId: string): SignedReport | undefined {
  const path = join(archiveDirectory(dataDir, deviceId), 'last.json');
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as SignedReport;
}
