// The command line: yargs parses and checks the arguments, then main runs the command they name.
// Usage errors → exit 2; each command returns its own exit code. Each command's module is imported when
// it runs: `build` does not load the server, `--help` no command.
//
// The commands are declared without yargs handlers and run here after parsing: yargs renders the whole
// help text before it calls a handler (to show it should the handler fail), and that costs about 25 ms
// of a small build (string-width's emoji matching; measured, see bench/RESULTS.md).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yargs from 'yargs';
import { EXIT, type CommandContext, type ExitCode } from './commands/context.js';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const COMMANDS = ['init', 'build', 'check', 'serve', 'schema', 'import'] as const;
type CommandName = (typeof COMMANDS)[number];

interface Arguments {
  _: (string | number)[];
  file: string;
  dir: string;
  out: string;
  port: number;
  host: string;
  feed: string;
}

export async function main(argv: readonly string[], context: CommandContext): Promise<ExitCode> {
  const file = { describe: 'the events file (a folder: its events.yaml), which may include others', type: 'string', default: 'events.yaml' } as const;
  const out = { describe: 'output folder', type: 'string', default: 'public' } as const;

  const parser = yargs()
    .scriptName('calfeed')
    .usage('$0 <command> [file]\n\nPublish events.yaml as a subscribable calendar feed and agenda page.')
    .command('init [dir]', 'start a calendar: write a starter events.yaml to edit (never over an existing one)', (y) =>
      y.positional('dir', { describe: 'the folder to write it in, made if missing', type: 'string', default: '.' }),
    )
    .command('build [file]', 'build the feed, the agenda page and one .ics per event', (y) => y.positional('file', file).option('out', out))
    .command('check [file]', "validate, and print each event's times in its own zone and in UTC", (y) => y.positional('file', file))
    .command('serve [file]', 'build, serve the feed over HTTP, and rebuild on every change to the file', (y) =>
      y
        .positional('file', file)
        .option('port', { describe: 'TCP port; 0 picks a free one', type: 'number', default: 8080, coerce: portNumber })
        .option('host', { describe: 'address to listen on (0.0.0.0: every interface)', type: 'string', default: '127.0.0.1' })
        .option('out', { ...out, describe: 'output folder, rewritten on each good build' }),
    )
    .command('schema', 'print the JSON Schema of events.yaml')
    .command('import <feed>', 'turn an iCalendar file (- for standard input) into a new events.yaml; events keep their UIDs, and what cannot be carried over is listed', (y) =>
      y
        .positional('feed', { describe: 'the .ics file to import, or - to read standard input', type: 'string' })
        .option('out', { describe: 'the events file to write (never over an existing one), or - for standard output', type: 'string', default: 'events.yaml' }),
    )
    .demandCommand(1, 'name a command: init, build, check, serve, schema or import')
    .recommendCommands()
    .strict()
    .help()
    .alias('h', 'help')
    .version(VERSION)
    .alias('v', 'version')
    .wrap(Math.min(100, process.stdout.columns || 80))
    // A repeated option takes its last value (SPEC), so `npm run generate -- --out site` overrides the script's --out.
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .exitProcess(false);

  // The parse callback makes yargs hand over its help, version and error text instead of printing it.
  let usageError: Error | undefined;
  let output = '';
  const args = (await parser.parseAsync(withStdio(argv), {}, (error, _args, text) => {
    usageError = error ?? undefined;
    output = text;
  })) as unknown as Arguments;
  if (usageError) {
    context.stderr.write(`${output ? `${output}\n` : ''}`);
    if (!output.includes(usageError.message)) context.stderr.write(`${usageError.message}\n`);
    return EXIT.usage;
  }
  if (output) {
    // --help or --version: yargs has answered, no command runs.
    context.stdout.write(`${output}\n`);
    return EXIT.ok;
  }
  return runCommand(String(args._[0]) as CommandName, args, context);
}

async function runCommand(command: CommandName, args: Arguments, context: CommandContext): Promise<ExitCode> {
  const inFolder = (path: string) => resolve(context.cwd, path);
  // A folder stands for the events.yaml in it.
  const calendarIn = async (path: string) => (await import('./commands/load-calendar.js')).calendarFile(inFolder(path));
  switch (command) {
    case 'init': {
      const { runInit } = await import('./commands/init.js');
      return runInit(inFolder(args.dir), context);
    }
    case 'build': {
      const { runBuild } = await import('./commands/build.js');
      return runBuild(await calendarIn(args.file), inFolder(args.out), context);
    }
    case 'check': {
      const { runCheck } = await import('./commands/check.js');
      return runCheck(await calendarIn(args.file), context);
    }
    case 'serve': {
      const { runServe } = await import('./commands/serve.js');
      return runServe(await calendarIn(args.file), { outDir: inFolder(args.out), port: args.port, host: args.host }, context);
    }
    case 'schema': {
      const { runSchema } = await import('./commands/schema.js');
      return runSchema(context);
    }
    case 'import': {
      const { runImport } = await import('./commands/import.js');
      const orDash = (path: string) => (path === '-' || path === STDIO_WORD ? '-' : inFolder(path));
      return runImport(orDash(args.feed), orDash(args.out), context);
    }
  }
}

/**
 * `-` for standard input or output (`calfeed import - --out -`): yargs-parser reads a lone `-` as an empty
 * positional and refuses it after an option, so it is passed as a word of its own, and `--out -` as `--out=-`.
 */
const STDIO_WORD = '<stdio>';

function withStdio(argv: readonly string[]): string[] {
  if (argv[0] !== 'import') return [...argv];
  const out: string[] = [];
  for (const word of argv) {
    if (word === '-' && out.at(-1) === '--out') out[out.length - 1] = '--out=-';
    else out.push(word === '-' ? STDIO_WORD : word);
  }
  return out;
}

/** A throw here is a usage error (exit 2), like any malformed option. */
function portNumber(value: unknown): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535${Number.isNaN(port) ? '' : `, not ${String(value)}`}`);
  return port;
}
