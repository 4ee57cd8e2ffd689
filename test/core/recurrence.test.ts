import { describe, expect, it } from 'vitest';
import { unfoldLines } from '../../src/core/ics/content-line.js';

import { zoneObservances } from '../../src/core/vtimezone-rules.js';
import { oneEvent, parseYamlText, problemsOf } from '../helpers/yaml.js';
import { renderSiteAfresh } from '../helpers/render.js';

const problems = (fields: string, zone?: string) => problemsOf(parseYamlText(oneEvent(fields, zone))).map((p) => p.replace(/^\d+:\d+: /, ''));

function feedLines(yaml: string): string[] {
  const result = parseYamlText(yaml);
  if (!result.ok) throw new Error(problemsOf(result).join('\n'));
  return unfoldLines(renderSiteAfresh(result.value, 0).get('calendar.ics')!);
}

describe('repeat rules are checked', () => {
  it('an unknown FREQ is an error with a suggestion', () => {
    expect(problems('start: 2022-01-10 09:00\nrrule: FREQ=WEEKLEY')).toEqual([
      'events.0.rrule: FREQ=WEEKLEY is not a frequency; use DAILY, WEEKLY, MONTHLY or YEARLY; did you mean `WEEKLY`?',
    ]);
  });

  it('COUNT with UNTIL, bad BYDAY values and positions out of place are all reported', () => {
    expect(problems('start: 2022-01-10 09:00\nrrule: FREQ=WEEKLY;COUNT=3;UNTIL=20220301;BYDAY=MO,XX,2TU')).toEqual([
      'events.0.rrule: BYDAY value "2TU" has a position, which only MONTHLY and YEARLY rules take; write TU for FREQ=WEEKLY',
      'events.0.rrule: BYDAY value "XX" is not a weekday; use MO, TU, WE, TH, FR, SA, SU, optionally with a position like 2TU or -1FR',
      'events.0.rrule: COUNT and UNTIL cannot both be given; keep one of them',
    ]);
  });

  it('UNTIL before the start is an error', () => {
    expect(problems('start: 2022-01-10 09:00\nrrule: FREQ=DAILY;UNTIL=2022-01-09')).toEqual([
      'events.0.rrule: UNTIL 2022-01-09 23:59:59 is before the start 2022-01-10 09:00; the series would have no occurrence',
    ]);
  });

  it('an exdate that is not an occurrence is an error naming the nearest ones', () => {
    expect(problems('start: 2022-03-14 09:00\nrrule: FREQ=WEEKLY;COUNT=5\nexdates: [2022-03-21 10:00]')).toEqual([
      'events.0.exdates.0: 2022-03-21 10:00 is not an occurrence of this series, so excluding it would do nothing; the nearest are 2022-03-21 09:00 and 2022-03-28 09:00',
    ]);
  });

  it('an occurrence in a DST gap is reported, and accepted once excluded', () => {
    expect(problems('start: 2022-03-20 02:30\nrrule: FREQ=WEEKLY;COUNT=3')).toEqual([
      "events.0.rrule: the occurrence 2022-03-27 02:30 does not exist in Europe/Brussels: the clocks skip that hour; move the series' start time or add it to exdates",
    ]);
    expect(problems('start: 2022-03-20 02:30\nrrule: FREQ=WEEKLY;COUNT=3\nexdates: [2022-03-27 02:30]')).toEqual([]);
  });

  it('exdates without a rule, or removing every occurrence, are errors', () => {
    expect(problems('start: 2022-03-14 09:00\nexdates: [2022-03-14 09:00]')[0]).toContain('`exdates` applies to a repeating event');
    expect(problems('start: 2022-03-14 09:00\nrrule: FREQ=DAILY;COUNT=1\nexdates: [2022-03-14 09:00]')[0]).toContain('remove every occurrence');
  });
});

describe('repeat rules in the feed', () => {
  const yaml = oneEvent('start: 2022-10-24 18:30\ntimezone: America/New_York\nrrule: FREQ=WEEKLY;UNTIL=2022-11-21\nexdates: [2022-10-31 18:30]');

  it('a timed series is written in its zone, UNTIL in UTC, EXDATE with the same type and zone', () => {
    const lines = feedLines(yaml);
    expect(lines).toContain('DTSTART;TZID=America/New_York:20221024T183000');
    expect(lines).toContain('DTEND;TZID=America/New_York:20221024T193000');
    expect(lines).toContain('RRULE:FREQ=WEEKLY;UNTIL=20221122T045959Z');
    expect(lines).toContain('EXDATE;TZID=America/New_York:20221031T183000');
    expect(lines.filter((l) => l === 'BEGIN:VTIMEZONE')).toHaveLength(1);
    expect(lines.indexOf('BEGIN:VTIMEZONE')).toBeLessThan(lines.indexOf('BEGIN:VEVENT'));
  });

  it('an all-day series keeps dates: UNTIL and EXDATE as DATE values', () => {
    const lines = feedLines(oneEvent('start: 2022-01-10\nrrule: FREQ=WEEKLY;UNTIL=20220131\nexdates: [2022-01-17]'));
    expect(lines).toContain('DTSTART;VALUE=DATE:20220110');
    expect(lines).toContain('RRULE:FREQ=WEEKLY;UNTIL=20220131');
    expect(lines).toContain('EXDATE;VALUE=DATE:20220117');
    expect(lines).not.toContain('BEGIN:VTIMEZONE');
  });

  it('a rule with a single occurrence is written as a one-off event in UTC', () => {
    const lines = feedLines(oneEvent('start: 2022-03-14 09:00\nrrule: FREQ=WEEKLY;COUNT=2\nexdates: [2022-03-21 09:00]'));
    expect(lines).toContain('DTSTART:20220314T080000Z');
    expect(lines.some((l) => l.startsWith('RRULE') || l.startsWith('EXDATE') || l.includes('TZID'))).toBe(false);
  });

  it('expand publishes each occurrence as its own one-off event, with a stable id and UID', () => {
    const lines = feedLines(oneEvent('start: 2022-03-21 09:00\nrrule: FREQ=WEEKLY;COUNT=3\nexpand: 2022-12-31'));
    expect(lines.filter((l) => l.startsWith('UID:'))).toEqual([
      'UID:e1.20220321t0900@calfeed.invalid',
      'UID:e1.20220328t0900@calfeed.invalid',
      'UID:e1.20220404t0900@calfeed.invalid',
    ]);
    expect(lines.filter((l) => l.startsWith('DTSTART'))).toEqual(['DTSTART:20220321T080000Z', 'DTSTART:20220328T070000Z', 'DTSTART:20220404T070000Z']);
  });
});

describe('VTIMEZONE rules', () => {
  it('are the yearly rules of the zone, left open while they are in force', () => {
    expect(zoneObservances('Europe/Brussels', 2021, 2023).map((o) => [o.kind, o.name, o.yearly])).toEqual([
      ['DAYLIGHT', 'CEST', { month: 3, byDay: '-1SU', untilMs: undefined }],
      ['STANDARD', 'CET', { month: 10, byDay: '-1SU', untilMs: undefined }],
    ]);
  });

  it('close a rule the zone stopped using (Istanbul kept summer time from 2016)', () => {
    const observances = zoneObservances('Europe/Istanbul', 2014, 2020);
    expect(observances.every((o) => !o.yearly || o.yearly.untilMs !== undefined)).toBe(true);
    // The last change of all (27 March 2016, to +03:00) is where the closed summer rule ends.
    const lastOnset = (o: (typeof observances)[number]) => o.yearly?.untilMs ?? o.startMs - o.fromOffset * 60_000;
    const latest = observances.reduce((a, b) => (lastOnset(b) > lastOnset(a) ? b : a));
    expect([new Date(lastOnset(latest)).toISOString(), latest.toOffset]).toEqual(['2016-03-27T01:00:00.000Z', 180]);
  });

  it('give a zone without changes one fixed observance', () => {
    expect(zoneObservances('Asia/Tokyo', 2021, 2023)).toEqual([expect.objectContaining({ kind: 'STANDARD', fromOffset: 540, toOffset: 540 })]);
  });
});
