// What a command may touch: its streams, environment and working folder (passed in, so tests need no mocks).

export interface Writable {
  write(text: string): unknown;
}

export interface CommandContext {
  stdout: Writable;
  stderr: Writable;
  /** Standard input, for `calfeed import -` (process.stdin when not given). */
  stdin?: AsyncIterable<Uint8Array | string> | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The clock, for what depends on today (the next occurrences `check` lists); never for output files. */
  now: () => number;
}

/** Exit codes: 0 done, 1 invalid input (nothing written), 2 wrong usage, 74 the environment failed (a file or folder cannot be written), 70 internal error. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, environment: 74, internal: 70 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
