// SLMP binary frames, 3E and 4E (Mitsubishi SLMP reference manual SH-080956ENG, "message format").
// Pure codec: bytes <-> typed frames, no I/O. The client and the virtual controller both use it, so
// whatever one sends the other parses with the same rules. ASCII frames are not supported: every
// MELSEC port can be set to binary, and binary is what the project's links carry.

export type FrameFormat = '3E' | '4E';

/** The five routing bytes every frame carries (network, station, module I/O, multidrop). */
export interface Route {
  network: number;
  station: number;
  moduleIo: number;
  multidrop: number;
}

/** The directly connected CPU ("own station"): network 00, station FF, module I/O 03FF, multidrop 00. */
export const DEFAULT_ROUTE: Route = Object.freeze({ network: 0, station: 0xff, moduleIo: 0x03ff, multidrop: 0 });

export interface SlmpRequest {
  format: FrameFormat;
  /** 4E serial number echoed by the device; always 0 for 3E. */
  serial: number;
  route: Route;
  /** Monitoring timer in units of 250 ms; 0 = the device waits forever for its target. */
  timer: number;
  command: number;
  subcommand: number;
  data: Buffer;
}

/** The 9 bytes a device appends to a failure response: which request, routed where, failed. */
export interface SlmpErrorInfo {
  route: Route;
  command: number;
  subcommand: number;
}

export interface SlmpResponse {
  format: FrameFormat;
  serial: number;
  route: Route;
  endCode: number;
  /** Success data; empty on error. */
  data: Buffer;
  /** Present when endCode != 0 and the device sent the 9 bytes of error information. */
  errorInfo?: SlmpErrorInfo;
}

// Project choice: the largest data-length field accepted in a request (and in a response) is 8192
// bytes. The public reference does not state one number for every command; the largest standard
// requests (960-word device write = 1928 bytes of data, file write of 1920 bytes plus its header)
// fit several times over, and a bound this small means a corrupted or hostile length field can
// never make either side buffer more than ~8 KB while waiting for the rest of a frame.
export const MAX_REQUEST_DATA_BYTES = 8192;
export const MAX_RESPONSE_DATA_BYTES = 8192;

/** Smallest request data-length field: monitoring timer(2) + command(2) + subcommand(2). */
export const MIN_REQUEST_DATA_BYTES = 6;
/** Smallest response data-length field: the end code(2). */
export const MIN_RESPONSE_DATA_BYTES = 2;
/** Length of the error information a failure response carries. */
export const ERROR_INFO_BYTES = 9;

export type SlmpFrameErrorCode =
  | 'truncated'
  | 'bad-subheader'
  | 'length-mismatch'
  | 'oversized'
  | 'too-short'
  | 'trailing-bytes'
  | 'bad-error-info'
  /** A well-framed response whose data does not fit the command (wrong length, bad values). */
  | 'bad-response-data'
  /** A response nobody asked for: unknown 4E serial, wrong format, or no request outstanding. */
  | 'unexpected-response';

const FRAME_ERROR_HINT: Record<SlmpFrameErrorCode, string> = {
  truncated: 'The frame ended before its header was complete.',
  'bad-subheader': 'The bytes do not start with an SLMP binary subheader (3E/4E).',
  'length-mismatch': 'The frame is shorter than its data-length field says.',
  oversized: 'The data-length field is larger than any SLMP frame this app accepts.',
  'too-short': 'The data-length field is smaller than the fixed part of the frame.',
  'trailing-bytes': 'The frame is longer than its data-length field says.',
  'bad-error-info': 'A failure response carries error information of the wrong length.',
  'bad-response-data': 'The device answered with data that does not fit the command.',
  'unexpected-response': 'The device sent a response that matches no request the app sent.',
};

/**
 * The bytes on the link are not a valid SLMP binary frame. From a device this means the port speaks
 * another protocol or format (ASCII, MELSOFT, a web server) or the link is corrupting data.
 */
export class SlmpFrameError extends Error {
  override readonly name = 'SlmpFrameError';
  readonly code: SlmpFrameErrorCode;
  constructor(code: SlmpFrameErrorCode, detail?: string) {
    super(
      `${FRAME_ERROR_HINT[code]}${detail ? ` (${detail})` : ''} Check that the port is set to SLMP binary ` +
        'and that the address and port number belong to the controller.',
    );
    this.code = code;
  }
}

const SUB_3E_REQUEST = 0x50;
const SUB_4E_REQUEST = 0x54;
const SUB_3E_RESPONSE = 0xd0;
const SUB_4E_RESPONSE = 0xd4;

type Side = 'request' | 'response';

/** Bytes before the data-length field's value starts counting: subheader (+4E serial) + route + length. */
function headerLength(format: FrameFormat): number {
  return format === '4E' ? 13 : 9;
}

function formatOf(first: number, side: Side): FrameFormat | undefined {
  if (side === 'request') return first === SUB_3E_REQUEST ? '3E' : first === SUB_4E_REQUEST ? '4E' : undefined;
  return first === SUB_3E_RESPONSE ? '3E' : first === SUB_4E_RESPONSE ? '4E' : undefined;
}

/**
 * Checks the subheader bytes that are present and returns the format once known. The 4E subheader is
 * six bytes: 54 00 (or D4 00), the 2-byte serial, then a fixed 00 00.
 */
function checkSubheader(buf: Buffer, side: Side): FrameFormat | undefined {
  if (buf.length < 1) return undefined;
  const format = formatOf(buf[0]!, side);
  if (format === undefined) {
    throw new SlmpFrameError('bad-subheader', `first byte 0x${hex2(buf[0]!)} on the ${side} side`);
  }
  if (buf.length >= 2 && buf[1] !== 0) throw new SlmpFrameError('bad-subheader', `second byte 0x${hex2(buf[1]!)}`);
  if (format === '4E') {
    if (buf.length >= 5 && buf[4] !== 0) throw new SlmpFrameError('bad-subheader', '4E fixed bytes are not 00 00');
    if (buf.length >= 6 && buf[5] !== 0) throw new SlmpFrameError('bad-subheader', '4E fixed bytes are not 00 00');
  }
  return format;
}

function limits(side: Side): { min: number; max: number } {
  return side === 'request'
    ? { min: MIN_REQUEST_DATA_BYTES, max: MAX_REQUEST_DATA_BYTES }
    : { min: MIN_RESPONSE_DATA_BYTES, max: MAX_RESPONSE_DATA_BYTES };
}

/**
 * Length in bytes of the first whole frame at the start of `buf`, or undefined if more bytes are
 * needed; throws SlmpFrameError when the header can never be valid (unknown subheader, data length
 * over the maximum, or below the minimum).
 */
export function frameLength(buf: Buffer, side: 'request' | 'response'): number | undefined {
  const format = checkSubheader(buf, side);
  if (format === undefined) return undefined;
  const header = headerLength(format);
  if (buf.length < header) return undefined;
  const dataLength = buf.readUInt16LE(header - 2);
  const { min, max } = limits(side);
  if (dataLength > max) throw new SlmpFrameError('oversized', `data length ${dataLength}, maximum ${max}`);
  if (dataLength < min) throw new SlmpFrameError('too-short', `data length ${dataLength}, minimum ${min}`);
  return header + dataLength;
}

/** Validates a whole frame's framing and returns its format and where the counted data starts. */
function checkWholeFrame(frame: Buffer, side: Side): { format: FrameFormat; header: number; total: number } {
  const format = checkSubheader(frame, side);
  if (format === undefined || frame.length < headerLength(format)) {
    throw new SlmpFrameError('truncated', `${frame.length} bytes`);
  }
  const total = frameLength(frame, side)!;
  if (frame.length < total) throw new SlmpFrameError('length-mismatch', `${frame.length} bytes, header says ${total}`);
  if (frame.length > total) throw new SlmpFrameError('trailing-bytes', `${frame.length} bytes, header says ${total}`);
  return { format, header: headerLength(format), total };
}

function readRoute(buf: Buffer, at: number): Route {
  return { network: buf[at]!, station: buf[at + 1]!, moduleIo: buf.readUInt16LE(at + 2), multidrop: buf[at + 4]! };
}

function writeRoute(buf: Buffer, at: number, route: Route): void {
  buf[at] = checkedInt(route.network, 0xff, 'network No.');
  buf[at + 1] = checkedInt(route.station, 0xff, 'station No.');
  buf.writeUInt16LE(checkedInt(route.moduleIo, 0xffff, 'module I/O No.'), at + 2);
  buf[at + 4] = checkedInt(route.multidrop, 0xff, 'multidrop No.');
}

/** Encoding is given values by the app, never by a device: a bad one is a programming error. */
function checkedInt(value: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`SLMP ${what} must be an integer from 0 to ${max}, got ${value}`);
  }
  return value;
}

/** Writes subheader, serial (4E), route and data length; returns the offset after the length field. */
function writeHeader(buf: Buffer, format: FrameFormat, side: Side, serial: number, route: Route, dataLength: number): number {
  const first =
    side === 'request'
      ? format === '4E' ? SUB_4E_REQUEST : SUB_3E_REQUEST
      : format === '4E' ? SUB_4E_RESPONSE : SUB_3E_RESPONSE;
  buf[0] = first;
  buf[1] = 0;
  let at = 2;
  if (format === '4E') {
    buf.writeUInt16LE(checkedInt(serial, 0xffff, 'serial No.'), 2);
    buf.writeUInt16LE(0, 4);
    at = 6;
  } else if (serial !== 0) {
    throw new RangeError('A 3E frame has no serial No.; pass serial 0');
  }
  writeRoute(buf, at, route);
  buf.writeUInt16LE(dataLength, at + 5);
  return at + 7;
}

export function encodeRequest(r: SlmpRequest): Buffer {
  const dataLength = MIN_REQUEST_DATA_BYTES + r.data.length;
  if (dataLength > MAX_REQUEST_DATA_BYTES) {
    throw new SlmpFrameError('oversized', `request data length ${dataLength}, maximum ${MAX_REQUEST_DATA_BYTES}`);
  }
  const buf = Buffer.alloc(headerLength(r.format) + dataLength);
  let at = writeHeader(buf, r.format, 'request', r.serial, r.route, dataLength);
  buf.writeUInt16LE(checkedInt(r.timer, 0xffff, 'monitoring timer'), at);
  buf.writeUInt16LE(checkedInt(r.command, 0xffff, 'command'), at + 2);
  buf.writeUInt16LE(checkedInt(r.subcommand, 0xffff, 'subcommand'), at + 4);
  at += 6;
  r.data.copy(buf, at);
  return buf;
}

export function decodeRequest(frame: Buffer): SlmpRequest {
  const { format, header } = checkWholeFrame(frame, 'request');
  const routeAt = format === '4E' ? 6 : 2;
  return {
    format,
    serial: format === '4E' ? frame.readUInt16LE(2) : 0,
    route: readRoute(frame, routeAt),
    timer: frame.readUInt16LE(header),
    command: frame.readUInt16LE(header + 2),
    subcommand: frame.readUInt16LE(header + 4),
    // A copy, so a decoded request never pins (or aliases) the receive buffer it came from.
    data: Buffer.from(frame.subarray(header + 6)),
  };
}

export function encodeResponse(r: SlmpResponse): Buffer {
  checkedInt(r.endCode, 0xffff, 'end code');
  let payload: Buffer;
  if (r.endCode === 0) {
    payload = r.data;
  } else if (r.errorInfo) {
    payload = Buffer.alloc(ERROR_INFO_BYTES);
    writeRoute(payload, 0, r.errorInfo.route);
    payload.writeUInt16LE(checkedInt(r.errorInfo.command, 0xffff, 'command'), 5);
    payload.writeUInt16LE(checkedInt(r.errorInfo.subcommand, 0xffff, 'subcommand'), 7);
  } else {
    // A failure response carries error information or nothing; success data never rides along.
    payload = Buffer.alloc(0);
  }
  const dataLength = MIN_RESPONSE_DATA_BYTES + payload.length;
  if (dataLength > MAX_RESPONSE_DATA_BYTES) {
    throw new SlmpFrameError('oversized', `response data length ${dataLength}, maximum ${MAX_RESPONSE_DATA_BYTES}`);
  }
  const buf = Buffer.alloc(headerLength(r.format) + dataLength);
  const at = writeHeader(buf, r.format, 'response', r.serial, r.route, dataLength);
  buf.writeUInt16LE(r.endCode, at);
  payload.copy(buf, at + 2);
  return buf;
}

export function decodeResponse(frame: Buffer): SlmpResponse {
  const { format, header } = checkWholeFrame(frame, 'response');
  const routeAt = format === '4E' ? 6 : 2;
  const endCode = frame.readUInt16LE(header);
  const rest = frame.subarray(header + 2);
  const response: SlmpResponse = {
    format,
    serial: format === '4E' ? frame.readUInt16LE(2) : 0,
    route: readRoute(frame, routeAt),
    endCode,
    data: endCode === 0 ? Buffer.from(rest) : Buffer.alloc(0),
  };
  if (endCode !== 0) {
    if (rest.length === ERROR_INFO_BYTES) {
      response.errorInfo = { route: readRoute(rest, 0), command: rest.readUInt16LE(5), subcommand: rest.readUInt16LE(7) };
    } else if (rest.length !== 0) {
      throw new SlmpFrameError('bad-error-info', `${rest.length} bytes, expected ${ERROR_INFO_BYTES}`);
    }
  }
  return response;
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}
