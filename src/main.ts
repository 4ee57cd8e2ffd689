// The command line: yargs wiring only. Usage errors → exit 2; each command returns its own exit code.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yargs from 'yargs';
import { runBuild } from './commands/build.js';
import { runCheck } from './commands/check.js';
import { EXIT, type CommandContext, type ExitCode } from './commands/context.js';
import { runSchema } from './commands/schema.js';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export async function main(argv: readonly string[], context: CommandContext): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  const inFolder = (path: string) => resolve(context.cwd, path);
  const file = { describe: 'the events file', type: 'string', default: 'events.yaml' } as const;

  const parser = yargs()
    .scriptName('calfeed')
    .usage('$0 <command> [file]\n\nPublish events.yaml as a subscribable calendar feed and agenda page.')
    .command(
      'build [file]',
      'build the feed, the agenda page and one .ics per event',
      (y) => y.positional('file', file).option('out', { describe: 'output folder', type: 'string', default: 'public' }),
      async (args) => {
        exitCode = await runBuild(inFolder(args.file), inFolder(args.out), context);
      },
    )
    .command(
      'check [file]',
      "validate, and print each event's times in its own zone and in UTC",
      (y) => y.positional('file', file),
      async (args) => {
        exitCode = await runCheck(inFolder(args.file), context);
      },
    )
    .command('schema', 'print the JSON Schema of events.yaml', (y) => y, () => {
      exitCode = runSchema(context);
    })
    .demandCommand(1, 'name a command: build, check or schema')
    .recommendCommands()
    .strict()
    .help()
    .alias('h', 'help')
    .version(VERSION)
    .alias('v', 'version')
    .wrap(Math.min(100, process.stdout.columns || 80))
    .exitProcess(false);

  // The parse callback makes yargs hand over its help, version and error text instead of printing it.
  let usageError: Error | undefined;
  let output = '';
  await parser.parseAsync(argv as string[], {}, (error, _args, text) => {
    usageError = error ?? undefined;
    output = text;
  });
  if (usageError) {
    context.stderr.write(`${output ? `${output}\n` : ''}`);
    if (!output.includes(usageError.message)) context.stderr.write(`${usageError.message}\n`);
    return EXIT.usage;
  }
  if (output) context.stdout.write(`${output}\n`);
  return exitCode;
}
