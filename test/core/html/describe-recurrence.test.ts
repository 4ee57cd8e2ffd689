// A series on the page: its rule in words, how it ends and what it skips, and its next dates from the build stamp.
import { describe, expect, it } from 'vitest';
import { describeRecurrence } from '../../../src/core/html/describe-recurrence.js';
import { venueStartDate } from '../../../src/core/html/group-by-day.js';
import { renderAgenda } from '../../../src/core/html/render-agenda.js';
import type { Calendar } from '../../../src/core/pipeline.js';
import { oneEvent, parseYamlText, problemsOf } from '../../helpers/yaml.js';

function calendarOf(fields: string, zone?: string): Calendar {
  const parsed = parseYamlText(oneEvent(fields, zone));
  if (!parsed.ok) throw new Error(problemsOf(parsed).join('\n'));
  return parsed.value;
}

function words(fields: string, zone?: string): string {
  const [event] = calendarOf(fields, zone).events;
  return describeRecurrence(event!.recurrence!, venueStartDate(event!.timing));
}

/** Rule (with the event's start) → how the page says it. */
const IN_WORDS: [fields: string, expected: string][] = [
  ['start: 2022-03-14 09:00\nrrule: FREQ=WEEKLY;COUNT=5', 'Every week on Monday, 5 times'],
  ['start: 2022-03-14 09:00\nrrule: FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH', 'Every 2 weeks on Monday and Thursday'],
  ['start: 2022-03-14 09:00\nrrule: FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=9', 'Every week on Monday, Wednesday and Friday, 9 times'],
  ['start: 2022-01-11 10:00\nrrule: FREQ=MONTHLY;BYDAY=2TU;COUNT=4', 'Every month on the second Tuesday, 4 times'],
  ['start: 2022-01-28 10:00\nrrule: FREQ=MONTHLY;BYDAY=-1FR', 'Every month on the last Friday'],
  ['start: 2022-01-01 10:00\nrrule: FREQ=MONTHLY;BYMONTHDAY=1,15', 'Every month on the 1st and 15th'],
  ['start: 2022-01-31 10:00\nrrule: FREQ=MONTHLY;BYMONTHDAY=-1', 'Every month on the last day'],
  ['start: 2022-01-23 10:00\nrrule: FREQ=MONTHLY;INTERVAL=3', 'Every 3 months on the 23rd'],
  ['start: 2022-01-10\nrrule: FREQ=YEARLY;COUNT=3', 'Every year on 10 January, 3 times'],
  ['start: 2022-03-27 10:00\nrrule: FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'Every year on the last Sunday of March'],
  ['start: 2022-03-14 09:00\nrrule: FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', 'Every weekday (Monday to Friday)'],
  ['start: 2022-03-14 09:00\nrrule: FREQ=DAILY;INTERVAL=3;COUNT=4', 'Every 3 days, 4 times'],
  [
    'start: 2022-01-31 09:00\nrrule: FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
    'Repeats by the rule FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
  ],
];

describe('a series in words', () => {
  it.each(IN_WORDS.map(([fields, expected]) => ({ fields, expected })))('$expected', ({ fields, expected }) => {
    expect(words(fields)).toBe(expected);
  });

  it("says the last day in the venue's zone, and the dates it skips", () => {
    // UNTIL=2022-11-21 is through 21 November in New York, which is 22 November in UTC.
    expect(words('start: 2022-10-24 18:30\nrrule: FREQ=WEEKLY;UNTIL=2022-11-21\nexdates: [2022-10-31 18:30]', 'America/New_York')).toBe(
      'Every week on Monday, until 21 November 2022 (except 31 October 2022)',
    );
    expect(words('start: 2022-01-03 09:00\nrrule: FREQ=WEEKLY;COUNT=10\nexdates: [2022-01-10 09:00, 2022-01-17 09:00, 2022-01-24 09:00, 2022-02-07 09:00, 2022-02-14 09:00]')).toBe(
      'Every week on Monday, 10 times (except 10 January 2022, 17 January 2022, 24 January 2022 and 2 more)',
    );
  });
});

describe('a series on the page', () => {
  const series = 'start: 2022-03-14 09:00\nrrule: FREQ=WEEKLY;COUNT=5\nexdates: [2022-03-21 09:00]';

  it('lists its next dates from the build stamp, skipping excluded ones, each with its own offset', () => {
    const html = renderAgenda(calendarOf(series), Date.UTC(2022, 2, 15));
    expect(html).toContain('<p class="repeats">Every week on Monday, 5 times (except 21 March 2022)</p>');
    expect(html).toContain(
      '<p class="next">Next: <time datetime="2022-03-28T09:00+02:00">Mon 28 Mar</time>, <time datetime="2022-04-04T09:00+02:00">Mon 4 Apr</time>, <time datetime="2022-04-11T09:00+02:00">Mon 11 Apr</time></p>',
    );
  });

  it('counts an occurrence under way at the stamp as next, and shows no next dates once the series is over', () => {
    expect(renderAgenda(calendarOf(series), Date.UTC(2022, 3, 11, 7, 30))).toContain('<p class="next">Next: <time datetime="2022-04-11T09:00+02:00">Mon 11 Apr</time></p>');
    const over = renderAgenda(calendarOf(series), Date.UTC(2022, 3, 11, 8, 0));
    expect(over).toContain('<p class="repeats">');
    expect(over).not.toContain('class="next"');
  });

  it('names the year of next dates that fall outside the year of the heading', () => {
    const html = renderAgenda(calendarOf('start: 2022-01-10\nrrule: FREQ=YEARLY;COUNT=3'), Date.UTC(2022, 5, 1));
    expect(html).toContain('<p class="next">Next: <time datetime="2023-01-10">Tue 10 Jan 2023</time>, <time datetime="2024-01-10">Wed 10 Jan 2024</time></p>');
  });

  it('shows a one-off event with no series lines', () => {
    const html = renderAgenda(calendarOf('start: 2022-03-14 09:00'), Date.UTC(2022, 0, 1));
    expect(html).not.toMatch(/class="(repeats|next)"/);
  });
});
