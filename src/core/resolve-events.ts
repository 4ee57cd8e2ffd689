// Validated events → the events to publish: identity, times resolved, text as it will be written.
import { problem, type Problem } from './problem.js';
import { compactDate, compactWall, formatDate, type CalendarDate } from './time-text.js';
import { wallAt } from './zones.js';
import { readExpandDate, type ResolvedCalendar } from './resolve-calendar.js';
import { occurrenceTimings, resolveSeries, type Recurrence } from './resolve-recurrence.js';
import { resolveTiming, type Timing } from './resolve-times.js';
import type { WrittenEvent } from './schema.js';
import type { IndexedEvent } from './validate.js';

export type EventStatus = NonNullable<WrittenEvent['status']>;

export interface ResolvedEvent {
  id: string;
  /** `<id>@<domain>`, or the `uid` written (kept from an imported feed): stable across edits, so subscribers update the event instead of duplicating it. */
  uid: string;
  title: string;
  timing: Timing;
  location?: string | undefined;
  geo?: { lat: number; lon: number } | undefined;
  description?: string | undefined;
  url?: string | undefined;
  categories: string[];
  status?: EventStatus | undefined;
  sequence: number;
  /** Present for a series published as a rule; `timing` is then its first occurrence. */
  recurrence?: Recurrence | undefined;
}

/** Most one-off events one series may expand into. */
export const MAX_EXPANDED = 5000;

/**
 * `before`: what items met by an earlier build publish (an EventMemo's), checked with the rest for ids
 * used twice. `published`: what each item checked now publishes.
 */
export function resolveEvents(
  events: readonly IndexedEvent[],
  calendar: ResolvedCalendar,
  before: readonly PublishedItem[] = [],
): { events: ResolvedEvent[]; problems: Problem[]; published: PublishedItem[] } {
  const problems: Problem[] = [];
  const published = events.map((item) => ({ index: item.index, id: item.event.id, events: resolveEvent(item, calendar, problems) }));
  const all = [...before, ...published].sort((a, b) => a.index - b.index);
  problems.push(...duplicateIdProblems(all), ...duplicateUidProblems(all, calendar.domain));
  return { events: all.flatMap((item) => item.events).sort(byStartThenId), problems, published };
}

/** What one item of the events list publishes: its index, the id written in it, its events. */
export interface PublishedItem {
  index: number;
  id: string;
  events: readonly ResolvedEvent[];
}

/**
 * Two published events with one id would share a UID (subscribers' apps would keep one of them) and a
 * file (events/<id>.ics). validate.ts refuses an id written twice; this finds the ids that `expand` makes
 * (`<id>.<yyyymmdd>t<hhmm>`) meeting each other or an id written by hand. Each item's events, by item index.
 */
function duplicateIdProblems(published: readonly PublishedItem[]): Problem[] {
  const problems: Problem[] = [];
  const firstItemOfId = new Map<string, { index: number; written: boolean }>();
  for (const { index, id, events } of published) {
    const clash = events.find((event) => (firstItemOfId.get(event.id)?.index ?? index) !== index);
    // An id written twice is validate.ts's to report (it does so whatever the events' times).
    if (clash && !(clash.id === id && firstItemOfId.get(clash.id)!.written)) {
      problems.push(
        problem(
          'duplicate-id',
          ['events', index, 'id'],
          `this event and events[${firstItemOfId.get(clash.id)!.index}] both publish an event with the id \`${clash.id}\` (\`expand\` names each occurrence \`<id>.<yyyymmdd>t<hhmm>\`); they would share a UID and a file: give one of them another id`,
        ),
      );
    }
    for (const event of events) if (!firstItemOfId.has(event.id)) firstItemOfId.set(event.id, { index, written: event.id === id });
  }
  return problems;
}

/**
 * Two events with one UID are one event to a calendar app, which keeps either. A `uid` written twice, or
 * one equal to the UID another event gets from its id (`<id>@<domain>`), is reported at the written one;
 * UIDs that ids make alike are duplicate ids, which the checks above report.
 */
function duplicateUidProblems(published: readonly PublishedItem[], domain: string): Problem[] {
  const problems: Problem[] = [];
  const written = (id: string, event: ResolvedEvent) => event.uid !== `${event.id}@${domain}` && event.id === id;
  const firstOfUid = new Map<string, { index: number; written: boolean }>();
  for (const { index, id, events } of published) {
    for (const event of events) {
      const mine = written(id, event);
      const first = firstOfUid.get(event.uid);
      if (!first) {
        firstOfUid.set(event.uid, { index, written: mine });
        continue;
      }
      if (first.index === index || (!mine && !first.written)) continue;
      const message = mine
        ? first.written
          ? `uid \`${event.uid}\` is already used by events[${first.index}]; each event needs a UID of its own: remove one of them (that event is then published as \`<id>@<domain>\`)`
          : `uid \`${event.uid}\` is the UID events[${first.index}] is published with (its id and the domain); give this event another uid`
        : `this event is published with the UID \`${event.uid}\` (its id and the domain), which events[${first.index}] names in its \`uid\`; change that uid or this id`;
      problems.push(problem('duplicate-uid', ['events', index, mine ? 'uid' : 'id'], message));
    }
  }
  return problems;
}

/**
 * One item of the events list → the events it publishes (one, or a series' occurrences when expanded), or
 * none with its problems added to `problems`. Depends on the item and on three settings of the calendar
 * only: its zone, its domain and its expand date (see EventMemo in pipeline.ts).
 */
export function resolveEvent({ index, event }: IndexedEvent, calendar: ResolvedCalendar, problems: Problem[]): ResolvedEvent[] {
  const timing = resolveTiming(event, calendar.timezone, ['events', index]);
  if (!timing.ok) {
    problems.push(...timing.problems);
    return [];
  }
  const path = ['events', index];
  let first = timing.timing;
  let recurrence: Recurrence | undefined;
  if (event.rrule !== undefined) {
    const series = resolveSeries({ rrule: event.rrule, exdates: event.exdates }, first, path);
    if (!series.ok) {
      problems.push(...series.problems);
      return [];
    }
    if (series.kind === 'single') first = series.timing;
    else recurrence = series.recurrence;
  } else if (event.exdates !== undefined || typeof event.expand === 'string') {
    const key = event.exdates !== undefined ? 'exdates' : 'expand';
    problems.push(problem('bad-rrule', [...path, key], `\`${key}\` applies to a repeating event, and this one has no \`rrule\``, { at: 'key' }));
    return [];
  }
  const base: ResolvedEvent = {
    id: event.id,
    uid: event.uid ?? `${event.id}@${calendar.domain}`,
    title: normaliseText(event.title),
    timing: first,
    location: optionalText(event.location),
    geo: event.geo,
    description: optionalText(event.description),
    url: event.url,
    categories: (event.categories ?? []).map(normaliseText),
    status: event.status,
    sequence: event.sequence ?? 0,
    recurrence,
  };
  const horizon = event.expand === false ? undefined : typeof event.expand === 'string' ? readExpandDate(event.expand, [...path, 'expand'], problems) : calendar.expandUntil;
  if (!recurrence || !horizon) return [base];
  const expanded = expandSeries(base, horizon, calendar.domain);
  if (!expanded) {
    problems.push(problem('too-many-occurrences', [...path, 'rrule'], `the series has more than ${MAX_EXPANDED} occurrences up to the expand date; publish it as a rule or choose an earlier date`));
    return [];
  }
  if (expanded.length === 0) {
    // Nothing valid is dropped silently: the whole series would vanish from the feed, the page and events/.
    const where = typeof event.expand === 'string' ? 'its `expand` date' : 'the calendar\'s `expand` date';
    problems.push(problem('expand-before-series', [...path, 'start'], `the series starts after ${where}, ${formatDate(horizon)}, so none of it would be published; set a later \`expand\` date, or \`expand: false\` on this event to publish it as a rule`));
    return [];
  }
  return expanded;
}

/** Line ends as one \n, no trailing blank lines (a YAML `|` block keeps a final newline). */
const normaliseText = (text: string) => text.replace(/\r\n?/g, '\n').replace(/\s+$/, '');

function optionalText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const normalised = normaliseText(text);
  return normalised === '' ? undefined : normalised;
}

export function startSortKey(timing: Timing): number {
  if (timing.kind === 'timed') return timing.startMs;
  // An all-day event sorts at the start of its day in its own zone's UTC midnight equivalent: date order first.
  return Date.UTC(timing.startDate.year, timing.startDate.month - 1, timing.startDate.day);
}

export function byStartThenId(a: ResolvedEvent, b: ResolvedEvent): number {
  return startSortKey(a.timing) - startSortKey(b.timing) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}


/**
 * A series as separate one-off events up to `horizon`; ids and UIDs carry the occurrence's local start (a
 * `uid` written for the series names the series only: its occurrences are new events, `<id>@<domain>`).
 */
function expandSeries(series: ResolvedEvent, horizon: CalendarDate, domain: string): ResolvedEvent[] | undefined {
  const timings = occurrenceTimings(series.recurrence!, series.timing, { untilDay: horizon, limit: MAX_EXPANDED + 1 });
  if (timings.length > MAX_EXPANDED) return undefined;
  return timings.map((timing) => {
    const suffix = timing.kind === 'all-day' ? compactDate(timing.startDate) : compactWall(wallAt(timing.startMs, timing.zone)).slice(0, 13).toLowerCase();
    const id = `${series.id}.${suffix}`;
    return { ...series, id, uid: `${id}@${domain}`, timing, recurrence: undefined };
  });
}
