// The stages in order: bytes → text → YAML → validated → resolved → rendered site (path → text).
import { decodeSource } from './decode-source.js';
import type { AgendaEntry } from './html/group-by-day.js';
import { entryHoldsAt, openAgenda, renderAgendaEntry } from './html/render-agenda.js';
import { FEED_END, renderFeedHead, renderSingleEventParts, restampEventText } from './ics/render-feed.js';
import type { VtimezoneMemo } from './ics/render-vtimezone.js';
import { checkData, type EventMemo } from './check-data.js';
import { formatPath, type Problem } from './problem.js';
import type { ResolvedCalendar } from './resolve-calendar.js';
import type { ResolvedEvent } from './resolve-events.js';
import { readYamlFast } from './yaml-fast.js';
import { locateProblem, parseYamlSource, type YamlSource } from './yaml-source.js';

export type { EventMemo };

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
