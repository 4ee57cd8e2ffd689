// A series (rrule + exdates) read in its own zone: rule checked, exdates matched to real occurrences,
// occurrences in DST gaps reported, a one-occurrence rule turned into a one-off, optional expansion.
import { DateTime } from 'luxon';
import { problem, type PathSegment, type Problem } from './problem.js';
import { iterateWallStarts } from './recurrence-engine.js';
import type { Timing } from './resolve-times.js';
import { formatRuleWithoutUntil, parseRule } from './rrule-text.js';
import { compactDate, compactWall, DAY_MS, dayNumber, dateFromDayNumber, formatDate, formatWall, parseTimeText, wallAsUtcMs, type CalendarDate, type WallTime } from './time-text.js';
import { findTransitions } from './vtimezone-rules.js';
import { wallAt, wallToInstant } from './zones.js';

export interface Recurrence {
  /** RRULE as published: UNTIL in UTC for a timed series (RFC 5545 requires it with a TZID), a DATE for all-day. */
  rule: string;
  /** Removed occurrences as wall-clock starts in the event's zone (midnight for all-day). */
  exdates: WallTime[];
  /** Wall-clock start of the first and of the last occurrence (undefined: the series has no end). */
  first: WallTime;
  last?: WallTime | undefined;
  /** The rule for the engine, UNTIL as a floating wall-clock value. */
  engineRule: string;
}

export interface SeriesInput {
  rrule: string;
  exdates?: string[] | undefined;
}

export type SeriesResult =
  | { ok: true; kind: 'series'; recurrence: Recurrence }
  | { ok: true; kind: 'single'; timing: Timing }
  | { ok: false; problems: Problem[] };

/** How far an endless series is checked for DST gaps and exdates, and the most occurrences read. */
export const CHECK_YEARS = 10;
const MAX_OCCURRENCES = 100_000;

export function resolveSeries(input: SeriesInput, timing: Timing, path: PathSegment[]): SeriesResult {
  const rulePath = [...path, 'rrule'];
  const parsed = parseRule(input.rrule);
  if (!parsed.ok) return { ok: false, problems: parsed.messages.map((m) => problem('bad-rrule', rulePath, m)) };
  const { parts } = parsed;
  const isDate = timing.kind === 'all-day';
  const zone = timing.zone;
  const first: WallTime = isDate ? { ...timing.startDate, hour: 0, minute: 0, second: 0 } : wallAt(timing.startMs, zone);

  // UNTIL: the last possible start, as a wall-clock value in the zone and (timed) as an instant.
  let untilWall: WallTime | undefined;
  let untilText = '';
  if (parts.until) {
    const u = parts.until;
    if (isDate) {
      const date = u.kind === 'date' ? u.date : u.wall;
      untilWall = { ...date, hour: 0, minute: 0, second: 0 };
      untilText = compactDate(date);
    } else {
      untilWall = u.kind === 'date' ? { ...u.date, hour: 23, minute: 59, second: 59 } : u.kind === 'wall' ? u.wall : wallAt(wallAsUtcMs(u.wall) - u.offsetMinutes * 60_000, zone);
      const untilMs = u.kind === 'offset' ? wallAsUtcMs(u.wall) - u.offsetMinutes * 60_000 : wallToInstant(untilWall, zone);
      untilText = `${compactWall(wallAt(untilMs, 'UTC'))}Z`;
    }
    if (compareWall(untilWall, first) < 0) {
      return { ok: false, problems: [problem('bad-rrule', rulePath, `UNTIL ${formatWall(untilWall)} is before the start ${isDate ? formatDate(first) : formatWall(first)}; the series would have no occurrence`)] };
    }
  }
  const base = formatRuleWithoutUntil(parts);
  const rule = untilText ? `${base};UNTIL=${untilText}` : base;
  const engineRule = untilWall ? `${base};UNTIL=${isDate ? compactDate(untilWall) : compactWall(untilWall)}` : base;

  const problems: Problem[] = [];
  const exdates = readExdates(input.exdates ?? [], isDate, zone, [...path, 'exdates'], problems);
  if (problems.length) return { ok: false, problems };

  const bounded = parts.count !== undefined || parts.until !== undefined;
  const horizon = Math.max(first.year + CHECK_YEARS, ...exdates.map((e) => e.wall.year + 1));
  // An endless series with no exdates is read only to find occurrences in a DST gap. When its time of
  // day exists on every day of the years checked, reading it would find nothing: skip the reading.
  // (ical.js takes about 25 ms for ten years of FREQ=MONTHLY;BYDAY=2TU, and 10,000 generated events
  // hold 150 such series: 3.7 s of a cold build. The outcome is the same either way.)
  if (!bounded && exdates.length === 0 && (isDate || !mayFallInGap(zone, first, first.year, horizon))) {
    return { ok: true, kind: 'series', recurrence: { rule, exdates: [], first, last: undefined, engineRule } };
  }
  const remaining: WallTime[] = [];
  const found = new Set<string>();
  const wanted = new Map(exdates.map((e) => [keyOf(e.wall), e]));
  let last: WallTime | undefined;
  let gaps: WallTime[] = [];
  let read = 0;
  for (const start of iterateWallStarts(engineRule, isDate ? first : first, isDate, MAX_OCCURRENCES)) {
    if (!bounded && start.year > horizon) break;
    read++;
    last = start;
    const key = keyOf(start);
    if (wanted.has(key)) {
      found.add(key);
      continue;
    }
    if (!isDate && mayFallInGap(zone, start, start.year, start.year) && !existsInZone(start, zone)) gaps.push(start);
    if (remaining.length < 2) remaining.push(start);
  }
  if (gaps.length) {
    const shown = gaps[0]!;
    const more = gaps.length > 1 ? ` (and ${gaps.length - 1} more)` : '';
    problems.push(problem('nonexistent-time', rulePath, `the occurrence ${formatWall(shown)}${more} does not exist in ${zone}: the clocks skip that hour; move the series' start time or add it to exdates`));
  }
  for (const e of exdates) {
    if (!found.has(keyOf(e.wall))) {
      problems.push(problem('exdate-misses', [...path, 'exdates', e.index], `${isDate ? formatDate(e.wall) : formatWall(e.wall)} is not an occurrence of this series, so excluding it would do nothing; ${nearestOccurrences(engineRule, first, isDate, e.wall)}`));
    }
  }
  if (problems.length) return { ok: false, problems };
  const completeRead = bounded && read < MAX_OCCURRENCES;
  if (completeRead && remaining.length === 0) {
    return { ok: false, problems: [problem('exdate-misses', [...path, 'exdates'], 'the exdates remove every occurrence of the series; remove the event or an exdate')] };
  }
  if (completeRead && remaining.length === 1) {
    // RFC 5545 allows a one-instance rule, but a plain event is what every client shows right.
    return { ok: true, kind: 'single', timing: shiftTiming(timing, remaining[0]!) };
  }
  return { ok: true, kind: 'series', recurrence: { rule, exdates: exdates.map((e) => e.wall), first, last: completeRead ? last : undefined, engineRule } };
}

/** The occurrences of a series from `from` on, as timings, at most `limit`; for expansion, `check` and the page. */
export function occurrenceTimings(recurrence: Recurrence, timing: Timing, options: { fromMs?: number; untilDay?: CalendarDate; limit: number }): Timing[] {
  const out: Timing[] = [];
  const excluded = new Set(recurrence.exdates.map(keyOf));
  const isDate = timing.kind === 'all-day';
  // An occurrence whose wall-clock end is a day or more before `fromMs` ended before it whatever the zone's
  // offset (under a day): skipped without working out its instant (the page asks for the next dates of
  // series that may have run for years before the build stamp).
  const lengthMs = timing.kind === 'timed' ? timing.endMs - timing.startMs : 0;
  const surelyOverBefore = options.fromMs === undefined || isDate ? -Infinity : options.fromMs - lengthMs - DAY_MS;
  for (const start of iterateWallStarts(recurrence.engineRule, recurrence.first, isDate, MAX_OCCURRENCES)) {
    if (options.untilDay && dayNumber(start) > dayNumber(options.untilDay)) break;
    if (out.length >= options.limit || start.year > recurrence.first.year + 1000) break;
    if (wallAsUtcMs(start) < surelyOverBefore) continue;
    if (excluded.has(keyOf(start))) continue;
    const occurrence = shiftTiming(timing, start);
    if (options.fromMs !== undefined && occurrenceEndMs(occurrence) <= options.fromMs) continue;
    out.push(occurrence);
  }
  return out;
}

/** When an occurrence is over, for `fromMs`: its end, or for an all-day one the UTC midnight after its last day. */
export const occurrenceEndMs = (t: Timing) => (t.kind === 'timed' ? t.endMs : Date.UTC(t.endDate.year, t.endDate.month - 1, t.endDate.day));

/** The first occurrence's timing moved to another start, keeping its length (exact for timed, in days for all-day). */
function shiftTiming(timing: Timing, start: WallTime): Timing {
  if (timing.kind === 'all-day') {
    const days = dayNumber(timing.endDate) - dayNumber(timing.startDate);
    return { ...timing, startDate: dateOnly(start), endDate: dateFromDayNumber(dayNumber(start) + days) };
  }
  const startMs = wallToInstant(start, timing.zone);
  return { ...timing, startMs, endMs: startMs + (timing.endMs - timing.startMs) };
}

function readExdates(texts: string[], isDate: boolean, zone: string, path: PathSegment[], problems: Problem[]): { index: number; wall: WallTime }[] {
  const out: { index: number; wall: WallTime }[] = [];
  const seen = new Set<string>();
  texts.forEach((text, index) => {
    const written = parseTimeText(text);
    if (!written) {
      problems.push(problem('bad-date', [...path, index], `${JSON.stringify(text)} is not a date or time; write it like ${isDate ? '2022-04-04' : '2022-04-04 09:00'}`));
      return;
    }
    let wall: WallTime;
    if (isDate) {
      if (written.kind !== 'date') {
        problems.push(problem('bad-date', [...path, index], `this series is all-day, so exdates are dates: write ${formatDate(written.wall)}`));
        return;
      }
      wall = { ...written.date, hour: 0, minute: 0, second: 0 };
    } else if (written.kind === 'date') {
      problems.push(problem('bad-date', [...path, index], `an exdate of a timed series needs the occurrence's start time too, like ${formatDate(written.date)} 09:00`));
      return;
    } else {
      wall = written.kind === 'wall' ? written.wall : wallAt(wallAsUtcMs(written.wall) - written.offsetMinutes * 60_000, zone);
    }
    const key = keyOf(wall);
    if (seen.has(key)) {
      problems.push(problem('bad-date', [...path, index], `${text} is listed twice`));
      return;
    }
    seen.add(key);
    out.push({ index, wall });
  });
  return out;
}

function nearestOccurrences(rule: string, first: WallTime, isDate: boolean, target: WallTime): string {
  let before: WallTime | undefined;
  for (const start of iterateWallStarts(rule, first, isDate, MAX_OCCURRENCES)) {
    if (compareWall(start, target) > 0) {
      const show = (w: WallTime) => (isDate ? formatDate(w) : formatWall(w));
      return before ? `the nearest are ${show(before)} and ${show(start)}` : `the series starts ${show(start)}`;
    }
    before = start;
  }
  return before ? `the series ends ${isDate ? formatDate(before) : formatWall(before)}` : 'the series has no occurrence';
}

const gapYears = new Map<string, boolean>();

/**
 * Whether the time of day of `w` may not exist in `zone` on some day of the years given. A time is
 * skipped only on the day of an offset change or the day next to it, so those days (found by the same
 * day-by-day scan the VTIMEZONE uses) are checked exactly; every other day has the time. Remembered per
 * zone, time of day and year.
 */
export function mayFallInGap(zone: string, w: WallTime, fromYear: number, toYear: number): boolean {
  for (let year = fromYear; year <= toYear; year++) {
    const key = `${zone} ${w.hour}:${w.minute}:${w.second} ${year}`;
    let may = gapYears.get(key);
    if (may === undefined) gapYears.set(key, (may = timeIsSkippedInYear(zone, w, year)));
    if (may) return true;
  }
  return false;
}

function timeIsSkippedInYear(zone: string, w: WallTime, year: number): boolean {
  for (const change of findTransitions(zone, year - 1, year + 1)) {
    const day = Math.floor(change.atMs / DAY_MS);
    for (let d = day - 1; d <= day + 1; d++) {
      const date = dateFromDayNumber(d);
      if (date.year === year && !existsInZone({ ...date, hour: w.hour, minute: w.minute, second: w.second }, zone)) return true;
    }
  }
  return false;
}

function existsInZone(w: WallTime, zone: string): boolean {
  const local = DateTime.fromObject(w, { zone });
  return local.hour === w.hour && local.minute === w.minute && local.day === w.day;
}

const dateOnly = (w: CalendarDate): CalendarDate => ({ year: w.year, month: w.month, day: w.day });
const keyOf = (w: WallTime) => compactWall(w);
const compareWall = (a: WallTime, b: WallTime) => wallAsUtcMs(a) - wallAsUtcMs(b);
