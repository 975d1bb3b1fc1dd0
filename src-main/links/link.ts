// One byte transport for every way the app reaches a device. The SLMP client and every driver are
// written against this interface only, so a USB cable, a TCP socket, a TLS session and a test link
// that drops bytes on purpose are interchangeable.

/**
 * What the guideline's rules care about: over USB (a direct cable) passwords and keys may be written
 * (2.4.7.1 procedure A); over plain Ethernet only inside the trust boundary (procedure B); over
 * Ethernet with TLS always.
 */
export type { LinkKind } from '../model/device-access';
import type { LinkKind } from '../model/device-access';

export interface Link {
  readonly kind: LinkKind;
  /** Shown to the technician, e.g. "USB (direct cable) — practice MXR300-32" or "tcp://192.0.2.10:5000". */
  readonly description: string;
  /** True when the far end is one of the product's virtual devices (practice, demo, tests). */
  readonly virtual: boolean;
  readonly closed: boolean;
  write(data: Uint8Array): Promise<void>;
  /** Returns a function that removes the listener. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Called once, when the link closes for any reason; `error` is set when it was not our own close(). */
  onClose(listener: (error?: Error) => void): () => void;
  close(): Promise<void>;
}
