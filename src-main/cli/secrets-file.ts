// The secrets file every `mxc` command that needs a password reads (docs/secrets-file.md):
//
//   { "version": 1,
//     "logon": { "user": "admin", "password": "..." },
//     "users": { "operator1": "..." },
//     "backupPassword": "..." }
//
// Passwords reach `mxc` only three ways: this file (`--secrets FILE`), the same JSON on standard input
// (`--secrets -`), or an interactive prompt that does not echo. Never from a command-line argument or an
// environment variable: both are visible to other users of the machine (ps, /proc) and end up in shell
// histories and scheduler logs. No secret is ever printed: errors name the file and the JSON path only
// (JSON.parse's own message is not passed on, because V8 quotes the text around the error).
import { AppError } from '../messages/app-error';
import { open } from 'node:fs/promises';
import { inspect } from 'node:util';
import { z } from 'zod';

export const SECRETS_FILE_VERSION = 1;

// Project choice: a secrets file is at most 64 KiB: ample for 32 users, and reading stays bounded when
// somebody points --secrets at the wrong file (or a device node).
export const MAX_SECRETS_BYTES = 64 * 1024;

const Password = z.string().min(1).max(256);

export const SecretsFileSchema = z
  .object({
    version: z.literal(SECRETS_FILE_VERSION),
    logon: z.object({ user: z.string().min(1).max(64), password: Password }).strict().optional(),
    users: z.record(z.string().min(1).max(64), Password).optional(),
    backupPassword: Password.optional(),
  })
  .strict();

export interface Secrets {
  readonly logon?: { readonly user: string; readonly password: string };
  readonly users: ReadonlyMap<string, string>;
  readonly backupPassword?: string;
}

export type SecretsErrorCode =
  | 'secrets-not-found'
  | 'secrets-unreadable'
  | 'secrets-too-large'
  | 'secrets-invalid'
  /** Group or others may read the file (POSIX): refused, like ssh refuses such a private key. */
  | 'secrets-permissions'
  /** The command needs a secret the source does not hold, and no terminal is there to ask. */
  | 'secrets-missing';

export class SecretsError extends AppError {
  declare readonly code: SecretsErrorCode;
  constructor(code: SecretsErrorCode, message: string) {
    super({ code, messageId: `errors.cli.${code}`, englishText: message });
  }
}

/** What a command needs; anything missing is asked for interactively (or is an error without a terminal). */
export interface SecretNeeds {
  /** 'required': the command cannot run without a logon; 'optional': asked for, an empty user name skips it. */
  logon?: 'required' | 'optional';
  /** 'new': a password being set (asked twice); 'existing': one being used. */
  backupPassword?: 'new' | 'existing';
}

export interface TerminalIo {
  /** The terminal's input (process.stdin); `isTTY` tells whether a person can be asked. */
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  /** Where prompts go (process.stderr, so stdout stays clean for scripts). */
  output: NodeJS.WritableStream;
}

/**
 * Reads the secrets from `--secrets FILE`, `--secrets -` (standard input) or, when `source` is undefined
 * and a terminal is attached, by asking. Missing values the command needs are asked for when possible.
 */
export async function readSecrets(source: string | undefined, needs: SecretNeeds, terminal: TerminalIo): Promise<Secrets> {
  let parsed: z.infer<typeof SecretsFileSchema> = { version: SECRETS_FILE_VERSION };
  let canAsk = terminal.input.isTTY === true;
  if (source === '-') {
    parsed = parseSecretsText(await readBounded(terminal.input, 'standard input'), 'standard input');
    canAsk = false; // stdin carried the file; nobody is there to type.
  } else if (source !== undefined) {
    parsed = parseSecretsText(await readSecretsFile(source), source);
  }
  const secrets: { logon?: { user: string; password: string }; users: Map<string, string>; backupPassword?: string } = {
    users: new Map(Object.entries(parsed.users ?? {})),
    ...(parsed.logon ? { logon: parsed.logon } : {}),
    ...(parsed.backupPassword !== undefined ? { backupPassword: parsed.backupPassword } : {}),
  };
  const where = source === undefined ? 'the command line' : source === '-' ? 'standard input' : source;
  if (needs.logon && !secrets.logon) {
    if (source !== undefined && needs.logon === 'optional') {
      // A secrets file without "logon" means: the device has user authentication off.
    } else if (!canAsk) {
      if (needs.logon === 'required') throw missing('"logon" (user and password)', where);
    } else {
      const user = (await prompt(terminal, 'Device user name (empty: do not log on): ', false)).trim();
      if (user.length > 0) secrets.logon = { user, password: await prompt(terminal, `Password of ${user}: `, true) };
      else if (needs.logon === 'required') throw missing('"logon" (user and password)', where);
    }
  }
  if (needs.backupPassword && secrets.backupPassword === undefined) {
    if (!canAsk) throw missing('"backupPassword"', where);
    const first = await prompt(terminal, 'Backup password: ', true);
    if (first.length === 0) throw new SecretsError('secrets-missing', 'The backup password is empty. Run the command again and enter it.');
    if (needs.backupPassword === 'new') {
      const again = await prompt(terminal, 'Backup password again: ', true);
      if (again !== first) throw new SecretsError('secrets-missing', 'The two backup passwords differ. Run the command again and enter the same password twice.');
    }
    secrets.backupPassword = first;
  }
  return redacted(secrets);
}

/** Parses and validates the JSON text of a secrets file. Errors name paths, never values. */
export function parseSecretsText(text: string, where: string): z.infer<typeof SecretsFileSchema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SecretsError('secrets-invalid', `The secrets in ${where} are not valid JSON. Check the file against docs/secrets-file.md.`);
  }
  const result = SecretsFileSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 5).map((i) => {
      const path = i.path.length === 0 ? '(top level)' : i.path.map(String).join('.');
      if (i.code === 'unrecognized_keys') return `${path}: unknown field(s) ${i.keys.map((k) => `"${k}"`).join(', ')}`;
      if (path === 'version') return `version: must be ${SECRETS_FILE_VERSION}`;
      return `${path}: ${i.code === 'invalid_type' ? 'missing or of the wrong type' : 'not allowed (empty, or too long)'}`;
    });
    throw new SecretsError('secrets-invalid', `The secrets in ${where} do not have the expected form: ${problems.join('; ')}. See docs/secrets-file.md.`);
  }
  return result.data;
}

/**
 * Reads a secrets file after checking who may read it. Project choice: on POSIX a file that its group
 * or others may read or write (any of mode 0o077) is REFUSED, not merely warned about: a scheduled
 * backup would otherwise keep running for months with the Administrator password readable by every
 * account on the machine. Windows has no such bits (ACLs); the check is skipped there and the
 * documentation says how to restrict the file.
 */
export async function readSecretsFile(path: string, platform: NodeJS.Platform = process.platform): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SecretsError('secrets-not-found', `The secrets file ${path} does not exist. Check the path.`);
    throw new SecretsError('secrets-unreadable', `The secrets file ${path} cannot be opened (${code ?? 'error'}). Check the path and its permissions.`);
  }
  try {
    // fstat on the open handle: the file checked is the file read, even if the path is swapped meanwhile.
    const stat = await handle.stat();
    if (!stat.isFile()) throw new SecretsError('secrets-unreadable', `${path} is not a regular file. Give the path of the secrets file.`);
    if (platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      throw new SecretsError(
        'secrets-permissions',
        `The secrets file ${path} can be read or changed by other users (mode ${(stat.mode & 0o777).toString(8).padStart(3, '0')}). ` +
          `Restrict it to its owner, e.g. "chmod 600 ${path}", then run the command again.`,
      );
    }
    if (stat.size > MAX_SECRETS_BYTES) throw tooLarge(path);
    const buffer = Buffer.alloc(MAX_SECRETS_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_SECRETS_BYTES) throw tooLarge(path);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    buffer.fill(0);
    return text;
  } finally {
    await handle.close();
  }
}

async function readBounded(stream: NodeJS.ReadableStream, where: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > MAX_SECRETS_BYTES) throw tooLarge(where);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(where: string): SecretsError {
  return new SecretsError('secrets-too-large', `The secrets in ${where} are larger than ${MAX_SECRETS_BYTES / 1024} KiB: that is not a secrets file.`);
}

function missing(what: string, where: string): SecretsError {
  return new SecretsError(
    'secrets-missing',
    `The command needs ${what}, which ${where === 'the command line' ? 'was not given' : `${where} does not contain`}, and there is no terminal to ask. ` +
      'Add it to the secrets file (docs/secrets-file.md) and pass --secrets FILE, or run the command in a terminal.',
  );
}

/**
 * Asks one question on the terminal. With `hidden`, the terminal is put in raw mode and nothing typed is
 * echoed; Backspace edits, Enter ends, Ctrl+C or Ctrl+D aborts.
 */
export function prompt(terminal: TerminalIo, question: string, hidden: boolean): Promise<string> {
  const { input, output } = terminal;
  output.write(question);
  return new Promise<string>((resolve, reject) => {
    let answer = '';
    const raw = hidden && typeof input.setRawMode === 'function';
    if (raw) input.setRawMode!(true);
    let done = false;
    const finish = (error?: Error): void => {
      done = true;
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      if (raw) input.setRawMode!(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onEnd = (): void => finish(new SecretsError('secrets-missing', 'The input ended before the answer was complete.'));
    const onData = (data: Buffer | string): void => {
      const text = typeof data === 'string' ? data : data.toString('utf8');
      const chars = [...text];
      for (let i = 0; i < chars.length; i++) {
        const ch = chars[i]!;
        if (ch === '\r' || ch === '\n') {
          // What was typed ahead (the next answer) waits for the next prompt; "\r\n" counts as one Enter.
          const rest = chars.slice(ch === '\r' && chars[i + 1] === '\n' ? i + 2 : i + 1).join('');
          if (rest.length > 0) typedAhead.set(input, rest);
          return finish();
        }
        if (ch === '\u0003' || ch === '\u0004') return finish(new SecretsError('secrets-missing', 'Cancelled at the prompt.'));
        if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
        else answer += ch;
        // Project choice: 256 characters, the longest password the secrets file accepts.
        if (answer.length > 256) return finish(new SecretsError('secrets-missing', 'The answer is longer than 256 characters.'));
      }
    };
    input.on('data', onData);
    input.once('end', onEnd);
    const ahead = typedAhead.get(input);
    typedAhead.delete(input);
    if (ahead !== undefined) onData(ahead);
    if (!done) input.resume();
  });
}

const typedAhead = new WeakMap<object, string>();

/** Whatever prints or serializes the secrets by mistake shows no password. */
function redacted<T extends object>(secrets: T): T {
  Object.defineProperty(secrets, 'toJSON', { value: () => '[secrets redacted]', enumerable: false });
  Object.defineProperty(secrets, inspect.custom, { value: () => '[secrets redacted]', enumerable: false });
  return secrets;
}
