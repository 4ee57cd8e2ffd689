// Reads an .ics file back with libical (Debian gir1.2-ical-3.0 via python3-gi): the parser of Evolution,
// GNOME Calendar and KDE. libical never refuses a calendar; it inserts X-LIC-ERROR properties for what it
// could not parse, and read_libical.py fails (naming them) when it finds any.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEBIAN_PYTHON, runDebianPython } from './python-icalendar.js';
import type { Occurrence, ReadEvent } from './types.js';

const SCRIPT = fileURLToPath(new URL('./read_libical.py', import.meta.url));

function runLibical(args: string[]): unknown {
  return runDebianPython(SCRIPT, args);
}

export function hasLibical(): boolean {
  return spawnSync(DEBIAN_PYTHON, ['-c', "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"]).status === 0;
}

/**
 * Every VEVENT (masters and overrides, not expanded), instants computed by libical from the feed's own
 * VTIMEZONEs. Throws on any X-LIC-ERROR, a TZID without VTIMEZONE, or an out-of-range date or time.
 */
export function readWithLibical(icsPath: string): ReadEvent[] {
  return (runLibical(['read', icsPath]) as { events: ReadEvent[] }).events;
}

/** Occurrences overlapping [fromIso, toIso) from libical's RRULE iterator (EXDATE applied), sorted by start. */
export function expandWithLibical(icsPath: string, fromIso: string, toIso: string): Occurrence[] {
  return (runLibical(['expand', icsPath, fromIso, toIso]) as { occurrences: Occurrence[] }).occurrences;
}
