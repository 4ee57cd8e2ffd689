// The one place that calls the `ics` package: a resolved event → its VEVENT as unfolded content lines.
//
// Known flaws of ics 3.12 that are kept out of the feed here (each has a test in test/core/ics):
// - it folds by characters (not octets) with a TAB: we unfold its output; render-feed refolds at 75 octets;
// - it escapes SUMMARY, DESCRIPTION and LOCATION but not CATEGORIES: we pass categories pre-escaped;
// - it fills a random UID and a now-DTSTAMP: we always pass both;
// - it reads 5-element date arrays in the host's zone: timed events go in as epoch ms (UTC in, UTC out),
//   all-day dates as [y, m, d], which it writes as VALUE=DATE without any zone arithmetic;
// - it writes invalid DURATION values: we always pass an end;
// - its header (fixed X-PUBLISHED-TTL:PT1H, no NAME, no REFRESH-INTERVAL) is dropped: render-feed writes its own.
import { createEvent, type EventAttributes } from 'ics';
import type { ResolvedEvent } from '../resolve-events.js';
import type { CalendarDate } from '../time-text.js';
import { escapeText, unfoldLines } from './content-line.js';

export class IcsWriterError extends Error {}

export function renderEventLines(event: ResolvedEvent, stampMs: number): string[] {
  const { timing } = event;
  const times =
    timing.kind === 'timed'
      ? { start: timing.startMs, end: timing.endMs, startInputType: 'utc', startOutputType: 'utc', endInputType: 'utc', endOutputType: 'utc' }
      : { start: dateArray(timing.startDate), end: dateArray(timing.endDate) };
  const attributes = {
    uid: event.uid,
    title: event.title,
    timestamp: stampMs,
    ...times,
    sequence: event.sequence,
    description: event.description,
    location: event.location,
    url: event.url,
    // Six decimals (about 10 cm), and never exponent notation, which is not an iCalendar FLOAT.
    geo: event.geo && { lat: round6(event.geo.lat), lon: round6(event.geo.lon) },
    status: event.status && (event.status.toUpperCase() as 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED'),
    categories: event.categories.length ? event.categories.map(escapeText) : undefined,
  } as unknown as EventAttributes; // `timestamp` (DTSTAMP) is read by ics 3.12 but missing from its types
  const { error, value } = createEvent(attributes);
  // Everything was validated before this point: a refusal here is a bug in calfeed, not bad input.
  if (error || !value) throw new IcsWriterError(`ics refused event ${event.id}: ${error?.message ?? 'no output'}`);
  const lines = unfoldLines(value);
  const begin = lines.indexOf('BEGIN:VEVENT');
  const end = lines.lastIndexOf('END:VEVENT');
  return lines.slice(begin, end + 1);
}

const dateArray = (d: CalendarDate): [number, number, number] => [d.year, d.month, d.day];

const round6 = (n: number) => Math.round(n * 1e6) / 1e6 + 0;
