// Events → the page's days: each event under the day it starts on at its venue, days in date order.
import type { ResolvedEvent } from '../resolve-events.js';
import type { Timing } from '../resolve-times.js';
import { formatDate, type CalendarDate } from '../time-text.js';
import { zonedTime } from './page-text.js';

export interface AgendaDay {
  /** `2022-01-10`, for `<time datetime>` and the section's id. */
  key: string;
  date: CalendarDate;
  events: ResolvedEvent[];
}

/** The date a timing starts on, on its venue's calendar (not the reader's: the page is the same for everyone). */
export function venueStartDate(t: Timing): CalendarDate {
  return t.kind === 'all-day' ? t.startDate : zonedTime(t.startMs, t.zone).date;
}

export function groupByDay(events: readonly ResolvedEvent[]): AgendaDay[] {
  const days = new Map<string, AgendaDay>();
  for (const event of events) {
    const date = venueStartDate(event.timing);
    const key = formatDate(date);
    let day = days.get(key);
    if (!day) days.set(key, (day = { key, date, events: [] }));
    day.events.push(event);
  }
  for (const day of days.values()) day.events.sort(withinDay);
  return [...days.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** All-day events head their day; timed ones follow in the order they happen; ties by id, as in the feed. */
function withinDay(a: ResolvedEvent, b: ResolvedEvent): number {
  const rank = (e: ResolvedEvent) => (e.timing.kind === 'all-day' ? -Infinity : e.timing.startMs);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
