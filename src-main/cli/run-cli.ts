// The `mxc` command-line dispatcher: `mxc <command> [options]`. Commands are loaded on demand so
// `mxc sim` does not pay for the code of the others.

import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { AppError } from '../messages/app-error';
import { languageOfEnvironment } from '../messages/catalogue';

const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  sim: {
    summary: 'Start a virtual MX controller (practice device) on local sockets',
    load: async () => (await import('./sim-command')).simCommand,
  },
  backup: { summary: 'Back up a controller to a file; inspect or decrypt a backup file', load: async () => (await import('./backup-command')).backupCommand },
  profile: { summary: 'Print the recommended security profile for a model', load: async () => (await import('./profile-command')).profileCommand },
  commission: { summary: 'Commission a controller headless from a profile; write the signed report', load: async () => (await import('./commission-command')).commissionCommand },
  report: { summary: 'Verify a signed report, visit report, disposal certificate or event export', load: async () => (await import('./report-command')).reportCommand },
  visit: { summary: 'Maintenance visit: drift, periodic checks, signed visit report chained to the last report', load: async () => (await import('./visit-command')).visitCommand },
  dispose: { summary: 'Dispose of a controller: initialize, prove factory state, signed disposal certificate', load: async () => (await import('./dispose-command')).disposeCommand },
  firmware: { summary: 'Update firmware or an add-on safely (2.4.2): guard, package check, version read back', load: async () => (await import('./firmware-command')).firmwareCommand },
  certificate: { summary: 'Renew the device certificate (2.4.7.3): delete, create, prove, re-pin, export', load: async () => (await import('./certificate-command')).certificateCommand },
  events: { summary: 'Export the event history (signed JSON and CSV) and list the events to watch', load: async () => (await import('./events-command')).eventsCommand },
  verify: { summary: 'Verify a controller from the network only (no write, no logon); signed report', load: async () => (await import('./verify-command')).verifyCommand },
};

export const MXC_HELP = `mxc — MX Commissioner command line

Usage: mxc <command> [options]
       mxc <command> --help

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(12)}${c.summary}`)
  .join('\n')}
`;

const defaultIo: CliIo = {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
};

export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(MXC_HELP);
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`mxc: unknown command "${name}". Run "mxc --help" for the list of commands.`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    // The CLI speaks the user's language (MXC_LANG or the locale): a Japanese headline from the catalogue,
    // the English specifics after it; English keeps the error's own sentence.
    const japanese = e instanceof AppError && languageOfEnvironment(process.env) === 'ja';
    const said = japanese ? `${e.text('ja')} (${e.message})` : ((e as Error).message ?? String(e));
    if (e instanceof CliUsageError) {
      io.stderr(`mxc ${name}: ${said}\n${japanese ? e.nextStepBilingual()!.ja : `Run "mxc ${name} --help" for the options.`}`);
      return 2;
    }
    const code = (e as { code?: unknown }).code;
    io.stderr(`mxc ${name}: ${said}${typeof code === 'string' ? ` [${code}]` : ''}`);
    return 1;
  }
}
