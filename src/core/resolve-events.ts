// Validated events → the events to publish: identity, times resolved, text as it will be written.
import type { Problem } from './problem.js';
import type { ResolvedCalendar } from './resolve-calendar.js';
import { resolveTiming, type Timing } from './resolve-times.js';
import type { WrittenEvent } from './schema.js';
import type { IndexedEvent } from './validate.js';

export type EventStatus = NonNullable<WrittenEvent['status']>;

export interface ResolvedEvent {
  id: string;
  /** `<id>@<domain>`: stable across edits, so subscribers update the event instead of duplicating it. */
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
}

export function resolveEvents(events: readonly IndexedEvent[], calendar: ResolvedCalendar): { events: ResolvedEvent[]; problems: Problem[] } {
  const resolved: ResolvedEvent[] = [];
  const problems: Problem[] = [];
  for (const { index, event } of events) {
    const timing = resolveTiming(event, calendar.timezone, ['events', index]);
    if (!timing.ok) {
      problems.push(...timing.problems);
      continue;
    }
    resolved.push({
      id: event.id,
      uid: `${event.id}@${calendar.domain}`,
      title: normaliseText(event.title),
      timing: timing.timing,
      location: optionalText(event.location),
      geo: event.geo,
      description: optionalText(event.description),
      url: event.url,
      categories: (event.categories ?? []).map(normaliseText),
      status: event.status,
      sequence: event.sequence ?? 0,
    });
  }
  return { events: resolved.sort(byStartThenId), problems };
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

