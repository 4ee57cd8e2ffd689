// The stages in order: bytes → text → YAML → validated → resolved → rendered site (path → text).
import { decodeSource, MAX_FAST_SOURCE_BYTES } from './decode-source.js';
import type { AgendaEntry } from './html/group-by-day.js';
import { entryHoldsAt, renderAgenda, renderAgendaEntry } from './html/render-agenda.js';
import { renderFeed, renderSingleEvent, restampEventText } from './ics/render-feed.js';
import type { VtimezoneMemo } from './ics/render-vtimezone.js';
import { formatPath, type Problem } from './problem.js';
import { resolveCalendar, type ResolvedCalendar } from './resolve-calendar.js';
import { byStartThenId, duplicateIdProblems, resolveEvent, resolveEvents, type ResolvedEvent } from './resolve-events.js';
import { resolveSeries } from './resolve-recurrence.js';
import { resolveTiming } from './resolve-times.js';
import { isPlainObject, MAX_FAST_EVENTS, validateCalendar, validateDocument, validateEvents } from './validate.js';
import { readYamlFast } from './yaml-fast.js';
import { locateProblem, parseYamlSource, type YamlSource } from './yaml-source.js';
import { checkZone } from './zones.js';

export interface Calendar {
  calendar: ResolvedCalendar;
  events: ResolvedEvent[];
}

export interface LocatedProblem extends Problem {
  line: number;
  col: number;
}

export type CalendarResult = { ok: true; value: Calendar } | { ok: false; problems: LocatedProblem[] };

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

/** Every problem in the file, or the calendar ready to render. */
export function parseCalendar(bytes: Uint8Array, memo?: EventMemo): CalendarResult {
  // A valid file needs no positions: read it the fast way, and the slow way only to report problems. The
  // fast way takes bigger files (see MAX_FAST_SOURCE_BYTES); a file with a problem gets the usual limits.
  const fast = readFast(bytes);
  if (fast) {
    const checked = (memo && checkThroughMemo(fast.data, MAX_FAST_EVENTS, memo)) ?? checkData(fast.data, [], MAX_FAST_EVENTS);
    if (checked.ok) return checked;
  }
  const decoded = decodeSource(bytes);
  // Positions of an encoding problem are counted in the text before the bad byte, which lossy decoding keeps.
  if (!decoded.ok) return { ok: false, problems: locateAll(decoded.problems, undefined, new TextDecoder().decode(bytes)) };
  const text = decoded.value;
  const parsed = parseYamlSource(text);
  if (!parsed.ok) return { ok: false, problems: locateAll(parsed.problems, undefined, text) };
  const source = parsed.value;
  const checked = checkData(source.data, source.problems);
  return checked.ok ? checked : { ok: false, problems: locateAll(checked.problems, source, text) };
}

function checkData(data: unknown, readProblems: readonly Problem[], maxEvents?: number): { ok: true; value: Calendar } | { ok: false; problems: Problem[] } {
  const validated = validateDocument(data, maxEvents);
  const problems = [...readProblems, ...validated.problems];
  const resolvedCalendar = validated.calendar ? resolveCalendar(validated.calendar) : undefined;
  if (resolvedCalendar && !resolvedCalendar.ok) problems.push(...resolvedCalendar.problems);
  const calendar = resolvedCalendar?.ok ? resolvedCalendar.calendar : undefined;

  // Times are checked even when the calendar block has problems. When its zone is unknown they are read in UTC,
  // which finds the mistakes that do not depend on the zone (impossible dates, end before start) and invents none.
  const zone = calendar?.timezone ?? knownZoneOr(validated.calendar?.timezone, 'UTC');
  const resolved = resolveEvents(validated.events, calendar ?? { ...fallbackCalendar, timezone: zone });
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
  return { ok: true, value: { calendar, events: resolved.events } };
}

/**
 * checkData for a file without problems, item by item through the memo: an item met before (with the same
 * calendar zone, domain and expand date, the only settings resolveEvent reads) is not validated or resolved
 * again. Undefined at the first problem, or for data not shaped like a calendar: checkData reports those.
 */
function checkThroughMemo(data: unknown, maxEvents: number, memo: EventMemo): { ok: true; value: Calendar } | undefined {
  const plan = planItems(data, maxEvents, memo);
  const fresh = plan && checkItems(plan.missing.map((i) => plan.items[i]), plan.calendar);
  return plan && fresh && completePlan(plan, fresh, memo);
}

/** A file read the fast way, its calendar resolved, and its items either met before or still to check. */
export interface ItemPlan {
  calendar: ResolvedCalendar;
  items: readonly unknown[];
  /** The memo key of each item (none without a memo). */
  keys: readonly string[];
  /** The events each item published before, or undefined: to check. */
  published: readonly (readonly ResolvedEvent[] | undefined)[];
  /** The indices of the items to check. */
  missing: readonly number[];
}

/**
 * The plan for data read the fast way, or undefined for data not shaped like a calendar, or whose calendar
 * block has a problem. Keys are JSON of the data as the YAML reader gave it, which is exact but for NaN and
 * ±Infinity (written null) and -0 (written 0). No valid calendar or event holds NaN, ±Infinity or null, and
 * -0 is published as 0, so two items that share a key publish the same events.
 */
export function planItems(data: unknown, maxEvents: number, memo?: EventMemo): ItemPlan | undefined {
  if (!isPlainObject(data) || Object.keys(data).some((key) => key !== 'calendar' && key !== 'events')) return undefined;
  const items = data.events;
  if (!Array.isArray(items) || items.length === 0 || items.length > maxEvents) return undefined;
  const calendarKey = memo && JSON.stringify(data.calendar ?? null);
  let calendar = memo?.calendar(calendarKey!);
  if (!calendar) {
    const problems: Problem[] = [];
    const written = validateCalendar(data.calendar, problems, false);
    const resolved = written && problems.length === 0 ? resolveCalendar(written) : undefined;
    if (!resolved?.ok) return undefined;
    calendar = resolved.calendar;
    memo?.setCalendar(calendarKey!, calendar);
  }
  if (!memo) return { calendar, items, keys: [], published: items.map(() => undefined), missing: items.map((_, i) => i) };
  const context = JSON.stringify([calendar.timezone, calendar.domain, calendar.expandUntil ?? null]);
  const keys = items.map((item) => `${context}\n${JSON.stringify(item)}`);
  const published = keys.map((key) => memo.events(key));
  const missing = published.flatMap((events, i) => (events ? [] : [i]));
  return { calendar, items, keys, published, missing };
}

/**
 * The events each item publishes, or undefined if any of them has a problem (the usual way reports it).
 * Items are checked on their own: ids unique across the whole list are completePlan's to check. This is
 * the costly part of reading a big file, and several threads may share it.
 */
export function checkItems(items: readonly unknown[], calendar: ResolvedCalendar): ResolvedEvent[][] | undefined {
  // None to check (every item met before): validateEvents would call an empty list a mistake.
  if (items.length === 0) return [];
  const problems: Problem[] = [];
  const validated = validateEvents(items, problems, false, Infinity);
  if (problems.length > 0 || validated.events.length !== items.length) return undefined;
  const events: ResolvedEvent[][] = [];
  for (const indexed of validated.events) {
    events.push(resolveEvent(indexed, calendar, problems));
    if (problems.length > 0) return undefined;
  }
  return events;
}

/** The calendar from a plan and what checkItems gave for its missing items, each kept in the memo; undefined if an id is used twice. */
export function completePlan(plan: ItemPlan, fresh: readonly (readonly ResolvedEvent[])[], memo?: EventMemo): { ok: true; value: Calendar } | undefined {
  // Ids are unique across the whole list (checkItems saw only some of it), with the ids `expand` makes: the
  // rules of resolveEvents, over every item's events.
  const ids = new Set(plan.items.map((item) => (item as { id: string }).id));
  if (ids.size !== plan.items.length) return undefined;
  const published = [...plan.published];
  plan.missing.forEach((i, k) => (published[i] = fresh[k]));
  if (duplicateIdProblems(published.map((events, index) => ({ index, id: (plan.items[index] as { id: string }).id, events: events! }))).length > 0) return undefined;
  plan.missing.forEach((i, k) => memo?.setEvents(plan.keys[i]!, fresh[k] as ResolvedEvent[]));
  return { ok: true, value: { calendar: plan.calendar, events: published.flatMap((events) => events!).sort(byStartThenId) } };
}

/** The data of a file that reads the fast way (see yaml-fast.ts), or undefined. */
export function readFast(bytes: Uint8Array): { data: unknown } | undefined {
  const text = decodeSource(bytes, MAX_FAST_SOURCE_BYTES);
  return text.ok ? readYamlFast(text.value) : undefined;
}

const fallbackCalendar: ResolvedCalendar = { name: '', timezone: 'UTC', domain: 'calfeed.invalid', refreshSeconds: 0 };

const knownZoneOr = (zone: string | undefined, fallback: string) => (zone !== undefined && checkZone(zone).ok ? zone : fallback);

function locateAll(problems: readonly Problem[], source: YamlSource | undefined, text: string): LocatedProblem[] {
  return problems
    .map((p) => ({ ...p, ...locateProblem(p, source, text) }))
    .sort((a, b) => a.line - b.line || a.col - b.col || a.message.localeCompare(b.message));
}

/** `events.yaml:14:12: error: events[2].start: …`, the form editors and CI annotate. */
export function formatProblem(fileName: string, p: LocatedProblem): string {
  const where = p.path.length ? `${formatPath(p.path)}: ` : '';
  return `${fileName}:${p.line}:${p.col}: error: ${where}${p.message}`;
}

/** Every output file, by path relative to the output folder. */
export type Site = Map<string, string>;

/** What the site needs of each event: its VEVENT (folded text, ics-adapter.ts) and its entry on the agenda page. */
export interface RenderedEvent {
  text: string;
  entry: AgendaEntry;
}

/** An event's rendering as a store keeps it, with the DTSTAMP it was rendered with. */
export interface StoredRender extends RenderedEvent {
  stampMs: number;
}

/**
 * Events rendered by earlier builds (src/io/render-cache.ts keeps them), so that a build renders only the
 * events not found there. A store must return exactly what renderEvents gave for an equal event, with
 * the stamp it was rendered with, or nothing.
 */
export interface RenderedEventStore {
  lookup(event: ResolvedEvent): StoredRender | undefined;
  remember(event: ResolvedEvent, render: StoredRender): void;
}

/** The event's rendering from the store, for this build's DTSTAMP, or undefined: render it. */
export function storedRender(store: RenderedEventStore, event: ResolvedEvent, stampMs: number): RenderedEvent | undefined {
  const found = store.lookup(event);
  if (!found || found.stampMs === stampMs) return found;
  // The same event from a build with another DTSTAMP (by default the file's mtime, new at every save).
  const text = restampEventText(found.text, stampMs);
  if (text === undefined) return undefined;
  // A series lists its next dates from the stamp on the page, which change only once the first is over.
  const render = { stampMs, text, entry: entryHoldsAt(found.entry, stampMs) ? found.entry : renderAgendaEntry(event, stampMs) };
  store.remember(event, render);
  return render;
}

/**
 * The site in memory (calfeed serve, the tests), from the calendar and each event's rendering (in the order
 * of `events`); `zones`: VTIMEZONEs made before. calfeed build writes the same files part by part instead.
 */
export function renderSite({ calendar, events }: Calendar, stampMs: number, rendered: readonly RenderedEvent[], zones?: VtimezoneMemo): Site {
  const site: Site = new Map();
  site.set('calendar.ics', renderFeed(calendar, events, rendered.map((r) => r.text), zones));
  events.forEach((event, i) => site.set(`events/${event.id}.ics`, renderSingleEvent(event, rendered[i]!.text, zones)));
  site.set('index.html', renderAgenda({ calendar, events }, stampMs, rendered.map((r) => r.entry)));
  return site;
}
