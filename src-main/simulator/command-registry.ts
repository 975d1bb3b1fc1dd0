// Which SLMP commands the virtual controller understands. The standard commands and, later, the
// security command modules register here, so a module adds commands without editing the core.
// A command nobody registered is answered C059, as a real controller answers a command it lacks.

import type { SlmpRequest } from '../slmp/frame';
import type { ConnectionContext } from './connection-context';

export interface CommandResult {
  /** Response data on success (empty when omitted). */
  data?: Buffer;
  /** Send nothing back (remote RESET: the CPU resets instead of answering). */
  noResponse?: boolean;
  /** Runs after the response (if any) was handed to the socket, e.g. the restart after RESET. */
  after?: () => void | Promise<void>;
}

/**
 * Handles one request. Throw EndCodeError (or the codec's SlmpDataError) to answer with an end code.
 * May be async (a logon verifying a hash); requests of one connection are still handled in order.
 */
export type CommandHandler = (
  request: SlmpRequest,
  context: ConnectionContext,
) => CommandResult | void | Promise<CommandResult | void>;

/**
 * Runs before every handler. Returns an end code to refuse the request (e.g. "log on first", C816),
 * or undefined to let it through. Security modules use this for rules that span commands.
 */
export type RequestGuard = (request: SlmpRequest, context: ConnectionContext) => number | undefined;

export class CommandRegistryError extends Error {
  readonly code = 'SIM_COMMAND_REGISTERED';
  constructor(command: number) {
    super(`SLMP command ${command.toString(16).toUpperCase().padStart(4, '0')} already has a handler in the virtual controller`);
    this.name = 'CommandRegistryError';
  }
}

export class CommandRegistry {
  private readonly handlers = new Map<number, CommandHandler>();
  private readonly guards: RequestGuard[] = [];

  /** Returns a function that removes the handler again. */
  register(command: number, handler: CommandHandler): () => void {
    if (this.handlers.has(command)) throw new CommandRegistryError(command);
    this.handlers.set(command, handler);
    return () => {
      if (this.handlers.get(command) === handler) this.handlers.delete(command);
    };
  }

  /** Returns a function that removes the guard again. */
  use(guard: RequestGuard): () => void {
    this.guards.push(guard);
    return () => {
      const i = this.guards.indexOf(guard);
      if (i >= 0) this.guards.splice(i, 1);
    };
  }

  handler(command: number): CommandHandler | undefined {
    return this.handlers.get(command);
  }

  /** The first guard's refusal, if any. */
  check(request: SlmpRequest, context: ConnectionContext): number | undefined {
    for (const guard of this.guards) {
      const endCode = guard(request, context);
      if (endCode !== undefined && endCode !== 0) return endCode;
    }
    return undefined;
  }

  commands(): number[] {
    return [...this.handlers.keys()].sort((a, b) => a - b);
  }
}
