// A zone's offset changes over a span of years, grouped into yearly rules ("last Sunday of March at 02:00"),
// the shape of VTIMEZONE that Outlook, Apple Calendar and Thunderbird all read.
import { offsetMinutesAt, findOffsetChange, zoneAbbreviation } from './zones.js';

export interface Transition {
  atMs: number;
  fromOffset: number;
  toOffset: number;
}

export interface Observance {
  kind: 'STANDARD' | 'DAYLIGHT';
  name: string;
  fromOffset: number;
  toOffset: number;
  /** Local wall time of the first change, in the offset before it (RFC 5545 §3.6.5). */
  startMs: number;
  /** BYMONTH/BYDAY of a yearly rule, when the changes repeat; absent for a one-off change. */
  yearly?: { month: number; byDay: string; untilMs?: number | undefined };
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const WEEKDAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** Every offset change of `zone` from the start of `fromYear` to the end of `toYear`. */
export function findTransitions(zone: string, fromYear: number, toYear: number): Transition[] {
  const transitions: Transition[] = [];
  for (let year = fromYear; year <= toYear; year++) transitions.push(...transitionsInYear(zone, year));
  return transitions;
}

const byZoneYear = new Map<string, readonly Transition[]>();

/**
 * The changes found by a day-by-day scan of one UTC year (its last step reaches 1 January of the next).
 * Days are whole multiples of DAY_MS from the epoch, so years scanned one by one take exactly the steps
 * of one long scan. Remembered per zone and year: every series in a zone scans the same years again.
 *
 * The days are looked at a week at a time, and one by one only in a week whose offset changed: the same
 * changes as a scan of every day, unless two changes less than a week apart cancel out. No zone has such
 * a pair between 1900 and 2100 (checked for every zone Node 20.20 knows, tzdata 2025c). An offset costs
 * luxon about 17 µs; a week at a time, a zone-year costs about 55 of them instead of 366.
 */
function transitionsInYear(zone: string, year: number): readonly Transition[] {
  const key = `${zone} ${year}`;
  const known = byZoneYear.get(key);
  if (known) return known;
  const transitions: Transition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let week = Date.UTC(year, 0, 1);
  let offset = offsetMinutesAt(zone, week);
  while (week < end) {
    const weekEnd = Math.min(week + WEEK_MS, end);
    const weekEndOffset = offsetMinutesAt(zone, weekEnd);
    if (weekEndOffset !== offset) {
      for (let t = week; t < weekEnd; t += DAY_MS) {
        const next = t + DAY_MS;
        const nextOffset = next === weekEnd ? weekEndOffset : offsetMinutesAt(zone, next);
        if (nextOffset !== offset) {
          transitions.push({ atMs: findOffsetChange(zone, t, next), fromOffset: offset, toOffset: nextOffset });
          offset = nextOffset;
        }
      }
    }
    week = weekEnd;
  }
  byZoneYear.set(key, transitions);
  return transitions;
}

interface Pattern {
  month: number;
  weekday: number;
  minuteOfDay: number;
  positions: Set<string>;
}

function patternOf(t: Transition): Pattern {
  const local = new Date(t.atMs + t.fromOffset * 60_000);
  const day = local.getUTCDate();
  const daysInMonth = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
  const positions = new Set([String(Math.ceil(day / 7))]);
  if (day + 7 > daysInMonth) positions.add('-1');
  return { month: local.getUTCMonth() + 1, weekday: local.getUTCDay(), minuteOfDay: local.getUTCHours() * 60 + local.getUTCMinutes(), positions };
}

/**
 * Observances covering [fromYear, toYear]. Changes that recur on the same weekday rule in consecutive
 * years become one observance with a yearly RRULE; the last rule of each kind stays open so that clients
 * extend it past the span, as the zone's current rules do.
 */
export function zoneObservances(zone: string, fromYear: number, toYear: number): Observance[] {
  // Two extra years so that the current rules show as repeating and can be left open.
  const scanTo = toYear + 2;
  const transitions = findTransitions(zone, fromYear, scanTo);
  if (transitions.length === 0) {
    const offset = offsetMinutesAt(zone, Date.UTC(fromYear, 0, 1));
    return [{ kind: 'STANDARD', name: zoneAbbreviation(zone, Date.UTC(fromYear, 0, 1)), fromOffset: offset, toOffset: offset, startMs: Date.UTC(1970, 0, 1) }];
  }
  const runs: { transitions: Transition[]; pattern: Pattern }[] = [];
  const openRunByKey = new Map<string, { transitions: Transition[]; pattern: Pattern }>();
  for (const t of transitions) {
    const pattern = patternOf(t);
    const key = `${t.fromOffset}>${t.toOffset}@${pattern.month}/${pattern.weekday}/${pattern.minuteOfDay}`;
    const run = openRunByKey.get(key);
    const previous = run?.transitions.at(-1);
    const shared = run ? new Set([...run.pattern.positions].filter((p) => pattern.positions.has(p))) : new Set<string>();
    if (run && previous && new Date(t.atMs).getUTCFullYear() === new Date(previous.atMs).getUTCFullYear() + 1 && shared.size > 0) {
      run.transitions.push(t);
      run.pattern.positions = shared;
    } else {
      const fresh = { transitions: [t], pattern };
      runs.push(fresh);
      openRunByKey.set(key, fresh);
    }
  }
  return runs
    .sort((a, b) => a.transitions[0]!.atMs - b.transitions[0]!.atMs)
    .map(({ transitions: ts, pattern }) => {
      const first = ts[0]!;
      const last = ts.at(-1)!;
      const kind = first.toOffset > first.fromOffset ? 'DAYLIGHT' : 'STANDARD';
      const observance: Observance = {
        kind,
        name: zoneAbbreviation(zone, first.atMs),
        fromOffset: first.fromOffset,
        toOffset: first.toOffset,
        startMs: first.atMs + first.fromOffset * 60_000,
      };
      // A rule still in force at the end of the scan is the zone's current rule: leave it open.
      const reachesEnd = new Date(last.atMs).getUTCFullYear() >= scanTo - 1;
      if (ts.length > 1) {
        const position = pattern.positions.has('-1') ? '-1' : [...pattern.positions][0]!;
        observance.yearly = { month: pattern.month, byDay: `${position}${WEEKDAY_CODES[pattern.weekday]}`, untilMs: reachesEnd ? undefined : last.atMs };
      }
      return observance;
    });
}
