// The one place that calls the `ics` package: a resolved event → its VEVENT as unfolded content lines.
//
// Known flaws of ics 3.12 that are kept out of the feed here (each has a test in test/core/ics):
// - it folds by characters (not octets) with a TAB: we unfold its output; render-feed refolds at 75 octets;
// - its folding is quadratic in a line's length (`foldLine` calls `runes()` on the whole rest of the line
//   for every 75 characters). Measured with createEvents on 3,000 events (2 cores, Node 20.20): a
//   10-character description cost 286 µs per event, 300 characters 365 µs, 900 characters 1.7 ms, 3,000
//   characters 11.5 ms; a 100 KB title took half a minute. So free text never reaches it: it gets a short
//   stand-in for SUMMARY, DESCRIPTION, LOCATION, URL, CATEGORIES and EXDATE, and this adapter puts the
//   value in afterwards, escaped here and folded once, in linear time, by content-line.ts;
// - it escapes SUMMARY, DESCRIPTION and LOCATION but not CATEGORIES, and leaves a lone CR raw: we escape
//   every TEXT value ourselves (escapeText);
// - it fills a random UID and a now-DTSTAMP: we always pass both;
// - it reads 5-element date arrays in the host's zone, and refuses epoch ms before 1970 ("must be greater
//   than or equal to 0"): timed events and DTSTAMP go in as UTC text (19200101T120000Z), which it writes as
//   given, all-day dates as [y, m, d], which it writes as VALUE=DATE without any zone arithmetic;
// - it writes invalid DURATION values: we always pass an end;
// - its header (fixed X-PUBLISHED-TTL:PT1H, no NAME, no REFRESH-INTERVAL) is dropped: render-feed writes its own;
// - it has no TZID: a timed series goes in as wall-clock strings (which it passes through unchanged) and
//   this adapter qualifies DTSTART, DTEND and EXDATE with the zone; render-feed adds the VTIMEZONE.
//
// Why a timed series is TZID-qualified and not UTC: a rule over UTC times keeps the UTC time, so a
// 09:00 Brussels meeting would move to 10:00 after the clocks change. With DTSTART;TZID the rule runs in
// local time in every client (RFC 5545 §3.8.5.3). One-off events stay in UTC: nothing to get wrong.
import { createEvent, createEvents, type EventAttributes } from 'ics';
import type { ResolvedEvent } from '../resolve-events.js';
import { compactDate, compactWall, formatUtcDateTime, type CalendarDate, type WallTime } from '../time-text.js';
import { isUtcZone, wallAt } from '../zones.js';
import { escapeText, joinContentLines, unfoldLines } from './content-line.js';

export class IcsWriterError extends Error {}

/**
 * Events per createEvents call. createEvent(e) is createEvents([e]), which validates e twice (once merged
 * into the header, once as an event); a batch validates only its first event twice, so the yup cost per
 * event halves. Within a batch the cost per event is the same whatever its size (one yup validation and one
 * folding each, about 0.4 ms for a generated event with a description on a contended 2-core machine);
 * batches only bound the size of the one string ics builds, and 500 makes the extra validations 0.2%.
 */
const BATCH_SIZE = 500;

/**
 * Each event's VEVENT as folded text, in the order given. The feed and the one-event files share it, so
 * each event goes through `ics` once per build (and, with a render cache, once in its life).
 */
export function renderEventTexts(events: readonly ResolvedEvent[], stampMs: number): string[] {
  return renderVevents(events, stampMs).map(joinContentLines);
}

/** Each event's VEVENT as unfolded content lines, in the order given. */
export function renderVevents(events: readonly ResolvedEvent[], stampMs: number): string[][] {
  const vevents: string[][] = [];
  for (let from = 0; from < events.length; from += BATCH_SIZE) {
    const batch = events.slice(from, from + BATCH_SIZE);
    const { error, value } = createEvents(batch.map((event) => attributesOf(event, stampMs)));
    // Everything was validated before this point: a refusal here is a bug in calfeed, not bad input.
    if (error || !value) throw refusal(batch, stampMs, error);
    const lines = unfoldLines(value);
    let begin = -1;
    for (let i = 0; i < lines.length; i++) {
      // Values never hold a raw line break (ics escapes them), so these lines are the component bounds.
      if (lines[i] === 'BEGIN:VEVENT') begin = i;
      else if (lines[i] === 'END:VEVENT') vevents.push(completeLines(lines.slice(begin, i + 1), batch[vevents.length - from]!));
    }
    if (vevents.length !== from + batch.length) throw new IcsWriterError(`ics wrote ${vevents.length - from} VEVENTs for ${batch.length} events`);
  }
  return vevents;
}

/**
 * The short value `ics` is given in place of each long or free-text property (see the top of this file),
 * and the line this adapter writes instead. Each stand-in passes ics's checks and comes out unchanged.
 */
const STAND_IN = { text: 'x', url: 'https://x.invalid/' } as const;

function attributesOf(event: ResolvedEvent, stampMs: number): EventAttributes {
  const { timing, recurrence } = event;
  const zonedSeries = timing.kind === 'timed' && recurrence !== undefined && !isUtcZone(timing.zone);
  const times =
    timing.kind === 'all-day'
      ? { start: dateArray(timing.startDate), end: dateArray(timing.endDate) }
      : zonedSeries
        ? { start: localText(timing.startMs, timing.zone), end: localText(timing.endMs, timing.zone) }
        : { start: formatUtcDateTime(timing.startMs), end: formatUtcDateTime(timing.endMs) };
  const exdates = recurrence?.exdates ?? [];
  return {
    uid: event.uid,
    title: STAND_IN.text,
    timestamp: formatUtcDateTime(stampMs),
    ...times,
    sequence: event.sequence,
    description: event.description === undefined ? undefined : STAND_IN.text,
    location: event.location === undefined ? undefined : STAND_IN.text,
    url: event.url === undefined ? undefined : STAND_IN.url,
    // Six decimals (about 10 cm), and never exponent notation, which is not an iCalendar FLOAT.
    geo: event.geo && { lat: round6(event.geo.lat), lon: round6(event.geo.lon) },
    status: event.status && (event.status.toUpperCase() as 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED'),
    categories: event.categories.length ? [STAND_IN.text] : undefined,
    recurrenceRule: recurrence?.rule,
    // A stand-in of the same form: completeLines writes the whole EXDATE line.
    exclusionDates: exdates.length ? [timing.kind === 'all-day' ? compactDate(exdates[0]!) : compactWall(exdates[0]!)] : undefined,
  } as unknown as EventAttributes; // `timestamp` (DTSTAMP) is read by ics 3.12 but missing from its types
}

/** ics's VEVENT lines with each stand-in replaced by its real line, and a series' times qualified with its zone. */
function completeLines(vevent: string[], event: ResolvedEvent): string[] {
  const { timing, recurrence } = event;
  const zonedSeries = timing.kind === 'timed' && recurrence !== undefined && !isUtcZone(timing.zone);
  // An EXDATE has the value type and zone of the occurrences it removes (RFC 5545 §3.8.5.1): a date, a
  // time in the series' zone, or (a series in UTC) a UTC time.
  const exdateParameter = timing.kind === 'all-day' ? ';VALUE=DATE' : zonedSeries ? `;TZID=${timing.zone}` : '';
  const exdateText = (w: WallTime) => (timing.kind === 'all-day' ? compactDate(w) : zonedSeries ? compactWall(w) : `${compactWall(w)}Z`);
  return vevent.flatMap((line): string | string[] => {
    const colon = line.indexOf(':');
    switch (line.slice(0, colon)) {
      case 'UID':
        // ics writes a UID unescaped; a kept one (`uid:` in events.yaml) may hold a comma or semicolon (TEXT, RFC 5545 §3.8.4.7).
        return `UID:${escapeText(event.uid)}`;
      case 'SUMMARY':
        return `SUMMARY:${escapeText(event.title)}`;
      case 'DESCRIPTION':
        return `DESCRIPTION:${escapeText(event.description!)}`;
      case 'LOCATION':
        return `LOCATION:${escapeText(event.location!)}`;
      case 'URL':
        return `URL:${event.url!}`;
      case 'CATEGORIES':
        // libical (Evolution, GNOME, KDE) reads a CATEGORIES list with an escaped , ; or \ in it as one
        // category; one property per category reads the same everywhere (RFC 5545 allows it repeated).
        return event.categories.some((c) => /[,;\\]/.test(c))
          ? event.categories.map((c) => `CATEGORIES:${escapeText(c)}`)
          : `CATEGORIES:${event.categories.map(escapeText).join(',')}`;
      case 'EXDATE':
        return `EXDATE${exdateParameter}:${recurrence!.exdates.map(exdateText).join(',')}`;
      case 'DTSTART':
      case 'DTEND':
        return zonedSeries ? `${line.slice(0, colon)};TZID=${timing.zone}${line.slice(colon)}` : line;
      default:
        return line;
    }
  });
}

/** createEvents names no event when it refuses one: ask event by event, to say which (a bug path only). */
function refusal(batch: readonly ResolvedEvent[], stampMs: number, batchError: Error | null | undefined): IcsWriterError {
  for (const event of batch) {
    const { error } = createEvent(attributesOf(event, stampMs));
    if (error) return new IcsWriterError(`ics refused event ${event.id}: ${error.message}`);
  }
  return new IcsWriterError(`ics refused a batch of events: ${batchError?.message ?? 'no output'}`);
}

/** 20220321T090000: the wall-clock time of an instant in a zone, in iCalendar's basic form. */
function localText(ms: number, zone: string): string {
  return compactWall(wallAt(ms, zone));
}


const dateArray = (d: CalendarDate): [number, number, number] => [d.year, d.month, d.day];

const round6 = (n: number) => Math.round(n * 1e6) / 1e6 + 0;
