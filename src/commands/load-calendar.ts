// Shared first step of build, check and serve: read the file, run the pipeline, report problems.
import { basename, dirname, relative, resolve } from 'node:path';
import { formatProblem, parseCalendar, type Calendar, type EventMemo } from '../core/pipeline.js';
import { placeholderWarnings } from '../core/placeholder-warnings.js';
import { buildStamp } from '../io/build-stamp.js';
import { isUnchangedSince, readSource, type FileState } from '../io/read-source.js';
import { EXIT, type CommandContext, type ExitCode } from './context.js';
import { EVENTS_FILE } from './starter-calendar.js';

/** `saving`: see LoadOptions.whileEditing. */
export type Loaded = { ok: true; value: Calendar; stampMs: number; source: FileState } | { ok: false; code: ExitCode; saving?: true };

export interface LoadOptions {
  /** What earlier builds made of the file's items (a render cache), so that only changed items are checked again. */
  memo?: EventMemo | undefined;
  /**
   * The file is being edited (calfeed serve): a read during a save is no calendar. If the file changed
   * while it was read and checked, or was empty (an editor truncates, then writes), nothing is reported
   * and `saving` is returned: the watcher reports the rest of the save, and the file is read again then.
   */
  whileEditing?: boolean;
  /** What the command does about problems, said after their count: build writes nothing; check only reports. */
  afterProblems?: string | undefined;
}

export async function loadCalendar(path: string, context: CommandContext, { memo, whileEditing = false, afterProblems }: LoadOptions = {}): Promise<Loaded> {
  const shownName = displayName(path, context.cwd);
  const read = await readSource(path);
  if (!read.ok) {
    // No events.yaml where one was expected (a new user's first run): say how to start one.
    const hint = read.missing && !whileEditing && basename(path) === EVENTS_FILE ? `; ${startHint(dirname(path), context.cwd)}` : '';
    context.stderr.write(`${shownName}: error: cannot read the file: ${read.reason}${hint}\n`);
    return { ok: false, code: EXIT.invalid };
  }
  if (whileEditing && read.source.bytes.length === 0) return { ok: false, code: EXIT.invalid, saving: true };
  const stamp = buildStamp(context.env, read.source.mtimeMs);
  if (!stamp.ok) {
    context.stderr.write(`calfeed: ${stamp.message}\n`);
    return { ok: false, code: EXIT.usage };
  }
  const parsed = parseCalendar(read.source.bytes, memo);
  if (whileEditing && !(await isUnchangedSince(path, read.source.state))) return { ok: false, code: EXIT.invalid, saving: true };
  if (!parsed.ok) {
    for (const p of parsed.problems) context.stderr.write(`${formatProblem(shownName, p)}\n`);
    const count = parsed.problems.length;
    context.stderr.write(`${count} problem${count === 1 ? '' : 's'} in ${shownName}${afterProblems ? `; ${afterProblems}` : ''}\n`);
    return { ok: false, code: EXIT.invalid };
  }
  // Said once per run: serve's rebuilds keep quiet about what its first build said.
  if (!whileEditing) {
    const text = new TextDecoder().decode(read.source.bytes);
    for (const w of placeholderWarnings(parsed.value.calendar, text)) context.stderr.write(`${shownName}:${w.line}:${w.col}: warning: ${w.message}\n`);
  }
  return { ok: true, value: parsed.value, stampMs: stamp.stampMs, source: read.source.state };
}

/** How to make the missing events.yaml in `dir`: `calfeed init` writes a starter one. */
function startHint(dir: string, cwd: string): string {
  return resolve(dir) === resolve(cwd) ? 'to start a calendar here, run `calfeed init`' : `to start a calendar there, run \`calfeed init ${displayName(dir, cwd)}\``;
}

/** The path as the user would type it: relative to where they are, when inside it. */
export function displayName(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
