// Shared first step of build, check and serve: read the file, run the pipeline, report problems.
import { relative } from 'node:path';
import { formatProblem, parseCalendar, type Calendar, type EventMemo } from '../core/pipeline.js';
import { buildStamp } from '../io/build-stamp.js';
import { isUnchangedSince, readSource, type FileState } from '../io/read-source.js';
import { EXIT, type CommandContext, type ExitCode } from './context.js';

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
    context.stderr.write(`${shownName}: error: cannot read the file: ${read.reason}\n`);
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
  return { ok: true, value: parsed.value, stampMs: stamp.stampMs, source: read.source.state };
}

/** The path as the user would type it: relative to where they are, when inside it. */
export function displayName(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
