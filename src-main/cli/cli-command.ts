// One `mxc` subcommand. Each lives in its own file (sim, later backup, profile, commission, report)
// and is listed in run-cli.ts; the dispatcher knows nothing else about it.
import { AppError } from '../messages/app-error';

export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export interface CliCommand {
  readonly name: string;
  /** One line for the command list of `mxc --help`. */
  readonly summary: string;
  /** Full text of `mxc <name> --help`. */
  readonly help: string;
  /** Resolves with the process exit code (0 ok, 1 failure, 2 usage error). */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Wrong or missing arguments: the message says which and the dispatcher points to --help. */
export class CliUsageError extends AppError {
  declare readonly code: 'CLI_USAGE';
  constructor(message: string) {
    super({ code: 'CLI_USAGE', messageId: 'errors.cli.CLI_USAGE', englishText: message, nextStep: { id: 'errors.cli.usageNextStep' } });
  }
}
