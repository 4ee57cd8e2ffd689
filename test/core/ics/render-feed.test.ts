// The `ics` package's known flaws must not reach the feed: one test per flaw, plus the calendar header.
import { describe, expect, it } from 'vitest';

import { unfoldLines } from '../../../src/core/ics/content-line.js';
import { dedent, parseYamlText } from '../../helpers/yaml.js';
import { renderSiteAfresh } from '../../helpers/render.js';

const STAMP = Date.UTC(2024, 0, 2, 3, 4, 5);

function feedOf(yaml: string): string {
  const result = parseYamlText(yaml);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return renderSiteAfresh(result.value, STAMP).get('calendar.ics')!;
}

const linesOf = (feed: string) => unfoldLines(feed);

const sample = dedent`
  calendar:
    name: Talks; Geneva, Brussels \ Vienna
    description: Three rounds
    timezone: Europe/Brussels
    domain: talks.example.org
    url: https://talks.example.org/calendar.ics
    refresh: PT6H
    color: "#1f5fbf"
  events:
    - id: b
      title: Second
      start: 2022-01-12 10:00
      duration: 4h
      categories: ["NATO, Russia", "a;b", "back\\slash"]
    - id: a
      title: First
      start: 2022-01-10 08:55
      end: 2022-01-10 16:30
      timezone: Europe/Zurich
      geo: { lat: 46.2253, lon: 0.0000001 }
      status: cancelled
      sequence: 3
    - id: c
      title: Conference
      start: 2022-01-13
      end: 2022-01-15
`;

describe('the feed', () => {
  const feed = feedOf(sample);
  const lines = linesOf(feed);

  it('uses CRLF line ends and folds at 75 octets with a space', () => {
    expect(feed.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(feed.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(feed).not.toMatch(/\r\n\t/);
  });

  it('writes its own calendar header: RFC 7986 names beside the X- names, the refresh interval, no fixed TTL', () => {
    const header = lines.slice(0, lines.indexOf('BEGIN:VEVENT'));
    expect(header).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//calfeed//NONSGML calfeed//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'NAME:Talks\\; Geneva\\, Brussels \\\\ Vienna',
      'X-WR-CALNAME:Talks\\; Geneva\\, Brussels \\\\ Vienna',
      'DESCRIPTION:Three rounds',
      'X-WR-CALDESC:Three rounds',
      'X-WR-TIMEZONE:Europe/Brussels',
      'REFRESH-INTERVAL;VALUE=DURATION:PT6H',
      'X-PUBLISHED-TTL:PT6H',
      'SOURCE;VALUE=URI:https://talks.example.org/calendar.ics',
      'COLOR:royalblue',
      'X-APPLE-CALENDAR-COLOR:#1F5FBF',
    ]);
    expect(lines.filter((l) => l.startsWith('X-PUBLISHED-TTL'))).toHaveLength(1);
  });

  it('escapes every CATEGORIES item, one property each when any needs escaping (libical reads an escaped list as one)', () => {
    expect(lines).toEqual(expect.arrayContaining(['CATEGORIES:NATO\\, Russia', 'CATEGORIES:a\\;b', 'CATEGORIES:back\\\\slash']));
    expect(linesOf(feedOf(dedent`
      calendar:
        name: Plain
      events:
        - id: e
          title: E
          start: 2022-01-10
          categories: [NATO, OSCE]
    `))).toContain('CATEGORIES:NATO,OSCE');
  });

  it('orders events by start, then id, with stable UIDs and the given DTSTAMP', () => {
    expect(lines.filter((l) => l.startsWith('UID:'))).toEqual(['UID:a@talks.example.org', 'UID:b@talks.example.org', 'UID:c@talks.example.org']);
    expect(new Set(lines.filter((l) => l.startsWith('DTSTAMP:')))).toEqual(new Set(['DTSTAMP:20240102T030405Z']));
  });

  it('writes one-off timed events in UTC and all-day events as dates with an exclusive end', () => {
    expect(lines).toContain('DTSTART:20220110T075500Z');
    expect(lines).toContain('DTEND:20220110T153000Z');
    expect(lines).toContain('DTSTART:20220112T090000Z');
    expect(lines).toContain('DTEND:20220112T130000Z');
    expect(lines).toContain('DTSTART;VALUE=DATE:20220113');
    expect(lines).toContain('DTEND;VALUE=DATE:20220116');
    expect(feed).not.toMatch(/TZID=UTC|^DURATION:/m);
  });

  it('writes a series in UTC (under any of its names) in UTC times: no TZID=UTC, no VTIMEZONE, EXDATEs in UTC too', () => {
    const utc = linesOf(
      feedOf(dedent`
        calendar:
          name: UTC series
        events:
          - id: weekly
            title: Weekly
            start: 2022-07-10 09:00
            rrule: FREQ=WEEKLY;COUNT=4
            exdates: [2022-07-17 09:00]
          - id: daily
            title: Daily
            start: 2022-07-10 09:00
            timezone: Etc/GMT
            rrule: FREQ=DAILY;COUNT=2
      `),
    );
    // daily, then weekly: by start, then id
    expect(utc.filter((l) => /^(DTSTART|DTEND|EXDATE)/.test(l))).toEqual([
      'DTSTART:20220710T090000Z',
      'DTEND:20220710T100000Z',
      'DTSTART:20220710T090000Z',
      'DTEND:20220710T100000Z',
      'EXDATE:20220717T090000Z',
    ]);
    expect(utc.join('\n')).not.toMatch(/TZID|VTIMEZONE/);
  });

  it('writes status, sequence and GEO without exponent notation', () => {
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines).toContain('SEQUENCE:3');
    expect(lines).toContain('GEO:46.2253;0');
  });

  it('does not depend on the host time zone', () => {
    // npm test runs under TZ=Pacific/Chatham (+13:45): any host-zone leak would shift these by hours.
    expect(process.env.TZ).toBe('Pacific/Chatham');
    expect(lines).toContain('DTSTART:20220110T075500Z');
  });

  it('is byte-identical for the same input, and for the events in another order', () => {
    expect(feedOf(sample)).toBe(feed);
    const [head, ...events] = sample.split(/\n(?=  - id:)/);
    const shuffled = [head, ...events.reverse()].join('\n').replace(/\n?$/, '\n');
    expect(feedOf(shuffled)).toBe(feed);
  });

  it('no title can inject a property', () => {
    const injected = feedOf(dedent`
      calendar:
        name: X
      events:
        - id: x
          title: "Hi\nDTSTART:19700101T000000Z\r\nEND:VEVENT"
          start: 2022-01-10 10:00
    `);
    expect(linesOf(injected).filter((l) => l.startsWith('DTSTART'))).toEqual(['DTSTART:20220110T100000Z']);
    expect(linesOf(injected)).toContain('SUMMARY:Hi\\nDTSTART:19700101T000000Z\\nEND:VEVENT');
  });
});

describe('VTIMEZONE offsets', () => {
  it('are ±HHMM, or ±HHMMSS where the zone data has seconds (RFC 5545 §3.3.14), never a fraction', () => {
    const feed = feedOf(dedent`
      calendar:
        name: Old zones
      events:
        - id: st-johns
          title: Newfoundland, 1901
          start: 1901-06-03 09:00
          timezone: America/St_Johns
          rrule: FREQ=WEEKLY;COUNT=3
        - id: monrovia
          title: Monrovia, 1950
          start: 1950-06-05 09:00
          timezone: Africa/Monrovia
          rrule: FREQ=WEEKLY;COUNT=3
    `);
    const offsets = linesOf(feed).filter((l) => /^TZOFFSET(FROM|TO):/.test(l));
    expect(offsets.length).toBeGreaterThan(0);
    for (const line of offsets) expect(line).toMatch(/^TZOFFSET(FROM|TO):[+-]\d{4}(\d{2})?$/);
    // St. John's kept -03:30:52 until 1935; Monrovia -00:44:30 until 1972.
    expect(offsets).toContain('TZOFFSETTO:-033052');
    expect(offsets).toContain('TZOFFSETTO:-004430');
  });
});
