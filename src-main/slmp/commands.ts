// Request and response DATA of the standard SLMP commands (SLMP reference SH-080956ENG), for both
// sides: the client encodes requests and decodes responses, the virtual controller does the reverse.
// Every decoder checks lengths and values first and throws SlmpDataError carrying the end code a real
// device answers to the same bytes, so the simulator can reply with it unchanged.

import { DEVICE_CODES, deviceNameOf, formatDeviceAddress, isBitDevice, type DeviceName } from './devices';

export const Command = {
  ReadTypeName: 0x0101,
  SelfTest: 0x0619,
  RemoteRun: 0x1001,
  RemoteStop: 0x1002,
  RemotePause: 0x1003,
  RemoteLatchClear: 0x1005,
  RemoteReset: 0x1006,
  ErrorClear: 0x1617,
  DeviceRead: 0x0401,
  DeviceWrite: 0x1401,
  RemotePasswordUnlock: 0x1630,
  RemotePasswordLock: 0x1631,
} as const;

/** iQ-R/MX device access form: 4-byte device No. and 2-byte device code. */
export const Subcommand = { None: 0x0000, Word: 0x0002, Bit: 0x0003 } as const;

/** Limits reported live for MX-R: 961 words answers C051, 7169 bits answers C052. */
export const LIMITS = { maxWordPoints: 960, maxBitPoints: 7168, maxSelfTestBytes: 960 } as const;

/** iQ-R remote password length (the MX models do not support the remote password at all). */
export const REMOTE_PASSWORD_LENGTH = { min: 6, max: 32 } as const;

const COMMAND_NAMES: Record<number, string> = {
  [Command.ReadTypeName]: 'Read type name',
  [Command.SelfTest]: 'Self test',
  [Command.RemoteRun]: 'Remote RUN',
  [Command.RemoteStop]: 'Remote STOP',
  [Command.RemotePause]: 'Remote PAUSE',
  [Command.RemoteLatchClear]: 'Remote latch clear',
  [Command.RemoteReset]: 'Remote RESET',
  [Command.ErrorClear]: 'Error clear',
  [Command.DeviceRead]: 'Device read',
  [Command.DeviceWrite]: 'Device write',
  [Command.RemotePasswordUnlock]: 'Remote password unlock',
  [Command.RemotePasswordLock]: 'Remote password lock',
};

/** "Remote STOP (1002)", or "command 2A01" for one this file does not know. */
export function commandName(command: number): string {
  const code = command.toString(16).toUpperCase().padStart(4, '0');
  const name = COMMAND_NAMES[command];
  return name ? `${name} (${code})` : `command ${code}`;
}

export interface CommandData {
  command: number;
  subcommand: number;
  data: Buffer;
}

export type SlmpDataErrorCode =
  | 'bad-data'
  | 'length-mismatch'
  | 'too-many-words'
  | 'too-many-bits'
  | 'out-of-range'
  | 'unknown-subcommand'
  | 'unknown-device'
  | 'wrong-unit'
  | 'password-length';

// Project choice: where the public facts name no end code for a condition, the closest code of the
// SLMP reference is used: C05B for a word device accessed in bit units, C05C (bad data) for 0 points,
// an empty or over-long self-test text and a bad bit nibble, 4030 for an unknown device code.
const END_CODE_OF: Record<SlmpDataErrorCode, number> = {
  'bad-data': 0xc05c,
  'length-mismatch': 0xc061,
  'too-many-words': 0xc051,
  'too-many-bits': 0xc052,
  'out-of-range': 0xc056,
  'unknown-subcommand': 0xc059,
  'unknown-device': 0x4030,
  'wrong-unit': 0xc05b,
  'password-length': 0xc208,
};

/**
 * Request or response data that does not fit its command. `endCode` is what a device answers to it;
 * on the client side it is thrown before anything is sent, so the technician learns the limit without
 * a round trip. Messages never include password text.
 */
export class SlmpDataError extends Error {
  override readonly name = 'SlmpDataError';
  readonly code: SlmpDataErrorCode;
  readonly endCode: number;
  constructor(code: SlmpDataErrorCode, message: string) {
    super(message);
    this.code = code;
    this.endCode = END_CODE_OF[code];
  }
}

function expectLength(data: Buffer, length: number, what: string): void {
  if (data.length !== length) {
    throw new SlmpDataError('length-mismatch', `${what}: expected ${length} bytes of data, got ${data.length}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Device batch read / write (0401 / 1401, subcommand 0002 words, 0003 bits)

export interface DeviceAccess {
  device: DeviceName;
  head: number;
  points: number;
}

export type DeviceUnit = 'word' | 'bit';

const DEVICE_SPEC_BYTES = 8; // head device No.(4) + device code(2) + points(2)

function unitOfSubcommand(subcommand: number, command: number): DeviceUnit {
  if (subcommand === Subcommand.Word) return 'word';
  if (subcommand === Subcommand.Bit) return 'bit';
  throw new SlmpDataError(
    'unknown-subcommand',
    `${commandName(command)} with subcommand ${subcommand.toString(16).toUpperCase().padStart(4, '0')} is not supported; ` +
      'this app uses the iQ-R/MX form (0002 words, 0003 bits).',
  );
}

function checkAccess(a: DeviceAccess, unit: DeviceUnit): void {
  if (!Object.prototype.hasOwnProperty.call(DEVICE_CODES, a.device)) {
    throw new SlmpDataError('unknown-device', `Device "${String(a.device)}" is not one this app can address.`);
  }
  if (!Number.isInteger(a.head) || a.head < 0 || a.head > 0xffffffff) {
    throw new SlmpDataError('out-of-range', `Device number ${a.head} is out of range for ${a.device}.`);
  }
  const max = unit === 'word' ? LIMITS.maxWordPoints : LIMITS.maxBitPoints;
  if (!Number.isInteger(a.points) || a.points < 1) {
    throw new SlmpDataError('bad-data', `A device access needs 1 to ${max} points, got ${a.points}.`);
  }
  if (a.points > max) {
    throw new SlmpDataError(
      unit === 'word' ? 'too-many-words' : 'too-many-bits',
      `${a.points} ${unit}s from ${formatDeviceAddress(a.device, a.head)} is more than the ${max} ${unit}s ` +
        'an MX controller accepts in one request. Split the range into smaller reads or writes.',
    );
  }
  if (a.head + a.points - 1 > 0xffffffff) {
    throw new SlmpDataError('out-of-range', `The range from ${formatDeviceAddress(a.device, a.head)} runs past the last device number.`);
  }
  // Bit-unit access needs a bit device; a word device read bit by bit is refused by the CPU.
  if (unit === 'bit' && !isBitDevice(a.device)) {
    throw new SlmpDataError('wrong-unit', `${a.device} is a word device and cannot be accessed in bit units; read it as words.`);
  }
}

function writeSpec(buf: Buffer, a: DeviceAccess): void {
  buf.writeUInt32LE(a.head, 0);
  buf.writeUInt16LE(DEVICE_CODES[a.device], 4);
  buf.writeUInt16LE(a.points, 6);
}

function readSpec(data: Buffer, unit: DeviceUnit): DeviceAccess {
  const code = data.readUInt16LE(4);
  const device = deviceNameOf(code);
  if (device === undefined) {
    throw new SlmpDataError('unknown-device', `Device code ${code.toString(16).toUpperCase().padStart(4, '0')} is not supported.`);
  }
  const access: DeviceAccess = { device, head: data.readUInt32LE(0), points: data.readUInt16LE(6) };
  checkAccess(access, unit);
  return access;
}

export function encodeDeviceRead(a: DeviceAccess & { unit: DeviceUnit }): CommandData {
  checkAccess(a, a.unit);
  const data = Buffer.alloc(DEVICE_SPEC_BYTES);
  writeSpec(data, a);
  return { command: Command.DeviceRead, subcommand: a.unit === 'word' ? Subcommand.Word : Subcommand.Bit, data };
}

export function decodeDeviceRead(subcommand: number, data: Buffer): DeviceAccess & { unit: DeviceUnit } {
  const unit = unitOfSubcommand(subcommand, Command.DeviceRead);
  expectLength(data, DEVICE_SPEC_BYTES, 'Device read');
  return { ...readSpec(data, unit), unit };
}

function checkWord(value: number): number {
  // Signed and unsigned 16-bit values are both accepted: the frame carries the same two bytes.
  if (!Number.isInteger(value) || value < -0x8000 || value > 0xffff) {
    throw new SlmpDataError('bad-data', `Word value ${value} does not fit in 16 bits (-32768 to 65535).`);
  }
  return value & 0xffff;
}

export function encodeDeviceWriteWords(a: { device: DeviceName; head: number; values: readonly number[] }): CommandData {
  const access = { device: a.device, head: a.head, points: a.values.length };
  checkAccess(access, 'word');
  const data = Buffer.alloc(DEVICE_SPEC_BYTES + a.values.length * 2);
  writeSpec(data, access);
  a.values.forEach((v, i) => data.writeUInt16LE(checkWord(v), DEVICE_SPEC_BYTES + i * 2));
  return { command: Command.DeviceWrite, subcommand: Subcommand.Word, data };
}

export function encodeDeviceWriteBits(a: { device: DeviceName; head: number; values: readonly boolean[] }): CommandData {
  const access = { device: a.device, head: a.head, points: a.values.length };
  checkAccess(access, 'bit');
  const data = Buffer.concat([Buffer.alloc(DEVICE_SPEC_BYTES), encodeBitsResponse(a.values)]);
  writeSpec(data, access);
  return { command: Command.DeviceWrite, subcommand: Subcommand.Bit, data };
}

export function decodeDeviceWrite(
  subcommand: number,
  data: Buffer,
): { device: DeviceName; head: number; unit: DeviceUnit; values: number[] } {
  const unit = unitOfSubcommand(subcommand, Command.DeviceWrite);
  if (data.length < DEVICE_SPEC_BYTES) {
    throw new SlmpDataError('length-mismatch', `Device write: ${data.length} bytes is shorter than the device specification.`);
  }
  const { device, head, points } = readSpec(data, unit);
  const body = data.subarray(DEVICE_SPEC_BYTES);
  const values =
    unit === 'word'
      ? decodeWordsResponse(body, points)
      : decodeBitsResponse(body, points).map((b) => (b ? 1 : 0));
  return { device, head, unit, values };
}

/** Words as the device sends them: 2 bytes each, little-endian. */
export function encodeWordsResponse(values: readonly number[]): Buffer {
  const buf = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => buf.writeUInt16LE(checkWord(v), i * 2));
  return buf;
}

export function decodeWordsResponse(data: Buffer, points: number): number[] {
  expectLength(data, points * 2, `${points} words`);
  const out: number[] = [];
  for (let i = 0; i < points; i++) out.push(data.readUInt16LE(i * 2));
  return out;
}

/** Bits as the device sends them: 4 bits per point, first point in the high nibble, 0 pads an odd count. */
export function encodeBitsResponse(values: readonly (0 | 1 | boolean)[]): Buffer {
  const buf = Buffer.alloc(Math.ceil(values.length / 2));
  values.forEach((v, i) => {
    if (v !== 0 && v !== 1 && v !== true && v !== false) {
      throw new SlmpDataError('bad-data', `Bit value ${String(v)} is neither on nor off.`);
    }
    if (v === true || v === 1) buf[i >> 1]! |= i % 2 === 0 ? 0x10 : 0x01;
  });
  return buf;
}

export function decodeBitsResponse(data: Buffer, points: number): boolean[] {
  expectLength(data, Math.ceil(points / 2), `${points} bits`);
  const out: boolean[] = [];
  for (let i = 0; i < points; i++) {
    const byte = data[i >> 1]!;
    const nibble = i % 2 === 0 ? byte >> 4 : byte & 0x0f;
    if (nibble > 1) throw new SlmpDataError('bad-data', `Bit ${i} is 0x${nibble.toString(16)}; a bit must be 0 or 1.`);
    out.push(nibble === 1);
  }
  // The padding nibble of an odd count is not checked: the manual does not say devices zero it.
  return out;
}

// ---------------------------------------------------------------------------------------------
// Read type name (0101)

const MODEL_NAME_BYTES = 16;

export function encodeReadTypeName(): CommandData {
  return { command: Command.ReadTypeName, subcommand: Subcommand.None, data: Buffer.alloc(0) };
}

export function encodeTypeNameResponse(model: string, modelCode: number): Buffer {
  if (!/^[\x20-\x7e]{0,16}$/.test(model)) {
    throw new SlmpDataError('bad-data', `Model name "${model}" must be at most 16 printable ASCII characters.`);
  }
  if (!Number.isInteger(modelCode) || modelCode < 0 || modelCode > 0xffff) {
    throw new SlmpDataError('bad-data', `Model code ${modelCode} does not fit in 16 bits.`);
  }
  const buf = Buffer.alloc(MODEL_NAME_BYTES + 2, 0x20);
  buf.write(model, 0, 'latin1');
  buf.writeUInt16LE(modelCode, MODEL_NAME_BYTES);
  return buf;
}

export function decodeTypeNameResponse(data: Buffer): { model: string; modelCode: number } {
  expectLength(data, MODEL_NAME_BYTES + 2, 'Read type name response');
  // Space padded per the manual; some firmware pads with NUL, so both are trimmed.
  const model = data.subarray(0, MODEL_NAME_BYTES).toString('latin1').replace(/[\x20\x00]+$/, '');
  return { model, modelCode: data.readUInt16LE(MODEL_NAME_BYTES) };
}

// ---------------------------------------------------------------------------------------------
// Remote operations (1001-1006) and error clear (1617)

const MODE_NORMAL = 0x0001;
const MODE_FORCED = 0x0003;

function decodeMode(data: Buffer, what: string): boolean {
  const mode = data.readUInt16LE(0);
  if (mode !== MODE_NORMAL && mode !== MODE_FORCED) {
    throw new SlmpDataError('bad-data', `${what}: mode ${mode.toString(16).padStart(4, '0')} is neither 0001 (normal) nor 0003 (forced).`);
  }
  return mode === MODE_FORCED;
}

/** `force`: run even if another station holds the CPU (forced mode). `clear`: 0 none, 1 non-latch devices, 2 all. */
export function encodeRemoteRun(opts: { force?: boolean; clear?: 0 | 1 | 2 } = {}): CommandData {
  const clear = opts.clear ?? 0;
  if (clear !== 0 && clear !== 1 && clear !== 2) throw new SlmpDataError('bad-data', `Clear mode ${String(clear)} must be 0, 1 or 2.`);
  const data = Buffer.alloc(4);
  data.writeUInt16LE(opts.force ? MODE_FORCED : MODE_NORMAL, 0);
  data[2] = clear;
  return { command: Command.RemoteRun, subcommand: Subcommand.None, data };
}

export function decodeRemoteRun(data: Buffer): { force: boolean; clear: 0 | 1 | 2 } {
  expectLength(data, 4, 'Remote RUN');
  const force = decodeMode(data, 'Remote RUN');
  const clear = data[2]!;
  if (clear > 2 || data[3] !== 0) throw new SlmpDataError('bad-data', `Remote RUN: clear mode ${clear} must be 00, 01 or 02, followed by 00.`);
  return { force, clear: clear as 0 | 1 | 2 };
}

function fixedOne(command: number): CommandData {
  const data = Buffer.alloc(2);
  data.writeUInt16LE(0x0001, 0);
  return { command, subcommand: Subcommand.None, data };
}

function decodeFixedOne(data: Buffer, command: number): void {
  expectLength(data, 2, commandName(command));
  if (data.readUInt16LE(0) !== 0x0001) throw new SlmpDataError('bad-data', `${commandName(command)}: data must be 0001.`);
}

export function encodeRemoteStop(): CommandData {
  return fixedOne(Command.RemoteStop);
}
export function decodeRemoteStop(data: Buffer): void {
  decodeFixedOne(data, Command.RemoteStop);
}

export function encodeRemotePause(opts: { force?: boolean } = {}): CommandData {
  const data = Buffer.alloc(2);
  data.writeUInt16LE(opts.force ? MODE_FORCED : MODE_NORMAL, 0);
  return { command: Command.RemotePause, subcommand: Subcommand.None, data };
}
export function decodeRemotePause(data: Buffer): { force: boolean } {
  expectLength(data, 2, 'Remote PAUSE');
  return { force: decodeMode(data, 'Remote PAUSE') };
}

export function encodeRemoteLatchClear(): CommandData {
  return fixedOne(Command.RemoteLatchClear);
}
export function decodeRemoteLatchClear(data: Buffer): void {
  decodeFixedOne(data, Command.RemoteLatchClear);
}

export function encodeRemoteReset(): CommandData {
  return fixedOne(Command.RemoteReset);
}
export function decodeRemoteReset(data: Buffer): void {
  decodeFixedOne(data, Command.RemoteReset);
}

export function encodeErrorClear(): CommandData {
  return { command: Command.ErrorClear, subcommand: Subcommand.None, data: Buffer.alloc(0) };
}

/** For commands with no request data (read type name, error clear) and responses with none. */
export function decodeEmpty(data: Buffer, what: string): void {
  expectLength(data, 0, what);
}

// ---------------------------------------------------------------------------------------------
// Self test (0619): length(2) + 1..960 characters of 0-9/A-F; the response echoes the same shape.

const SELF_TEST_TEXT = /^[0-9A-F]+$/;

function checkSelfTestText(text: string): void {
  if (text.length < 1 || text.length > LIMITS.maxSelfTestBytes) {
    throw new SlmpDataError('bad-data', `Self test text must be 1 to ${LIMITS.maxSelfTestBytes} characters, got ${text.length}.`);
  }
  if (!SELF_TEST_TEXT.test(text)) {
    throw new SlmpDataError('bad-data', 'Self test text may contain only 0-9 and upper-case A-F.');
  }
}

/** The data of a self-test request or response (both have the same shape). */
export function encodeSelfTestData(text: string): Buffer {
  checkSelfTestText(text);
  const data = Buffer.alloc(2 + text.length);
  data.writeUInt16LE(text.length, 0);
  data.write(text, 2, 'latin1');
  return data;
}

export function encodeSelfTest(text: string): CommandData {
  return { command: Command.SelfTest, subcommand: Subcommand.None, data: encodeSelfTestData(text) };
}

export function decodeSelfTest(data: Buffer): string {
  if (data.length < 2) throw new SlmpDataError('length-mismatch', 'Self test: the length field is missing.');
  const length = data.readUInt16LE(0);
  if (data.length !== 2 + length) {
    throw new SlmpDataError('length-mismatch', `Self test: length field says ${length} bytes, ${data.length - 2} follow.`);
  }
  const text = data.subarray(2).toString('latin1');
  checkSelfTestText(text);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Remote password unlock / lock (1630 / 1631): length(2) + ASCII password.

export function encodeRemotePassword(command: 0x1630 | 0x1631, password: string): CommandData {
  if (command !== Command.RemotePasswordUnlock && command !== Command.RemotePasswordLock) {
    throw new SlmpDataError('unknown-subcommand', `${commandName(command)} is not a remote password command.`);
  }
  checkRemotePassword(password);
  const data = Buffer.alloc(2 + password.length);
  data.writeUInt16LE(password.length, 0);
  data.write(password, 2, 'latin1');
  return { command, subcommand: Subcommand.None, data };
}

export function decodeRemotePassword(data: Buffer): string {
  if (data.length < 2) throw new SlmpDataError('length-mismatch', 'Remote password: the length field is missing.');
  const length = data.readUInt16LE(0);
  if (data.length !== 2 + length) {
    throw new SlmpDataError('length-mismatch', `Remote password: length field says ${length} bytes, ${data.length - 2} follow.`);
  }
  const password = data.subarray(2).toString('latin1');
  checkRemotePassword(password);
  return password;
}

function checkRemotePassword(password: string): void {
  // Never echo the password itself: only its length is safe to report.
  if (password.length < REMOTE_PASSWORD_LENGTH.min || password.length > REMOTE_PASSWORD_LENGTH.max) {
    throw new SlmpDataError(
      'password-length',
      `A remote password has ${REMOTE_PASSWORD_LENGTH.min} to ${REMOTE_PASSWORD_LENGTH.max} characters; this one has ${password.length}.`,
    );
  }
  if (!/^[\x21-\x7e]+$/.test(password)) {
    throw new SlmpDataError('bad-data', 'A remote password may contain only printable ASCII characters without spaces.');
  }
}
