// calfeed init: write a starter events.yaml into a folder (made if missing), with the JSON Schema its first
// line points editors to, and never over a file that is already there.
import { lstat, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderJsonSchema } from '../core/json-schema.js';
import { OutputError } from '../io/output-error.js';
import { cannotWrite, writeNewFile } from '../io/write-new-file.js';
import { EXIT, type CommandContext, type ExitCode } from './context.js';
import { displayName } from './load-calendar.js';
import { EVENTS_FILE, SCHEMA_FILE, STARTER_CALENDAR } from './starter-calendar.js';

export async function runInit(dir: string, context: CommandContext): Promise<ExitCode> {
  const eventsPath = join(dir, EVENTS_FILE);
  const schemaPath = join(dir, SCHEMA_FILE);
  const shown = (path: string) => displayName(path, context.cwd);
  const refuse = () => {
    context.stderr.write(`${shown(eventsPath)}: error: the file already exists; calfeed init never overwrites it (edit it, or give init another folder)\n`);
    return EXIT.invalid;
  };
  // Asked first so that a refusal makes no folder and writes nothing; the link below is what guarantees it.
  if (await exists(eventsPath)) return refuse();

  let writing = dir;
  let schemaWritten: boolean;
  try {
    await mkdir(dir, { recursive: true });
    writing = schemaPath;
    // One already there is left as it is: it may be the user's, and `calfeed schema` rewrites it on request.
    schemaWritten = await writeNewFile(schemaPath, renderJsonSchema());
    writing = eventsPath;
    if (!(await writeNewFile(eventsPath, STARTER_CALENDAR))) return refuse();
  } catch (error) {
    const failure = cannotWrite(error, shown(writing));
    if (!(failure instanceof OutputError)) throw failure;
    context.stderr.write(`calfeed: ${failure.message}\n`);
    return EXIT.environment;
  }

  const folder = resolve(dir) === resolve(context.cwd) ? undefined : shown(dir);
  context.stdout.write(
    [
      `wrote ${shown(eventsPath)}: a starter calendar to edit (change its domain and url before anyone subscribes)`,
      schemaWritten
        ? `wrote ${shown(schemaPath)}: the JSON Schema, so that editors complete and check the keys`
        : `kept ${shown(schemaPath)} as it was ("calfeed schema > ${SCHEMA_FILE}" brings it up to date)`,
      'next:',
      ...(folder === undefined ? [] : [`  cd ${shellWord(folder)}`]),
      "  calfeed check   # is it valid? each event's times in its own zone and in UTC",
      '  calfeed serve   # the page and the feed on http://127.0.0.1:8080, rebuilt on every save',
      '  calfeed build   # write public/, the folder to publish',
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    // Missing, or unreadable: the write says which, with its own error.
    return false;
  }
}

/** `dir` as one word for a POSIX shell, quoted only when it must be. */
const shellWord = (word: string) => (/^[\w./@%+=:,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);
