// A Link over a connected Node stream socket (TCP, TLS, Unix socket, Windows named pipe): the common
// part of the Ethernet, TLS and virtual-USB links.
import type { Socket } from 'node:net';
import type { Link, LinkKind } from './link';
import { LinkError, closedError, linkErrorFromSocketError } from './link-error';
import { LinkEvents } from './link-events';

export interface SocketLinkOptions {
  kind: LinkKind;
  description: string;
  virtual: boolean;
  /** Used in error messages, e.g. "192.0.2.10:5000". */
  where: string;
}

export class SocketLink implements Link {
  readonly kind: LinkKind;
  readonly description: string;
  readonly virtual: boolean;
  readonly #socket: Socket;
  readonly #where: string;
  readonly #events: LinkEvents;
  #error: Error | undefined;
  #closingByUs = false;

  constructor(socket: Socket, options: SocketLinkOptions) {
    this.kind = options.kind;
    this.description = options.description;
    this.virtual = options.virtual;
    this.#where = options.where;
    this.#socket = socket;
    this.#events = new LinkEvents(() =>
      socket.destroy(new LinkError('closed', `The device at ${options.where} sent data nobody asked for; the link was closed.`)),
    );
    // SLMP frames are small and latency-bound: Nagle would delay every request.
    if (typeof socket.setNoDelay === 'function') socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#events.emitData(chunk));
    socket.on('error', (error) => {
      this.#error ??= linkErrorFromSocketError(error, this.#where);
    });
    socket.on('end', () => {
      this.#error ??= new LinkError(
        'closed',
        `The device at ${this.#where} closed the connection. It may have restarted, or its settings (IP filter, ` +
          'closed port, session limit) ended it. Connect again.',
      );
    });
    socket.on('close', () => {
      this.#events.emitClose(this.#closingByUs ? undefined : (this.#error ?? closedError(this.#where)));
    });
  }

  get closed(): boolean {
    return this.#events.closed || this.#socket.destroyed;
  }

  write(data: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(this.#error ?? closedError(this.#where));
    return new Promise((resolve, reject) => {
      this.#socket.write(data, (error) => {
        if (error) reject(this.#error ?? linkErrorFromSocketError(error, this.#where));
        else resolve();
      });
    });
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.#events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.#events.onClose(listener);
  }

  close(): Promise<void> {
    if (this.#events.closed) return Promise.resolve();
    this.#closingByUs = true;
    return new Promise((resolve) => {
      this.#events.onClose(() => resolve());
      this.#socket.destroy();
    });
  }
}
