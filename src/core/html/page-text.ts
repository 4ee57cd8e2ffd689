// The page's English date and clock texts, built from fields rather than the host's locale data,
// so the same input gives the same bytes on every machine.
import { dayNumber, type CalendarDate } from '../time-text.js';
import { offsetMinutesAt } from '../zones.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number) => String(n).padStart(2, '0');

/** `Monday` for 0 … `Sunday` for 6; `January` for 1 … `December` for 12. */
export const weekdayName = (index: number) => WEEKDAYS[index]!;
export const monthName = (month: number) => MONTHS[month - 1]!;

/** 0 = Monday … 6 = Sunday (1970-01-01, day 0, was a Thursday). */
export const weekdayIndex = (d: CalendarDate) => (((dayNumber(d) + 3) % 7) + 7) % 7;

/** `Monday 10 January 2022` */
export const formatLongDay = (d: CalendarDate) => `${WEEKDAYS[weekdayIndex(d)]} ${d.day} ${MONTHS[d.month - 1]} ${d.year}`;

/** `10 January 2022` */
export const formatDay = (d: CalendarDate) => `${d.day} ${MONTHS[d.month - 1]} ${d.year}`;

/** `Mon 10 Jan` */
export const formatShortDay = (d: CalendarDate) => `${WEEKDAYS[weekdayIndex(d)]!.slice(0, 3)} ${d.day} ${MONTHS[d.month - 1]!.slice(0, 3)}`;

/**
 * `10–12 January 2022`, `31 January – 2 February 2022`, `31 December 2022 – 1 January 2023` (both days
 * inclusive); `mark` wraps each end's text, e.g. in a `<time>`.
 */
export function formatDayRange(first: CalendarDate, last: CalendarDate, mark: (date: CalendarDate, text: string) => string = (_, text) => text): string {
  const month = (d: CalendarDate) => MONTHS[d.month - 1]!;
  const lastText = `${last.day} ${month(last)} ${last.year}`;
  if (first.year !== last.year) return `${mark(first, `${first.day} ${month(first)} ${first.year}`)} – ${mark(last, lastText)}`;
  if (first.month !== last.month) return `${mark(first, `${first.day} ${month(first)}`)} – ${mark(last, lastText)}`;
  return `${mark(first, String(first.day))}–${mark(last, lastText)}`;
}

/** An instant as the clocks of `zone` show it. */
export interface ZonedTime {
  date: CalendarDate;
  hour: number;
  minute: number;
  second: number;
  offsetMinutes: number;
}

export function zonedTime(epochMs: number, zone: string): ZonedTime {
  const offsetMinutes = offsetMinutesAt(zone, epochMs);
  const t = new Date(epochMs + offsetMinutes * 60_000);
  return {
    date: { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() },
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
    second: t.getUTCSeconds(),
    offsetMinutes,
  };
}

/** `08:55` (24-hour, as the venue's clocks show it); seconds only when not zero. */
export const formatClock = (t: ZonedTime) => `${pad(t.hour)}:${pad(t.minute)}${t.second ? `:${pad(t.second)}` : ''}`;

/**
 * The `datetime` of a `<time>`: the venue's wall time with its offset (`2022-01-10T08:55+01:00`), which
 * keeps both the local reading and the instant. Old local-mean-time offsets with seconds have no such
 * form, so those are written in UTC.
 */
export function formatDatetimeAttribute(epochMs: number, zone: string): string {
  const t = zonedTime(epochMs, zone);
  if (!Number.isInteger(t.offsetMinutes)) return new Date(epochMs).toISOString();
  const sign = t.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(t.offsetMinutes);
  const d = t.date;
  return `${String(d.year).padStart(4, '0')}-${pad(d.month)}-${pad(d.day)}T${formatClock(t)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export const sameDate = (a: CalendarDate, b: CalendarDate) => a.year === b.year && a.month === b.month && a.day === b.day;
