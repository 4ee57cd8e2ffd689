// The properties of an iCalendar component with the lines they are on, read as import needs them: each
// value, or a note (with its line) when it cannot be carried over as it is.
import type ICAL from 'ical.js';
import { unescapeText } from '../ics/content-line.js';
import { findForbiddenCharacter } from '../validate.js';
import type { ScannedComponent, ScannedLine } from './scan-ics.js';

/** Something of the feed not carried over (or changed on the way), at the line it starts on. */
export interface ImportNote {
  line: number;
  /** `calendar`, or the event: `"Weekly call" (UID 7kuk…@google.com)`. */
  subject: string;
  message: string;
}

export interface Located {
  property: ICAL.Property;
  line: number;
}

/** The component's properties by upper-case name, each with its line (ical.js keeps the file's order, as scanIcs does). */
export function locatedProperties(component: ICAL.Component, scanned: ScannedComponent): Map<string, Located[]> {
  const byName = new Map<string, Located[]>();
  component.getAllProperties().forEach((property, i) => {
    const name = property.name.toUpperCase();
    const line = lineOf(scanned.properties[i], name) ?? scanned.line;
    byName.set(name, [...(byName.get(name) ?? []), { property, line }]);
  });
  return byName;
}

export const lineOf = (scanned: ScannedLine | undefined, name: string) => (scanned?.name === name ? scanned.line : undefined);

/** The property's first value, or undefined (noted) when ical.js cannot read it. */
export function readValue<T>(located: Located, subject: string, notes: ImportNote[]): T | undefined {
  try {
    return located.property.getFirstValue() as T;
  } catch (error) {
    notes.push({ line: located.line, subject, message: `${located.property.name.toUpperCase()} not carried over (its value cannot be read: ${(error as Error).message})` });
    return undefined;
  }
}

/** A TEXT value; ical.js leaves the escapes in properties it does not know (NAME, X-WR-CALNAME). */
export function readText(located: Located, subject: string, notes: ImportNote[]): string | undefined {
  const value = readValue<unknown>(located, subject, notes);
  if (value === undefined || value === null) return undefined;
  return located.property.type === 'unknown' ? unescapeText(String(value)) : String(value);
}

/** Text calfeed can publish: control characters (which would break the feed) removed, and noted. */
export function cleanText(text: string, located: Located, subject: string, notes: ImportNote[]): string {
  let clean = text.replace(/\r\n?/g, '\n');
  if (findForbiddenCharacter(clean)) {
    let bad;
    while ((bad = findForbiddenCharacter(clean))) clean = clean.slice(0, bad.index) + clean.slice(bad.index + String.fromCodePoint(bad.codePoint).length);
    notes.push({ line: located.line, subject, message: `${located.property.name.toUpperCase()}: control characters left out (they would break the feed)` });
  }
  return clean;
}

export function noteExtra(list: Located[] | undefined, subject: string, notes: ImportNote[]): void {
  for (const extra of list?.slice(1) ?? []) {
    const name = extra.property.name.toUpperCase();
    notes.push({ line: extra.line, subject, message: `${name} not carried over (a second ${name}; an event has one)` });
  }
}
