// The stages in order: bytes → text → YAML → validated → resolved → rendered site (path → text).
import { decodeSource, MAX_FAST_SOURCE_BYTES } from './decode-source.js';
import { renderAgenda } from './html/render-agenda.js';
import { renderFeed, renderSingleEvent, restampEventText } from './ics/render-feed.js';
import { formatPath, type Problem } from './problem.js';
import { resolveCalendar, type ResolvedCalendar } from './resolve-calendar.js';
import { resolveEvents, type ResolvedEvent } from './resolve-events.js';
import { resolveSeries } from './resolve-recurrence.js';
import { resolveTiming } from './resolve-times.js';
import { MAX_FAST_EVENTS, validateDocument } from './validate.js';
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

/** Every problem in the file, or the calendar ready to render. */
export function parseCalendar(bytes: Uint8Array): CalendarResult {
  // A valid file needs no positions: read it the fast way, and the slow way only to report problems. The
  // fast way takes bigger files (see MAX_FAST_SOURCE_BYTES); a file with a problem gets the usual limits.
  const fastText = decodeSource(bytes, MAX_FAST_SOURCE_BYTES);
  const fast = fastText.ok ? readYamlFast(fastText.value) : undefined;
  if (fast) {
    const checked = checkData(fast.data, [], MAX_FAST_EVENTS);
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

/**
 * VEVENTs rendered by earlier builds (src/io/render-cache.ts keeps them), so that a build sends through
 * `ics` only the events not found there. A store must return exactly what renderEventTexts gave for an
 * equal event, with the stamp it was rendered with, or nothing.
 */
export interface RenderedEventStore {
  lookup(event: ResolvedEvent): { text: string; stampMs: number } | undefined;
  remember(event: ResolvedEvent, stampMs: number, text: string): void;
}

/** The event's VEVENT from the store, with this build's DTSTAMP, or undefined: render it. */
export function storedEventText(store: RenderedEventStore, event: ResolvedEvent, stampMs: number): string | undefined {
  const found = store.lookup(event);
  if (!found || found.stampMs === stampMs) return found?.text;
  // The same event from a build with another DTSTAMP (by default the file's mtime, new at every save).
  const restamped = restampEventText(found.text, stampMs);
  if (restamped !== undefined) store.remember(event, stampMs, restamped);
  return restamped;
}

/** The site, from the calendar and each event's VEVENT text (in the order of `events`). */
export function renderSite({ calendar, events }: Calendar, stampMs: number, eventTexts: readonly string[]): Site {
  const site: Site = new Map();
  site.set('calendar.ics', renderFeed(calendar, events, eventTexts));
  events.forEach((event, i) => site.set(`events/${event.id}.ics`, renderSingleEvent(event, eventTexts[i]!)));
  site.set('index.html', renderAgenda({ calendar, events }, stampMs));
  return site;
}
