// The stages in order: bytes → text → YAML → validated → resolved → rendered site (path → text).
import { decodeSource } from './decode-source.js';
import type { AgendaEntry } from './html/group-by-day.js';
import { entryHoldsAt, openAgenda, renderAgendaEntry } from './html/render-agenda.js';
import { FEED_END, renderFeedHead, renderSingleEventParts, restampEventText } from './ics/render-feed.js';
import type { VtimezoneMemo } from './ics/render-vtimezone.js';
import { formatPath, type Problem } from './problem.js';
import { resolveCalendar, type ResolvedCalendar } from './resolve-calendar.js';
import { resolveEvents, type ResolvedEvent } from './resolve-events.js';
import { resolveSeries } from './resolve-recurrence.js';
import { resolveTiming } from './resolve-times.js';
import { isPlainObject, validateCalendar, validateDocument } from './validate.js';
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

/**
 * Every problem in the file, or the calendar ready to render. `memo`: what earlier builds made of the
 * calendar block and of each item (a speed part: with it or without, the same result).
 */
export function parseCalendar(bytes: Uint8Array, memo?: EventMemo): CalendarResult {
  const decoded = decodeSource(bytes);
  // Positions of an encoding problem are counted in the text before the bad byte, which lossy decoding keeps.
  if (!decoded.ok) return { ok: false, problems: locateAll(decoded.problems, undefined, new TextDecoder().decode(bytes)) };
  const text = decoded.value;
  // Two readers, one check: a file without problems needs no positions, and the fast reader (which may
  // only decline) gives the same data as the positioned one, which is used to report problems.
  const fast = readYamlFast(text);
  if (fast) {
    const checked = checkData(fast.data, [], memo);
    if (checked.ok) return checked;
  }
  const parsed = parseYamlSource(text);
  if (!parsed.ok) return { ok: false, problems: locateAll(parsed.problems, undefined, text) };
  const source = parsed.value;
  const checked = checkData(source.data, source.problems, memo);
  return checked.ok ? checked : { ok: false, problems: locateAll(checked.problems, source, text) };
}

/** The one check of a file's data, whichever reader gave it: every rule, every problem. */
function checkData(data: unknown, readProblems: readonly Problem[], memo?: EventMemo): { ok: true; value: Calendar } | { ok: false; problems: Problem[] } {
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

/** One output file, by path relative to the output folder, as the parts of its text in order. */
export interface SiteFile {
  path: string;
  parts: Iterable<string>;
}

/** Every output file's text, by path (calfeed serve keeps the site so; tests read it so). */
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
 * The site: each event's own file, the agenda page and the feed, in the order they are published (the
 * feed last). `rendered[i]` is the rendering of `events[i]`; `zones`: VTIMEZONEs made before. Parts share
 * the events' texts, so a big site is never one string: calfeed build writes it part by part, serve joins it.
 */
export function renderSite({ calendar, events }: Calendar, stampMs: number, rendered: readonly RenderedEvent[], zones: VtimezoneMemo = new Map()): SiteFile[] {
  const page = function* () {
    const agenda = openAgenda({ calendar, events }, stampMs);
    yield agenda.head;
    for (let i = 0; i < events.length; i++) yield* agenda.add(events[i]!, rendered[i]!.entry);
    yield* agenda.end();
  };
  return [
    ...events.map((event, i) => ({ path: `events/${event.id}.ics`, parts: renderSingleEventParts(event, rendered[i]!.text, zones) })),
    { path: 'index.html', parts: { [Symbol.iterator]: page } },
    { path: 'calendar.ics', parts: [renderFeedHead(calendar, events, zones), ...rendered.map((r) => r.text), FEED_END] },
  ];
}

/** The site's files as whole texts. */
export const siteTexts = (files: readonly SiteFile[]): Site => new Map(files.map((file) => [file.path, [...file.parts].join('')]));
