// Series read back by real clients: every occurrence at the intended instant, before and after DST changes.
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFeedOf } from '../helpers/cli.js';
import { expandWithIcalJs } from './readers/ical-js.js';
import { listWithKhal } from './readers/khal.js';
import { expandWithLibical } from './readers/libical.js';
import { expandWithPythonIcalendar } from './readers/python-icalendar.js';

const DOMAIN = 'recurring.example.org';
const utc = (iso: string, minutes: number) => [`${iso}:00Z`, new Date(Date.parse(`${iso}:00Z`) + minutes * 60_000).toISOString().replace('.000', '')];

/** Every occurrence each reader must produce: [id, start, end], instants in UTC worked out by hand from the zones' rules. */
const OCCURRENCES: [string, string, string][] = [
  // 09:00 CET = 08:00Z, then 09:00 CEST = 07:00Z after 27 March.
  ...['2022-03-14T08:00', '2022-03-21T08:00', '2022-03-28T07:00', '2022-04-04T07:00', '2022-04-11T07:00'].map((s) => ['brussels-weekly', ...utc(s, 60)] as [string, string, string]),
  // 18:30 EDT = 22:30Z, 31 October excluded, then 18:30 EST = 23:30Z after 6 November.
  ...['2022-10-24T22:30', '2022-11-07T23:30', '2022-11-14T23:30', '2022-11-21T23:30'].map((s) => ['new-york-evening', ...utc(s, 45)] as [string, string, string]),
  // 09:00 AEDT (+11) = 22:00Z the day before, then 09:00 AEST (+10) = 23:00Z after 3 April.
  ...['2022-03-27T22:00', '2022-04-03T23:00', '2022-04-10T23:00'].map((s) => ['sydney-weekly', ...utc(s, 30)] as [string, string, string]),
  // 09:00 at +10:30 = 22:30Z, then at +11:00 = 22:00Z after 2 October.
  ...['2022-09-25T22:30', '2022-10-02T22:00', '2022-10-09T22:00'].map((s) => ['lord-howe-weekly', ...utc(s, 30)] as [string, string, string]),
  // Second Tuesdays at 10:00 Brussels.
  ...['2022-01-11T09:00', '2022-02-08T09:00', '2022-03-08T09:00', '2022-04-12T08:00'].map((s) => ['second-tuesday', ...utc(s, 90)] as [string, string, string]),
  ['yearly-all-day', '2022-01-10', '2022-01-11'],
  ['yearly-all-day', '2023-01-10', '2023-01-11'],
  ['yearly-all-day', '2024-01-10', '2024-01-11'],
  ['once', ...utc('2022-05-02T10:00', 60)] as [string, string, string],
];

const expected = OCCURRENCES.map(([id, start, end]) => ({ uid: `${id}@${DOMAIN}`, start, end })).sort((a, b) =>
  a.start < b.start ? -1 : a.start > b.start ? 1 : a.uid < b.uid ? -1 : 1,
);
const essentials = (list: { uid: string; start: string; end: string }[]) => list.map(({ uid, start, end }) => ({ uid, start, end }));

let feedPath: string;
beforeAll(() => {
  feedPath = buildFeedOf('test/golden/recurring/events.yaml');
});

describe('recurring events in real clients', () => {
  it('ical.js expands every series to the intended instants', () => {
    expect(essentials(expandWithIcalJs(readFileSync(feedPath, 'utf8'), '2022-01-01T00:00:00Z', '2025-01-01T00:00:00Z'))).toEqual(expected);
  });

  it('python3-icalendar with recurring-ical-events expands every series to the intended instants', () => {
    expect(essentials(expandWithPythonIcalendar(feedPath, '2022-01-01T00:00:00Z', '2025-01-01T00:00:00Z'))).toEqual(expected);
  });

  it('libical expands every series with its own RRULE iterator and the feed’s VTIMEZONEs to the intended instants', () => {
    expect(essentials(expandWithLibical(feedPath, '2022-01-01T00:00:00Z', '2025-01-01T00:00:00Z'))).toEqual(expected);
  });

  it.each(['America/New_York', 'Asia/Tokyo'])('khal in %s shows each occurrence at the local time of its instant', (viewer) => {
    const lines = listWithKhal(feedPath, viewer, '2022-01-01', 1100);
    // khal prints wall-clock times in the viewer zone with the offset it used: turn them back into instants.
    const seen = lines
      .filter((l) => !l.allDay)
      .map((l) => `${l.uid.split('@')[0]} ${DateTime.fromISO(`${l.start}${l.startOffset}`).toUTC().toISO({ suppressMilliseconds: true })}`)
      .sort();
    const timed = OCCURRENCES.filter(([, start]) => start.includes('T')).map(([id, start]) => `${id} ${start}`).sort();
    expect(seen).toEqual(timed);
    // Spot-check what a person sees: the Brussels briefing after the change, in the viewer's own clock.
    const briefing = lines.find((l) => l.title.startsWith('Weekly briefing') && l.start.startsWith('2022-03-28'))!;
    expect(`${briefing.start}${briefing.startOffset}`).toBe(viewer === 'Asia/Tokyo' ? '2022-03-28T16:00+09:00' : '2022-03-28T03:00-04:00');
  });
});
