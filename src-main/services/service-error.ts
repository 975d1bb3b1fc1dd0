import type { IpcError } from '../ipc/contract';

/** An error the service raises on purpose; its code crosses the IPC boundary as is. */
export class ServiceError extends Error {
  constructor(
    readonly code: IpcError['code'],
    message: string,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
