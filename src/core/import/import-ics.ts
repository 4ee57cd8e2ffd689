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
import { unescapeText } from '../ics/content-line.js';
import { PRODID as CALFEED_PRODID } from '../ics/render-feed.js';
import type { Problem } from '../problem.js';
import { parseColor } from '../resolve-calendar.js';
import { resolveSeries } from '../resolve-recurrence.js';
import { resolveTiming } from '../resolve-times.js';
import { parseRule } from '../rrule-text.js';
import { ID_PATTERN, MAX_ID_LENGTH, MAX_UID_LENGTH, type WrittenCalendar, type WrittenEvent } from '../schema.js';
import { dateFromDayNumber, dayNumber, formatClock, formatDate, formatOffset, formatWall, wallAsUtcMs, type CalendarDate, type WallTime } from '../time-text.js';
import { findForbiddenCharacter, isHttpUrl } from '../validate.js';
import { instantsOfWall, offsetMinutesAt, wallAt } from '../zones.js';
import { EventIds } from './event-ids.js';
import { renderImportedYaml } from './render-imported-yaml.js';
import { scanIcs, type ScannedComponent, type ScannedLine } from './scan-ics.js';
import { zoneOfTzid } from './zone-of-tzid.js';

/** Something of the feed not carried over (or changed on the way), at the line it starts on. */
export interface ImportNote {
  line: number;
  /** `calendar`, or the event: `"Weekly call" (UID 7kuk…@google.com)`. */
  subject: string;
  message: string;
}

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
// Properties, with their lines

interface Located {
  property: ICAL.Property;
  line: number;
}

/** The component's properties by upper-case name, each with its line (ical.js keeps the file's order, as scanIcs does). */
function locatedProperties(component: ICAL.Component, scanned: ScannedComponent): Map<string, Located[]> {
  const byName = new Map<string, Located[]>();
  component.getAllProperties().forEach((property, i) => {
    const name = property.name.toUpperCase();
    const line = lineOf(scanned.properties[i], name) ?? scanned.line;
    byName.set(name, [...(byName.get(name) ?? []), { property, line }]);
  });
  return byName;
}

const lineOf = (scanned: ScannedLine | undefined, name: string) => (scanned?.name === name ? scanned.line : undefined);

/** The property's first value, or undefined (noted) when ical.js cannot read it. */
function readValue<T>(located: Located, subject: string, notes: ImportNote[]): T | undefined {
  try {
    return located.property.getFirstValue() as T;
  } catch (error) {
    notes.push({ line: located.line, subject, message: `${located.property.name.toUpperCase()} not carried over (its value cannot be read: ${(error as Error).message})` });
    return undefined;
  }
}

/** A TEXT value; ical.js leaves the escapes in properties it does not know (NAME, X-WR-CALNAME). */
function readText(located: Located, subject: string, notes: ImportNote[]): string | undefined {
  const value = readValue<unknown>(located, subject, notes);
  if (value === undefined || value === null) return undefined;
  return located.property.type === 'unknown' ? unescapeText(String(value)) : String(value);
}

/** Text calfeed can publish: control characters (which would break the feed) removed, and noted. */
function cleanText(text: string, located: Located, subject: string, notes: ImportNote[]): string {
  let clean = text.replace(/\r\n?/g, '\n');
  if (findForbiddenCharacter(clean)) {
    let bad;
    while ((bad = findForbiddenCharacter(clean))) clean = clean.slice(0, bad.index) + clean.slice(bad.index + String.fromCodePoint(bad.codePoint).length);
    notes.push({ line: located.line, subject, message: `${located.property.name.toUpperCase()}: control characters left out (they would break the feed)` });
  }
  return clean;
}

function noteExtra(list: Located[] | undefined, subject: string, notes: ImportNote[]): void {
  for (const extra of list?.slice(1) ?? []) {
    const name = extra.property.name.toUpperCase();
    notes.push({ line: extra.line, subject, message: `${name} not carried over (a second ${name}; an event has one)` });
  }
}

// ---------------------------------------------------------------------------------------------------------
// The calendar

interface ReadCalendar {
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

// ---------------------------------------------------------------------------------------------------------
// Times

type Moment =
  | { kind: 'date'; date: CalendarDate }
  | { kind: 'utc'; ms: number }
  | { kind: 'zoned'; zone: string; wall: WallTime }
  /** No zone: read in the calendar's zone. An unknown TZID without a VTIMEZONE is one too. */
  | { kind: 'floating'; wall: WallTime; tzid?: string }
  /** A TZID that names no IANA or Windows zone, converted to an instant by its VTIMEZONE. */
  | { kind: 'converted'; tzid: string; ms: number };

function momentOf(time: ICAL.Time, property: ICAL.Property): Moment {
  if (time.isDate) return { kind: 'date', date: { year: time.year, month: time.month, day: time.day } };
  const wall = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second };
  if (time.zone?.tzid === 'UTC' && property.getParameter('tzid') === undefined) return { kind: 'utc', ms: wallAsUtcMs(wall) };
  const tzid = property.getParameter('tzid');
  if (typeof tzid !== 'string') return { kind: 'floating', wall };
  const found = zoneOfTzid(tzid);
  if (found.ok) return { kind: 'zoned', zone: found.zone, wall };
  // ical.js found the TZID's VTIMEZONE in the file (else the time is floating to it).
  if (time.zone && time.zone.tzid !== 'floating' && time.zone.tzid !== undefined) return { kind: 'converted', tzid, ms: time.toUnixTime() * 1000 };
  return { kind: 'floating', wall, tzid };
}

/** The instant of a wall time in a zone: the earlier of two (RFC 5545 §3.3.5), or in a gap the time read with the offset before it. */
function instantOfWall(wall: WallTime, zone: string): { ms: number; gap: boolean } {
  const naive = wallAsUtcMs(wall);
  const instants = instantsOfWall(zone, naive);
  if (instants.length > 0) return { ms: Math.min(...instants), gap: false };
  return { ms: naive - offsetMinutesAt(zone, naive - 86_400_000) * 60_000, gap: true };
}

/** An instant as events.yaml writes it in a zone: the wall-clock time, with its offset when that time occurs twice. */
function timeText(ms: number, zone: string): string {
  const wall = wallAt(ms, zone);
  if (instantsOfWall(zone, wallAsUtcMs(wall)).length === 1) return formatWall(wall);
  return `${formatDate(wall)}T${formatClock(wall)}${formatOffset(offsetMinutesAt(zone, ms))}`;
}

interface Times {
  fields: Pick<WrittenEvent, 'start' | 'end' | 'duration' | 'timezone'>;
  /** Where the event's times are written, undefined for all-day. */
  zone: string | undefined;
  isDate: boolean;
}

function readTimes(
  start: Moment,
  startProperty: Located,
  recurring: boolean,
  calendar: ReadCalendar,
  subject: string,
  notes: ImportNote[],
  one: (name: string) => Located | undefined,
): Times {
  const note = (line: number, message: string) => notes.push({ line, subject, message });
  const endProperty = one('DTEND');
  const durationProperty = one('DURATION');
  if (endProperty && durationProperty) note(durationProperty.line, 'DURATION not carried over (the event has DTEND too, which RFC 5545 forbids; DTEND is kept)');
  const endTime = endProperty && readValue<ICAL.Time>(endProperty, subject, notes);
  const duration = !endProperty && durationProperty ? readValue<ICAL.Duration>(durationProperty, subject, notes) : undefined;

  if (start.kind === 'date') {
    let endDay = dayNumber(start.date) + 1;
    if (endTime) {
      if (endTime.isDate) endDay = dayNumber({ year: endTime.year, month: endTime.month, day: endTime.day });
      else note(endProperty!.line, 'DTEND not carried over (a time, where the all-day start wants a date); the event lasts one day');
    } else if (duration) {
      const seconds = duration.toSeconds();
      if (seconds % 86_400 !== 0) note(durationProperty!.line, `DURATION ${duration.toString()} is not whole days, as an all-day event lasts; rounded up`);
      endDay = dayNumber(start.date) + Math.ceil(seconds / 86_400);
    }
    if (endDay <= dayNumber(start.date)) {
      note((endProperty ?? durationProperty ?? startProperty).line, `${endProperty ? 'DTEND' : 'DURATION'} not carried over (not after the start); the event lasts one day`);
      endDay = dayNumber(start.date) + 1;
    }
    const days = endDay - dayNumber(start.date);
    // DTEND;VALUE=DATE is the day after the event; events.yaml's all-day `end` is its last day.
    return { fields: { start: formatDate(start.date), ...(days > 1 ? { end: formatDate(dateFromDayNumber(endDay - 1)) } : {}) }, zone: undefined, isDate: true };
  }

  // The zone the event is written in.
  let zone: string;
  let startText: string;
  let startMs: number;
  switch (start.kind) {
    case 'zoned': {
      zone = start.zone;
      const { ms, gap } = instantOfWall(start.wall, zone);
      startMs = ms;
      startText = timeText(ms, zone);
      // The wall time as written, unless it does not exist or occurs twice in the zone.
      if (gap) note(startProperty.line, `DTSTART ${formatWall(start.wall)} does not exist in ${zone} (the clocks skip it); imported as ${startText}, as RFC 5545 reads it`);
      break;
    }
    case 'utc':
      // A series keeps UTC times (its rule runs in UTC); a one-off event is one instant, written in the calendar's zone.
      zone = recurring ? 'UTC' : calendar.zone;
      startMs = start.ms;
      startText = timeText(startMs, zone);
      break;
    case 'converted':
      zone = calendar.zone;
      startMs = start.ms;
      startText = timeText(startMs, zone);
      note(startProperty.line, `DTSTART: TZID ${JSON.stringify(start.tzid)} is neither an IANA nor a Windows zone name; the times are converted to ${zone} by the feed's VTIMEZONE${recurring ? `, and the series follows ${zone}'s clock changes` : ''}`);
      break;
    case 'floating': {
      zone = calendar.zone;
      const { ms } = instantOfWall(start.wall, zone);
      startMs = ms;
      startText = timeText(ms, zone);
      note(
        startProperty.line,
        start.tzid === undefined
          ? `DTSTART is a floating time (no zone: each app shows it at its own clock's ${formatClock(start.wall)}); imported in the calendar's zone, ${zone}`
          : `DTSTART: TZID ${JSON.stringify(start.tzid)} is neither an IANA nor a Windows zone name, and the feed has no VTIMEZONE for it; read in the calendar's zone, ${zone}`,
      );
      break;
    }
  }

  const fields: Times['fields'] = { start: startText };
  if (zone !== calendar.zone) fields.timezone = zone;
  if (endTime) {
    const end = momentOf(endTime, endProperty!.property);
    const endMs = end.kind === 'date' ? undefined : end.kind === 'zoned' || end.kind === 'floating' ? instantOfWall(end.wall, end.kind === 'zoned' ? end.zone : zone).ms : end.ms;
    if (endMs === undefined) note(endProperty!.line, 'DTEND not carried over (a date, where the timed start wants a time); the event lasts one hour');
    else if (endMs <= startMs) note(endProperty!.line, `DTEND not carried over (${endMs === startMs ? 'a zero-length event, which calfeed does not publish' : 'before the start'}); the event lasts one hour`);
    else fields.end = timeText(endMs, zone);
  } else if (duration) {
    if (duration.isNegative || duration.toSeconds() <= 0) note(durationProperty!.line, `DURATION ${duration.toString()} not carried over (not a length of time); the event lasts one hour`);
    else fields.duration = duration.toString();
  } else {
    note(startProperty.line, 'DTEND: the event has no end or duration, which RFC 5545 reads as zero length; calfeed does not publish zero-length events, so it lasts one hour');
  }
  return { fields, zone, isDate: false };
}

// ---------------------------------------------------------------------------------------------------------
// Series

/** Adds `rrule` and `exdates` to the event, or notes why not; false when the event has no occurrence left. */
function readSeries(written: Partial<WrittenEvent>, ruleProperty: Located, times: Times, properties: Map<string, Located[]>, calendar: ReadCalendar, subject: string, notes: ImportNote[]): boolean {
  const note = (line: number, message: string) => notes.push({ line, subject, message });
  const recur = readValue<ICAL.Recur>(ruleProperty, subject, notes);
  if (!recur) return true;
  const rule = recur.toString();
  const parsed = parseRule(rule);
  if (!parsed.ok) {
    note(ruleProperty.line, `RRULE ${rule} not carried over (calfeed: ${parsed.messages.join('; ')}); only the first occurrence is imported`);
    for (const located of properties.get('EXDATE') ?? []) note(located.line, 'EXDATE not carried over (its RRULE is not)');
    return true;
  }
  // Each EXDATE as the wall-clock start of the occurrence it removes, in the event's zone (a date for all-day).
  const exdates: { text: string; line: number }[] = [];
  for (const located of properties.get('EXDATE') ?? []) {
    let values: ICAL.Time[];
    try {
      values = located.property.getValues() as ICAL.Time[];
    } catch (error) {
      note(located.line, `EXDATE not carried over (its value cannot be read: ${(error as Error).message})`);
      continue;
    }
    for (const time of values) {
      const moment = momentOf(time, located.property);
      let text: string;
      if (times.isDate) text = formatDate(moment.kind === 'date' ? moment.date : moment.kind === 'utc' || moment.kind === 'converted' ? wallAt(moment.ms, 'UTC') : moment.wall);
      else if (moment.kind === 'date') {
        note(located.line, `EXDATE ${formatDate(moment.date)} not carried over (a date, where the timed series wants the occurrence's start time)`);
        continue;
      } else if (moment.kind === 'floating') text = formatWall(moment.wall);
      else text = formatWall(wallAt(moment.kind === 'zoned' ? instantOfWall(moment.wall, moment.zone).ms : moment.ms, times.zone!));
      if (!exdates.some((e) => e.text === text)) exdates.push({ text, line: located.line });
    }
  }
  // Checked as a build checks it: an EXDATE that is no occurrence removes nothing (and calfeed refuses it).
  for (;;) {
    const timing = resolveTiming({ ...(written as WrittenEvent) }, calendar.zone, ['event']);
    if (!timing.ok) return true; // readEvent reports it
    const series = resolveSeries({ rrule: rule, exdates: exdates.length ? exdates.map((e) => e.text) : undefined }, timing.timing, ['event']);
    if (series.ok) break;
    const misses = series.problems.filter((p): p is Problem & { path: ['event', 'exdates', number] } => p.code === 'exdate-misses' && typeof p.path[2] === 'number');
    if (misses.length > 0) {
      const gone = new Set(misses.map((p) => p.path[2]));
      misses.forEach((p) => note(exdates[p.path[2]]!.line, `EXDATE ${exdates[p.path[2]]!.text} not carried over (it is no occurrence of the series, so it removed nothing; calfeed refuses such an exdate)`));
      for (let i = exdates.length - 1; i >= 0; i--) if (gone.has(i)) exdates.splice(i, 1);
      continue;
    }
    if (series.problems.some((p) => p.code === 'exdate-misses')) {
      note(ruleProperty.line, 'RRULE: its EXDATEs remove every occurrence, so the event is left out (it has none to show)');
      return false;
    }
    note(ruleProperty.line, `RRULE ${rule} not carried over (calfeed: ${series.problems.map((p) => p.message).join('; ')}); only the first occurrence is imported`);
    return true;
  }
  written.rrule = rule;
  if (exdates.length) written.exdates = exdates.map((e) => e.text);
  return true;
}
