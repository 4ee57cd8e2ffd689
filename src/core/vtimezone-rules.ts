// A zone's offset changes over a span of years, grouped into yearly rules ("last Sunday of March at 02:00"),
// the shape of VTIMEZONE that Outlook, Apple Calendar and Thunderbird all read.
import { findTransitions, offsetMinutesAt, zoneAbbreviation, type Transition } from './zones.js';

export { findTransitions, type Transition };

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

const WEEKDAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

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
  // An observance is in force at every DTSTART of the span (clients read times before the first one as
  // they please: ical.js as UTC): the offset at the span's start, from 1970 or from that year if earlier.
  const startOffset = offsetMinutesAt(zone, Date.UTC(fromYear, 0, 1));
  const since: Observance = { kind: 'STANDARD', name: zoneAbbreviation(zone, Date.UTC(fromYear, 0, 1)), fromOffset: startOffset, toOffset: startOffset, startMs: Date.UTC(Math.min(1970, fromYear), 0, 1) };
  if (transitions.length === 0) return [since];
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
  // A zone that changed for the first time in the span (none in its first year) has the offset before that change too.
  const before = new Date(transitions[0]!.atMs).getUTCFullYear() > fromYear ? [{ ...since, startMs: Date.UTC(fromYear, 0, 1) }] : [];
  return [...before, ...runs
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
    })];
}
