// Records of what was refused, without letting the records be the weapon (issue 14): an unauthenticated
// peer can make the device refuse thousands of requests a second, and each refusal used to be a record
// that pushed the oldest ones (logon failures among them, Table 12 row 1) out of the ring.
//
// The events any peer can cause without logging on (NOISE_EVENTS, without a user) are coalesced per event, source
// address and transport: the first in a window is recorded at once, the rest are counted and recorded as
// one record with the count when the window ends. Across all sources at most NOISE_RECORDS_PER_WINDOW such
// records are made per window; beyond that the refusals are counted into one summary record. Every other
// event (logon failures and successes, lockouts, settings and users written, tampering) is recorded one by
// one as before. Noise makes at most NOISE_RECORDS_PER_WINDOW + one count record per key per window, and
// in the history itself noise may only push noise out (event-history.ts, the reserved share).

import { NOISE_EVENTS, type EventDraft } from './event-history';

// Project choice: a 10 s window, and at most 20 noise records per window across all sources (the
// first of each kind per source, plus one record with the count per kind and source that repeated).
// With the factory history (1365 records) a flood from one source fills at most ~2 records per 10 s
// per kind; 60 s of refused requests at full speed leave every logon failure in the history.
export const NOISE_WINDOW_MS = 10_000;
export const NOISE_RECORDS_PER_WINDOW = 20;

interface Pending {
  draft: EventDraft;
  count: number;
}

export class EventCoalescer {
  private windowStart = 0;
  private recordsInWindow = 0;
  private readonly seen = new Map<string, Pending>();
  private suppressed = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: { now: () => number; append: (draft: EventDraft) => void; windowMs?: number; maxRecordsPerWindow?: number }) {}

  /** Takes a noise event (recorded now or counted); false: not noise, the caller records it itself. */
  offer(draft: EventDraft): boolean {
    // A logged-on user's refusals are that user's acts, recorded one by one; only anonymous noise is coalesced.
    if (!NOISE_EVENTS.has(draft.name) || draft.user !== undefined) return false;
    const now = this.options.now();
    const windowMs = this.options.windowMs ?? NOISE_WINDOW_MS;
    if (now - this.windowStart >= windowMs) this.flush(now);
    const key = `${draft.name}|${draft.peer?.address ?? ''}|${draft.peer?.transport ?? ''}`;
    const pending = this.seen.get(key);
    if (pending) {
      pending.count++;
      return true;
    }
    if (this.recordsInWindow >= (this.options.maxRecordsPerWindow ?? NOISE_RECORDS_PER_WINDOW)) {
      this.suppressed++;
      return true;
    }
    this.recordsInWindow++;
    this.seen.set(key, { draft, count: 0 });
    this.options.append(draft);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(this.options.now()), windowMs);
      this.timer.unref();
    }
    return true;
  }

  /** Ends the window: one record per repeated kind and source with its count, one for what was suppressed. */
  flush(now = this.options.now()): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const seconds = Math.round((this.options.windowMs ?? NOISE_WINDOW_MS) / 1000);
    for (const { draft, count } of this.seen.values()) {
      if (count === 0) continue;
      this.options.append({ ...draft, detail: `${count} more like this within ${seconds} s (coalesced); first: ${draft.detail ?? draft.name}` });
    }
    if (this.suppressed > 0) {
      this.options.append({ name: 'operation-refused', detail: `${this.suppressed} further refusals from other sources within ${seconds} s were counted, not recorded one by one (coalesced)` });
    }
    this.seen.clear();
    this.suppressed = 0;
    this.recordsInWindow = 0;
    this.windowStart = now;
  }
}
