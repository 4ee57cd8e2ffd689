// Resolved calendar and events → the feed (calendar.ics) and the one-event files, as iCalendar text, from
// the events' VEVENTs (ics-adapter.ts renders them; a render cache may hold them from an earlier build).
import { formatIsoDuration } from '../duration-text.js';
import type { ResolvedCalendar } from '../resolve-calendar.js';
import type { ResolvedEvent } from '../resolve-events.js';
import { formatUtcDateTime } from '../time-text.js';
import { CRLF, escapeText, joinContentLines } from './content-line.js';
import { isUtcZone } from '../zones.js';
import { renderVtimezone, type VtimezoneMemo } from './render-vtimezone.js';

export const PRODID = '-//calfeed//NONSGML calfeed//EN';

/**
 * The DTSTAMP line of a VEVENT. ics-adapter.ts hands `ics` the stamp as this UTC DATE-TIME text, which
 * `ics` writes as given; test/core/render-store.test.ts checks the two agree at many stamps.
 */
const dtstampLine = (stampMs: number) => `DTSTAMP:${formatUtcDateTime(stampMs)}`;

/**
 * A VEVENT rendered with another DTSTAMP, given the one it has now; undefined if the text does not hold
 * exactly one DTSTAMP line. DTSTAMP is the build's time (events.yaml's mtime by default), so it changes at
 * every save while the rest of an unchanged event does not. The line is 24 octets, never folded, and
 * folding is per line: swapping it gives exactly what rendering with the new stamp gives.
 */
export function restampEventText(text: string, stampMs: number): string | undefined {
  const at = text.indexOf(`${CRLF}DTSTAMP:`);
  if (at < 0 || text.indexOf(`${CRLF}DTSTAMP:`, at + 1) >= 0) return undefined;
  const end = text.indexOf(CRLF, at + 2);
  return `${text.slice(0, at + 2)}${dtstampLine(stampMs)}${text.slice(end)}`;
}

/** The end of the feed, after the last VEVENT (a big feed is written head, VEVENTs and end, part by part). */
export const FEED_END = `END:VCALENDAR${CRLF}`;

/**
 * Everything before the first VEVENT of the feed: the calendar's properties and the VTIMEZONEs its series
 * need. Every calendar property comes before the first component: Outlook ignores any after it.
 */
export function renderFeedHead(calendar: ResolvedCalendar, events: readonly ResolvedEvent[], zones?: VtimezoneMemo): string {
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
    ...renderZones(events, zones),
  ];
  // Folding is per line, so folded VEVENTs joined after it equal the folded whole.
  return joinContentLines(lines);
}

/** A single event as its own calendar object, for "Add to calendar" (an import, not a subscription), in its parts: the head (the same for every event without a VTIMEZONE), the VEVENT, the end. */
export function renderSingleEventParts(event: ResolvedEvent, eventText: string, zones?: VtimezoneMemo): string[] {
  const zoneLines = renderZones([event], zones);
  const head = zoneLines.length === 0 ? PLAIN_HEAD : joinContentLines([...HEAD_LINES, ...zoneLines]);
  return [head, eventText, `END:VCALENDAR${CRLF}`];
}

const HEAD_LINES = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODID}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
const PLAIN_HEAD = joinContentLines(HEAD_LINES);

/** One VTIMEZONE per zone used by a TZID-qualified (timed, recurring) event, covering the years its series spans. */
function renderZones(events: readonly ResolvedEvent[], zones: VtimezoneMemo = new Map()): string[] {
  const spans = new Map<string, { from: number; to: number }>();
  for (const { timing, recurrence } of events) {
    if (timing.kind !== 'timed' || !recurrence || isUtcZone(timing.zone)) continue;
    // A year before the first occurrence, so an observance is in force at DTSTART; an open-ended series
    // needs only the current rules, which the last observances carry on as yearly RRULEs.
    const from = recurrence.first.year - 1;
    const to = (recurrence.last ?? recurrence.first).year + 1;
    const span = spans.get(timing.zone);
    spans.set(timing.zone, span ? { from: Math.min(span.from, from), to: Math.max(span.to, to) } : { from, to });
  }
  return [...spans.keys()].sort().flatMap((zone) => renderVtimezone(zone, spans.get(zone)!.from, spans.get(zone)!.to, zones));
}
