// Written times → instants: each event's zone, DST gaps and overlaps, all-day dates, durations, end after start.
import { DateTime } from 'luxon';
import { parseDurationText, readDurationParts, totalSeconds, type DurationParts } from './duration-text.js';
import { problem, type PathSegment, type Problem } from './problem.js';
import {
  dateFromDayNumber,
  dayNumber,
  daysInMonth,
  formatClock,
  formatDate,
  formatOffset,
  fixForTimeText,
  formatWall,
  parseTimeText,
  wallAsUtcMs,
  wallOfUtcMs,
  type CalendarDate,
  type WallTime,
  type WrittenTime,
} from './time-text.js';
import { checkZone, findOffsetChange, instantsOfWall, offsetMinutesAt, settledInstant } from './zones.js';

export type Timing =
  | { kind: 'timed'; zone: string; startMs: number; endMs: number }
  /** `endDate` is exclusive, as DTEND;VALUE=DATE wants it. */
  | { kind: 'all-day'; zone: string; startDate: CalendarDate; endDate: CalendarDate };

export interface TimesToResolve {
  start: string;
  end?: string | undefined;
  duration?: string | undefined;
  timezone?: string | undefined;
}

export type TimingResult = { ok: true; timing: Timing } | { ok: false; problems: Problem[] };

const MIN_YEAR = 1900;
const MAX_YEAR = 2999;
const HOUR_MS = 3_600_000;
const MAX_DURATION_DAYS = 36_525;

/** Resolve one event's times; `path` is the event's, e.g. ['events', 2]. */
export function resolveTiming(written: TimesToResolve, defaultZone: string, path: PathSegment[]): TimingResult {
  const zone = written.timezone ?? defaultZone;
  const problems: Problem[] = [];
  if (written.timezone !== undefined) {
    const zoneCheck = checkZone(written.timezone);
    // Reported, and the dates are still read: an unknown zone must not hide an impossible date.
    if (!zoneCheck.ok) problems.push(problem('unknown-zone', [...path, 'timezone'], zoneCheck.message));
  }
  const start = readTime(written.start, [...path, 'start'], problems);
  const end = written.end === undefined ? undefined : readTime(written.end, [...path, 'end'], problems);
  const duration = written.duration === undefined ? undefined : readDuration(written.duration, [...path, 'duration'], problems);
  if (!start || problems.length > 0) return { ok: false, problems };

  if (start.kind === 'date') {
    return resolveAllDay(start.date, end, duration, zone, path);
  }
  const startMs = toInstant(start, zone, [...path, 'start'], problems);
  let endMs: number | undefined;
  if (end?.kind === 'date') {
    problems.push(problem('bad-date', [...path, 'end'], `end has no time but start has one; write it like ${formatDate(end.date)} 17:00`));
  } else if (end) {
    endMs = toInstant(end, zone, [...path, 'end'], problems);
  }
  if (startMs === undefined || problems.length > 0) return { ok: false, problems };
  if (endMs === undefined) {
    // Hours, minutes and seconds are elapsed time (luxon adds them as milliseconds too); days and weeks
    // are calendar days in the zone, which luxon works out across a DST change.
    endMs = !duration
      ? startMs + HOUR_MS
      : duration.weeks === 0 && duration.days === 0
        ? startMs + ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000
        : DateTime.fromMillis(startMs, { zone }).plus(duration).toMillis();
  }
  if (endMs <= startMs) {
    const field = duration ? 'duration' : 'end';
    return {
      ok: false,
      problems: [problem('end-before-start', [...path, field], `end ${describeInstant(endMs, zone)} is not after start ${describeInstant(startMs, zone)}; the event must end after it starts`)],
    };
  }
  return { ok: true, timing: { kind: 'timed', zone, startMs, endMs } };
}

function resolveAllDay(
  startDate: CalendarDate,
  end: WrittenTime | undefined,
  duration: DurationParts | undefined,
  zone: string,
  path: PathSegment[],
): TimingResult {
  let endDay = dayNumber(startDate) + 1;
  if (end) {
    if (end.kind !== 'date') {
      return { ok: false, problems: [problem('bad-date', [...path, 'end'], `start is a date (an all-day event), so end must be a date too; write the last day, like ${formatDate(end.wall)}`)] };
    }
    // The written end is the last day, inclusive; DTEND is the day after.
    endDay = dayNumber(end.date) + 1;
    if (endDay <= dayNumber(startDate)) {
      return { ok: false, problems: [problem('end-before-start', [...path, 'end'], `end ${formatDate(end.date)} is before start ${formatDate(startDate)}; an all-day event's end is its last day`)] };
    }
  } else if (duration) {
    if (duration.hours || duration.minutes || duration.seconds) {
      return { ok: false, problems: [problem('bad-duration', [...path, 'duration'], 'an all-day event lasts whole days; write the duration like 3d, or give the start a time')] };
    }
    endDay = dayNumber(startDate) + duration.weeks * 7 + duration.days;
  }
  return { ok: true, timing: { kind: 'all-day', zone, startDate, endDate: dateFromDayNumber(endDay) } };
}

function readTime(text: string, path: PathSegment[], problems: Problem[]): WrittenTime | undefined {
  const written = parseTimeText(text);
  if (!written) {
    problems.push(problem('bad-date', path, `${JSON.stringify(text)} is not a date or time; ${fixForTimeText(text)}`));
    return undefined;
  }
  const date = written.kind === 'date' ? written.date : written.wall;
  const dateProblem = checkCalendarDate(date) ?? (written.kind === 'date' ? undefined : checkClock(written.wall));
  if (dateProblem) {
    problems.push(problem('impossible-date', path, dateProblem));
    return undefined;
  }
  if (written.kind === 'offset' && Math.abs(written.offsetMinutes) > 18 * 60) {
    problems.push(problem('bad-date', path, `the offset ${formatOffset(written.offsetMinutes)} is out of range; UTC offsets lie between -18:00 and +18:00`));
    return undefined;
  }
  return written;
}

function checkCalendarDate(d: CalendarDate): string | undefined {
  if (d.year < MIN_YEAR || d.year > MAX_YEAR) return `the year ${d.year} is outside the years calfeed publishes, ${MIN_YEAR} to ${MAX_YEAR}; check the year`;
  if (d.month < 1 || d.month > 12) return `${formatDate(d)} is not a date: there is no month ${d.month}; months go from 01 to 12`;
  const days = daysInMonth(d.year, d.month);
  if (d.day < 1 || d.day > days) {
    const monthName = new Date(Date.UTC(2000, d.month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
    return `${formatDate(d)} is not a date: ${monthName} ${d.year} has ${days} days; pick a day from 01 to ${days}`;
  }
  return undefined;
}

function checkClock(w: WallTime): string | undefined {
  if (w.hour === 24 && w.minute === 0 && w.second === 0 && checkCalendarDate(w) === undefined) {
    return `${formatWall(w)} is not a time: there is no hour 24; write midnight as the next day, ${formatDate(dateFromDayNumber(dayNumber(w) + 1))} 00:00`;
  }
  if (w.hour > 23) return `${formatWall(w)} is not a time: there is no hour ${w.hour}; hours go from 00 to 23`;
  if (w.minute > 59) return `${formatWall(w)} is not a time: there is no minute ${w.minute}; minutes go from 00 to 59`;
  if (w.second > 59) return `${formatWall(w)} is not a time: there is no second ${w.second}; seconds go from 00 to 59`;
  return undefined;
}

function readDuration(text: string, path: PathSegment[], problems: Problem[]): DurationParts | undefined {
  const parts = parseDurationText(text);
  if (!parts) {
    const zero = readDurationParts(text) !== undefined;
    problems.push(problem('bad-duration', path, `${JSON.stringify(text)} ${zero ? 'is zero' : 'is not a duration'}; write it like 1h30m, 45m, 2d or PT1H30M`));
    return undefined;
  }
  // Longer would be no calendar's event, and far longer overflows the date arithmetic.
  if (totalSeconds(parts) > MAX_DURATION_DAYS * 86_400) {
    problems.push(problem('bad-duration', path, `${JSON.stringify(text)} is longer than the ${MAX_DURATION_DAYS.toLocaleString('en')} days (100 years) an event may last; write a shorter duration`));
    return undefined;
  }
  return parts;
}

/** An instant for a written time: an offset names one; a wall time must exist exactly once in the zone. */
function toInstant(written: Exclude<WrittenTime, { kind: 'date' }>, zone: string, path: PathSegment[], problems: Problem[]): number | undefined {
  const naiveMs = wallAsUtcMs(written.wall);
  if (written.kind === 'offset') return naiveMs - written.offsetMinutes * 60_000;
  // Two days or more from a change of offset, a wall time exists exactly once: its instant is known.
  const settled = settledInstant(written.wall, zone);
  if (settled !== undefined) return settled;
  // Not luxon's fromObject: it moves a time in a gap forward silently, and misplaces offsets with seconds.
  const instants = instantsOfWall(zone, naiveMs);
  if (instants.length === 0) {
    problems.push(problem('nonexistent-time', path, describeGap(written.wall, zone)));
    return undefined;
  }
  if (instants.length > 1) {
    problems.push(problem('ambiguous-time', path, describeOverlap(written.wall, zone, instants)));
    return undefined;
  }
  return instants[0];
}

function describeGap(wall: WallTime, zone: string): string {
  const naive = wallAsUtcMs(wall);
  const change = findOffsetChange(zone, naive - 36 * HOUR_MS, naive + 36 * HOUR_MS);
  const before = offsetMinutesAt(zone, change - 1000);
  const after = offsetMinutesAt(zone, change);
  const from = wallOfUtcMs(change + before * 60_000);
  const to = wallOfUtcMs(change + after * 60_000);
  const suggestion = wallOfUtcMs(naive + (after - before) * 60_000);
  const sameDay = formatDate(suggestion) === formatDate(wall);
  return `${formatWall(wall)} does not exist in ${zone} (clocks go from ${formatClock(from)} to ${formatClock(to)}); did you mean ${sameDay ? formatClock(suggestion) : formatWall(suggestion)}?`;
}

function describeOverlap(wall: WallTime, zone: string, instants: number[]): string {
  const naive = wallAsUtcMs(wall);
  const sorted = [...instants].sort((a, b) => a - b);
  const choices = sorted.map((ms) => {
    const offset = (naive - ms) / 60_000;
    const utc = wallOfUtcMs(ms);
    // An offset with seconds (before about 1970) has no ±HH:MM form: name that instant in UTC instead.
    if (!Number.isInteger(offset)) return `${formatDate(utc)}T${formatClock(utc)}Z`;
    return `${formatDate(wall)}T${formatClock(wall)}${formatOffset(offset)} (${formatClock(utc)} UTC)`;
  });
  const change = findOffsetChange(zone, sorted[0]!, sorted.at(-1)!);
  const before = offsetMinutesAt(zone, change - 1000);
  const after = offsetMinutesAt(zone, change);
  const from = wallOfUtcMs(change + before * 60_000);
  const to = wallOfUtcMs(change + after * 60_000);
  return `${formatWall(wall)} occurs twice in ${zone} (clocks go back from ${formatClock(from)} to ${formatClock(to)}); write the offset to pick one: ${choices.join(' or ')}`;
}

export function describeInstant(ms: number, zone: string): string {
  const local = DateTime.fromMillis(ms, { zone });
  return `${local.toFormat('yyyy-MM-dd HH:mm')}${local.second ? local.toFormat(':ss') : ''} ${zone}`;
}
