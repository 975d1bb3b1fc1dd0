// Bulk transfers in chunks (restoration files and firmware packages up, backups down): each belongs to the
// connection that began it, takes chunks strictly in order, and is forgotten when that connection closes
// or stays idle, so a client that walks away never pins memory or the exclusive-function lock.

import { randomBytes } from 'node:crypto';
import { SecurityEndCode } from '../../slmp/security-commands';
import type { ConnectionContext } from '../connection-context';
import { EndCodeError } from '../end-code-error';

// Project choice: a transfer left without a chunk for 5 minutes (real time) is dropped, and a controller
// keeps at most 4 transfers of each kind: enough for one technician and a retry, bounded for everyone.
export const TRANSFER_IDLE_MS = 5 * 60 * 1000;
export const MAX_TRANSFERS = 4;

export interface Transfer {
  readonly id: string;
  readonly connectionId: number;
  lastActivity: number;
}

export function newTransferId(): string {
  return randomBytes(8).toString('hex');
}

export class TransferTable<T extends Transfer> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly onDrop: (transfer: T) => void = () => undefined) {}

  add(transfer: T): T {
    this.expire();
    while (this.entries.size >= MAX_TRANSFERS) {
      const oldest = this.entries.keys().next().value as string;
      this.drop(oldest);
    }
    this.entries.set(transfer.id, transfer);
    return transfer;
  }

  /** The transfer `id` of this connection; CF26 when unknown, expired or another connection's. */
  get(id: unknown, context: ConnectionContext): T {
    this.expire();
    const transfer = typeof id === 'string' ? this.entries.get(id) : undefined;
    if (!transfer || transfer.connectionId !== context.id) {
      throw new EndCodeError(SecurityEndCode.unknownTransfer, 'Unknown or expired transfer id: begin the transfer again');
    }
    transfer.lastActivity = Date.now();
    return transfer;
  }

  /** Removes a finished transfer (its onDrop runs too, releasing what it held). */
  drop(id: string): void {
    const transfer = this.entries.get(id);
    if (!transfer) return;
    this.entries.delete(id);
    this.onDrop(transfer);
  }

  dropConnection(connectionId: number): void {
    for (const t of [...this.entries.values()]) if (t.connectionId === connectionId) this.drop(t.id);
  }

  clear(): void {
    for (const id of [...this.entries.keys()]) this.drop(id);
  }

  private expire(): void {
    const limit = Date.now() - TRANSFER_IDLE_MS;
    for (const t of [...this.entries.values()]) if (t.lastActivity < limit) this.drop(t.id);
  }
}

/** An upload of a known size, filled strictly in order. */
export class UploadBuffer {
  private readonly data: Buffer;
  private received = 0;

  constructor(readonly size: number) {
    this.data = Buffer.alloc(size);
  }

  append(offset: number, chunk: Buffer): void {
    if (offset !== this.received || this.received + chunk.length > this.size) {
      throw new EndCodeError(
        SecurityEndCode.unknownTransfer,
        `Chunk out of order: expected offset ${this.received} and at most ${this.size - this.received} more bytes`,
      );
    }
    chunk.copy(this.data, offset);
    this.received += chunk.length;
  }

  /** The whole upload; CF26 while bytes are missing. */
  complete(): Buffer {
    if (this.received !== this.size) {
      throw new EndCodeError(SecurityEndCode.unknownTransfer, `The transfer is incomplete: ${this.received} of ${this.size} bytes received`);
    }
    return this.data;
  }
}
