// Automatic backup (guideline 2.4.6: "backed up periodically using the automatic backup function";
// Table 35 row 5): at the set time every day, at the set time on the set days of the week, or when a stop
// error occurs, the controller writes a backup to its SD memory card by itself. If a function that cannot
// run at the same time (a backup, a restoration, a firmware update) is running, it retries; when the number
// of kept automatic backups reaches the upper limit, the oldest is deleted (or, if so set, the backup stops).
//
// Driven by the DEVICE clock: a scheduler (real timer, or ManualScheduler in tests) only says when to look.
//
// Parameter block `automaticBackup` (7E03, in effect after restart):
//   {enabled, trigger: "time"|"day-of-week"|"stop-error", time?, daysOfWeek?, retryCount,
//    retryIntervalSeconds, maxKept, atLimit?: "delete-oldest"|"stop"}
// Project choices:
//   - times are on the device clock in UTC (the virtual device has no time zone setting); `time` is "HH:MM",
//     every day (trigger "time") or on `daysOfWeek` (0 = Sunday ... 6 = Saturday);
//   - when the device clock jumps forward past several due moments, one backup is made, not one per moment;
//   - the upper limit counts automatic backups (files AUTO-*) only, never the technician's own backups;
//     at the limit the oldest automatic backup is deleted ("delete-oldest", the default) or, with
//     atLimit "stop", no new backup is made and the failure is recorded; maxKept 0 means no limit;
//   - while backup encryption is on, automatic backups are encrypted with the password of the last
//     encrypted backup made by hand (backup-engine.ts); without one, the automatic backup fails (recorded);
//   - a stop error is a self-diagnostic error appearing on the CPU (CpuState error code 0 -> not 0).

import type { SecurityContext } from '../security-context';
import { BackupEngine, type BackupEngineOptions } from './backup-engine';
import { exclusiveFunctionsOf } from './exclusive-functions';
import { realScheduler, type Scheduler } from './scheduler';

export interface AutomaticBackupSetting {
  enabled: boolean;
  trigger: 'time' | 'day-of-week' | 'stop-error';
  time?: string;
  daysOfWeek?: number[];
  retryCount: number;
  retryIntervalSeconds: number;
  maxKept: number;
  atLimit?: 'delete-oldest' | 'stop';
}

// Project choice: the controller looks at its clock every 15 s of real time; triggers are set in minutes.
export const AUTOMATIC_BACKUP_CHECK_INTERVAL_MS = 15_000;
export const AUTOMATIC_BACKUP_PREFIX = 'AUTO';

export interface AutomaticBackupOptions extends BackupEngineOptions {
  scheduler?: Scheduler;
  checkIntervalMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True when a moment the setting names lies in (from, to]. Looks back at most 8 days. */
export function dueBetween(setting: AutomaticBackupSetting, from: Date, to: Date): boolean {
  if (to.getTime() <= from.getTime() || setting.time === undefined) return false;
  const clock = HH_MM.exec(setting.time);
  if (!clock) return false;
  const minutes = Number(clock[1]) * 60 + Number(clock[2]);
  const start = Math.max(from.getTime(), to.getTime() - 8 * DAY_MS);
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day <= to.getTime(); day += DAY_MS) {
    const moment = day + minutes * 60_000;
    if (moment <= from.getTime() || moment > to.getTime()) continue;
    if (setting.trigger === 'time') return true;
    if (setting.trigger === 'day-of-week' && (setting.daysOfWeek ?? []).includes(new Date(moment).getUTCDay())) return true;
  }
  return false;
}

export function installAutomaticBackup(security: SecurityContext, options: AutomaticBackupOptions = {}): () => void {
  const { controller } = security;
  const engine = new BackupEngine(security, options);
  const lock = exclusiveFunctionsOf(controller);
  let lastCheck: Date | undefined;
  let lastError = controller.cpu.diagnosticError;
  let retry: { due: number; left: number } | undefined;

  const failed = (detail: string): void => security.record({ name: 'backup-failure', detail: `Automatic backup: ${detail}` });

  const attempt = async (setting: AutomaticBackupSetting, retriesLeft: number): Promise<void> => {
    const release = lock.tryAcquire('automatic backup');
    if (!release) {
      if (retriesLeft > 0) {
        retry = { due: security.now().getTime() + Math.max(0, setting.retryIntervalSeconds) * 1000, left: retriesLeft - 1 };
      } else {
        retry = undefined;
        failed(`not made, the ${lock.busyWith} was running${setting.retryCount > 0 ? ` through ${setting.retryCount} retries` : ''}.`);
      }
      return;
    }
    retry = undefined;
    try {
      const kept = engine.sdCard.list().filter((b) => b.name.startsWith(`${AUTOMATIC_BACKUP_PREFIX}-`));
      const limit = Number.isInteger(setting.maxKept) && setting.maxKept > 0 ? setting.maxKept : Infinity;
      if (kept.length >= limit) {
        if (setting.atLimit === 'stop') {
          failed(`not made, the upper limit of ${limit} automatic backups on the SD memory card is reached.`);
          return;
        }
      }
      let password: string | undefined;
      if (engine.encryptionRequired()) {
        password = engine.automaticPassword();
        if (password === undefined) {
          failed('not made: backup encryption is on and no backup password is set yet. Make one encrypted backup by hand first.');
          return;
        }
      }
      const data = await engine.create(password);
      const name = engine.sdCard.write(AUTOMATIC_BACKUP_PREFIX, security.now(), data);
      // Delete only once the new backup is safely written.
      const deleted: string[] = [];
      for (const old of kept.slice(0, Math.max(0, kept.length + 1 - limit))) {
        engine.sdCard.remove(old.name);
        deleted.push(old.name);
      }
      security.record({
        name: 'backup-success',
        detail: `Automatic backup ${name} to the SD memory card, ${password !== undefined ? 'encrypted' : 'NOT encrypted'}, ${data.length} bytes${deleted.length > 0 ? `; upper limit reached, deleted ${deleted.join(', ')}` : ''}`,
      });
    } catch (e) {
      failed(`failed: ${e instanceof Error ? e.message : 'unknown error'}`);
    } finally {
      release();
    }
  };

  const check = async (): Promise<void> => {
    const now = security.now();
    const setting = security.activeParameter<AutomaticBackupSetting>('automaticBackup');
    const error = controller.cpu.diagnosticError;
    const newStopError = lastError === 0 && error !== 0;
    lastError = error;
    const from = lastCheck;
    lastCheck = now;
    if (!setting?.enabled) {
      retry = undefined;
      return;
    }
    const retries = Number.isInteger(setting.retryCount) && setting.retryCount > 0 ? setting.retryCount : 0;
    const due = setting.trigger === 'stop-error' ? newStopError : from !== undefined && dueBetween(setting, from, now);
    if (due) await attempt(setting, retries);
    else if (retry && now.getTime() >= retry.due) await attempt(setting, retry.left);
  };

  const offTimer = (options.scheduler ?? realScheduler).every(options.checkIntervalMs ?? AUTOMATIC_BACKUP_CHECK_INTERVAL_MS, async () => {
    if (!controller.isStopped) await check();
  });
  controller.onStop(offTimer);
  return () => offTimer();
}
