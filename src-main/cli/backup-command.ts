// `mxc backup`: backups of an MX controller from a script or the OS scheduler (guideline 2.4.6), and the
// PC-side reading of a backup file (docs/backup-format.md).
//
//   mxc backup create  --target ENDPOINT --out FILE [--secrets FILE|-] [--encrypt] [--attest-trust-boundary] [--force] [--json]
//   mxc backup inspect FILE [--json]
//   mxc backup decrypt FILE --out DIR [--secrets FILE|-]
//
// Passwords come from the secrets file, standard input or a prompt (cli/secrets-file.ts), never from an
// argument. Every outcome has its own exit code (EXIT below) so a scheduled job can tell "wrong password"
// from "device unreachable" without parsing text.
import { AppError } from '../messages/app-error';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile, open as openFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { parseTarget, TARGET_HELP } from './endpoint';
import { readSecrets, SecretsError, type TerminalIo } from './secrets-file';
import { openEndpoint, type Endpoint } from '../devices/endpoint';
import { MxControllerDriver } from '../devices/mx-controller/mx-controller-driver';
import { DeviceOperationError } from '../devices/device-error';
import { inspectBackupFile, openBackupFile, type BackupHeaderInfo } from '../crypto/backup-file';
import { CryptoError } from '../crypto/crypto-error';
import { LinkError } from '../links/link-error';

/** Exit codes of `mxc backup` (documented in the help text and docs/secrets-file.md). */
export const EXIT = {
  ok: 0,
  /** The device refused or the operation failed (connection lost, timeout, device error). */
  failed: 1,
  /** Wrong arguments, invalid endpoint, a missing/invalid/too-open secrets file. */
  usage: 2,
  /** A real controller (observe-only): back it up with the engineering tool. */
  notSupported: 3,
  /** Logon failed: wrong user/password, locked out, or the device could not prove itself. */
  logonFailed: 4,
  /** The backup file is refused: wrong password, modified or damaged, not a backup. */
  fileRefused: 5,
  /** The output exists (without --force) or cannot be written. */
  outputProblem: 6,
  /** The device could not be reached (refused, unreachable, TLS certificate not the pinned one). */
  unreachable: 7,
} as const;

const HELP = `Usage: mxc backup create  --target ENDPOINT --out FILE [options]
       mxc backup inspect  FILE [--json]
       mxc backup decrypt  FILE --out DIR [--secrets FILE|-]

create   Logs on to the controller, makes a backup to this computer (guideline 2.4.6) and writes it
         to FILE. Suitable for scheduled backups (cron, systemd timers, Windows Task Scheduler).
${TARGET_HELP}
  --out FILE           Where to write the backup (written to a temporary file, then renamed)
  --secrets FILE|-     The secrets file (docs/secrets-file.md) or "-" for standard input: the
                       logon (user, password) and, with --encrypt, the backupPassword. Without it,
                       asked for on the terminal (not echoed). Never given as arguments.
  --encrypt            Encrypt the backup with the backupPassword (2.4.6.1)
  --attest-trust-boundary
                       Over tcp:// only: you confirm this computer is inside the trust boundary,
                       so the device accepts the backup password over plain Ethernet (2.4.7.1 B)
  --force              Replace FILE if it exists
  --json               Print the result as one JSON object

inspect  Prints what a backup file says about itself (no password needed): format, encryption,
         model, creation time on the device clock. Nothing in the header is authenticated until
         the file is decrypted.

decrypt  Verifies a backup file and extracts it on this computer into DIR (which must not exist
         or be empty). A wrong password or a modified file is an error and nothing is written.
  --out DIR            The directory to create
  --secrets FILE|-     Holds the backupPassword (asked for on the terminal otherwise)

Exit codes:
  0  done                       4  logon failed (wrong password, locked out, device not proven)
  1  the operation failed       5  backup file refused (wrong password, modified, not a backup)
  2  usage or secrets problem   6  output exists (use --force) or cannot be written
  3  not possible through the   7  device unreachable (refused, timeout, TLS certificate not
     app on this controller:       the pinned one)
     use the engineering tool
`;

export interface BackupCommandEnv {
  terminal: TerminalIo;
  /** Opens the link (tests may mark the far end as virtual). */
  open?: (endpoint: Endpoint) => Promise<import('../links/link').Link>;
}

const defaultEnv = (): BackupCommandEnv => ({ terminal: { input: process.stdin, output: process.stderr } });

export function createBackupCommand(env: () => BackupCommandEnv = defaultEnv): CliCommand {
  return {
    name: 'backup',
    summary: 'Back up a controller to a file; inspect or decrypt a backup file',
    help: HELP,
    async run(args: string[], io: CliIo): Promise<number> {
      const [sub, ...rest] = args;
      try {
        switch (sub) {
          case 'create':
            return await create(rest, io, env());
          case 'inspect':
            return await inspect(rest, io);
          case 'decrypt':
            return await decrypt(rest, io, env());
          default:
            throw new CliUsageError(sub === undefined ? 'Give a subcommand: create, inspect or decrypt.' : `Unknown subcommand "${sub}": use create, inspect or decrypt.`);
        }
      } catch (error) {
        if (error instanceof CliUsageError) throw error;
        return report(error, io);
      }
    },
  };
}

export const backupCommand: CliCommand = createBackupCommand();

// ---------------------------------------------------------------------------------------------------

async function create(args: string[], io: CliIo, env: BackupCommandEnv): Promise<number> {
  const values = parse(args, {
    target: { type: 'string' },
    out: { type: 'string' },
    secrets: { type: 'string' },
    encrypt: { type: 'boolean' },
    'attest-trust-boundary': { type: 'boolean' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  }).values;
  const endpoint = parseTarget(values['target'] as string | undefined);
  const out = values['out'] as string | undefined;
  if (!out) throw new CliUsageError('--out FILE is required.');
  const encrypt = values['encrypt'] === true;
  const force = values['force'] === true;
  if (!force && (await exists(out))) {
    io.stderr(`mxc backup: ${out} exists already. Choose another name (e.g. with the date) or add --force.`);
    return EXIT.outputProblem;
  }
  const secrets = await readSecrets(values['secrets'] as string | undefined, { logon: 'optional', ...(encrypt ? { backupPassword: 'new' as const } : {}) }, env.terminal);

  const link = await (env.open ?? ((e: Endpoint) => openEndpoint(e)))(endpoint);
  const driver = new MxControllerDriver(link);
  try {
    const caps = await driver.capabilities();
    if (caps.mode !== 'full') {
      io.stderr(
        `mxc backup: ${caps.model} is a controller whose backups are made with the engineering tool (the app cannot ` +
          'start one on it). Back it up there; the app verifies what it can observe.',
      );
      return EXIT.notSupported;
    }
    if (secrets.logon) {
      const result = await driver.logon(secrets.logon.user, secrets.logon.password);
      if (result.logonMessage && !values['json']) io.stderr(`Device logon message: ${result.logonMessage}`);
    }
    const backup = await driver.createBackup({
      destination: 'pc',
      ...(encrypt ? { password: secrets.backupPassword! } : {}),
      ...(values['attest-trust-boundary'] === true ? { trustBoundaryAttested: true } : {}),
    });
    const file = backup.file!;
    // What the device sent must be a backup file of the kind asked for, before it replaces anything.
    const header = inspectBackupFile(file);
    if (header.encrypted !== encrypt) {
      io.stderr(`mxc backup: the device returned an ${header.encrypted ? 'encrypted' : 'unencrypted'} backup, not what was asked for. Nothing was written.`);
      return EXIT.failed;
    }
    await writeAtomically(out, file, force);
    if (secrets.logon) await driver.logoff().catch(() => undefined);
    const sha256 = (await import('node:crypto')).createHash('sha256').update(file).digest('hex');
    if (values['json'] === true) {
      io.stdout(JSON.stringify({ file: out, bytes: file.length, sha256, encrypted: header.encrypted, model: header.model, createdAt: header.createdAt.toISOString(), deviceName: backup.name }));
    } else {
      io.stdout(`Backup of ${header.model} written to ${out} (${file.length} bytes, ${header.encrypted ? 'encrypted' : 'NOT encrypted'}, SHA-256 ${sha256}).`);
    }
    return EXIT.ok;
  } finally {
    await driver.close().catch(() => undefined);
  }
}

async function inspect(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } }, true);
  const path = onePositional(positionals, 'FILE');
  const info = inspectBackupFile(await readInput(path));
  if (values['json'] === true) {
    io.stdout(JSON.stringify({ ...info, createdAt: info.createdAt.toISOString() }));
    return EXIT.ok;
  }
  for (const line of describeHeader(path, info)) io.stdout(line);
  return EXIT.ok;
}

async function decrypt(args: string[], io: CliIo, env: BackupCommandEnv): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: 'string' }, secrets: { type: 'string' } }, true);
  const path = onePositional(positionals, 'FILE');
  const outDir = values['out'] as string | undefined;
  if (!outDir) throw new CliUsageError('--out DIR is required.');
  if (!(await isAbsentOrEmptyDir(outDir))) {
    io.stderr(`mxc backup: ${outDir} exists and is not an empty directory. Choose a new directory.`);
    return EXIT.outputProblem;
  }
  const file = await readInput(path);
  const header = inspectBackupFile(file);
  const secrets = header.encrypted ? await readSecrets(values['secrets'] as string | undefined, { backupPassword: 'existing' }, env.terminal) : undefined;
  // Verifies everything (password check, header MAC, GCM tag or SHA-256) before a single byte is written.
  const opened = await openBackupFile(file, secrets?.backupPassword);
  const parent = dirname(outDir);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.${basename(outDir)}.partial-`));
  try {
    for (const entry of opened.entries) {
      const target = join(staging, ...entry.name.split('/'));
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      // 'wx': two names that collide on this file system (case) fail instead of overwriting each other.
      await writeFile(target, entry.data, { flag: 'wx', mode: 0o600 });
    }
    const m = opened.metadata;
    await writeFile(
      join(staging, 'backup-metadata.json'),
      JSON.stringify({ model: m.model, serial: m.serial, firmware: m.firmware, createdAt: m.createdAt.toISOString(), encryption: m.encryption, entries: opened.entries.map((e) => ({ name: e.name, bytes: e.data.length })) }, null, 2) + '\n',
      { flag: 'wx', mode: 0o600 },
    );
    await rm(outDir, { recursive: true, force: true }); // only an empty directory can be here (checked above)
    await rename(staging, outDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  io.stdout(`Backup of ${opened.metadata.model} verified and extracted to ${outDir} (${opened.entries.length} files, made ${opened.metadata.createdAt.toISOString()} on the device clock).`);
  return EXIT.ok;
}

// ---------------------------------------------------------------------------------------------------

function describeHeader(path: string, info: BackupHeaderInfo): string[] {
  return [
    `File:        ${path}`,
    `Format:      MX Commissioner backup, version ${info.formatVersion}`,
    `Model:       ${info.model}`,
    `Created:     ${info.createdAt.toISOString()} (device clock)`,
    `Encrypted:   ${info.encrypted ? `yes (${info.cipher}, key from scrypt N=2^${info.kdf.id === 'scrypt' ? info.kdf.log2N : '?'})` : 'NO: anyone with the file can read it (guideline 2.4.6.1)'}`,
    `Body:        ${info.bodyBytes} bytes`,
    'The header is not authenticated until the file is decrypted ("mxc backup decrypt").',
  ];
}

/** Maps what went wrong to an exit code and one message for the technician (no secret, no stack). */
function report(error: unknown, io: CliIo): number {
  if (error instanceof SecretsError) {
    io.stderr(`mxc backup: ${error.message}`);
    return EXIT.usage;
  }
  if (error instanceof DeviceOperationError) {
    const ref = error.guidelineRef ? ` (guideline ${error.guidelineRef})` : '';
    const endCode = error.details.endCode ? ` [device code ${error.details.endCode}]` : '';
    const hint =
      error.code === 'secret-needs-protected-link'
        ? ' With mxc: connect with tls:// or usb-socket:, or add --attest-trust-boundary.'
        : error.code === 'not-logged-on'
          ? ' With mxc: add "logon" (user and password) to the secrets file (docs/secrets-file.md).'
          : '';
    io.stderr(`mxc backup: ${error.headline} ${error.whatToDo}${hint}${ref}${endCode}`);
    if (error.code === 'not-supported') return EXIT.notSupported;
    // A device that needs a logon nobody gave (a secrets file without "logon") is a logon problem too.
    if (['wrong-credentials', 'locked-out', 'device-proof-failed', 'password-expired', 'authentication-off', 'not-logged-on'].includes(error.code)) return EXIT.logonFailed;
    if (error.code === 'link-lost' || error.code === 'timeout') return EXIT.unreachable;
    return EXIT.failed;
  }
  if (error instanceof CryptoError) {
    io.stderr(`mxc backup: ${error.message}${error.reference ? ` (guideline ${error.reference})` : ''} Nothing was written.`);
    return error.code === 'invalid-input' ? EXIT.failed : EXIT.fileRefused;
  }
  if (error instanceof LinkError) {
    io.stderr(`mxc backup: ${error.message}`);
    return EXIT.unreachable;
  }
  if (error instanceof OutputError) {
    io.stderr(`mxc backup: ${error.message}`);
    return EXIT.outputProblem;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    io.stderr(`mxc backup: a file could not be read or written (${code}). Check the paths and permissions. Nothing was written.`);
    return EXIT.outputProblem;
  }
  io.stderr(`mxc backup: unexpected error: ${(error as Error)?.message ?? String(error)}`);
  return EXIT.failed;
}

class OutputError extends AppError {
  declare readonly code: 'output-problem';
  constructor(message: string, options?: { cause?: unknown }) {
    super({ code: 'output-problem', messageId: 'errors.cli.output-problem', englishText: message, ...(options?.cause !== undefined ? { cause: options.cause } : {}) });
  }
}

function parse(args: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options'], positionals = false) {
  try {
    return parseArgs({ args, options: options!, strict: true, allowPositionals: positionals });
  } catch (error) {
    // parseArgs quotes the offending argument; a password typed as an argument would be echoed back.
    const message = (error as Error).message;
    const option = /'(--?[A-Za-z-]+)/.exec(message)?.[1];
    throw new CliUsageError(option ? `Unknown or incomplete option ${option}.` : 'Unexpected argument.');
  }
}

function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new CliUsageError(`Give exactly one ${what}.`);
  return positionals[0]!;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function isAbsentOrEmptyDir(path: string): Promise<boolean> {
  try {
    const s = await stat(path);
    if (!s.isDirectory()) return false;
    const { readdir } = await import('node:fs/promises');
    return (await readdir(path)).length === 0;
  } catch {
    return true;
  }
}

// Project choice: a backup file is read into memory whole, up to 1 GiB (the transfer limit of the driver
// is 512 MiB); a larger file is not a backup of these controllers.
const MAX_BACKUP_FILE_BYTES = 1024 * 1024 * 1024;

async function readInput(path: string): Promise<Buffer> {
  const s = await stat(path).catch(() => undefined);
  if (!s || !s.isFile()) throw new OutputError(`${path} does not exist or is not a file.`);
  if (s.size > MAX_BACKUP_FILE_BYTES) throw new CryptoError('backup', 'not-a-backup', `${path} is larger than any backup of these controllers.`);
  return readFile(path);
}

/** A scheduled job that dies mid-write leaves the previous file intact, never half a backup. */
async function writeAtomically(path: string, data: Buffer, overwrite: boolean): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const handle = await openFile(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (!overwrite && (await exists(path))) throw new OutputError(`${path} appeared while the backup was made. Nothing was replaced.`);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
