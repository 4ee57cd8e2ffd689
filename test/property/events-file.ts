// A generated events.yaml and what it must give, worked out without calfeed's code: which fields have a
// mistake, and for a file without any, the titles and instants a calendar app must read back.
import fc from 'fast-check';
import { anyText, anyWall, formatWallText, INTERESTING_ZONES, wallNearChange } from './arbitraries.js';
import { instantsOfWall, wallAsUtc, wallAt, wallOfUtcMs, type Wall } from './wall-clock-oracle.js';

export type TimeModel =
  | { kind: 'date'; year: number; month: number; day: number }
  | { kind: 'wall'; wall: Wall; separator: ' ' | 'T' }
  | { kind: 'offset'; wall: Wall; offsetMinutes: number };

export interface EventModel {
  id: string;
  title: string;
  timezone: string | undefined;
  start: TimeModel;
  end: TimeModel | undefined;
  duration: string | undefined;
  quoteTimes: boolean;
}

export interface FileModel {
  name: string;
  timezone: string | undefined;
  events: EventModel[];
  /** Saved by a Windows editor: byte-order mark and CRLF line ends (which must change nothing). */
  windows: boolean;
}

const INVALID_ZONES = ['Europe/Brusels', 'Mars/Olympus', 'europe/paris', 'EST5EDT/X', 'UTC+1'];
const zoneArb = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...INTERESTING_ZONES) }, { weight: 1, arbitrary: fc.constantFrom(...INVALID_ZONES) });
const isValidZone = (zone: string) => !INVALID_ZONES.includes(zone);

const VALID_IDS = ['a', 'b', 'geneva-ssd-2022-01-10', 'x.y_z', '0day'];
const INVALID_IDS = ['Geneva Talks', '-lead', '', 'über', 'a b', 'A'];
/** Mostly distinct ids (the event's position is added later), sometimes one from a small pool (duplicates), sometimes not a slug. */
const idArb = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...VALID_IDS).map((id) => ({ id, unique: true })) },
  { weight: 1, arbitrary: fc.constantFrom(...VALID_IDS).map((id) => ({ id, unique: false })) },
  { weight: 1, arbitrary: fc.constantFrom(...INVALID_IDS).map((id) => ({ id, unique: false })) },
);

/** Durations as written, valid or not: the oracle reads them with its own rules below. */
const durationArb = (start: TimeModel) => fc.oneof(
  // An all-day event takes whole days.
  { weight: start.kind === 'date' ? 24 : 0, arbitrary: fc.constantFrom('P1D', '2d', '1w', '3d', 'P2W') },
  { weight: 24, arbitrary: fc.constantFrom('30m', '1h', '90m', '1h30m', '7h35m', 'PT2H', 'PT7H35M', 'P1D', '2d', '1w', '3d', '45s', 'PT1H0M30S', '2d3h') },
  fc.constantFrom('30m', '1h', '90m', '1h30m', '7h35m', 'PT2H', 'PT7H35M', 'P1D', '2d', '1w', '3d', '36h', '45s', 'PT1H0M30S', '0m', 'PT0S', 'P', 'abc', '1 hour', '-1h', '2d3h'),
  fc.integer({ min: 1, max: 100_000_000 }).map((n) => `${n}h`),
  fc.integer({ min: 1, max: 60_000 }).map((n) => `${n}d`),
);

const dateArb = fc.record({
  year: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1990, max: 2035 }) }, { weight: 1, arbitrary: fc.integer({ min: 1890, max: 3010 }) }),
  month: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 13) }),
  day: fc.oneof({ weight: 16, arbitrary: fc.integer({ min: 1, max: 28 }) }, { weight: 2, arbitrary: fc.integer({ min: 29, max: 32 }) }, { weight: 1, arbitrary: fc.constant(0) }),
});

/** A wall time whose fields may be out of range: hour 24, minute 60, 30 February. */
const roughWallArb: fc.Arbitrary<Wall> = fc.record({
  year: fc.integer({ min: 1890, max: 3010 }),
  month: fc.integer({ min: 0, max: 13 }),
  day: fc.integer({ min: 0, max: 32 }),
  hour: fc.integer({ min: 0, max: 25 }),
  minute: fc.integer({ min: 0, max: 61 }),
  second: fc.constantFrom(0, 0, 30, 60),
});

const timeArb = (zone: string): fc.Arbitrary<TimeModel> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.record({ wall: wallNearChange(isValidZone(zone) ? zone : 'UTC'), separator: fc.constantFrom<' ' | 'T'>(' ', 'T') }).map((t) => ({ kind: 'wall' as const, ...t })) },
    { weight: 4, arbitrary: fc.record({ wall: anyWall, separator: fc.constantFrom<' ' | 'T'>(' ', 'T') }).map((t) => ({ kind: 'wall' as const, ...t })) },
    { weight: 3, arbitrary: dateArb.map((d) => ({ kind: 'date' as const, ...d })) },
    { weight: 1, arbitrary: fc.record({ wall: roughWallArb, separator: fc.constant<' '>(' ') }).map((t) => ({ kind: 'wall' as const, ...t })) },
    { weight: 1, arbitrary: fc.record({ wall: anyWall, offsetMinutes: fc.integer({ min: -80, max: 80 }).map((q) => q * 15) }).map((t) => ({ kind: 'offset' as const, ...t })) },
  );

/** An end near the start: minutes or days later (or earlier), sometimes of the other kind. */
const endArb = (start: TimeModel, zone: string): fc.Arbitrary<TimeModel> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 1, max: 3000 }).map((minutes) => shifted(start, minutes)) },
    { weight: 1, arbitrary: fc.integer({ min: -120, max: 0 }).map((minutes) => shifted(start, minutes)) },
    { weight: 1, arbitrary: timeArb(zone) },
  );

function shifted(start: TimeModel, minutes: number): TimeModel {
  if (start.kind === 'date') {
    const d = wallOfUtcMs(Date.UTC(start.year, start.month - 1, start.day + Math.trunc(minutes / 600)));
    return { kind: 'date', year: d.year, month: d.month, day: d.day };
  }
  return { ...start, wall: { ...wallOfUtcMs(wallAsUtc(start.wall) + minutes * 60_000), second: start.wall.second } };
}

const eventArb = (calendarZone: string | undefined): fc.Arbitrary<EventModel & { unique: boolean }> =>
  fc
    .record({
      id: idArb,
      title: fc.oneof({ weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) }, { weight: 1, arbitrary: anyText }),
      timezone: fc.option(zoneArb, { nil: undefined, freq: 2 }),
      quoteTimes: fc.boolean(),
      length: fc.oneof({ weight: 15, arbitrary: fc.constantFrom('none', 'end', 'duration') }, { weight: 1, arbitrary: fc.constant('both') }),
    })
    .chain(({ length, id: { id, unique }, ...rest }) => {
      const zone = rest.timezone ?? calendarZone ?? 'UTC';
      return timeArb(zone).chain((start) =>
        fc.record({
          end: length === 'end' || length === 'both' ? endArb(start, zone) : fc.constant(undefined),
          duration: length === 'duration' || length === 'both' ? durationArb(start) : fc.constant(undefined),
        }).map(({ end, duration }) => ({ ...rest, id, unique, start, end, duration })),
      );
    });

export const fileArb: fc.Arbitrary<FileModel> = fc
  .record({
    name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('Security talks', 'Réunions à Genève', '会議') }, { weight: 1, arbitrary: anyText }),
    timezone: fc.option(zoneArb, { nil: undefined, freq: 3 }),
    windows: fc.boolean(),
  })
  .chain((calendar) =>
    fc.array(eventArb(calendar.timezone), { minLength: 1, maxLength: 4 }).map((events) => ({
      ...calendar,
      events: events.map(({ unique, ...event }, i) => ({ ...event, id: unique ? `${event.id}-${i}` : event.id })),
    })),
  );

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

export function formatTime(t: TimeModel): string {
  if (t.kind === 'date') return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
  if (t.kind === 'wall') return formatWallText(t.wall, t.separator);
  const sign = t.offsetMinutes < 0 ? '-' : '+';
  return `${formatWallText(t.wall, 'T')}${sign}${pad(Math.floor(Math.abs(t.offsetMinutes) / 60))}:${pad(Math.abs(t.offsetMinutes) % 60)}`;
}

export interface RenderedFile {
  text: string;
  bytes: Uint8Array;
  /** The line of each field, as `events.2.start` or `calendar.name`. */
  lineOf: Map<string, number>;
}

/** The file as a person would write it; text values in double quotes (JSON strings are YAML double-quoted strings). */
export function renderFile(model: FileModel): RenderedFile {
  const lines: string[] = ['# yaml-language-server: $schema=./events.schema.json', 'calendar:'];
  const lineOf = new Map<string, number>();
  const add = (key: string, line: string) => {
    lines.push(line);
    lineOf.set(key, lines.length);
  };
  add('calendar.name', `  name: ${JSON.stringify(model.name)}`);
  if (model.timezone !== undefined) add('calendar.timezone', `  timezone: ${model.timezone}`);
  lines.push('events:');
  model.events.forEach((event, i) => {
    const time = (t: TimeModel) => (event.quoteTimes ? JSON.stringify(formatTime(t)) : formatTime(t));
    add(`events.${i}.id`, `  - id: ${JSON.stringify(event.id)}`);
    add(`events.${i}.title`, `    title: ${JSON.stringify(event.title)}`);
    add(`events.${i}.start`, `    start: ${time(event.start)}`);
    if (event.end) add(`events.${i}.end`, `    end: ${time(event.end)}`);
    if (event.duration !== undefined) add(`events.${i}.duration`, `    duration: ${event.duration}`);
    if (event.timezone !== undefined) add(`events.${i}.timezone`, `    timezone: ${event.timezone}`);
  });
  const text = `${lines.join('\n')}\n`;
  const written = model.windows ? `\ufeff${text.replace(/\n/g, '\r\n')}` : text;
  return { text, bytes: new TextEncoder().encode(written), lineOf };
}

// ---- The oracle: the rules of SPEC.md and the README, written out again without calfeed's code. ----

/** Text that would break a feed (SPEC: control characters): C0 but tab and line feed (CRLF counts as one), DEL, C1, U+FFFE/U+FFFF, lone surrogates. */
export function hasForbiddenCharacter(text: string): boolean {
  const t = text.replace(/\r\n/g, '\n');
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f) || c === 0xfffe || c === 0xffff) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = t.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

const textIsBad = (text: string) => text.trim() === '' || hasForbiddenCharacter(text);

/** What the feed holds for a text: CRLF as LF, trailing white space dropped. */
export const normaliseText = (text: string) => text.replace(/\r\n?/g, '\n').replace(/\s+$/, '');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function impossible(t: TimeModel): boolean {
  const d = t.kind === 'date' ? t : t.wall;
  if (d.year < 1900 || d.year > 2999 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > daysIn(d.year, d.month)) return true;
  if (t.kind === 'date') return false;
  if (t.wall.hour > 23 || t.wall.minute > 59 || t.wall.second > 59) return true;
  return t.kind === 'offset' && Math.abs(t.offsetMinutes) > 18 * 60;
}

interface Parts {
  days: number;
  seconds: number;
}

/** Durations: `1h30m`-style or ISO 8601 weeks/days/hours/minutes/seconds, positive, at most 100 years. */
function readDuration(text: string): Parts | undefined {
  const short = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  const m = iso && !/^P$|T$/.test(text) ? iso : short && text !== '' ? short : undefined;
  if (!m) return undefined;
  const [w, d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  const parts = { days: w * 7 + d, seconds: h * 3600 + min * 60 + s };
  const total = parts.days * 86_400 + parts.seconds;
  return total > 0 && total <= 36_525 * 86_400 ? parts : undefined;
}

export type ExpectedTimes = { start: string; end: string | undefined };

const isoDate = (d: { year: number; month: number; day: number }) => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
const isoInstant = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The instant a written time names in a zone, or undefined when it names none or two. */
function instantOf(t: Exclude<TimeModel, { kind: 'date' }>, zone: string): number | undefined {
  if (t.kind === 'offset') return wallAsUtc(t.wall) - t.offsetMinutes * 60_000;
  const instants = instantsOfWall(zone, t.wall);
  return instants.length === 1 ? instants[0] : undefined;
}

/** The times an event must have in the feed, or 'mistake' (end undefined: not worked out, a day shift into a DST change). */
function expectedTimes(event: EventModel, zone: string): ExpectedTimes | 'mistake' {
  if (event.timezone !== undefined && !isValidZone(event.timezone)) return 'mistake';
  if (impossible(event.start) || (event.end && impossible(event.end))) return 'mistake';
  const duration = event.duration === undefined ? undefined : readDuration(event.duration);
  if (event.duration !== undefined && !duration) return 'mistake';
  if (event.end && event.duration !== undefined) return 'mistake';
  const { start, end } = event;
  if (start.kind === 'date') {
    const startDay = Date.UTC(start.year, start.month - 1, start.day);
    let endDay = startDay + 86_400_000;
    if (end) {
      if (end.kind !== 'date') return 'mistake';
      // The written end is the last day, inclusive.
      endDay = Date.UTC(end.year, end.month - 1, end.day) + 86_400_000;
      if (endDay <= startDay) return 'mistake';
    } else if (duration) {
      if (duration.seconds > 0) return 'mistake';
      endDay = startDay + duration.days * 86_400_000;
    }
    return { start: isoDate(start), end: isoDate(wallOfUtcMs(endDay)) };
  }
  const startMs = instantOf(start, zone);
  const endMs = end && end.kind !== 'date' ? instantOf(end, zone) : undefined;
  if (startMs === undefined || (end && endMs === undefined)) return 'mistake';
  if (end) return endMs! > startMs ? { start: isoInstant(startMs), end: isoInstant(endMs!) } : 'mistake';
  if (!duration) return { start: isoInstant(startMs), end: isoInstant(startMs + 3_600_000) };
  if (duration.days === 0) return { start: isoInstant(startMs), end: isoInstant(startMs + duration.seconds * 1000) };
  // Days keep the wall-clock time (SPEC): the same time so many days later, then hours, minutes and seconds.
  const wall = wallAt(zone, startMs);
  const later = wallOfUtcMs(wallAsUtc(wall) + duration.days * 86_400_000);
  const landing = instantsOfWall(zone, later);
  return { start: isoInstant(startMs), end: landing.length === 1 ? isoInstant(landing[0]! + duration.seconds * 1000) : undefined };
}

export interface Expected {
  /** Where the mistakes are: `calendar`, `events.1.id`, `events.1.title`, `events.1.times`. */
  mistakes: Set<string>;
  /** For a file without mistakes, by UID. */
  events: Map<string, { summary: string } & ExpectedTimes>;
}

export function expectedOf(model: FileModel): Expected {
  const mistakes = new Set<string>();
  const events = new Map<string, { summary: string } & ExpectedTimes>();
  if (textIsBad(model.name) || (model.timezone !== undefined && !isValidZone(model.timezone))) mistakes.add('calendar');
  // Events that name no zone use the calendar's, or UTC when it has none or an unknown one.
  const calendarZone = model.timezone !== undefined && isValidZone(model.timezone) ? model.timezone : 'UTC';
  const ids = new Set<string>();
  model.events.forEach((event, i) => {
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(event.id) || ids.has(event.id)) mistakes.add(`events.${i}.id`);
    if (/^[a-z0-9][a-z0-9._-]*$/.test(event.id)) ids.add(event.id);
    if (textIsBad(event.title)) mistakes.add(`events.${i}.title`);
    const times = expectedTimes(event, event.timezone ?? calendarZone);
    if (times === 'mistake') mistakes.add(`events.${i}.times`);
    else events.set(`${event.id}@calfeed.invalid`, { summary: normaliseText(event.title), ...times });
  });
  return { mistakes, events };
}

/** Where a reported problem is, in the terms of `Expected.mistakes`. */
export function mistakeOf(path: readonly (string | number)[]): string {
  if (path[0] === 'calendar') return 'calendar';
  if (path[0] === 'events' && typeof path[1] === 'number') {
    const field = path[2];
    if (field === 'id' || field === 'title') return `events.${path[1]}.${field}`;
    if (field === 'start' || field === 'end' || field === 'duration' || field === 'timezone') return `events.${path[1]}.times`;
  }
  return path.join('.') || '(the whole file)';
}
