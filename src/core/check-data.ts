// The one check of a calendar's data, whichever YAML reader gave it: every rule, every problem (with
// paths; pipeline.ts attaches positions). An EventMemo, when given, lets items met by an earlier build skip
// their checks: the same function doing less, with the same result.
import type { Calendar } from './pipeline.js';
import type { Problem } from './problem.js';
import { resolveCalendar, type ResolvedCalendar } from './resolve-calendar.js';
import { resolveEvents, type ResolvedEvent } from './resolve-events.js';
import { resolveSeries } from './resolve-recurrence.js';
import { resolveTiming } from './resolve-times.js';
import { isPlainObject, validateCalendar, validateDocument } from './validate.js';
import { checkZone } from './zones.js';

/**
 * What earlier builds made of the calendar block and of each item of the events list, so that a build
 * validates and resolves only what changed (src/io/render-cache.ts keeps one on disk, `serve` one in
 * memory). A key is a text that holds everything its result depends on; a memo returns exactly what was
 * set for a key, or nothing.
 */
export interface EventMemo {
  calendar(key: string): ResolvedCalendar | undefined;
  setCalendar(key: string, calendar: ResolvedCalendar): void;
  events(key: string): ResolvedEvent[] | undefined;
  setEvents(key: string, events: ResolvedEvent[]): void;
}

/** The one check of a file's data, whichever reader gave it: every rule, every problem. */
export function checkData(data: unknown, readProblems: readonly Problem[], memo?: EventMemo): { ok: true; value: Calendar } | { ok: false; problems: Problem[] } {
  const met = memo && itemsMetBefore(data, memo);
  const validated = validateDocument(data, met && ((index) => met.published[index] !== undefined));
  const problems = [...readProblems, ...validated.problems];
  const resolvedCalendar = validated.calendar ? resolveCalendar(validated.calendar) : undefined;
  if (resolvedCalendar && !resolvedCalendar.ok) problems.push(...resolvedCalendar.problems);
  const calendar = resolvedCalendar?.ok ? resolvedCalendar.calendar : undefined;

  // Times are checked even when the calendar block has problems. When its zone is unknown they are read in UTC,
  // which finds the mistakes that do not depend on the zone (impossible dates, end before start) and invents none.
  const zone = calendar?.timezone ?? knownZoneOr(validated.calendar?.timezone, 'UTC');
  const before = met ? met.published.flatMap((events, index) => (events ? [{ index, id: met.ids[index]!, events }] : [])) : [];
  const resolved = resolveEvents(validated.events, calendar ?? { ...fallbackCalendar, timezone: zone }, before);
  problems.push(...resolved.problems);
  for (const { index, times } of validated.otherTimes) {
    const path = ['events', index];
    const timing = resolveTiming(times, zone, path);
    if (!timing.ok) problems.push(...timing.problems);
    else if (times.rrule !== undefined) {
      const series = resolveSeries({ rrule: times.rrule, exdates: times.exdates }, timing.timing, path);
      if (!series.ok) problems.push(...series.problems);
    }
  }

  if (problems.length > 0 || !calendar) return { ok: false, problems };
  if (memo) remember(data as { calendar: unknown; events: unknown[] }, calendar, resolved.published, memo);
  return { ok: true, value: { calendar, events: resolved.events } };
}

/**
 * What the memo holds for each item of the data (undefined: check it), when its calendar block was met
 * before. Keys are JSON of the data as a reader gave it, which is exact but for NaN and ±Infinity (written
 * null) and -0 (written 0): no valid calendar or event holds NaN, ±Infinity or null, and -0 is published
 * as 0, so two items that share a key publish the same events.
 */
function itemsMetBefore(data: unknown, memo: EventMemo): { published: (readonly ResolvedEvent[] | undefined)[]; ids: string[] } | undefined {
  if (!isPlainObject(data) || !Array.isArray(data.events)) return undefined;
  const calendar = memo.calendar(JSON.stringify(data.calendar ?? null)) ?? calendarAlone(data.calendar);
  if (!calendar) return undefined;
  const context = itemContext(calendar);
  const published = data.events.map((item) => memo.events(`${context}\n${JSON.stringify(item)}`));
  // An item met before is a valid event: it has an id.
  return { published, ids: data.events.map((item, i) => (published[i] ? (item as { id: string }).id : '')) };
}

/** The calendar block checked on its own (its items' memo keys need its settings), or undefined if it has a problem: the whole check reports it. */
function calendarAlone(value: unknown): ResolvedCalendar | undefined {
  const problems: Problem[] = [];
  const written = validateCalendar(value, problems, false);
  const resolved = written && problems.length === 0 ? resolveCalendar(written) : undefined;
  return resolved?.ok ? resolved.calendar : undefined;
}

/** What a valid file's calendar block and items published, for the next read. */
function remember(data: { calendar: unknown; events: unknown[] }, calendar: ResolvedCalendar, published: readonly { index: number; events: readonly ResolvedEvent[] }[], memo: EventMemo): void {
  const calendarKey = JSON.stringify(data.calendar ?? null);
  if (!memo.calendar(calendarKey)) memo.setCalendar(calendarKey, calendar);
  const context = itemContext(calendar);
  for (const { index, events } of published) memo.setEvents(`${context}\n${JSON.stringify(data.events[index])}`, events as ResolvedEvent[]);
}

/** The only settings of the calendar that what an item publishes depends on (see resolveEvent). */
const itemContext = (calendar: ResolvedCalendar) => JSON.stringify([calendar.timezone, calendar.domain, calendar.expandUntil ?? null]);

const fallbackCalendar: ResolvedCalendar = { name: '', timezone: 'UTC', domain: 'calfeed.invalid', refreshSeconds: 0 };

const knownZoneOr = (zone: string | undefined, fallback: string) => (zone !== undefined && checkZone(zone).ok ? zone : fallback);

