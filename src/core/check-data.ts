// The one check of a calendar's data, whichever YAML reader gave it: every rule, every problem (with
// paths; pipeline.ts attaches positions). An EventMemo, when given, lets items met by an earlier build skip
// their checks: the same function doing less, with the same result.
import type { Calendar } from './pipeline.js';
import type { Problem } from './problem.js';
import { resolveCalendar, type ResolvedCalendar } from './resolve-calendar.js';
import { checkFeedCategories, feedsByCategory } from './resolve-feeds.js';
import { resolveEvents, type PublishedItem, type ResolvedEvent } from './resolve-events.js';
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
  const met = memo && metBefore(data, memo);
  const validated = validateDocument(data, met && ((index) => met.known.has(index)));
  const problems = [...readProblems, ...validated.problems];
  const resolvedCalendar = validated.calendar ? resolveCalendar(validated.calendar) : undefined;
  if (resolvedCalendar && !resolvedCalendar.ok) problems.push(...resolvedCalendar.problems);
  const calendar = resolvedCalendar?.ok ? resolvedCalendar.calendar : undefined;

  // Times are checked even when the calendar block has problems. When its zone is unknown they are read in UTC,
  // which finds the mistakes that do not depend on the zone (impossible dates, end before start) and invents none.
  const zone = calendar?.timezone ?? knownZoneOr(validated.calendar?.timezone, 'UTC');
  const resolved = resolveEvents(validated.events, calendar ?? { ...fallbackCalendar, timezone: zone }, met?.published);
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

  // A feed's categories are checked against the events' as written, so an event with problems still counts.
  problems.push(...checkFeedCategories(validated.calendar?.feeds, data));

  if (problems.length > 0 || !calendar) return { ok: false, problems };
  // A valid file always has its memo keys (metBefore declines only data with a problem).
  if (memo && met) {
    if (!met.calendarKnown) memo.setCalendar(met.calendarKey, calendar);
    for (const { index, events } of resolved.published) memo.setEvents(met.itemKeys[index]!, events as ResolvedEvent[]);
  }
  // One feed per category the events have: made with them, so not kept with the calendar block in the memo.
  const published = calendar.feedsByCategory ? { ...calendar, feeds: feedsByCategory(resolved.events, calendar.name, calendar.url) } : calendar;
  return { ok: true, value: { calendar: published, events: resolved.events } };
}

/** What the memo holds for a file's data: the items it met before (their checks are skipped) and the keys for what is new. */
interface MetBefore {
  calendarKey: string;
  calendarKnown: boolean;
  /** Each item's key, by index. */
  itemKeys: string[];
  /** The items met before, as they publish. */
  published: PublishedItem[];
  known: Set<number>;
}

/**
 * What the memo holds for the data, or undefined for data not shaped like a calendar or whose calendar
 * block has a problem (the whole check reports those). Keys are JSON of the data as a reader gave it,
 * which is exact but for NaN and ±Infinity (written null) and -0 (written 0): no valid calendar or event
 * holds NaN, ±Infinity or null, and -0 is published as 0, so two items that share a key publish the same
 * events. An item's key holds the only settings of the calendar that what it publishes depends on.
 */
function metBefore(data: unknown, memo: EventMemo): MetBefore | undefined {
  if (!isPlainObject(data) || !Array.isArray(data.events)) return undefined;
  const calendarKey = JSON.stringify(data.calendar ?? null);
  const known = memo.calendar(calendarKey);
  const calendar = known ?? calendarAlone(data.calendar);
  if (!calendar) return undefined;
  const context = JSON.stringify([calendar.timezone, calendar.domain, calendar.expandUntil ?? null]);
  const itemKeys = data.events.map((item) => `${context}\n${JSON.stringify(item)}`);
  const published: PublishedItem[] = [];
  itemKeys.forEach((key, index) => {
    const events = memo.events(key);
    // An item met before is a valid event: it has an id.
    if (events) published.push({ index, id: (data.events as { id: string }[])[index]!.id, events });
  });
  return { calendarKey, calendarKnown: known !== undefined, itemKeys, published, known: new Set(published.map((item) => item.index)) };
}

/** The calendar block checked on its own (its items' memo keys need its settings), or undefined if it has a problem. */
function calendarAlone(value: unknown): ResolvedCalendar | undefined {
  const problems: Problem[] = [];
  const written = validateCalendar(value, problems, false);
  const resolved = written && problems.length === 0 ? resolveCalendar(written) : undefined;
  return resolved?.ok ? resolved.calendar : undefined;
}

const fallbackCalendar: ResolvedCalendar = { name: '', timezone: 'UTC', domain: 'calfeed.invalid', refreshSeconds: 0 };

const knownZoneOr = (zone: string | undefined, fallback: string) => (zone !== undefined && checkZone(zone).ok ? zone : fallback);

