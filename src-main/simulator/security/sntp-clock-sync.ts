// Keeps the device clock of a virtual MX controller on its SNTP server (clock block with source "sntp",
// Table 9 row 12 "correct time shall be set so that the time stamps are recorded correctly"): one query
// at boot, then one every interval of real time. Every correction is a `clock-change` event naming SNTP
// and the server; a run that gets no usable time, or a correction larger than the allowed offset (see
// device-choices.ts, "Time synchronisation by SNTP"), leaves the clock alone and records one
// `clock-sync-failure` per outage.

import type { Scheduler } from '../crypto-functions/scheduler';
import { SNTP_CORRECTION_THRESHOLD_MS, SNTP_MAX_ROUND_TRIP_MS, SNTP_SYNC_INTERVAL_MS, SNTP_TIMEOUT_MS } from './device-choices';
import type { EventSink } from './event-history';
import { querySntp, SntpError, type SntpFailureCode } from './sntp-client';

/** What the clock block in effect asks for; undefined: the clock is not synchronised by SNTP. */
export interface SntpClockSettings {
  readonly server: string;
  readonly maxOffsetSeconds: number;
}

export type SyncOutcome =
  | { readonly kind: 'corrected'; readonly offsetMs: number }
  | { readonly kind: 'in-sync'; readonly offsetMs: number }
  | { readonly kind: 'failed'; readonly code: SntpFailureCode | 'offset-too-large'; readonly message: string }
  | { readonly kind: 'off' };

export interface SntpClockSyncOptions {
  /** The device clock. */
  readonly now: () => Date;
  /** Moves the device clock (persisted by the caller). */
  readonly setClock: (time: Date) => void;
  readonly record: EventSink;
  readonly scheduler: Scheduler;
  /** UDP port of the SNTP servers (123; tests pass the port of their loopback server). */
  readonly port: number;
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
}

export class SntpClockSync {
  readonly #options: SntpClockSyncOptions;
  #settings: SntpClockSettings | undefined;
  #stopSchedule: (() => void) | undefined;
  #abort: AbortController | undefined;
  #running: Promise<SyncOutcome> | undefined;
  /** The failure recorded for the outage in progress; cleared by a successful run. */
  #outage: string | undefined;
  #last: SyncOutcome = { kind: 'off' };

  constructor(options: SntpClockSyncOptions) {
    this.#options = options;
  }

  get settings(): SntpClockSettings | undefined {
    return this.#settings;
  }

  get lastOutcome(): SyncOutcome {
    return this.#last;
  }

  /**
   * At every boot: the clock block in effect. Stops what ran before (a query in flight is cancelled),
   * then, with SNTP on, starts a first run at once (not awaited: the device does not wait on the network
   * to boot) and schedules the next ones.
   */
  configure(settings: SntpClockSettings | undefined): void {
    this.stop();
    this.#settings = settings;
    this.#outage = undefined;
    this.#last = { kind: 'off' };
    if (!settings) return;
    this.#stopSchedule = this.#options.scheduler.every(this.#options.intervalMs ?? SNTP_SYNC_INTERVAL_MS, () => this.syncNow().then(() => undefined));
    void this.syncNow().catch(() => undefined);
  }

  /** Stops the schedule and cancels a query in flight (device stop, restart). */
  stop(): void {
    this.#stopSchedule?.();
    this.#stopSchedule = undefined;
    this.#abort?.abort();
    this.#abort = undefined;
    this.#running = undefined;
    this.#settings = undefined;
  }

  /** One run; a run already in flight is joined, never doubled. */
  syncNow(): Promise<SyncOutcome> {
    if (!this.#settings) return Promise.resolve({ kind: 'off' });
    if (this.#running) return this.#running;
    const run: Promise<SyncOutcome> = this.#run(this.#settings).finally(() => {
      // A run cancelled by configure() must not forget the run that replaced it.
      if (this.#running === run) this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  async #run(settings: SntpClockSettings): Promise<SyncOutcome> {
    const abort = new AbortController();
    this.#abort = abort;
    const { server, maxOffsetSeconds } = settings;
    const port = this.#options.port;
    let outcome: SyncOutcome;
    try {
      const sample = await querySntp({ server, port, timeoutMs: this.#options.timeoutMs ?? SNTP_TIMEOUT_MS, now: () => this.#options.now().getTime(), signal: abort.signal });
      // Stopped or reconfigured while the answer was on its way: it is no longer this device's business.
      if (abort.signal.aborted || this.#settings !== settings) return { kind: 'off' };
      const offsetMs = Math.round(sample.offsetMs);
      if (sample.roundTripMs > SNTP_MAX_ROUND_TRIP_MS) {
        outcome = {
          kind: 'failed',
          code: 'bad-answer',
          message:
            `The SNTP server ${server} answered after ${Math.round(sample.roundTripMs)} ms, too slowly to set the clock within ${SNTP_CORRECTION_THRESHOLD_MS} ms: ` +
            'the clock was not changed. Check the network between the device and the server.',
        };
      } else if (Math.abs(offsetMs) > maxOffsetSeconds * 1000) {
        outcome = {
          kind: 'failed',
          code: 'offset-too-large',
          message:
            `The SNTP server ${server} is ${formatOffset(offsetMs)} from the device clock, more than the allowed offset of ${maxOffsetSeconds} s: ` +
            'the clock was not changed. Check the server\'s time; if the device clock is the wrong one, set it from the engineering tool.',
        };
      } else if (Math.abs(offsetMs) > SNTP_CORRECTION_THRESHOLD_MS) {
        const before = this.#options.now();
        const after = new Date(before.getTime() + offsetMs);
        this.#options.setClock(after);
        this.#options.record({
          name: 'clock-change',
          peer: { address: server, transport: 'udp' },
          detail: `SNTP ${server}:${port}: from ${before.toISOString()} to ${after.toISOString()} (${formatOffset(offsetMs)}, stratum ${sample.stratum})`,
        });
        outcome = { kind: 'corrected', offsetMs };
      } else {
        outcome = { kind: 'in-sync', offsetMs };
      }
    } catch (e) {
      if (abort.signal.aborted) return { kind: 'off' };
      const error = e instanceof SntpError ? e : new SntpError('bad-answer', `The SNTP query to ${server} failed: ${e instanceof Error ? e.message : String(e)}`);
      outcome = { kind: 'failed', code: error.code, message: error.message };
    } finally {
      if (this.#abort === abort) this.#abort = undefined;
    }
    this.#last = outcome;
    if (outcome.kind === 'failed') {
      if (this.#outage !== outcome.code) {
        this.#outage = outcome.code;
        this.#options.record({ name: 'clock-sync-failure', peer: { address: server, transport: 'udp' }, detail: `SNTP ${server}:${port}: ${outcome.message}` });
      }
    } else this.#outage = undefined;
    return outcome;
  }
}

const formatOffset = (ms: number): string => `${ms >= 0 ? '+' : '-'}${(Math.abs(ms) / 1000).toFixed(3)} s`;
