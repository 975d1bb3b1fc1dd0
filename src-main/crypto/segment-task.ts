// The messages between segment-worker-pool.ts and segment-worker.ts.

/** A view into a SharedArrayBuffer. */
export interface SharedView {
  buffer: SharedArrayBuffer;
  offset: number;
  length: number;
}

export interface SegmentTask {
  id: number;
  kind: 'seal' | 'open';
  /** A copy of the body key for this task; the worker zeroes it when the task ends. */
  key: Uint8Array;
  nonce: Uint8Array;
  aad: Uint8Array;
  /** The whole plaintext body. */
  plain: SharedView;
  /** The whole sealed body. */
  sealed: SharedView;
  /** Segments [from, to). */
  from: number;
  to: number;
}

export interface SegmentTaskResult {
  id: number;
  /** Opening: the first segment whose tag failed, or -1. */
  failedSegment: number;
  /** Set when the worker could not run the task at all (not an authentication failure). */
  error?: string;
}
