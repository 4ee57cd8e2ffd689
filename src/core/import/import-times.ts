// The times and series of an imported event: iCalendar's DTSTART/DTEND/DURATION in their zones (IANA,
// Windows, UTC, floating, or converted through the feed's own VTIMEZONE) → events.yaml's start, end,
// duration and timezone; RRULE and EXDATE → rrule and exdates, checked as calfeed will read them.
import ICAL from 'ical.js';
import type { Problem } from '../problem.js';
import { resolveSeries } from '../resolve-recurrence.js';
import { resolveTiming } from '../resolve-times.js';
import { parseRule } from '../rrule-text.js';
import type { WrittenEvent } from '../schema.js';
import { dateFromDayNumber, dayNumber, formatClock, formatDate, formatOffset, formatWall, wallAsUtcMs, type CalendarDate, type WallTime } from '../time-text.js';
import { instantsOfWall, offsetMinutesAt, wallAt } from '../zones.js';
import type { ReadCalendar } from './import-ics.js';
import { readValue, type ImportNote, type Located } from './located-properties.js';
import { zoneOfTzid } from './zone-of-tzid.js';

export type Moment =
  | { kind: 'date'; date: CalendarDate }
  | { kind: 'utc'; ms: number }
  | { kind: 'zoned'; zone: string; wall: WallTime }
  /** No zone: read in the calendar's zone. An unknown TZID without a VTIMEZONE is one too. */
  | { kind: 'floating'; wall: WallTime; tzid?: string }
  /** A TZID that names no IANA or Windows zone, converted to an instant by its VTIMEZONE. */
  | { kind: 'converted'; tzid: string; ms: number };

export function momentOf(time: ICAL.Time, property: ICAL.Property): Moment {
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
export function instantOfWall(wall: WallTime, zone: string): { ms: number; gap: boolean } {
  const naive = wallAsUtcMs(wall);
  const instants = instantsOfWall(zone, naive);
  if (instants.length > 0) return { ms: Math.min(...instants), gap: false };
  return { ms: naive - offsetMinutesAt(zone, naive - 86_400_000) * 60_000, gap: true };
}

/** An instant as events.yaml writes it in a zone: the wall-clock time, with its offset when that time occurs twice. */
export function timeText(ms: number, zone: string): string {
  const wall = wallAt(ms, zone);
  if (instantsOfWall(zone, wallAsUtcMs(wall)).length === 1) return formatWall(wall);
  return `${formatDate(wall)}T${formatClock(wall)}${formatOffset(offsetMinutesAt(zone, ms))}`;
}

export interface Times {
  fields: Pick<WrittenEvent, 'start' | 'end' | 'duration' | 'timezone'>;
  /** Where the event's times are written, undefined for all-day. */
  zone: string | undefined;
  isDate: boolean;
}

export function readTimes(
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
export function readSeries(written: Partial<WrittenEvent>, ruleProperty: Located, times: Times, properties: Map<string, Located[]>, calendar: ReadCalendar, subject: string, notes: ImportNote[]): boolean {
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
