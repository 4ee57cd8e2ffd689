// calfeed import: an iCalendar file (or standard input) → a new events.yaml that builds into the same events,
// with each thing not carried over listed on standard error at its line. Never over an existing file.
import { basename, extname } from 'node:path';
import { decodeSource, MAX_SOURCE_BYTES } from '../core/decode-source.js';
import { importIcs } from '../core/import/import-ics.js';
import { formatProblem, parseCalendar } from '../core/pipeline.js';
import { positionOf } from '../core/text-position.js';
import { OutputError } from '../io/output-error.js';
import { readSource } from '../io/read-source.js';
import { cannotWrite, writeNewFile } from '../io/write-new-file.js';
import { EXIT, type CommandContext, type ExitCode } from './context.js';
import { displayName } from './load-calendar.js';

/** `feed` and `out` are paths, or "-" for standard input and output. */
export async function runImport(feed: string, out: string, context: CommandContext): Promise<ExitCode> {
  const shownFeed = feed === '-' ? '<stdin>' : displayName(feed, context.cwd);
  const shownOut = out === '-' ? '<stdout>' : displayName(out, context.cwd);
  const bytes = feed === '-' ? await readStdin(context) : await readFeedFile(feed, shownFeed, context);
  if (bytes === undefined) return EXIT.invalid;
  const decoded = decodeSource(bytes);
  if (!decoded.ok) {
    const [p] = decoded.problems;
    const { line, col } = positionOf(p!.offset ?? 0, new TextDecoder().decode(bytes));
    context.stderr.write(`${shownFeed}:${line}:${col}: error: ${p!.message}\n`);
    return EXIT.invalid;
  }
  const fallbackName = feed === '-' ? 'Imported calendar' : basename(feed, extname(feed)) || 'Imported calendar';
  const imported = importIcs(decoded.value, { sourceName: feed === '-' ? 'standard input' : basename(feed), fallbackName });
  if (!imported.ok) {
    context.stderr.write(`${shownFeed}:${imported.line}:${imported.col}: error: ${imported.message}\n`);
    context.stderr.write(`1 problem in ${shownFeed}; nothing written\n`);
    return EXIT.invalid;
  }
  // What import writes must build: checked here with the build's own pipeline, so a flaw is caught before anything is written.
  const checked = parseCalendar(new TextEncoder().encode(imported.yaml));
  if (!checked.ok) {
    const problems = checked.problems.map((p) => formatProblem(shownOut, p)).join('\n');
    throw new Error(`calfeed import made an events.yaml that calfeed refuses (nothing written):\n${problems}\n--- the text:\n${imported.yaml}`);
  }
  for (const note of imported.notes) context.stderr.write(`${shownFeed}:${note.line}:1: warning: ${note.subject}: ${note.message}\n`);

  const count = `${imported.eventCount} event${imported.eventCount === 1 ? '' : 's'}`;
  const notCarried = imported.notes.length === 0 ? 'everything carried over' : `${imported.notes.length} thing${imported.notes.length === 1 ? '' : 's'} not carried over or changed, listed above`;
  if (out === '-') {
    context.stdout.write(imported.yaml);
    context.stderr.write(`${shownFeed}: ${count} imported; ${notCarried}\n`);
    return EXIT.ok;
  }
  try {
    if (!(await writeNewFile(out, imported.yaml))) {
      context.stderr.write(`${shownOut}: error: the file already exists; calfeed import never overwrites it (give another name with --out, or - for standard output)\n`);
      return EXIT.invalid;
    }
  } catch (error) {
    const failure = cannotWrite(error, shownOut);
    if (!(failure instanceof OutputError)) throw failure;
    context.stderr.write(`calfeed: ${failure.message}\n`);
    return EXIT.environment;
  }
  const checkArgument = basename(out) === 'events.yaml' && displayName(out, context.cwd) === 'events.yaml' ? '' : ` ${shownOut}`;
  context.stdout.write(
    [
      `wrote ${shownOut}: ${count} from ${shownFeed}; ${notCarried}`,
      'next:',
      `  calfeed check${checkArgument}   # each event's times in its own zone and in UTC`,
      `  calfeed build${checkArgument}   # write public/, the feed that replaces the old one`,
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

async function readFeedFile(path: string, shown: string, context: CommandContext): Promise<Uint8Array | undefined> {
  const read = await readSource(path);
  if (read.ok) return read.source.bytes;
  context.stderr.write(`${shown}: error: cannot read the file: ${read.reason}\n`);
  return undefined;
}

/** Standard input to its end, at most one byte past the size limit (decodeSource refuses more, with the size). */
async function readStdin(context: CommandContext): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of context.stdin ?? process.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    chunks.push(buffer);
    length += buffer.length;
    if (length > MAX_SOURCE_BYTES) break;
  }
  return Buffer.concat(chunks, Math.min(length, MAX_SOURCE_BYTES + 1));
}
