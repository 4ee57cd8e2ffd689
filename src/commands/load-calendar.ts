// Shared first step of build, check and serve: read the file, run the pipeline, report problems.
import { stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { checkCalendar, formatProblem, locateInFile, readCalendarFile, type Calendar, type EventMemo, type LocatedProblem, type ReadFile } from '../core/pipeline.js';
import { isPlainObject } from '../core/validate.js';
import { findIncludedFiles } from '../io/include-paths.js';
import type { WatchedPlace } from '../io/watch-source.js';
import { placeholderWarnings } from '../core/placeholder-warnings.js';
import { buildStamp } from '../io/build-stamp.js';
import { isUnchangedSince, readSource, type FileState } from '../io/read-source.js';
import { EXIT, type CommandContext, type ExitCode } from './context.js';
import { EVENTS_FILE } from './starter-calendar.js';

/** A file of the calendar as it was read: a rebuild asks whether it is still so. */
export interface LoadedFile {
  path: string;
  state: FileState;
}

/** `saving`: see LoadOptions.whileEditing. `watch`: the places a change to means a rebuild (the included files and folders). */
export type Loaded =
  | { ok: true; value: Calendar; stampMs: number; files: LoadedFile[]; watch: WatchedPlace[] }
  | { ok: false; code: ExitCode; saving?: true; watch?: WatchedPlace[] };

/** Files read by earlier loads, by path (calfeed serve keeps one): one unchanged since is not read again. */
export type ReadFiles = Map<string, { state: FileState; file: ReadFile; mtimeMs: number }>;

export interface LoadOptions {
  /** What earlier builds made of the file's items (a render cache), so that only changed items are checked again. */
  memo?: EventMemo | undefined;
  /**
   * The file is being edited (calfeed serve): a read during a save is no calendar. If a file changed
   * while it was read and checked, or was empty (an editor truncates, then writes), nothing is reported
   * and `saving` is returned: the watcher reports the rest of the save, and the file is read again then.
   */
  whileEditing?: boolean;
  /** What the command does about problems, said after their count: build writes nothing; check only reports. */
  afterProblems?: string | undefined;
  /** Files read before: an included file not changed since is taken from here (a speed part). */
  readFiles?: ReadFiles | undefined;
}

/** A file named on the command line: a folder stands for its events.yaml. */
export async function calendarFile(path: string): Promise<string> {
  try {
    return (await stat(path)).isDirectory() ? join(path, EVENTS_FILE) : path;
  } catch {
    return path;
  }
}

export async function loadCalendar(path: string, context: CommandContext, { memo, whileEditing = false, afterProblems, readFiles }: LoadOptions = {}): Promise<Loaded> {
  const shownName = displayName(path, context.cwd);
  // One line per problem, then their count and the files they are in.
  const report = (lines: string[], names: string[]) => {
    for (const line of lines) context.stderr.write(`${line}\n`);
    context.stderr.write(`${lines.length} problem${lines.length === 1 ? '' : 's'} in ${names.join(', ')}${afterProblems ? `; ${afterProblems}` : ''}\n`);
  };
  const main = await readFile(path, readFiles, whileEditing);
  if (main.kind === 'unreadable') {
    // No events.yaml where one was expected (a new user's first run): say how to start one.
    const hint = main.missing && !whileEditing && basename(path) === EVENTS_FILE ? `; ${startHint(dirname(path), context.cwd)}` : '';
    context.stderr.write(`${shownName}: error: cannot read the file: ${main.reason}${hint}\n`);
    return { ok: false, code: EXIT.invalid };
  }
  if (main.kind === 'saving') return { ok: false, code: EXIT.invalid, saving: true };
  if (main.kind === 'problems') {
    report(main.problems.map((p) => formatProblem(shownName, p)), [shownName]);
    return { ok: false, code: EXIT.invalid };
  }

  // The other files of the calendar, which the main file names under `include:`.
  const include = isPlainObject(main.file.data) ? main.file.data.include : undefined;
  const included = await findIncludedFiles(path, include);
  const lines: string[] = included.problems.length ? locateInFile(main.file, included.problems).map((p) => formatProblem(shownName, p)) : [];
  const names = lines.length ? [shownName] : [];
  const files: (typeof main & { kind: 'read' })[] = [main];
  for (const includedPath of included.files) {
    const shown = displayName(includedPath, context.cwd);
    const read = await readFile(includedPath, readFiles, whileEditing);
    if (read.kind === 'saving') return { ok: false, code: EXIT.invalid, saving: true, watch: included.watch };
    if (read.kind === 'read') files.push(read);
    else {
      lines.push(...(read.kind === 'unreadable' ? [`${shown}: error: cannot read the file: ${read.reason}`] : read.problems.map((p) => formatProblem(shown, p))));
      names.push(shown);
    }
  }
  if (lines.length > 0) {
    report(lines, names);
    return { ok: false, code: EXIT.invalid, watch: included.watch };
  }

  const stamp = buildStamp(context.env, Math.max(...files.map((f) => f.mtimeMs)));
  if (!stamp.ok) {
    context.stderr.write(`calfeed: ${stamp.message}\n`);
    return { ok: false, code: EXIT.usage };
  }
  const shownNames = files.map((f) => displayName(f.path, context.cwd));
  const checked = checkCalendar(
    files.map((f, i) => ({ ...f.file, name: shownNames[i] })),
    memo,
  );
  const loadedFiles = files.map(({ path: filePath, state }) => ({ path: filePath, state }));
  if (whileEditing && !(await allUnchangedSince(loadedFiles))) return { ok: false, code: EXIT.invalid, saving: true, watch: included.watch };
  if (!checked.ok) {
    report(
      checked.problems.map((p) => formatProblem(shownNames[p.file]!, p)),
      [...new Set(checked.problems.map((p) => shownNames[p.file]!))],
    );
    return { ok: false, code: EXIT.invalid, watch: included.watch };
  }
  // Said once per run: serve's rebuilds keep quiet about what its first build said.
  if (!whileEditing) {
    for (const w of placeholderWarnings(checked.value, main.file.text)) context.stderr.write(`${shownName}:${w.line}:${w.col}: warning: ${w.message}\n`);
  }
  return { ok: true, value: checked.value, stampMs: stamp.stampMs, files: loadedFiles, watch: included.watch };
}

/** Whether every file is still as it was read (see isUnchangedSince). */
export async function allUnchangedSince(files: readonly LoadedFile[]): Promise<boolean> {
  return (await Promise.all(files.map((f) => isUnchangedSince(f.path, f.state)))).every(Boolean);
}

type FileRead =
  | { kind: 'read'; path: string; file: ReadFile; state: FileState; mtimeMs: number }
  | { kind: 'unreadable'; reason: string; missing?: true }
  | { kind: 'problems'; problems: LocatedProblem[] }
  | { kind: 'saving' };

/** One file of the calendar read into data, or taken from `readFiles` when it has not changed since it was read. */
async function readFile(path: string, readFiles: ReadFiles | undefined, whileEditing: boolean): Promise<FileRead> {
  const before = readFiles?.get(path);
  if (before && (await isUnchangedSince(path, before.state))) return { kind: 'read', path, ...before };
  const read = await readSource(path);
  if (!read.ok) return { kind: 'unreadable', reason: read.reason, ...(read.missing ? { missing: true as const } : {}) };
  if (whileEditing && read.source.bytes.length === 0) return { kind: 'saving' };
  const parsed = readCalendarFile(read.source.bytes);
  if (!parsed.ok) return { kind: 'problems', problems: parsed.problems };
  const entry = { state: read.source.state, file: parsed.file, mtimeMs: read.source.mtimeMs };
  readFiles?.set(path, entry);
  return { kind: 'read', path, ...entry };
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
