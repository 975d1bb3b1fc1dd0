// What every security command module of the virtual controller needs from the rest of its security:
// the device clock, the event history, the authorization check and the link rules. The access-control
// module (users, parameters, IP filter, ports, event history) implements it; the certificate/TLS,
// backup/restoration and firmware modules take it in their install functions.
import type { ConnectionContext } from './connection-context';
import type { EventDraft } from './security/event-history';
import type { Operation } from './security/operations';
import type { VirtualController } from './virtual-controller';

export interface SecurityContext {
  readonly controller: VirtualController;
  /** The device clock (settable through 7E04; tests move it). Every event and certificate check uses it. */
  now(): Date;
  /** Appends to the event history (Table 12). */
  record(draft: EventDraft): void;
  /** The event's peer for a connection (address and transport), for `record`. */
  peerOf(context: ConnectionContext): EventDraft['peer'];
  /**
   * Throws EndCodeError (C816 and the project's CFxx codes) and records the refusal when the
   * connection's user may not perform the operation; returns the user name (undefined while user
   * authentication is off).
   */
  authorize(context: ConnectionContext, operation: Operation): string | undefined;
  /**
   * 2.4.7.1: a request carrying a password or private key is accepted over USB and TLS, and over plain
   * TCP only with `trustBoundaryAttested: true` in its body; otherwise throws EndCodeError CF21.
   */
  requireProtectedLink(context: ConnectionContext, body: Record<string, unknown>, what: string): void;
  /** Restoration and firmware update need the CPU in STOP: throws EndCodeError CF20 otherwise. */
  requireStop(what: string): void;
  /** The active (in effect) value of a parameter block, as written through 7E03. */
  activeParameter<T>(block: string): T | undefined;
  /**
   * The written (stored) value of a parameter block, which the next boot puts in effect. In a before-activation
   * hook (VirtualController.onBeforeActivation) it is what this boot is about to put in effect.
   */
  writtenParameter<T>(block: string): T | undefined;
  /** Raises or clears a diagnostic flag (read through 7E0A). */
  setDiagnosticFlag(flag: 'certificateExpiringSoon' | 'certificateExpired' | 'bandwidthLimited', on: boolean): void;
  /** Registers what initialization of all information must clear in this module (2.4.1, 2.6). */
  onInitializeAll(clear: () => void | Promise<void>): void;
}
