import { describe, expect, it } from 'vitest';
import type { Timing } from '../../src/core/resolve-times.js';
import { oneEvent, parseYamlText, problemsOf } from '../helpers/yaml.js';

function timingOf(fields: string, zone?: string): Timing {
  const result = parseYamlText(oneEvent(fields, zone));
  if (!result.ok) throw new Error(problemsOf(result).join('\n'));
  return result.value.events[0]!.timing;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');

function instants(fields: string, zone?: string): [string, string] {
  const t = timingOf(fields, zone);
  if (t.kind !== 'timed') throw new Error('expected a timed event');
  return [iso(t.startMs), iso(t.endMs)];
}

describe('resolving times', () => {
  it('reads a wall-clock time in the event zone', () => {
    expect(instants('start: 2022-01-10 08:55\nend: 2022-01-10 16:30\ntimezone: Europe/Zurich')).toEqual(['2022-01-10T07:55:00Z', '2022-01-10T15:30:00Z']);
  });

  it('uses the calendar zone when the event names none', () => {
    expect(instants('start: 2022-07-01 10:00')).toEqual(['2022-07-01T08:00:00Z', '2022-07-01T09:00:00Z']);
  });

  it('defaults to UTC without any zone', () => {
    const yaml = 'calendar:\n  name: X\nevents:\n  - id: a\n    title: A\n    start: 2022-07-01 10:00\n';
    const result = parseYamlText(yaml);
    expect(result.ok && result.value.events[0]!.timing).toMatchObject({ kind: 'timed', zone: 'UTC', startMs: Date.UTC(2022, 6, 1, 10) });
  });

  it('accepts "T" between date and time, seconds, and quoted values alike', () => {
    expect(instants('start: "2022-01-10T08:55:30"\nduration: 30s', 'UTC')).toEqual(['2022-01-10T08:55:30Z', '2022-01-10T08:56:00Z']);
  });

  it('accepts zone links such as Europe/Kiev', () => {
    expect(instants('start: 2022-01-10 10:00\ntimezone: Europe/Kiev')).toEqual(['2022-01-10T08:00:00Z', '2022-01-10T09:00:00Z']);
  });

  it('reads durations as 7h35m and as ISO PT7H35M', () => {
    const expected = ['2022-01-10T07:55:00Z', '2022-01-10T15:30:00Z'];
    expect(instants('start: 2022-01-10 08:55\nduration: 7h35m\ntimezone: Europe/Zurich')).toEqual(expected);
    expect(instants('start: 2022-01-10 08:55\nduration: PT7H35M\ntimezone: Europe/Zurich')).toEqual(expected);
  });

  it('a timed event without end or duration lasts one hour', () => {
    expect(instants('start: 2022-01-10 08:55', 'UTC')).toEqual(['2022-01-10T08:55:00Z', '2022-01-10T09:55:00Z']);
  });

  it('an explicit offset names an absolute instant, whatever the zone', () => {
    expect(instants('start: 2022-01-10T08:55+01:00\nend: 2022-01-10T16:30Z\ntimezone: Asia/Tokyo')).toEqual(['2022-01-10T07:55:00Z', '2022-01-10T16:30:00Z']);
  });

  it('an offset picks one side of an ambiguous time', () => {
    expect(instants('start: 2022-10-30T02:30+02:00', 'Europe/Brussels')[0]).toBe('2022-10-30T00:30:00Z');
    expect(instants('start: 2022-10-30T02:30+01:00', 'Europe/Brussels')[0]).toBe('2022-10-30T01:30:00Z');
  });

  it('a day duration keeps the wall-clock time across a DST change', () => {
    expect(instants('start: 2022-03-26 12:00\nduration: 1d', 'Europe/Brussels')).toEqual(['2022-03-26T11:00:00Z', '2022-03-27T10:00:00Z']);
  });

  it('an all-day end date is inclusive', () => {
    expect(timingOf('start: 2022-01-10\nend: 2022-01-12')).toMatchObject({
      kind: 'all-day',
      startDate: { year: 2022, month: 1, day: 10 },
      endDate: { year: 2022, month: 1, day: 13 },
    });
  });

  it('an all-day event lasts one day by default, or whole days of its duration', () => {
    expect(timingOf('start: 2022-02-28')).toMatchObject({ endDate: { year: 2022, month: 3, day: 1 } });
    expect(timingOf('start: 2022-12-30\nduration: 3d')).toMatchObject({ endDate: { year: 2023, month: 1, day: 2 } });
  });
});

describe('times that are wrong', () => {
  it('a time in the spring-forward gap is an error that says what the clocks do and suggests a time', () => {
    expect(problemsOf(parseYamlText(oneEvent('start: 2022-03-27 02:30')))).toEqual([
      '7:12: events.0.start: 2022-03-27 02:30 does not exist in Europe/Brussels (clocks go from 02:00 to 03:00); did you mean 03:30?',
    ]);
  });

  it('a half-hour gap (Lord Howe) is described with its real size', () => {
    expect(problemsOf(parseYamlText(oneEvent('start: 2022-10-02 02:10', 'Australia/Lord_Howe')))[0]).toContain(
      'does not exist in Australia/Lord_Howe (clocks go from 02:00 to 02:30); did you mean 02:40?',
    );
  });

  it('an ambiguous time names both instants and the offset syntax', () => {
    expect(problemsOf(parseYamlText(oneEvent('start: 2022-11-06 01:30', 'America/New_York')))).toEqual([
      '7:12: events.0.start: 2022-11-06 01:30 occurs twice in America/New_York (clocks go back from 02:00 to 01:00); write the offset to pick one: 2022-11-06T01:30-04:00 (05:30 UTC) or 2022-11-06T01:30-05:00 (06:30 UTC)',
    ]);
  });

  it('an impossible date gives the number of days in the month', () => {
    expect(problemsOf(parseYamlText(oneEvent('start: 2022-02-30 10:00')))[0]).toContain('2022-02-30 is not a date: February 2022 has 28 days');
  });

  it('the end must be after the start', () => {
    expect(problemsOf(parseYamlText(oneEvent('start: 2022-01-10 10:00\nend: 2022-01-10 09:00')))[0]).toContain(
      'end 2022-01-10 09:00 Europe/Brussels is not after start 2022-01-10 10:00 Europe/Brussels',
    );
    expect(problemsOf(parseYamlText(oneEvent('start: 2022-01-10\nend: 2022-01-09')))[0]).toContain('end 2022-01-09 is before start 2022-01-10');
  });

  it('an unknown zone suggests the nearest names', () => {
    expect(problemsOf(parseYamlText(oneEvent('start: 2022-01-10 10:00\ntimezone: Europe/Brussel')))[0]).toContain(
      'unknown time zone "Europe/Brussel"; did you mean Europe/Brussels',
    );
    expect(problemsOf(parseYamlText(oneEvent('start: 2022-01-10 10:00\ntimezone: europe/brussels')))[0]).toContain('did you mean Europe/Brussels?');
  });

  it('problems in several events are all reported, in file order', () => {
    const yaml = oneEvent('start: 2022-03-27 02:30') + '  - id: e2\n    title: T2\n    start: 2022-02-30\n';
    expect(problemsOf(parseYamlText(yaml)).map((p) => p.split(':')[0])).toEqual(['7', '10']);
  });
});
