// Resolved calendar and events → the feed (calendar.ics) and the one-event files, as iCalendar text.
import { formatIsoDuration } from '../duration-text.js';
import type { ResolvedCalendar } from '../resolve-calendar.js';
import type { ResolvedEvent } from '../resolve-events.js';
import { escapeText, joinContentLines } from './content-line.js';
import { renderEventLines } from './ics-adapter.js';

export const PRODID = '-//calfeed//NONSGML calfeed//EN';

/** The whole feed. Every calendar property comes before the first component: Outlook ignores any after it. */
export function renderFeed(calendar: ResolvedCalendar, events: readonly ResolvedEvent[], stampMs: number): string {
  const refresh = formatIsoDuration(calendar.refreshSeconds);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    // RFC 7986 names, each beside the X- name that Apple, Google and Outlook read.
    `NAME:${escapeText(calendar.name)}`,
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    ...(calendar.description
      ? [`DESCRIPTION:${escapeText(calendar.description)}`, `X-WR-CALDESC:${escapeText(calendar.description)}`]
      : []),
    `X-WR-TIMEZONE:${calendar.timezone}`,
    `REFRESH-INTERVAL;VALUE=DURATION:${refresh}`,
    `X-PUBLISHED-TTL:${refresh}`,
    ...(calendar.url ? [`SOURCE;VALUE=URI:${calendar.url}`] : []),
    ...(calendar.color ? [`COLOR:${calendar.color.cssName}`, `X-APPLE-CALENDAR-COLOR:${calendar.color.hex.toUpperCase()}`] : []),
    ...events.flatMap((event) => renderEventLines(event, stampMs)),
    'END:VCALENDAR',
  ];
  return joinContentLines(lines);
}

/** A single event as its own calendar object, for "Add to calendar" (an import, not a subscription). */
export function renderSingleEvent(event: ResolvedEvent, stampMs: number): string {
  return joinContentLines([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...renderEventLines(event, stampMs),
    'END:VCALENDAR',
  ]);
}
