// Events → the page's days: each event under the day it starts on at its venue, days in date order.
import type { Timing } from '../resolve-times.js';
import { startSortKey, type ResolvedEvent } from '../resolve-events.js';
import { dateFromDayNumber, DAY_MS, formatDate, parseTimeText, type CalendarDate } from '../time-text.js';
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

/**
 * The page's days from events that come in feed order (by start, then id; see byStartThenId), each handed
 * out as soon as no later event can start on it: a big page is written a few days at a time. A venue's
 * clock is less than a day from UTC, so once the events reach one that starts at t (an all-day event: at
 * UTC midnight of its first day), every later one starts, at its venue, on the UTC date of t − 24 h or after.
 */
export function dayGrouper(): { add(event: ResolvedEvent, entry: AgendaEntry): AgendaDay[]; end(): AgendaDay[] } {
  const open = new Map<string, { event: ResolvedEvent; entry: AgendaEntry }[]>();
  let lastKey = -Infinity;
  let lastBefore = '';
  const close = (isComplete: (day: string) => boolean): AgendaDay[] =>
    [...open.keys()]
      .filter(isComplete)
      .sort()
      .map((key) => {
        const members = open.get(key)!.sort((a, b) => withinDay(a.event, b.event));
        open.delete(key);
        const date = parseTimeText(key);
        if (date?.kind !== 'date') throw new Error(`not a day: ${key}`);
        return { key, date: date.date, items: members.map((m) => m.entry.html) };
      });
  return {
    add(event, entry) {
      const key = startSortKey(event.timing);
      if (key < lastKey) throw new Error('the page takes events in feed order');
      lastKey = key;
      let members = open.get(entry.day);
      if (!members) open.set(entry.day, (members = []));
      members.push({ event, entry });
      // Days before the UTC date of key − 24 h are complete.
      const before = formatDate(dateFromDayNumber(Math.floor(key / DAY_MS) - 1));
      if (before === lastBefore) return [];
      lastBefore = before;
      return close((day) => day < before);
    },
    end: () => close(() => true),
  };
}

/** All-day events head their day; timed ones follow in the order they happen; ties by id, as in the feed. */
function withinDay(a: ResolvedEvent, b: ResolvedEvent): number {
  const rank = (e: ResolvedEvent) => (e.timing.kind === 'all-day' ? -Infinity : e.timing.startMs);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
