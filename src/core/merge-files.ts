// A calendar in several files → the data of one calendar, and each problem of that data back to its file.
//
// The main file holds the calendar block, may hold events, and names the other files under `include:`;
// each included file holds an `events:` list and nothing else. Their lists are joined in order (the main
// file's first, then each included file's), so the one check (check-data.ts) sees one calendar: ids are
// unique across files, the limits hold for the whole. Problems come back with their file and their path
// in that file (`events[3]` of events/b.yaml, not of the joined list).
import { problem, type PathSegment, type Problem } from './problem.js';
import { describeValue, isPlainObject } from './validate.js';

/** Where an item of the joined events list was written. */
export interface Origin {
  file: number;
  index: number;
}

export interface MergedData {
  /** The main file's data with `events` the joined list (undefined if no file has one). */
  data: unknown;
  /** By index in the joined list. */
  origins: Origin[];
  /** Problems of the included files' shape, with their file. */
  problems: FileProblem[];
}

export interface FileProblem extends Problem {
  /** Index in the files given: 0 is the main file. */
  file: number;
}

const INCLUDED_KEYS = ['events'];

/** The files' data joined into one calendar's: `files[0]` is the main file's, the others the included files'. */
export function mergeFiles(files: readonly unknown[]): MergedData {
  const [main, ...included] = files;
  const problems: FileProblem[] = [];
  const origins: Origin[] = [];
  const lists: unknown[][] = [];
  const mainEvents = isPlainObject(main) ? main.events : undefined;
  if (Array.isArray(mainEvents)) {
    lists.push(mainEvents);
    mainEvents.forEach((_, index) => origins.push({ file: 0, index }));
  } else if (mainEvents !== undefined && mainEvents !== null) {
    // Not a list: the check reports it in the main file; the included files' events are not joined to it.
    return { data: main, origins: [], problems };
  }
  included.forEach((data, i) => {
    const file = i + 1;
    if (!isPlainObject(data)) {
      problems.push({ ...problem('not-a-mapping', [], `an included file holds an \`events:\` list, not ${describeValue(data)}`), file });
      return;
    }
    for (const key of Object.keys(data)) {
      if (INCLUDED_KEYS.includes(key)) continue;
      const message =
        key === 'calendar'
          ? 'the calendar block belongs in the main file only; remove it here (an included file holds an `events:` list)'
          : `unknown key \`${key}\`; an included file holds an \`events:\` list and nothing else`;
      problems.push({ ...problem('unknown-key', [key], message, { at: 'key' }), file });
    }
    const events = data.events;
    if (events === undefined || events === null) {
      problems.push({ ...problem('no-events', [], '`events:` is missing; an included file holds an `events:` list (each item starting with `- id:`)', { offset: 0 }), file });
    } else if (!Array.isArray(events)) {
      problems.push({ ...problem('wrong-type', ['events'], `\`events\` must be a list (each item starting with \`- \`), not ${describeValue(events)}`), file });
    } else {
      lists.push(events);
      events.forEach((_, index) => origins.push({ file, index }));
    }
  });
  const joined = lists.length === 0 ? (isPlainObject(main) ? main.events : undefined) : lists.flat();
  const data = isPlainObject(main) ? { ...main, events: joined } : main;
  return { data, origins, problems };
}

/**
 * A problem of the joined data → the same problem in the file it is in. A path into the joined list
 * (`events[k]…`) becomes the path in its file; a mention of another item (`events[j]`) names its file too
 * when that is another file (`where(origin)` says how: its path and position there).
 */
export function problemInFile(p: Problem, origins: readonly Origin[], where: (origin: Origin, path: PathSegment[]) => string): FileProblem {
  const here = p.path[0] === 'events' && typeof p.path[1] === 'number' ? origins[p.path[1]] : undefined;
  const file = here?.file ?? 0;
  const path = here ? ['events', here.index, ...p.path.slice(2)] : p.path;
  const message = p.message.replace(/\bevents\[(\d+)\]/g, (text, k: string) => {
    const other = origins[Number(k)];
    if (!other) return text;
    return other.file === file ? `events[${other.index}]` : where(other, ['events', other.index]);
  });
  return { ...p, path, message, file };
}
