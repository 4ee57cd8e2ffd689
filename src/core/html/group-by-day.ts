// Events → the page's days: each event under the day it starts on at its venue, days in date order.
import type { ResolvedEvent } from '../resolve-events.js';
import type { Timing } from '../resolve-times.js';
import { formatDate, parseTimeText, type CalendarDate } from '../time-text.js';
import { zonedTime } from './page-text.js';

/** An event on the page: the day it starts on at its venue and its rendered `<li>`. */
export interface AgendaEntry {
  /** `2022-01-10`. */
  day: string;
  html: string;
  /** The stamps for which `html` is what rendering gives, `untilMs` excluded (a series' next dates depend on the stamp). */
  stamps: { fromMs: number; untilMs: number };
}

export interface AgendaDay {
  /** `2022-01-10`, for `<time datetime>` and the section's id. */
  key: string;
  date: CalendarDate;
  /** The `<li>` of each of its events, in the order they happen. */
  items: string[];
}

/** The date a timing starts on, on its venue's calendar (not the reader's: the page is the same for everyone). */
export function venueStartDate(t: Timing): CalendarDate {
  return t.kind === 'all-day' ? t.startDate : zonedTime(t.startMs, t.zone).date;
}

export const venueStartDay = (t: Timing) => formatDate(venueStartDate(t));

/** `entries[i]` is the entry of `events[i]`. */
export function groupByDay(events: readonly ResolvedEvent[], entries: readonly AgendaEntry[]): AgendaDay[] {
  const days = new Map<string, number[]>();
  entries.forEach(({ day }, i) => {
    let members = days.get(day);
    if (!members) days.set(day, (members = []));
    members.push(i);
  });
  return [...days.keys()].sort().map((key) => {
    const date = parseTimeText(key);
    if (date?.kind !== 'date') throw new Error(`not a day: ${key}`);
    const members = days.get(key)!.sort((a, b) => withinDay(events[a]!, events[b]!));
    return { key, date: date.date, items: members.map((i) => entries[i]!.html) };
  });
}

/** All-day events head their day; timed ones follow in the order they happen; ties by id, as in the feed. */
function withinDay(a: ResolvedEvent, b: ResolvedEvent): number {
  const rank = (e: ResolvedEvent) => (e.timing.kind === 'all-day' ? -Infinity : e.timing.startMs);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
