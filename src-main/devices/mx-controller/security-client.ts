// The client side of the virtual devices' security commands (docs/protocol.md, "Security commands of the
// virtual devices"): JSON in, JSON out, inside ordinary SLMP frames. Every failure leaves here as a
// DeviceOperationError: end codes through the one table (end-code-map.ts), link and frame failures as
// 'link-lost' / 'timeout' / 'malformed-response', a cancel as 'cancelled', an answer of the wrong shape as
// 'malformed-response' with the JSON paths at fault (never their values: they may be a certificate or
// event details the technician did not ask to see in an error).
import type { z } from 'zod';
import { SlmpClient, SlmpLinkClosedError, SlmpTimeoutError } from '../../slmp/client';
import { SlmpEndCodeError } from '../../slmp/end-codes';
import { SlmpFrameError } from '../../slmp/frame';
import { decodeJson, encodeJson, SecurityPayloadError } from '../../slmp/security-commands';
import { LinkError } from '../../links/link-error';
import { formatEndCode } from '../../slmp/end-codes';
import { DeviceOperationError } from '../device-error';
import { errorForEndCode } from './end-code-map';

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Named in a 'not-supported' headline, e.g. "Writing the user information". */
  what?: string;
}

// Project choice: operations during which the device runs a slow key derivation or verifies a whole
// package (encrypted backup create, restoration commit, firmware commit) get 60 s instead of the
// client's 5 s default: scrypt at N=2^17 takes about half a second on an idle core and far longer on a
// loaded one, and giving up early would leave the technician unsure whether the device finished.
export const SLOW_OPERATION_TIMEOUT_MS = 60_000;

export class SecurityCommandClient {
  constructor(
    private readonly slmp: SlmpClient,
    /** Whether the driver holds a logon on this connection (C816: "not logged on" vs "no authority"). */
    private readonly loggedOn: () => boolean,
  ) {}

  async call<S extends z.ZodType>(command: number, subcommand: number, body: Record<string, unknown>, schema: S, options: CallOptions = {}): Promise<z.output<S>> {
    let data: Buffer;
    try {
      data = await this.slmp.request(
        { command, subcommand, data: encodeJson(body) },
        { ...(options.signal ? { signal: options.signal } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) },
      );
    } catch (error) {
      throw translateError(error, { command, subcommand, loggedOn: this.loggedOn(), ...(options.what ? { what: options.what } : {}) }, options.signal);
    }
    return parseResponse(data, schema, command, subcommand);
  }
}

export function parseResponse<S extends z.ZodType>(data: Buffer, schema: S, command: number, subcommand: number): z.output<S> {
  const where = `${formatEndCode(command)}/${formatEndCode(subcommand)}`;
  let json: Record<string, unknown>;
  try {
    json = decodeJson(data);
  } catch (error) {
    if (!(error instanceof SecurityPayloadError)) throw error;
    throw malformed(where, [], error);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw malformed(
      where,
      result.error.issues.map((i) => (i.path.length === 0 ? '(answer)' : i.path.map(String).join('.'))),
    );
  }
  return result.data;
}

function malformed(command: string, paths: string[], cause?: unknown): DeviceOperationError {
  return new DeviceOperationError(
    'malformed-response',
    {
      headline: 'The device answered in a form the app does not understand.',
      whatToDo: 'Check that the address points to an MX controller (or a practice device of this app version) and retry; report it if it persists.',
    },
    { command, paths },
    cause === undefined ? undefined : { cause },
  );
}

/** Any error of a request (end code, link, timeout, cancel) as a DeviceOperationError. */
export function translateError(
  error: unknown,
  context: { command: number; subcommand: number; loggedOn: boolean; what?: string },
  signal?: AbortSignal,
): DeviceOperationError {
  if (error instanceof DeviceOperationError) return error;
  const command = `${formatEndCode(context.command)}/${formatEndCode(context.subcommand)}`;
  if (error instanceof SlmpEndCodeError) {
    const mapped = errorForEndCode(error.endCode, context);
    return mapped;
  }
  if (signal?.aborted) {
    return new DeviceOperationError('cancelled', { headline: 'The operation was cancelled.', whatToDo: 'Start it again when ready.' }, { command }, { cause: error });
  }
  if (error instanceof SlmpTimeoutError) {
    return new DeviceOperationError(
      'timeout',
      { headline: 'The device did not answer in time.', whatToDo: 'Check the power, the cable or network path and the address, then retry.' },
      { command, causeCode: error.code },
      { cause: error },
    );
  }
  if (error instanceof SlmpLinkClosedError || error instanceof LinkError) {
    return new DeviceOperationError(
      'link-lost',
      { headline: 'The connection to the device was lost.', whatToDo: 'Check the cable or network and the device, connect again and retry.' },
      { command, causeCode: error.code },
      { cause: error },
    );
  }
  if (error instanceof SlmpFrameError) {
    return new DeviceOperationError(
      'malformed-response',
      {
        headline: 'The device answered with a frame that breaks the SLMP protocol; the connection was closed.',
        whatToDo: 'Check that the address and port point to an MX controller speaking SLMP binary, and retry.',
      },
      { command, causeCode: error.code },
      { cause: error },
    );
  }
  return new DeviceOperationError(
    'link-lost',
    { headline: 'The request to the device failed.', whatToDo: 'Connect again and retry; report it if it persists.' },
    { command },
    { cause: error },
  );
}
