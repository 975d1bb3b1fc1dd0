// Reading the JSON bodies of the security commands (docs/protocol.md) for the crypto-function modules:
// a body that is not a JSON object, or a member of the wrong type, is refused with C05C (bad data), the
// answer a controller gives to request data it cannot use. Nothing is changed before the body is read.

import { BULK_CHUNK_BYTES, SecurityPayloadError, decodeJson, encodeJson } from '../../slmp/security-commands';
import type { SlmpRequest } from '../../slmp/frame';
import type { CommandResult } from '../command-registry';
import { END, EndCodeError } from '../end-code-error';

export type Body = Record<string, unknown>;

export function readBody(request: SlmpRequest): Body {
  try {
    return decodeJson(request.data);
  } catch (e) {
    if (e instanceof SecurityPayloadError) throw new EndCodeError(END.badData, `The request data is not usable: ${e.message}`);
    throw e;
  }
}

export function reply(value: unknown): CommandResult {
  return { data: encodeJson(value) };
}

export function badData(message: string): never {
  throw new EndCodeError(END.badData, message);
}

export function unknownSubcommand(request: SlmpRequest): never {
  throw new EndCodeError(
    END.notSupported,
    `Subcommand ${request.subcommand.toString(16).padStart(4, '0')} of command ${request.command.toString(16).padStart(4, '0')} is not supported`,
  );
}

export function requiredString(body: Body, key: string, maxLength = 1024): string {
  const value = body[key];
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) badData(`"${key}" must be a text of 1 to ${maxLength} characters`);
  return value;
}

export function optionalString(body: Body, key: string, maxLength = 1024): string | undefined {
  if (body[key] === undefined || body[key] === null) return undefined;
  return requiredString(body, key, maxLength);
}

export function requiredInteger(body: Body, key: string, min: number, max: number): number {
  const value = body[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) badData(`"${key}" must be a whole number from ${min} to ${max}`);
  return value;
}

export function optionalBoolean(body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') badData(`"${key}" must be true or false`);
  return value;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** One bulk chunk: strict base64 of at most BULK_CHUNK_BYTES bytes. */
export function chunkData(body: Body, key = 'dataB64'): Buffer {
  const value = body[key];
  if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) badData(`"${key}" must be base64`);
  const data = Buffer.from(value, 'base64');
  if (data.length === 0 || data.length > BULK_CHUNK_BYTES) badData(`"${key}" must carry 1 to ${BULK_CHUNK_BYTES} bytes`);
  return data;
}
