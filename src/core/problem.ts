// Problems found in events.yaml: a closed set of codes, a path into the document, a message that says how to fix it.

export type ProblemCode =
  | 'not-utf8'
  | 'empty-file'
  | 'too-large'
  | 'yaml-syntax'
  | 'duplicate-key'
  | 'alias-limit'
  | 'alias-cycle'
  | 'unknown-alias'
  | 'not-a-mapping'
  | 'unknown-key'
  | 'missing-field'
  | 'wrong-type'
  | 'bad-value'
  | 'bad-id'
  | 'duplicate-id'
  | 'duplicate-uid'
  | 'unknown-category'
  | 'no-events'
  | 'control-character'
  | 'unknown-zone'
  | 'bad-date'
  | 'impossible-date'
  | 'nonexistent-time'
  | 'ambiguous-time'
  | 'end-before-start'
  | 'end-and-duration'
  | 'bad-duration'
  | 'bad-rrule'
  | 'exdate-misses'
  | 'too-many-occurrences'
  | 'expand-before-series';

export type PathSegment = string | number;

export interface Problem {
  code: ProblemCode;
  /** Where in the document, e.g. ['events', 2, 'start']; [] for the whole file. */
  path: PathSegment[];
  message: string;
  /** Point at the key itself (unknown or misspelt keys) rather than its value. */
  at?: 'key' | 'value';
  /** A source offset known directly (YAML syntax errors), used instead of the path. */
  offset?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(problems: Problem[]): Result<T> => ({ ok: false, problems });

export function problem(code: ProblemCode, path: PathSegment[], message: string, extra: Partial<Problem> = {}): Problem {
  return { code, path, message, ...extra };
}

/** `events[2].start`, as the user would write it in a query. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}
