// Bandwidth limitation against DoS attack (guideline 2.4.10 / 3.4.10): the controller limits the bandwidth
// it sends and receives, per direction, with a token bucket. Traffic under the limit is never touched and
// never raises an event; traffic over it is delayed (or dropped by the caller), and each over-limit episode
// raises ONE "access restriction" event (Table 17 row 10), not one per packet.
// The clock is passed in with every call (the device clock), so tests run in simulated time.

import { BANDWIDTH_BURST_SECONDS, BANDWIDTH_BYTES_PER_SECOND, BANDWIDTH_EPISODE_QUIET_MS } from './device-choices';
import type { EventSink } from './event-history';

export type Direction = 'send' | 'receive';

export interface BandwidthSettings {
  readonly enabled: boolean;
  readonly sendBytesPerSecond: number;
  readonly receiveBytesPerSecond: number;
}

export const FACTORY_BANDWIDTH: BandwidthSettings = Object.freeze({
  enabled: false,
  sendBytesPerSecond: BANDWIDTH_BYTES_PER_SECOND.factory,
  receiveBytesPerSecond: BANDWIDTH_BYTES_PER_SECOND.factory,
});

export interface TrafficDecision {
  /** false: hold the bytes back for delayMs (or drop them) */
  readonly allowed: boolean;
  readonly delayMs: number;
  /** true on the first over-limit traffic of an episode: the moment the event is raised */
  readonly triggered: boolean;
}

export function validateBandwidthSettings(s: BandwidthSettings): string[] {
  const { min, max } = BANDWIDTH_BYTES_PER_SECOND;
  const problems: string[] = [];
  for (const [label, value] of [['send', s.sendBytesPerSecond], ['receive', s.receiveBytesPerSecond]] as const) {
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`The ${label} bandwidth must be ${min}-${max} bytes per second (got ${value}). Measure the normal traffic first and set a limit above it (2.4.10.1).`);
    }
  }
  return problems;
}

export class BandwidthSettingsError extends Error {
  readonly code = 'BANDWIDTH_SETTINGS_INVALID';
  constructor(problems: string[]) {
    super(problems.join(' '));
    this.name = 'BandwidthSettingsError';
  }
}

interface Bucket {
  tokens: number;
  lastMs: number | null;
  lastOverMs: number | null;
}

export class BandwidthLimiter {
  readonly settings: BandwidthSettings;
  readonly #sink: EventSink;
  readonly #buckets: Record<Direction, Bucket> = {
    send: { tokens: 0, lastMs: null, lastOverMs: null },
    receive: { tokens: 0, lastMs: null, lastOverMs: null },
  };

  /** Throws BandwidthSettingsError for settings out of range; validate first to show the problems. */
  constructor(settings: BandwidthSettings = FACTORY_BANDWIDTH, options: { readonly sink?: EventSink } = {}) {
    const problems = validateBandwidthSettings(settings);
    if (problems.length > 0) throw new BandwidthSettingsError(problems);
    this.settings = { ...settings };
    this.#sink = options.sink ?? (() => {});
  }

  #rate(direction: Direction): number {
    return direction === 'send' ? this.settings.sendBytesPerSecond : this.settings.receiveBytesPerSecond;
  }

  /** True while an over-limit episode is going on in that direction. */
  limiting(direction: Direction, now: Date): boolean {
    const last = this.#buckets[direction].lastOverMs;
    return last !== null && now.getTime() - last < BANDWIDTH_EPISODE_QUIET_MS;
  }

  onTraffic(bytes: number, direction: Direction, now: Date): TrafficDecision {
    if (!this.settings.enabled || bytes <= 0) return { allowed: true, delayMs: 0, triggered: false };
    const rate = this.#rate(direction);
    const capacity = rate * BANDWIDTH_BURST_SECONDS;
    const bucket = this.#buckets[direction];
    const t = now.getTime();
    // A new bucket starts full; a clock set backwards refills nothing rather than going negative.
    if (bucket.lastMs === null) bucket.tokens = capacity;
    else bucket.tokens = Math.min(capacity, bucket.tokens + (Math.max(0, t - bucket.lastMs) * rate) / 1000);
    bucket.lastMs = t;

    // A chunk larger than the bucket passes when the bucket is full and leaves it in debt, so a big frame
    // is slowed down, never blocked forever.
    const need = Math.min(bytes, capacity);
    if (bucket.tokens >= need) {
      bucket.tokens -= bytes;
      return { allowed: true, delayMs: 0, triggered: false };
    }
    const triggered = bucket.lastOverMs === null || t - bucket.lastOverMs >= BANDWIDTH_EPISODE_QUIET_MS;
    bucket.lastOverMs = t;
    if (triggered) {
      this.#sink({ name: 'bandwidth-limited', detail: `${direction} limit of ${rate} bytes/s exceeded; traffic is being delayed` });
    }
    return { allowed: false, delayMs: Math.ceil(((need - bucket.tokens) * 1000) / rate), triggered };
  }

  toJSON(): BandwidthSettings {
    return this.settings;
  }
}
