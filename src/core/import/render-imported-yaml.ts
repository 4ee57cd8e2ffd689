// An imported calendar → events.yaml text: the keys in the order the README lists them, lists of short
// values on one line, long texts as YAML blocks, and comments where a reader needs one. Each value is
// written by the `yaml` package (quoting what YAML would read as something else); the layout is ours.
import { stringify } from 'yaml';
import type { WrittenCalendar, WrittenEvent } from '../schema.js';

/** The JSON Schema's file, as `calfeed init` writes it (src/commands/starter-calendar.ts) and `calfeed schema > events.schema.json` makes it. */
const SCHEMA_FILE_NAME = 'events.schema.json';

export interface ImportedFile {
  /** Comment lines (without "# ") at the top of the file. */
  header: string[];
  calendar: WrittenCalendar;
  /** Comment lines at the end of the calendar block. */
  calendarNote: string[];
  events: WrittenEvent[];
}

const CALENDAR_KEYS = ['name', 'description', 'timezone', 'domain', 'url', 'refresh', 'color'] as const;
const EVENT_KEYS = ['id', 'uid', 'title', 'start', 'end', 'duration', 'timezone', 'location', 'geo', 'description', 'url', 'categories', 'status', 'sequence', 'rrule', 'exdates'] as const;
/** Written on one line, in flow style: `categories: [US, Russia]`. */
const FLOW_KEYS = new Set(['geo', 'categories', 'exdates']);

export function renderImportedYaml(file: ImportedFile): string {
  const out = [`# yaml-language-server: $schema=./${SCHEMA_FILE_NAME}`, '#', ...file.header.map(comment), 'calendar:'];
  for (const key of CALENDAR_KEYS) out.push(...keyLines(key, file.calendar[key], '  '));
  out.push(...file.calendarNote.map((line) => `  ${comment(line)}`));
  out.push('events:');
  file.events.forEach((event, i) => {
    if (i > 0) out.push('');
    const lines = EVENT_KEYS.flatMap((key) => keyLines(key, event[key], '    '));
    lines[0] = `  - ${lines[0]!.slice(4)}`;
    out.push(...lines);
  });
  return `${out.join('\n')}\n`;
}

const comment = (line: string) => (line === '' ? '#' : `# ${line}`);

/** `key: value` as YAML lines at this indentation (a block scalar takes several); none for an absent value. */
function keyLines(key: string, value: unknown, indent: string): string[] {
  if (value === undefined) return [];
  const text = FLOW_KEYS.has(key)
    ? `${key}: ${stringify(value, { lineWidth: 0, collectionStyle: 'flow', flowCollectionPadding: false }).trimEnd()}`
    : stringify({ [key]: value }, { lineWidth: 0 }).trimEnd();
  // Lines of a block scalar that are empty stay empty (no trailing spaces).
  return text.split('\n').map((line) => (line === '' ? '' : `${indent}${line}`));
}
