// Turns whatever a handler threw into the IpcError the UI translates. Typed errors (a class with a
// stable `code`, per the conventions) are written for the technician and free of secrets, so their
// message crosses; anything else (a TypeError, a bug) crosses as a generic 'internal' error: its message
// and stack could name files, values or worse, and the renderer has no use for them.
import type { Channel, IpcError } from './contract';

const IPC_CODES: ReadonlySet<IpcError['code']> = new Set([
  'no-session',
  'step-locked',
  'invalid-setting',
  'password-rejected',
  'busy',
  'not-in-this-host',
  'unknown-channel',
  'invalid-payload',
  'forbidden-sender',
  'not-connected',
  'connect-failed',
  'device-error',
  'timeout',
  'internal',
]);

// Node's socket errors while reaching a device: what they mean to someone at the cabinet.
const SOCKET_ERRORS: Record<string, { code: IpcError['code']; message: string }> = {
  ECONNREFUSED: { code: 'connect-failed', message: 'The device refused the connection. Check the address and port, and that the device accepts SLMP on that port.' },
  EHOSTUNREACH: { code: 'connect-failed', message: 'The device cannot be reached. Check the cable, the address and this computer\'s network settings.' },
  ENETUNREACH: { code: 'connect-failed', message: 'The network of that address cannot be reached from this computer. Check its network settings.' },
  ENOTFOUND: { code: 'connect-failed', message: 'That host name is unknown. Enter the device\'s IP address instead.' },
  EADDRNOTAVAIL: { code: 'connect-failed', message: 'That address cannot be used from this computer. Check the address.' },
  ECONNRESET: { code: 'device-error', message: 'The device closed the connection unexpectedly. Check the cable and try again.' },
  EPIPE: { code: 'device-error', message: 'The connection to the device was lost. Check the cable and try again.' },
  ETIMEDOUT: { code: 'timeout', message: 'The device did not answer in time. Check the cable and that the device is powered.' },
};

const MAX_MESSAGE = 400;

function clean(text: string): string {
  // One line, bounded: a message is a headline, not a dump.
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

function endCodeText(endCode: unknown): string | undefined {
  if (typeof endCode === 'number' && Number.isInteger(endCode) && endCode >= 0 && endCode <= 0xffff) {
    return endCode.toString(16).toUpperCase().padStart(4, '0');
  }
  if (typeof endCode === 'string' && /^[0-9A-Fa-f]{1,4}$/.test(endCode)) return endCode.toUpperCase().padStart(4, '0');
  return undefined;
}

export function toIpcError(error: unknown, channel: Channel): IpcError {
  if (typeof error !== 'object' || error === null) {
    return { code: 'internal', message: 'Something went wrong inside the app. Try again; if it repeats, restart the app.' };
  }
  const { code, endCode, details, message, name } = error as {
    code?: unknown;
    endCode?: unknown;
    details?: unknown;
    message?: unknown;
    name?: unknown;
  };
  const text = typeof message === 'string' && message.length > 0 ? clean(message) : undefined;
  const safeDetails = typeof details === 'string' ? clean(details) : undefined;

  const deviceEndCode = endCodeText(endCode);
  if (deviceEndCode !== undefined) {
    // The headline says what happened; the end code belongs in the details (UX: errors).
    return {
      code: 'device-error',
      message: text ?? 'The device rejected the request.',
      details: safeDetails ? `end code ${deviceEndCode}; ${safeDetails}` : `end code ${deviceEndCode}`,
    };
  }
  if (typeof code === 'string') {
    const socket = SOCKET_ERRORS[code];
    if (socket) {
      const mapped = socket.code === 'device-error' && channel === 'connection:open' ? 'connect-failed' : socket.code;
      return { code: mapped, message: socket.message, details: code };
    }
    if (IPC_CODES.has(code as IpcError['code'])) {
      const result: IpcError = { code: code as IpcError['code'], message: text ?? 'The request failed.' };
      if (safeDetails) result.details = safeDetails;
      return result;
    }
    if (/time.?out/i.test(code)) {
      return { code: 'timeout', message: text ?? 'The device did not answer in time.', details: code };
    }
    // Another typed error (a driver's, a link's, a codec's): it happened while talking to the device.
    return {
      code: channel === 'connection:open' ? 'connect-failed' : 'device-error',
      message: text ?? 'The device could not complete the request.',
      details: safeDetails ? `${code}; ${safeDetails}` : code,
    };
  }
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { code: 'timeout', message: 'The operation took too long and was stopped. Try again.' };
  }
  return { code: 'internal', message: 'Something went wrong inside the app. Try again; if it repeats, restart the app.' };
}
