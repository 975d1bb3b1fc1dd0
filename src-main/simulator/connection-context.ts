// What the controller knows about one client connection. Command handlers receive it, so the
// security modules (user authentication, IP filter, event history) can decide per connection:
// the guideline treats a USB cable, plain Ethernet and Ethernet with TLS differently.

export type ConnectionTransport = 'tcp' | 'tls' | 'usb';

/** Set by the user-authentication module once a logon succeeds on this connection. */
export interface ConnectionUser {
  readonly name: string;
  readonly role: string;
}

export interface ConnectionContext {
  /** Unique per controller run, increasing. */
  readonly id: number;
  readonly transport: ConnectionTransport;
  /** Listener service the client came in through ("slmp", "usb", ...). */
  readonly service: string;
  /** IPv4/IPv6 address of the peer; undefined on the virtual USB cable (a local socket). */
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly connectedAt: Date;
  user: ConnectionUser | undefined;
  /** Per-connection state of command modules, keyed by a symbol each module owns. */
  readonly attributes: Map<symbol, unknown>;
}
