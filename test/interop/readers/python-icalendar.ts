// Reads an .ics file back with Debian's python3-icalendar (+ recurring_ical_events for expansion).
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Occurrence, ReadEvent } from './types.js';

// Must be Debian's interpreter: the `python3` on PATH (pyenv) has no icalendar module.
export const DEBIAN_PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./read_icalendar.py', import.meta.url));

function runPython(args: string[]): unknown {
  return runDebianPython(SCRIPT, args);
}

/**
 * Runs a reader script with Debian's interpreter and its JSON answer parsed: PYTHONPATH/PYTHONHOME dropped
 * (pyenv shims may set them), UTF-8 output under a C locale.
 */
export function runDebianPython(script: string, args: string[]): unknown {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONIOENCODING: 'utf-8' };
  delete env.PYTHONPATH;
  delete env.PYTHONHOME;
  const out = execFileSync(DEBIAN_PYTHON, [script, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  return JSON.parse(out);
}

export function hasPythonIcalendar(): boolean {
  return spawnSync(DEBIAN_PYTHON, ['-c', 'import icalendar, recurring_ical_events']).status === 0;
}

/** Every VEVENT (masters and overrides, not expanded). Throws on parse errors / unresolvable TZIDs. */
export function readWithPythonIcalendar(icsPath: string): ReadEvent[] {
  return (runPython(['read', icsPath]) as { events: ReadEvent[] }).events;
}

/** Occurrences overlapping [fromIso, toIso), sorted by start; naive bounds are read as UTC. */
export function expandWithPythonIcalendar(icsPath: string, fromIso: string, toIso: string): Occurrence[] {
  return (runPython(['expand', icsPath, fromIso, toIso]) as { occurrences: Occurrence[] }).occurrences;
}
