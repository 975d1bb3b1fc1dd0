// Turns whatever a handler threw into the IpcError the UI translates. Typed errors (a class with a
// stable `code`, per the conventions) are written for the technician and free of secrets, so their
// message crosses; anything else (a TypeError, a bug) crosses as a generic 'internal' error: its message
// and stack could name files, values or worse, and the renderer has no use for them.
import type { Channel, IpcError } from './contract';
import { AppError } from '../messages/app-error';
import { bilingual, isMessageId, render, type MessageId } from '../messages/catalogue';

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

// Node's socket errors while reaching a device: what they mean to someone at the cabinet (the catalogue's
// errors.socket.<errno>).
const SOCKET_ERRORS: Record<string, IpcError['code']> = {
  ECONNREFUSED: 'connect-failed',
  EHOSTUNREACH: 'connect-failed',
  ENETUNREACH: 'connect-failed',
  ENOTFOUND: 'connect-failed',
  EADDRNOTAVAIL: 'connect-failed',
  ECONNRESET: 'device-error',
  EPIPE: 'device-error',
  ETIMEDOUT: 'timeout',
};

/** An error the screen shows from the catalogue: English in `message`, both languages in `text`. */
function said(code: IpcError['code'], id: MessageId, extra: Partial<IpcError> = {}): IpcError {
  return { code, message: render(id, undefined, 'en'), text: bilingual(id), ...extra };
}

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
  if (typeof error !== 'object' || error === null) return said('internal', 'errors.internalRequest');
  const { code, endCode, details, message, name } = error as {
    code?: unknown;
    endCode?: unknown;
    details?: unknown;
    message?: unknown;
    name?: unknown;
  };
  const text = typeof message === 'string' && message.length > 0 ? clean(message) : undefined;
  const safeDetails = typeof details === 'string' ? clean(details) : undefined;
  // A typed error of the app says what happened as a catalogue message: the screen shows it in the
  // technician's language; the English with the specifics stays the message.
  const shown = error instanceof AppError ? { text: error.bilingual() } : {};

  const deviceEndCode = endCodeText(endCode);
  if (deviceEndCode !== undefined) {
    // The headline says what happened; the end code belongs in the details (UX: errors).
    return {
      code: 'device-error',
      message: text ?? render('errors.deviceRejected', undefined, 'en'),
      text: error instanceof AppError ? error.bilingual() : bilingual('errors.deviceRejected'),
      details: safeDetails ? `end code ${deviceEndCode}; ${safeDetails}` : `end code ${deviceEndCode}`,
    };
  }
  if (typeof code === 'string') {
    const socket = SOCKET_ERRORS[code];
    const socketId = `errors.socket.${code}`;
    if (socket && isMessageId(socketId)) {
      const mapped = socket === 'device-error' && channel === 'connection:open' ? 'connect-failed' : socket;
      return said(mapped, socketId, { details: code });
    }
    if (IPC_CODES.has(code as IpcError['code'])) {
      const result: IpcError = { code: code as IpcError['code'], message: text ?? render('errors.requestFailed', undefined, 'en'), text: shown.text ?? bilingual('errors.requestFailed') };
      if (safeDetails) result.details = safeDetails;
      return result;
    }
    if (/time.?out/i.test(code)) {
      return { code: 'timeout', message: text ?? render('errors.link.timeout', undefined, 'en'), text: shown.text ?? bilingual('errors.link.timeout'), details: code };
    }
    // Another typed error (a driver's, a link's, a codec's): it happened while talking to the device.
    return {
      code: channel === 'connection:open' ? 'connect-failed' : 'device-error',
      message: text ?? render('errors.deviceCouldNot', undefined, 'en'),
      text: shown.text ?? bilingual('errors.deviceCouldNot'),
      details: safeDetails ? `${code}; ${safeDetails}` : code,
    };
  }
  if (name === 'TimeoutError' || name === 'AbortError') return said('timeout', 'errors.tookTooLong');
  return said('internal', 'errors.internalRequest');
}
