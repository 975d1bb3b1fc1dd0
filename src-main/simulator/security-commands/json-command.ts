// The one way the access-control modules register a security command: JSON body in, JSON body out,
// the subcommand selecting the operation (docs/protocol.md). A body that is not a JSON object is
// answered C05C; a subcommand nobody serves C059; a request that would not fit a frame C05C too.

import { decodeJson, encodeJson, SecurityPayloadError } from '../../slmp/security-commands';
import { MAX_RESPONSE_DATA_BYTES } from '../../slmp/frame';
import type { ConnectionContext } from '../connection-context';
import { END, EndCodeError } from '../end-code-error';
import type { VirtualController } from '../virtual-controller';

export type Body = Record<string, unknown>;

/** A reply that also runs something after it was sent (initialization restarts the device). */
export class ReplyThen {
  constructor(
    readonly body: Body,
    readonly after: () => void | Promise<void>,
  ) {}
}

export type JsonHandler = (body: Body, context: ConnectionContext) => Body | ReplyThen | Promise<Body | ReplyThen>;

// The response data also holds the 2-byte end code.
export const MAX_JSON_RESPONSE_BYTES = MAX_RESPONSE_DATA_BYTES - 2;

export function registerJsonCommand(controller: VirtualController, command: number, handlers: Readonly<Record<number, JsonHandler>>): () => void {
  return controller.commands.register(command, async (request, context) => {
    const handler = handlers[request.subcommand];
    if (!handler) throw new EndCodeError(END.notSupported, `Subcommand ${request.subcommand.toString(16).padStart(4, '0')} is not an operation of this command`);
    let body: Body;
    try {
      body = decodeJson(request.data);
    } catch (e) {
      if (e instanceof SecurityPayloadError) throw new EndCodeError(END.badData, e.message);
      throw e;
    }
    const result = await handler(body, context);
    const reply = result instanceof ReplyThen ? result.body : result;
    const data = encodeJson(reply);
    if (data.length > MAX_JSON_RESPONSE_BYTES) throw new EndCodeError(END.badData, 'The answer would not fit one frame');
    return result instanceof ReplyThen ? { data, after: result.after } : { data };
  });
}

/** Field readers that answer C05C (bad request data) for a malformed request. */
export function str(body: Body, key: string, max = 1024): string {
  const v = body[key];
  if (typeof v !== 'string' || v.length > max) throw new EndCodeError(END.badData, `"${key}" must be text of at most ${max} characters`);
  return v;
}

export function optionalInt(body: Body, key: string, min: number, max: number): number | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new EndCodeError(END.badData, `"${key}" must be a whole number from ${min} to ${max}`);
  return v;
}

/** Turns a refusal of a security model into the end code answer. */
export function fail(refusal: { endCode: number; message: string }): never {
  throw new EndCodeError(refusal.endCode, refusal.message);
}
