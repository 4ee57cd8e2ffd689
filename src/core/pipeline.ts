// The stages in order: bytes → text → YAML → validated → resolved → rendered site (path → text).
import { decodeSource } from './decode-source.js';
import type { AgendaEntry } from './html/group-by-day.js';
import { entryHoldsAt, openAgenda, renderAgendaEntry } from './html/render-agenda.js';
import { FEED_END, renderFeedHead, renderSingleEventParts, restampEventText } from './ics/render-feed.js';
import type { VtimezoneMemo } from './ics/render-vtimezone.js';
import { checkData, type EventMemo } from './check-data.js';
import { mergeFiles, problemInFile, type Origin } from './merge-files.js';
import { formatPath, type PathSegment, type Problem } from './problem.js';
import type { ResolvedCalendar } from './resolve-calendar.js';
import type { ResolvedEvent } from './resolve-events.js';
import { feedSelector } from './resolve-feeds.js';
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

/** A file read into data: its text, and its positioned YAML document when the positioned reader read it. */
export interface ReadFile {
  text: string;
  data: unknown;
  source?: YamlSource | undefined;
  /** The file's name as messages give it (set by whoever read it), for a mention of it from another file. */
  name?: string | undefined;
}

export type ReadResult = { ok: true; file: ReadFile } | { ok: false; problems: LocatedProblem[] };

/**
 * Bytes → text → data. Two readers, one result: the fast one (which may only decline) first, since a file
 * without problems needs no positions; the positioned one when it declines, or when the check finds
 * problems (checkCalendar reads the file again then, for their positions).
 */
export function readCalendarFile(bytes: Uint8Array): ReadResult {
  const decoded = decodeSource(bytes);
  // Positions of an encoding problem are counted in the text before the bad byte, which lossy decoding keeps.
  if (!decoded.ok) return { ok: false, problems: locateAll(decoded.problems, undefined, new TextDecoder().decode(bytes)) };
  const text = decoded.value;
  const fast = readYamlFast(text);
  if (fast) return { ok: true, file: { text, data: fast.data } };
  return readPositioned(text);
}

function readPositioned(text: string): ReadResult {
  const parsed = parseYamlSource(text);
  if (!parsed.ok) return { ok: false, problems: locateAll(parsed.problems, undefined, text) };
  return { ok: true, file: { text, data: parsed.value.data, source: parsed.value } };
}

/** A problem with its position, in one of the calendar's files (0: the main file). */
export interface FileLocatedProblem extends LocatedProblem {
  file: number;
}

/**
 * Every problem of a calendar written in `files` (the main file first, then those it includes, each read
 * by readCalendarFile), or the calendar ready to render. `memo`: what earlier builds made of the calendar
 * block and of each item (a speed part: with it or without, the same result).
 */
export function checkCalendar(files: readonly ReadFile[], memo?: EventMemo): { ok: true; value: Calendar } | { ok: false; problems: FileLocatedProblem[] } {
  const checked = checkFiles(files, memo);
  if (checked.ok || files.every((file) => file.source)) return checked;
  // Problems, found in data of the fast reader: read with positions, and check again (the same data, and
  // the positioned reader's own reports, such as keys written twice).
  const positioned: ReadFile[] = [];
  const problems: FileLocatedProblem[] = [];
  files.forEach((file, index) => {
    const read = file.source ? ({ ok: true, file } as const) : readPositioned(file.text);
    if (read.ok) positioned.push({ ...read.file, name: file.name });
    else problems.push(...read.problems.map((p) => ({ ...p, file: index })));
  });
  return problems.length > 0 ? { ok: false, problems } : checkFiles(positioned, memo);
}

function checkFiles(files: readonly ReadFile[], memo: EventMemo | undefined): { ok: true; value: Calendar } | { ok: false; problems: FileLocatedProblem[] } {
  if (files.length === 1) {
    const [{ data, source, text }] = files as [ReadFile];
    const checked = checkData(data, source?.problems ?? [], memo);
    return checked.ok ? checked : { ok: false, problems: locateAll(checked.problems, source, text).map((p) => ({ ...p, file: 0 })) };
  }
  const merged = mergeFiles(files.map((file) => file.data));
  const ownReadProblems = files.flatMap((file, index) => (file.source?.problems ?? []).map((p) => ({ ...p, file: index })));
  const checked = checkData(merged.data, [], memo);
  if (checked.ok && merged.problems.length === 0 && ownReadProblems.length === 0) return checked;
  const locate = (file: number, p: Problem) => ({ ...p, ...locateProblem(p, files[file]!.source, files[file]!.text), file });
  // A mention of an item in another file names it by its file, line and column, which the caller formats.
  const where = (origin: Origin, path: PathSegment[]) => {
    const { source, text, name } = files[origin.file]!;
    const at = locateProblem({ code: 'duplicate-id', path, message: '' }, source, text);
    return `${formatPath(path)} in ${name ?? `included file ${origin.file}`}:${at.line}:${at.col}`;
  };
  const inFiles = [...ownReadProblems, ...merged.problems, ...(checked.ok ? [] : checked.problems.map((p) => problemInFile(p, merged.origins, where)))];
  return { ok: false, problems: inFiles.map((p) => locate(p.file, p)).sort((a, b) => a.file - b.file || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message)) };
}

/** Problems of one file's own data found outside the core (an `include:` entry with no file), with their positions. */
export function locateInFile(file: ReadFile, problems: readonly Problem[]): LocatedProblem[] {
  const parsed = file.source ? undefined : parseYamlSource(file.text);
  return locateAll(problems, file.source ?? (parsed?.ok ? parsed.value : undefined), file.text);
}

/** Every problem in one file, or the calendar it holds (a calendar in one file: readCalendarFile, then checkCalendar). */
export function parseCalendar(bytes: Uint8Array, memo?: EventMemo): CalendarResult {
  const read = readCalendarFile(bytes);
  if (!read.ok) return read;
  const checked = checkCalendar([read.file], memo);
  return checked.ok ? checked : { ok: false, problems: checked.problems.map(({ file: _, ...p }) => p) };
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
 * The site: each event's own file, the feeds of categories, the agenda page and the feed, in the order they are published (the
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
    ...renderCategoryFeeds(calendar, events, rendered, zones),
    { path: 'index.html', parts: { [Symbol.iterator]: page } },
    { path: 'calendar.ics', parts: [renderFeedHead(calendar, events, zones), ...rendered.map((r) => r.text), FEED_END] },
  ];
}

/**
 * The feeds of some categories: the same renderer as the whole feed, each with its name, description and
 * address, its events' VTIMEZONEs only, and their VEVENTs as rendered for the whole feed (the same texts,
 * so the same UIDs and bytes): a join, not a render.
 */
function renderCategoryFeeds(calendar: ResolvedCalendar, events: readonly ResolvedEvent[], rendered: readonly RenderedEvent[], zones: VtimezoneMemo): SiteFile[] {
  const feeds = calendar.feeds ?? [];
  if (feeds.length === 0) return [];
  // Each feed's events, in one pass over the events (by-category may make hundreds of feeds).
  const members = new Map<string, number[]>(feeds.map((feed) => [feed.id, []]));
  const feedsOf = feedSelector(feeds);
  events.forEach((event, i) => {
    for (const id of feedsOf(event)) members.get(id)!.push(i);
  });
  return feeds.map((feed) => {
    const mine = members.get(feed.id)!;
    const settings = { ...calendar, name: feed.name, description: feed.description, url: feed.url };
    return { path: feed.path, parts: [renderFeedHead(settings, mine.map((i) => events[i]!), zones), ...mine.map((i) => rendered[i]!.text), FEED_END] };
  });
}

/** The site's files as whole texts. */
export const siteTexts = (files: readonly SiteFile[]): Site => new Map(files.map((file) => [file.path, [...file.parts].join('')]));
