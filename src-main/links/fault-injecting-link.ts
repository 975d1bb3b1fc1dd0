// A test helper that pulls the cable on purpose: wraps a real Link and cuts it after a given number of
// bytes written and/or read, in the middle of a frame if the count falls there. Fault-injection tests
// use it to prove that an interrupted write leaves the device and the session journal consistent.
import type { Link, LinkKind } from './link';
import { LinkError } from './link-error';
import { LinkEvents } from './link-events';

export interface FaultPlan {
  /** Bytes that reach the far end before the cut; the write that crosses the limit is truncated there. */
  cutAfterBytesWritten?: number;
  /** Bytes delivered to the listener before the cut; the chunk that crosses the limit is truncated. */
  cutAfterBytesRead?: number;
}

export interface FaultInjectingLink extends Link {
  readonly bytesWritten: number;
  readonly bytesRead: number;
  /** True once the cut happened. */
  readonly cut: boolean;
  /** Cuts now, as if the cable were pulled. */
  cutNow(): Promise<void>;
}

export function injectFaults(inner: Link, plan: FaultPlan): FaultInjectingLink {
  return new FaultLink(inner, plan);
}

class FaultLink implements FaultInjectingLink {
  readonly kind: LinkKind;
  readonly description: string;
  readonly virtual: boolean;
  readonly #inner: Link;
  readonly #plan: FaultPlan;
  readonly #events: LinkEvents;
  #bytesWritten = 0;
  #bytesRead = 0;
  #cut = false;
  #closingByUs = false;

  constructor(inner: Link, plan: FaultPlan) {
    this.#inner = inner;
    this.#plan = plan;
    this.kind = inner.kind;
    this.description = inner.description;
    this.virtual = inner.virtual;
    this.#events = new LinkEvents(() => void this.cutNow());
    inner.onData((chunk) => this.#deliver(chunk));
    inner.onClose((error) => this.#events.emitClose(this.#closingByUs ? undefined : (error ?? cutError())));
  }

  get closed(): boolean {
    return this.#events.closed || this.#inner.closed || this.#cut;
  }
  get bytesWritten(): number {
    return this.#bytesWritten;
  }
  get bytesRead(): number {
    return this.#bytesRead;
  }
  get cut(): boolean {
    return this.#cut;
  }

  async write(data: Uint8Array): Promise<void> {
    if (this.closed) throw cutError();
    const limit = this.#plan.cutAfterBytesWritten;
    if (limit === undefined || this.#bytesWritten + data.length <= limit) {
      await this.#inner.write(data);
      this.#bytesWritten += data.length;
      return;
    }
    const allowed = Math.max(0, limit - this.#bytesWritten);
    if (allowed > 0) {
      await this.#inner.write(data.subarray(0, allowed));
      this.#bytesWritten += allowed;
    }
    await this.cutNow();
    throw cutError();
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.#events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.#events.onClose(listener);
  }

  async close(): Promise<void> {
    if (this.#events.closed) return;
    this.#closingByUs = true;
    await this.#inner.close();
    this.#events.emitClose(undefined);
  }

  async cutNow(): Promise<void> {
    if (this.#cut) return;
    this.#cut = true;
    // The far end sees the connection drop; our side reports it as an unexpected close.
    await this.#inner.close();
    this.#events.emitClose(cutError());
  }

  #deliver(chunk: Buffer): void {
    if (this.#cut) return;
    const limit = this.#plan.cutAfterBytesRead;
    if (limit === undefined || this.#bytesRead + chunk.length <= limit) {
      this.#bytesRead += chunk.length;
      this.#events.emitData(chunk);
      return;
    }
    const allowed = Math.max(0, limit - this.#bytesRead);
    if (allowed > 0) {
      this.#bytesRead += allowed;
      this.#events.emitData(chunk.subarray(0, allowed));
    }
    void this.cutNow();
  }
}

function cutError(): LinkError {
  return new LinkError('fault-injected', 'The connection was cut on purpose by a fault-injection test (cable pulled).');
}
