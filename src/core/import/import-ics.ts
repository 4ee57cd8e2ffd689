// iCalendar text (a feed, an export) → events.yaml text that builds into the same events, and a note for
// everything that cannot be carried over, with the line it came from: nothing is dropped silently.
//
// What is carried over: the calendar's name, description, zone, refresh interval, address and colour; each
// event's UID (as `uid:`), title, times in their zone (IANA TZIDs as they are, Windows names mapped, UTC
// times written in the calendar's zone or, for a series, in UTC, floating times read in the calendar's zone
// and noted), all-day and multi-day dates (DTEND is exclusive, calfeed's all-day `end` the last day),
// DURATION, location, geo, description, URL, categories, status, sequence, RRULE and EXDATE.
// What is not, and is noted: attendees and organizer, alarms, RDATE and EXRULE, changed occurrences
// (RECURRENCE-ID), attachments, and every other property or component. Three are left without a note,
// because what calfeed writes means the same: DTSTAMP (calfeed writes its own, RFC 5545 requires it),
// CLASS:PUBLIC and TRANSP:OPAQUE (the values an event has without them); VTIMEZONEs are read (an unknown TZID
// is converted through its VTIMEZONE) and calfeed writes its own.
import ICAL from 'ical.js';
import { formatIsoDuration } from '../duration-text.js';
import { PRODID as CALFEED_PRODID } from '../ics/render-feed.js';
import { parseColor } from '../resolve-calendar.js';
import { resolveTiming } from '../resolve-times.js';
import { ID_PATTERN, MAX_ID_LENGTH, MAX_UID_LENGTH, type WrittenCalendar, type WrittenEvent } from '../schema.js';
import { findForbiddenCharacter, isHttpUrl } from '../validate.js';
import { EventIds } from './event-ids.js';
import { momentOf, readSeries, readTimes } from './import-times.js';
import { cleanText, locatedProperties, noteExtra, readText, readValue, type ImportNote, type Located } from './located-properties.js';
import { renderImportedYaml } from './render-imported-yaml.js';
import { scanIcs, type ScannedComponent } from './scan-ics.js';
import { zoneOfTzid } from './zone-of-tzid.js';

export type { ImportNote };

export type ImportResult =
  | { ok: true; yaml: string; notes: ImportNote[]; eventCount: number }
  | { ok: false; line: number; col: number; message: string };

export interface ImportOptions {
  /** How the feed is named in the file's header comment (its file name, or "standard input"). */
  sourceName: string;
  /** The calendar's name when the feed gives none (the feed's file name without .ics). */
  fallbackName: string;
}

export function importIcs(text: string, options: ImportOptions): ImportResult {
  const scanned = scanIcs(text);
  if (!scanned.ok) return scanned;
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text.replace(/^\uFEFF/, '')) as unknown[]);
  } catch (error) {
    return { ok: false, line: 1, col: 1, message: `ical.js cannot read the file: ${(error as Error).message}` };
  }
  const notes: ImportNote[] = [];
  const calendar = readCalendar(root, scanned.calendar, options, notes);
  const events = readEvents(root, scanned.calendar, calendar, notes);
  const counts = new Map<string, number>();
  for (const note of notes) {
    const what = /^([A-Z][A-Z0-9-]*)\b/.exec(note.message)?.[1] ?? 'other';
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  const header = [
    `Imported by "calfeed import" from ${options.sourceName}${calendar.prodid ? ` (${calendar.prodid})` : ''}: ${events.events.length} event${events.events.length === 1 ? '' : 's'}.`,
    ...(events.idsFromUids
      ? ['A feed calfeed wrote: the ids and the domain are those of its UIDs, so the events keep them.']
      : ['Each event keeps the UID it had in that feed (`uid:`), so that apps subscribed to the feed update', 'the events rather than show them twice; leave the uids as they are.']),
    notes.length === 0
      ? 'Everything in the feed was carried over.'
      : `Not carried over, or changed (calfeed import listed each with its line): ${[...counts].map(([what, n]) => (n === 1 ? what : `${what} ×${n}`)).join(', ')}.`,
  ];
  const domain = events.domain ?? calendar.domain;
  const calendarNote =
    domain === undefined
      ? [
          'domain: not set. The imported events keep their UIDs (`uid:`); a new event is published as',
          '"<id>@<domain>": set `domain:` to a domain you own before adding one (the default is calfeed.invalid).',
        ]
      : [];
  const yaml = renderImportedYaml({
    header,
    calendar: { ...calendar.written, ...(domain === undefined ? {} : { domain }) },
    calendarNote,
    events: events.events,
  });
  return { ok: true, yaml, notes: notes.sort((a, b) => a.line - b.line), eventCount: events.events.length };
}

// ---------------------------------------------------------------------------------------------------------
// The calendar

export interface ReadCalendar {
  written: WrittenCalendar;
  /** The domain of SOURCE's address, for new events' UIDs. */
  domain?: string | undefined;
  prodid?: string | undefined;
  /** What floating and UTC times are written in. */
  zone: string;
}

/** Calendar properties calfeed writes itself, whatever the feed says. */
const CALENDAR_FIXED = new Set(['VERSION', 'PRODID']);

function readCalendar(root: ICAL.Component, scanned: ScannedComponent, options: ImportOptions, notes: ImportNote[]): ReadCalendar {
  const subject = 'calendar';
  const properties = locatedProperties(root, scanned);
  const written: Partial<WrittenCalendar> = {};
  const first = (...names: string[]) => names.flatMap((name) => properties.get(name) ?? []).sort((a, b) => a.line - b.line);
  // NAME and X-WR-CALNAME (DESCRIPTION and X-WR-CALDESC) say the same; the first is kept, another text noted.
  const textOf = (...names: string[]) => {
    let kept: string | undefined;
    for (const located of first(...names)) {
      const text = readText(located, subject, notes);
      if (!text?.trim()) continue;
      const clean = cleanText(text, located, subject, notes);
      if (kept === undefined) kept = clean;
      else if (clean !== kept) notes.push({ line: located.line, subject, message: `${located.property.name.toUpperCase()} not carried over (it differs from the calendar's ${names.join(' or ')} before it, which is kept)` });
    }
    return kept;
  };
  const name = textOf('NAME', 'X-WR-CALNAME');
  if (!name) notes.push({ line: scanned.line, subject, message: `NAME: the feed names no calendar (NAME or X-WR-CALNAME); it is called ${JSON.stringify(options.fallbackName)}` });
  written.name = name ?? options.fallbackName;
  written.description = textOf('DESCRIPTION', 'X-WR-CALDESC');

  let zone: string | undefined;
  for (const located of first('X-WR-TIMEZONE')) {
    const tzid = readText(located, subject, notes)?.trim();
    if (!tzid) continue;
    const found = zoneOfTzid(tzid);
    if (found.ok) zone = found.zone;
    else notes.push({ line: located.line, subject, message: `X-WR-TIMEZONE not carried over (${JSON.stringify(tzid)} is neither an IANA nor a Windows zone name)` });
    break;
  }
  // Without one, the zone most events are in (floating and UTC times are written in it).
  zone ??= commonZone(root);
  if (zone !== undefined && zone !== 'UTC') written.timezone = zone;

  for (const located of first('REFRESH-INTERVAL', 'X-PUBLISHED-TTL')) {
    const value = readValue<unknown>(located, subject, notes);
    const seconds = value instanceof ICAL.Duration ? value.toSeconds() : typeof value === 'string' ? durationSeconds(value) : undefined;
    if (seconds !== undefined && seconds >= 60 && seconds <= 366 * 86_400) {
      written.refresh = formatIsoDuration(seconds);
      break;
    }
    notes.push({ line: located.line, subject, message: `${located.property.name.toUpperCase()} not carried over (${JSON.stringify(String(value))} is no refresh interval between a minute and a year)` });
  }

  let domain: string | undefined;
  for (const located of first('SOURCE')) {
    const url = readText(located, subject, notes)?.trim() ?? '';
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    if (parsed && (parsed.protocol === 'https:' || parsed.protocol === 'http:') && !/\s/.test(url)) {
      written.url = url;
      if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(parsed.hostname)) domain = parsed.hostname.toLowerCase();
    } else {
      notes.push({ line: located.line, subject, message: `SOURCE not carried over (${JSON.stringify(url)} is not an http(s) address)` });
    }
    break;
  }

  // X-APPLE-CALENDAR-COLOR first: a hex colour, where COLOR (RFC 7986) holds the nearest CSS name.
  for (const located of first('X-APPLE-CALENDAR-COLOR', 'COLOR').sort((a, b) => rank(a) - rank(b))) {
    const text = readText(located, subject, notes)?.trim().toLowerCase() ?? '';
    const color = /^#[0-9a-f]{8}$/.test(text) ? text.slice(0, 7) : text;
    if (parseColor(color)) {
      written.color = color;
      break;
    }
    notes.push({ line: located.line, subject, message: `${located.property.name.toUpperCase()} not carried over (${JSON.stringify(text)} is not a colour calfeed reads)` });
  }

  const used = new Set(['NAME', 'X-WR-CALNAME', 'DESCRIPTION', 'X-WR-CALDESC', 'X-WR-TIMEZONE', 'REFRESH-INTERVAL', 'X-PUBLISHED-TTL', 'SOURCE', 'X-APPLE-CALENDAR-COLOR', 'COLOR']);
  let prodid: string | undefined;
  for (const [propertyName, list] of properties) {
    if (used.has(propertyName)) continue;
    for (const located of list) {
      if (propertyName === 'PRODID') prodid = readText(located, subject, notes);
      if (CALENDAR_FIXED.has(propertyName)) continue;
      const value = readText(located, subject, notes)?.trim().toUpperCase();
      if (propertyName === 'CALSCALE' && value === 'GREGORIAN') continue;
      if (propertyName === 'METHOD' && value === 'PUBLISH') continue;
      notes.push({ line: located.line, subject, message: `${propertyName} not carried over (${CALENDAR_REASONS[propertyName] ?? 'calfeed has no such calendar setting'})` });
    }
  }
  for (const component of scanned.components) {
    if (component.name === 'VEVENT' || component.name === 'VTIMEZONE') continue;
    notes.push({ line: component.line, subject, message: `${component.name} not carried over (calfeed publishes events only)` });
  }
  return { written: written as WrittenCalendar, domain, prodid, zone: zone ?? 'UTC' };
}

const rank = (located: Located) => (located.property.name.toUpperCase() === 'X-APPLE-CALENDAR-COLOR' ? 0 : 1);

const CALENDAR_REASONS: Record<string, string> = {
  METHOD: 'calfeed publishes a feed, METHOD:PUBLISH; this file is a scheduling message',
  CALSCALE: 'calfeed publishes Gregorian dates only',
};

/** `PT6H`, `P1D`: X-PUBLISHED-TTL is a duration in text. */
function durationSeconds(text: string): number | undefined {
  try {
    return ICAL.Duration.fromString(text.trim()).toSeconds();
  } catch {
    return undefined;
  }
}

/** The IANA zone most timed events' DTSTART names (the first such on a tie), or undefined. */
function commonZone(root: ICAL.Component): string | undefined {
  const counts = new Map<string, number>();
  for (const event of root.getAllSubcomponents('vevent')) {
    const tzid = event.getFirstProperty('dtstart')?.getParameter('tzid');
    const found = typeof tzid === 'string' ? zoneOfTzid(tzid) : undefined;
    if (found?.ok) counts.set(found.zone, (counts.get(found.zone) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [zone, count] of counts) if (best === undefined || count > counts.get(best)!) best = zone;
  return best;
}

// ---------------------------------------------------------------------------------------------------------
// Events

interface ReadEvents {
  events: WrittenEvent[];
  /** A feed calfeed wrote: ids and domain from its UIDs. */
  idsFromUids: boolean;
  domain?: string | undefined;
}

const CALFEED_UID = /^([a-z0-9][a-z0-9._-]*)@([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)$/;

function readEvents(root: ICAL.Component, scannedCalendar: ScannedComponent, calendar: ReadCalendar, notes: ImportNote[]): ReadEvents {
  const components = root.getAllSubcomponents('vevent');
  const scanned = scannedCalendar.components.filter((c) => c.name === 'VEVENT');
  const items = components.map((component, i) => ({ component, scanned: scanned[i] ?? scannedCalendar }));

  // Changed occurrences of a series (RECURRENCE-ID) are not carried over; the series keeps the rule's occurrence.
  const masters = items.filter(({ component, scanned: sc }) => {
    if (!component.hasProperty('recurrence-id')) return true;
    const subject = subjectOf(component);
    const located = locatedProperties(component, sc).get('RECURRENCE-ID')![0]!;
    const id = readValue<ICAL.Time>(located, subject, notes);
    notes.push({
      line: sc.line,
      subject,
      message: `RECURRENCE-ID not carried over (a changed occurrence${id ? `, of ${id.toString().replace('T', ' ')}` : ''}: calfeed publishes a series as its rule, so the occurrence stays as the rule has it; for the change, exclude it with \`exdates\` and add it as an event of its own)`,
    });
    return false;
  });

  // A feed calfeed wrote gives its ids and domain back from its UIDs (`<id>@<domain>`).
  const uids = masters.map(({ component }) => CALFEED_UID.exec(String(component.getFirstPropertyValue('uid') ?? '')));
  const domains = new Set(uids.map((m) => m?.[2]));
  const idsFromUids =
    calendar.prodid === CALFEED_PRODID &&
    masters.length > 0 &&
    uids.every((m) => m !== null && m[1]!.length <= MAX_ID_LENGTH && ID_PATTERN.test(m[1]!)) &&
    domains.size === 1 &&
    new Set(uids.map((m) => m![1])).size === uids.length;

  const ids = new EventIds();
  const seenUids = new Set<string>();
  const events: WrittenEvent[] = [];
  for (const { component, scanned: sc } of masters) {
    const event = readEvent(component, sc, calendar, notes, { ids, seenUids, idsFromUids });
    if (event) events.push(event);
  }
  return { events, idsFromUids, domain: idsFromUids ? [...domains][0] : undefined };
}

function subjectOf(component: ICAL.Component): string {
  const summary = String(component.getFirstPropertyValue('summary') ?? '').trim();
  const uid = String(component.getFirstPropertyValue('uid') ?? '').trim();
  const title = summary.length > 40 ? `${summary.slice(0, 40)}…` : summary;
  // Outlook's UIDs run to 120 hexadecimal digits: the start tells them apart.
  const shortUid = uid.length > 40 ? `${uid.slice(0, 40)}…` : uid;
  if (title && uid) return `${JSON.stringify(title)} (UID ${shortUid})`;
  return title ? JSON.stringify(title) : uid ? `UID ${shortUid}` : 'an event without title or UID';
}

/** Event properties read into events.yaml fields (the rest are noted). */
const EVENT_FIELDS = new Set(['UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'DURATION', 'SUMMARY', 'DESCRIPTION', 'LOCATION', 'URL', 'GEO', 'CATEGORIES', 'STATUS', 'SEQUENCE', 'RRULE', 'EXDATE']);

/** Properties whose value means what an event without them is: nothing to carry over. */
const DEFAULT_VALUES: Record<string, string> = { CLASS: 'PUBLIC', TRANSP: 'OPAQUE' };

const EVENT_REASONS: Record<string, string> = {
  ATTENDEE: 'calfeed publishes no attendees',
  ORGANIZER: 'calfeed publishes no organizer',
  RDATE: 'calfeed repeats by RRULE only; add the date as an event of its own',
  EXRULE: 'RFC 5545 dropped exclusion rules; list the dates in `exdates`',
  ATTACH: 'calfeed publishes no attachments; link the file in the description or `url`',
  CLASS: 'calfeed publishes every event as PUBLIC',
  TRANSP: 'calfeed publishes every event as busy time (OPAQUE)',
  CREATED: 'calfeed writes no creation time',
  'LAST-MODIFIED': 'calfeed writes no change time; SEQUENCE says an event changed',
  PRIORITY: 'calfeed publishes no priority',
  CONTACT: 'calfeed has no contact field; put it in the description',
  COMMENT: 'calfeed has no comment field; put it in the description',
  RESOURCES: 'calfeed has no resources field',
  'RELATED-TO': 'calfeed relates no events',
  'REQUEST-STATUS': 'calfeed publishes no scheduling replies',
};

interface EventContext {
  ids: EventIds;
  seenUids: Set<string>;
  idsFromUids: boolean;
}

function readEvent(component: ICAL.Component, scanned: ScannedComponent, calendar: ReadCalendar, notes: ImportNote[], context: EventContext): WrittenEvent | undefined {
  const subject = subjectOf(component);
  const properties = locatedProperties(component, scanned);
  const one = (name: string) => {
    const list = properties.get(name);
    noteExtra(list, subject, notes);
    return list?.[0];
  };
  const note = (line: number, message: string) => notes.push({ line, subject, message });

  // Not carried over: every property calfeed has no field for, and every component inside the event.
  for (const [name, list] of properties) {
    if (EVENT_FIELDS.has(name) || name === 'RECURRENCE-ID') continue;
    for (const located of list) {
      const value = readText(located, subject, notes)?.trim().toUpperCase();
      if (DEFAULT_VALUES[name] !== undefined && value === DEFAULT_VALUES[name]) continue;
      note(located.line, `${name} not carried over (${EVENT_REASONS[name] ?? (name.startsWith('X-') ? 'an extension property calfeed does not publish' : 'calfeed has no such field')})`);
    }
  }
  for (const inner of scanned.components) {
    note(inner.line, inner.name === 'VALARM' ? 'VALARM not carried over (calfeed publishes no alarms: each subscriber sets their own)' : `${inner.name} not carried over (calfeed has no such part of an event)`);
  }

  // Times.
  const startProperty = one('DTSTART');
  const startTime = startProperty && readValue<ICAL.Time>(startProperty, subject, notes);
  if (!startProperty || !startTime) {
    note(scanned.line, 'DTSTART: the event has no start, so it is left out (an event without DTSTART is no event in a feed)');
    return undefined;
  }
  const start = momentOf(startTime, startProperty.property);
  const ruleProperty = one('RRULE');
  const written: Partial<WrittenEvent> = {};
  const times = readTimes(start, startProperty, ruleProperty !== undefined, calendar, subject, notes, one);
  Object.assign(written, times.fields);

  // Identity.
  const uidProperty = one('UID');
  const uid = uidProperty && readText(uidProperty, subject, notes);
  const uidLine = uidProperty?.line ?? scanned.line;
  const dateOfStart = times.fields.start.slice(0, 10);
  let id: string | undefined;
  if (context.idsFromUids) {
    const local = uid!.slice(0, uid!.lastIndexOf('@'));
    if (context.ids.claim(local)) id = local;
  } else if (uid === undefined || uid === '') {
    note(uidLine, 'UID missing: the event is published under a new UID, "<id>@<domain>"');
  } else if (uid.length > MAX_UID_LENGTH || /[\u0000-\u001f\u007f-\u009f]/.test(uid) || findForbiddenCharacter(uid) || uid.trim() !== uid) {
    note(uidLine, `UID not carried over (${uid.length > MAX_UID_LENGTH ? `longer than calfeed's ${MAX_UID_LENGTH} characters` : 'it holds control characters or spaces at its ends'}); the event is published under a new UID, so subscribers see it once more`);
  } else if (context.seenUids.has(uid)) {
    note(uidLine, 'UID not carried over (an earlier event has the same UID, and two events with one UID are one to calendar apps); this one is published under a new UID');
  } else {
    context.seenUids.add(uid);
    written.uid = uid;
  }

  // Text fields.
  const textField = (name: string) => {
    const located = one(name);
    const text = located && readText(located, subject, notes);
    return text === undefined || text.trim() === '' ? undefined : cleanText(text, located!, subject, notes);
  };
  let title = textField('SUMMARY');
  if (!title) {
    title = 'Untitled event';
    note(one('SUMMARY')?.line ?? scanned.line, `SUMMARY: the event has no title; it is called "${title}"`);
  }
  written.title = title;
  id ??= context.ids.make(title, dateOfStart);
  written.location = textField('LOCATION');
  written.description = textField('DESCRIPTION');
  const urlProperty = one('URL');
  const url = urlProperty && readText(urlProperty, subject, notes)?.trim();
  if (url) {
    if (isHttpUrl(url)) written.url = url;
    else note(urlProperty.line, `URL not carried over (${JSON.stringify(url)} is not an http(s) address)`);
  }
  const geoProperty = one('GEO');
  const geo = geoProperty && readValue<unknown>(geoProperty, subject, notes);
  if (geoProperty && geo !== undefined) {
    const [lat, lon] = Array.isArray(geo) ? geo.map(Number) : [NaN, NaN];
    if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat!) <= 90 && Math.abs(lon!) <= 180) written.geo = { lat: lat!, lon: lon! };
    else note(geoProperty.line, `GEO not carried over (${JSON.stringify(String(geo))} is not a latitude and longitude)`);
  }
  const categories: string[] = [];
  for (const located of properties.get('CATEGORIES') ?? []) {
    try {
      for (const value of located.property.getValues()) {
        const text = cleanText(String(value), located, subject, notes);
        if (text.trim()) categories.push(text);
      }
    } catch (error) {
      note(located.line, `CATEGORIES not carried over (its value cannot be read: ${(error as Error).message})`);
    }
  }
  if (categories.length) written.categories = categories;
  const statusProperty = one('STATUS');
  const status = statusProperty && readText(statusProperty, subject, notes)?.trim().toLowerCase();
  if (status) {
    if (status === 'confirmed' || status === 'tentative' || status === 'cancelled') written.status = status;
    else note(statusProperty.line, `STATUS not carried over (${status.toUpperCase()} is no event status; calfeed's are CONFIRMED, TENTATIVE and CANCELLED)`);
  }
  const sequenceProperty = one('SEQUENCE');
  const sequence = sequenceProperty && readValue<unknown>(sequenceProperty, subject, notes);
  if (sequence !== undefined && sequence !== null) {
    const n = Number(sequence);
    if (Number.isInteger(n) && n >= 0 && n <= 2147483647) {
      if (n !== 0) written.sequence = n;
    } else note(sequenceProperty!.line, `SEQUENCE not carried over (${String(sequence)} is not a revision number)`);
  }

  // The series.
  if (ruleProperty) {
    if (!readSeries(written, ruleProperty, times, properties, calendar, subject, notes)) return undefined;
  } else {
    for (const located of properties.get('EXDATE') ?? []) note(located.line, 'EXDATE not carried over (the event has no RRULE, so there is nothing to exclude)');
  }

  // The fields in the order of the schema, and checked the way a build checks them.
  const event = { id, ...written } as WrittenEvent;
  const checked = resolveTiming(event, calendar.zone, ['event']);
  if (!checked.ok) {
    note(startProperty.line, `DTSTART: the event is left out (${checked.problems.map((p) => p.message).join('; ')})`);
    return undefined;
  }
  return event;
}
