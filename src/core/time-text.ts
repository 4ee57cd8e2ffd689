// The date and time texts of events.yaml: `2022-01-10`, `2022-01-10 08:55[:SS]`, with optional `T`, `Z` or `±HH:MM`.

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface WallTime extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
}

export type WrittenTime =
  | { kind: 'date'; date: CalendarDate }
  | { kind: 'wall'; wall: WallTime }
  /** An absolute instant: a wall time with its explicit UTC offset. */
  | { kind: 'offset'; wall: WallTime; offsetMinutes: number };

const TIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The shape of the text only; whether the date exists is checked against the calendar later. */
export function parseTimeText(text: string): WrittenTime | undefined {
  const m = TIME_TEXT.exec(text.trim());
  if (!m) return undefined;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (m[4] === undefined) return { kind: 'date', date };
  const wall = { ...date, hour: Number(m[4]), minute: Number(m[5]), second: m[6] === undefined ? 0 : Number(m[6]) };
  if (m[7] === undefined) return { kind: 'wall', wall };
  return { kind: 'offset', wall, offsetMinutes: parseOffset(m[7]) };
}

function parseOffset(text: string): number {
  if (text === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export const DAY_MS = 86_400_000;

export const formatDate = (d: CalendarDate) => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

/** `2022-01-10 08:55`, seconds only when not zero. */
export const formatWall = (w: WallTime) =>
  `${formatDate(w)} ${pad(w.hour)}:${pad(w.minute)}${w.second ? `:${pad(w.second)}` : ''}`;

export const formatClock = (w: Pick<WallTime, 'hour' | 'minute' | 'second'>) =>
  `${pad(w.hour)}:${pad(w.minute)}${w.second ? `:${pad(w.second)}` : ''}`;

export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 of a calendar date (proleptic Gregorian), for date arithmetic without zones. */
export function dayNumber(d: CalendarDate): number {
  return Math.floor(Date.UTC(d.year, d.month - 1, d.day) / DAY_MS);
}

export function dateFromDayNumber(days: number): CalendarDate {
  const t = new Date(days * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** How to write a date or time text that parseTimeText refused, as the second half of a message. */
export function fixForTimeText(text: string): string {
  const t = text.trim();
  const example = 'write it like 2022-01-10 or 2022-01-10 08:55';
  const fraction = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})[.,]\d+(.*)$/.exec(t);
  if (fraction && parseTimeText(fraction[1]! + fraction[2]!)) return `calfeed reads whole seconds: write ${fraction[1]!}${fraction[2]!}`;
  const zoneWord = /^(.+?)\s+([A-Za-z][A-Za-z_/+-]*\d*)$/.exec(t);
  if (zoneWord && parseTimeText(zoneWord[1]!)) {
    const zone = zoneWord[2]!.includes('/') ? `add \`timezone: ${zoneWord[2]!}\`` : 'name the zone with `timezone:` (an IANA name such as Europe/Paris)';
    return `write ${zoneWord[1]!} without "${zoneWord[2]!}", and ${zone}`;
  }
  const dateAndClock = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:[T ]|\s+)(.+))?$/.exec(t);
  if (dateAndClock) {
    const [, y, mo, d, clockText] = dateAndClock;
    const clock = clockText === undefined ? '' : clockOfText(clockText);
    const candidate = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}${clock ? ` ${clock}` : ''}`;
    if (clock !== undefined && candidate !== t && parseTimeText(candidate)) return `did you mean ${candidate}?`;
  }
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{4}\b/.test(t)) return 'write the date year first, like 2022-01-10 (YYYY-MM-DD)';
  const clock = clockOfText(t);
  if (clock) return `a time needs its date: write it like 2022-01-10 ${clock}`;
  return example;
}

/**
 * A time of day as people write it, in calfeed's 24-hour form: `9am` → 09:00, `2:30 pm` → 14:30,
 * `12am` → 00:00, `9.30`, `9h30` and `0930` → 09:30, `9:30:15` → 09:30:15. Undefined when it is none.
 */
function clockOfText(text: string): string | undefined {
  const m = /^(\d{1,2})(?:[:h.]?(\d{2})(?::(\d{2}))?)?\s*(?:([ap])\.?\s*m\.?)?$/i.exec(text.trim());
  if (!m) return undefined;
  const [, h, mi, s, half] = m;
  let hour = Number(h);
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half.toLowerCase() === 'p' ? 12 : 0);
  } else if (mi === undefined) {
    return undefined; // a bare number is no time
  }
  const minute = Number(mi ?? 0);
  if (hour > 23 || minute > 59 || (s !== undefined && Number(s) > 59)) return undefined;
  return `${pad(hour)}:${pad(minute)}${s === undefined ? '' : `:${s}`}`;
}

/** A wall-clock value read as if it were UTC: for arithmetic and comparison of wall times, no zone involved. */
export function wallAsUtcMs(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** Inverse of wallAsUtcMs. */
export function wallOfUtcMs(ms: number): WallTime {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

/** iCalendar's basic forms: 20220321 and 20220321T090000. */
export const compactDate = (d: CalendarDate) => `${pad(d.year, 4)}${pad(d.month)}${pad(d.day)}`;
export const compactWall = (w: WallTime) => `${compactDate(w)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;

/** RFC 5545 §3.3.5 DATE-TIME in UTC (form 2): `19200101T120000Z`. */
export const formatUtcDateTime = (ms: number) => `${compactWall(wallOfUtcMs(ms))}Z`;
