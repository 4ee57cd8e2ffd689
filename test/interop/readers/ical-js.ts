// Reads an iCalendar text back with the ical.js parser (what many web/JS calendar clients use).
import ICAL from 'ical.js';
import type { Occurrence, ReadEvent } from './types.js';

// ical.js resolves TZID against the VTIMEZONEs of the same VCALENDAR. An unknown TZID
// silently becomes a *floating* time, so we treat that as a reader error instead.
function iso(time: ICAL.Time, prop: ICAL.Property | null): string {
  if (time.isDate) return time.toString(); // YYYY-MM-DD
  const tzid = prop?.getParameter('tzid');
  if (time.zone === ICAL.Timezone.localTimezone) {
    if (tzid) throw new Error(`ical.js: TZID=${String(tzid)} has no VTIMEZONE in the feed`);
    return time.toString(); // floating, no Z
  }
  return new Date(time.toUnixTime() * 1000).toISOString().replace('.000Z', 'Z');
}

export function readWithIcalJs(icsText: string): ReadEvent[] {
  const root = new ICAL.Component(ICAL.parse(icsText));
  return root.getAllSubcomponents('vevent').map((comp) => {
    const ev = new ICAL.Event(comp); // Event computes endDate from DTEND, DURATION or the RFC default
    const out: ReadEvent = {
      uid: ev.uid,
      summary: ev.summary ?? '',
      start: iso(ev.startDate, comp.getFirstProperty('dtstart')),
      end: iso(ev.endDate, comp.getFirstProperty('dtend') ?? comp.getFirstProperty('dtstart')),
    };
    if (ev.location) out.location = ev.location;
    // CATEGORIES may repeat and each one is a comma-separated list.
    const categories = comp.getAllProperties('categories').flatMap((p) => p.getValues().map(String));
    if (categories.length) out.categories = categories;
    const rrule = comp.getFirstPropertyValue('rrule');
    if (rrule) out.rrule = rrule.toString();
    if (ev.recurrenceId) out.recurrenceId = iso(ev.recurrenceId, comp.getFirstProperty('recurrence-id'));
    return out;
  });
}

/**
 * Occurrences starting in [fromIso, toIso) as ical.js expands them (RRULE, EXDATE, VTIMEZONE from the feed),
 * sorted by start; instants in UTC, all-day dates as YYYY-MM-DD.
 */
export function expandWithIcalJs(icsText: string, fromIso: string, toIso: string): Occurrence[] {
  const root = new ICAL.Component(ICAL.parse(icsText));
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  const out: Occurrence[] = [];
  for (const comp of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(comp);
    const dtstart = comp.getFirstProperty('dtstart');
    const iterator = event.iterator();
    for (let next = iterator.next(), guard = 0; next && guard < 10_000; next = iterator.next(), guard++) {
      const startMs = next.toUnixTime() * 1000;
      if (startMs >= to) break;
      const details = event.getOccurrenceDetails(next);
      if (startMs < from) continue;
      out.push({
        uid: event.uid,
        summary: event.summary ?? '',
        start: iso(details.startDate, dtstart),
        end: iso(details.endDate, dtstart),
      });
    }
  }
  return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.uid < b.uid ? -1 : 1));
}
