// Waits for a freshly created socket to be ready (connected, or TLS handshake done), bounded by a
// timeout and an optional AbortSignal, and turns every failure into a LinkError.
import type { Socket } from 'node:net';
import { abortedError, linkErrorFromSocketError, timeoutError } from './link-error';

export function waitForSocket<S extends Socket>(
  socket: S,
  readyEvent: 'connect' | 'secureConnect',
  where: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<S> {
  return new Promise<S>((resolve, reject) => {
    const fail = (error: Error) => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onReady = () => {
      cleanup();
      resolve(socket);
    };
    const onError = (error: Error) => fail(linkErrorFromSocketError(error, where, timeoutMs));
    const onAbort = () => fail(abortedError(where));
    const timer = setTimeout(() => fail(timeoutError(where, timeoutMs)), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      socket.off(readyEvent, onReady);
      socket.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once(readyEvent, onReady);
    socket.once('error', onError);
  });
}
