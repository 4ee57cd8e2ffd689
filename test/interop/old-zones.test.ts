// Zones whose old offsets have seconds (America/St_Johns -03:30:52 until 1935, Africa/Monrovia -00:44:30
// until 1972): the VTIMEZONE writes them ±HHMMSS, as RFC 5545 §3.3.14 allows, and real clients read the
// feed (a fraction of a minute there made python3-icalendar, and so khal, refuse all of it). The clients
// keep whole minutes of such an offset (ical.js drops the seconds, python rounds them): within a minute.
// libical keeps the seconds: to the second.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFeedOf } from '../helpers/cli.js';
import { expandWithIcalJs } from './readers/ical-js.js';
import { listWithKhal } from './readers/khal.js';
import { expandWithLibical } from './readers/libical.js';
import { expandWithPythonIcalendar } from './readers/python-icalendar.js';

const DOMAIN = 'old-zones.example.org';
// 09:00 at -03:30:52 is 12:30:52Z; 09:00 at -00:44:30 is 09:44:30Z.
const expected = [
  { uid: `st-johns@${DOMAIN}`, start: '1901-06-03T12:30:52Z', end: '1901-06-03T13:30:52Z' },
  { uid: `st-johns@${DOMAIN}`, start: '1901-06-10T12:30:52Z', end: '1901-06-10T13:30:52Z' },
  { uid: `monrovia@${DOMAIN}`, start: '1950-06-05T09:44:30Z', end: '1950-06-05T10:44:30Z' },
  { uid: `monrovia@${DOMAIN}`, start: '1950-06-12T09:44:30Z', end: '1950-06-12T10:44:30Z' },
];
/** Each occurrence as [uid, start] with the start to the minute the client may have kept: within 60 s of the intended instant. */
function expectWithinAMinute(read: { uid: string; start: string; end: string }[]): void {
  expect(read.map((o) => o.uid)).toEqual(expected.map((o) => o.uid));
  read.forEach((o, i) => {
    expect(Math.abs(Date.parse(o.start) - Date.parse(expected[i]!.start))).toBeLessThan(60_000);
    expect(Date.parse(o.end) - Date.parse(o.start)).toBe(3_600_000);
  });
}

let feedPath: string;
beforeAll(() => {
  feedPath = buildFeedOf('test/interop/fixtures/old-zones.yaml');
});

describe('offsets with seconds in real clients', () => {
  it('python3-icalendar reads the feed and expands each series', () => {
    expectWithinAMinute(expandWithPythonIcalendar(feedPath, '1900-01-01T00:00:00Z', '1960-01-01T00:00:00Z'));
  });

  it('khal imports the feed and lists each occurrence in UTC', () => {
    const lines = [...listWithKhal(feedPath, 'UTC', '1901-06-01', 14), ...listWithKhal(feedPath, 'UTC', '1950-06-01', 14)].filter((l) => !l.allDay);
    const read = lines.map((l) => ({ uid: l.uid, start: `${l.start}:00Z`, end: `${l.end}:00Z` })).sort((a, b) => (a.start < b.start ? -1 : 1));
    expectWithinAMinute(read);
  });

  it('libical reads the feed and expands each series, to the second', () => {
    const read = expandWithLibical(feedPath, '1900-01-01T00:00:00Z', '1960-01-01T00:00:00Z');
    expectWithinAMinute(read);
    expect(read.map(({ uid, start, end }) => ({ uid, start, end }))).toEqual(expected);
  });

  it('ical.js expands each series', () => {
    expectWithinAMinute(expandWithIcalJs(readFileSync(feedPath, 'utf8'), '1900-01-01T00:00:00Z', '1960-01-01T00:00:00Z'));
  });
});
