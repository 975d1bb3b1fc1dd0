// The `mxc` command-line dispatcher: `mxc <command> [options]`. Commands are loaded on demand so
// `mxc sim` does not pay for the code of the others.

import { CliUsageError, type CliCommand, type CliIo } from './cli-command';
import { AppError } from '../messages/app-error';
import { languageOfEnvironment, render, type Language, type MessageId } from '../messages/catalogue';

// Each command's one-line summary is the catalogue's cli.summary.<name> (both languages).
const COMMANDS: Record<string, { load: () => Promise<CliCommand> }> = {
  sim: {
    load: async () => (await import('./sim-command')).simCommand,
  },
  backup: { load: async () => (await import('./backup-command')).backupCommand },
  profile: { load: async () => (await import('./profile-command')).profileCommand },
  commission: { load: async () => (await import('./commission-command')).commissionCommand },
  report: { load: async () => (await import('./report-command')).reportCommand },
  visit: { load: async () => (await import('./visit-command')).visitCommand },
  dispose: { load: async () => (await import('./dispose-command')).disposeCommand },
  firmware: { load: async () => (await import('./firmware-command')).firmwareCommand },
  certificate: { load: async () => (await import('./certificate-command')).certificateCommand },
  events: { load: async () => (await import('./events-command')).eventsCommand },
  verify: { load: async () => (await import('./verify-command')).verifyCommand },
};

/**
 * The language `mxc` speaks: `--lang ja|en` anywhere on the command line, else MXC_LANG or the locale
 * (LC_ALL, LC_MESSAGES, LANG: ja_JP.UTF-8 gives Japanese), else English.
 */
export function cliLanguage(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Language {
  const i = argv.indexOf('--lang');
  const given = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
  return given === 'ja' || given === 'en' ? given : languageOfEnvironment(env);
}

/** `mxc --help` in the user's language: the command list from the catalogue (cli.*). */
export function mxcHelp(language: Language): string {
  const t = (id: MessageId) => render(id, undefined, language);
  return `${t('cli.title')}

${t('cli.usage')}: mxc <command> [options]
       mxc <command> --help

${t('cli.commands')}:
${Object.keys(COMMANDS)
  .map((name) => `  ${name.padEnd(12)}${t(`cli.summary.${name}` as MessageId)}`)
  .join('\n')}

${t('cli.language')}
`;
}

/** The English help, as before (scripts and the docs quote it). */
export const MXC_HELP = mxcHelp('en');

const defaultIo: CliIo = {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
};

export async function runCli(argv: string[], io: CliIo = defaultIo, env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const [name, ...rest] = argv;
  const language = cliLanguage(argv, env);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mxcHelp(language));
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`mxc: ${render('cli.unknownCommand', { name }, language)}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    // A command's own help text is English (its options are the same words in every language); in
    // Japanese it is introduced by the command's summary from the catalogue.
    io.stdout(language === 'ja' ? `mxc ${name} — ${render(`cli.summary.${name}` as MessageId, undefined, 'ja')}\n\n${command.help}` : command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    // The CLI speaks the user's language (--lang, MXC_LANG or the locale): a Japanese headline from the
    // catalogue, the English specifics after it; English keeps the error's own sentence.
    const japanese = e instanceof AppError && language === 'ja';
    const said = japanese ? `${e.text('ja')} (${e.message})` : ((e as Error).message ?? String(e));
    if (e instanceof CliUsageError) {
      io.stderr(`mxc ${name}: ${said}\n${japanese ? (e.nextStepBilingual()?.ja ?? render('cli.seeHelp', { name }, 'ja')) : render('cli.seeHelp', { name }, 'en')}`);
      return 2;
    }
    const code = (e as { code?: unknown }).code;
    io.stderr(`mxc ${name}: ${said}${typeof code === 'string' ? ` [${code}]` : ''}`);
    return 1;
  }
}
