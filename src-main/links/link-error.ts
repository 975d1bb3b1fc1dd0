// The one error type every link throws or reports on close. `code` is stable (the UI translates it and
// tests assert it); `message` is written for the technician at the device: what happened, then what to do.
// Messages never contain payload bytes, passwords or keys — only addresses, ports and fingerprints.

import { AppError } from '../messages/app-error';

export type LinkErrorCode =
  | 'invalid-address'
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'host-not-found'
  | 'reset'
  | 'closed'
  | 'aborted'
  | 'certificate-mismatch'
  | 'certificate-expired'
  | 'certificate-not-yet-valid'
  | 'certificate-untrusted'
  | 'certificate-unpinned'
  | 'tls-failed'
  | 'usb-unavailable'
  | 'usb-not-found'
  | 'usb-access-denied'
  | 'usb-no-bulk-interface'
  | 'usb-disconnected'
  | 'fault-injected';

/** The headline of each code is the catalogue's `errors.link.<code>`; the English message keeps the specifics. */
export class LinkError extends AppError {
  declare readonly code: LinkErrorCode;

  constructor(code: LinkErrorCode, message: string, options?: { cause?: unknown }) {
    super({ code, messageId: `errors.link.${code}`, englishText: message, nextStep: { id: 'errors.link.nextStep' }, ...(options?.cause !== undefined ? { cause: options.cause } : {}) });
  }
}

export function isLinkError(error: unknown, code?: LinkErrorCode): error is LinkError {
  return error instanceof LinkError && (code === undefined || error.code === code);
}

/** Node's socket errno codes in the technician's words. `where` is e.g. "192.0.2.10:5000". */
export function linkErrorFromSocketError(error: unknown, where: string, timeoutMs?: number): LinkError {
  if (error instanceof LinkError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return new LinkError(
        'refused',
        `The device at ${where} refused the connection: nothing accepts connections on that port. ` +
          'Check the port number, and that the port is open on the device (its security settings may have closed it).',
        { cause: error },
      );
    case 'ETIMEDOUT':
      return timeoutError(where, timeoutMs, error);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
      return new LinkError(
        'unreachable',
        `No route to ${where}. Check the cable, that this computer is in the same network as the device ` +
          'and that the IP address is right.',
        { cause: error },
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new LinkError(
        'host-not-found',
        `The name in ${where} could not be resolved. Enter the device's IP address instead, or check the name.`,
        { cause: error },
      );
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return new LinkError(
        'reset',
        `The device at ${where} dropped the connection. If it happens right after connecting, an IP filter ` +
          "on the device may be refusing this computer's address; otherwise check the cable.",
        { cause: error },
      );
    case 'ENOENT':
      return new LinkError('unreachable', `Nothing is listening at ${where}. Start the device and try again.`, {
        cause: error,
      });
    default:
      return new LinkError(
        'unreachable',
        `The connection to ${where} failed (${code ?? (error instanceof Error ? error.message : 'unknown error')}). ` +
          'Check the cable and the address, then try again.',
        { cause: error },
      );
  }
}

export function timeoutError(where: string, timeoutMs: number | undefined, cause?: unknown): LinkError {
  const after = timeoutMs === undefined ? '' : ` within ${(timeoutMs / 1000).toFixed(1)} s`;
  return new LinkError(
    'timeout',
    `No answer from ${where}${after}. Check that the device is powered on, the cable and the IP address; ` +
      'a firewall or an IP filter may be dropping the connection silently.',
    cause === undefined ? undefined : { cause },
  );
}

export function closedError(what: string): LinkError {
  return new LinkError('closed', `The connection (${what}) is closed. Connect again to continue.`);
}

export function abortedError(where: string): LinkError {
  return new LinkError('aborted', `Connecting to ${where} was cancelled.`);
}
