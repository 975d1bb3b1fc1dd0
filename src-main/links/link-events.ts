// Listener bookkeeping shared by every Link implementation: data listeners, a close that is reported
// exactly once, and a small buffer for bytes that arrive before anyone listens (a device may answer in
// the same tick the link is handed over, before the SLMP client has called onData).

// Project choice: bytes kept for a link nobody listens to yet; beyond this the link closes with an error
// rather than grow without bound (a well-behaved device never sends unasked).
export const MAX_UNCLAIMED_BYTES = 1024 * 1024;

export class LinkEvents {
  #dataListeners = new Set<(chunk: Buffer) => void>();
  #closeListeners = new Set<(error?: Error) => void>();
  #unclaimed: Buffer[] = [];
  #unclaimedBytes = 0;
  #closed = false;
  #closeError: Error | undefined;
  #onOverflow: () => void;

  constructor(onOverflow: () => void) {
    this.#onOverflow = onOverflow;
  }

  get closed(): boolean {
    return this.#closed;
  }

  emitData(chunk: Buffer): void {
    if (this.#closed) return;
    if (this.#dataListeners.size === 0 || this.#unclaimed.length > 0) {
      this.#unclaimed.push(chunk);
      this.#unclaimedBytes += chunk.length;
      if (this.#unclaimedBytes > MAX_UNCLAIMED_BYTES) this.#onOverflow();
      return;
    }
    for (const listener of [...this.#dataListeners]) listener(chunk);
  }

  /** Marks the link closed and tells every close listener once. Later calls are ignored. */
  emitClose(error?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeError = error;
    this.#unclaimed = [];
    this.#dataListeners.clear();
    const listeners = [...this.#closeListeners];
    this.#closeListeners.clear();
    for (const listener of listeners) listener(error);
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.#dataListeners.add(listener);
    if (this.#unclaimed.length > 0) {
      // Delivered on a microtask so that the caller finishes registering before bytes arrive.
      queueMicrotask(() => {
        const pending = this.#unclaimed;
        this.#unclaimed = [];
        this.#unclaimedBytes = 0;
        for (const chunk of pending) for (const l of [...this.#dataListeners]) l(chunk);
      });
    }
    return () => {
      this.#dataListeners.delete(listener);
    };
  }

  onClose(listener: (error?: Error) => void): () => void {
    if (this.#closed) {
      // A listener registered after the fact still learns how the link ended.
      const error = this.#closeError;
      queueMicrotask(() => listener(error));
      return () => {};
    }
    this.#closeListeners.add(listener);
    return () => {
      this.#closeListeners.delete(listener);
    };
  }
}
