// The shipped calendar, built by the real bin, read back by real clients: ical.js, python3-icalendar, libical and khal.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFeedOf } from '../helpers/cli.js';
import { readWithIcalJs } from './readers/ical-js.js';
import { listWithKhal } from './readers/khal.js';
import { readWithLibical } from './readers/libical.js';
import { readWithPythonIcalendar } from './readers/python-icalendar.js';

const TITLES = {
  putin: 'Biden–Putin phone call',
  zelensky: 'Biden–Zelensky phone call',
  dinner: 'Sherman–Ryabkov working dinner',
  geneva: 'US–Russia Strategic Stability Dialogue (extraordinary session)',
  nato: 'NATO–Russia Council',
  osce: 'OSCE Permanent Council – opening of the Polish Chairmanship',
};

/** What every reader must see: uid, title, start and end instants (UTC) or dates (all-day, exclusive end). */
const EXPECTED = [
  ['biden-putin-call-2021-12-30', TITLES.putin, '2021-12-30T20:35:00Z', '2021-12-30T21:25:00Z'],
  ['biden-zelensky-call-2022-01-02', TITLES.zelensky, '2022-01-02', '2022-01-03'],
  ['geneva-working-dinner-2022-01-09', TITLES.dinner, '2022-01-09', '2022-01-10'],
  ['geneva-ssd-2022-01-10', TITLES.geneva, '2022-01-10T07:55:00Z', '2022-01-10T15:32:00Z'],
  ['nato-russia-council-2022-01-12', TITLES.nato, '2022-01-12T09:00:00Z', '2022-01-12T13:00:00Z'],
  ['osce-permanent-council-2022-01-13', TITLES.osce, '2022-01-13', '2022-01-14'],
].map(([id, summary, start, end]) => ({ uid: `${id}@talks.example.org`, summary, start, end }));

let feedPath: string;
beforeAll(() => {
  feedPath = buildFeedOf('events.yaml');
});

const essentials = (events: { uid: string; summary: string; start: string; end: string }[]) =>
  events.map(({ uid, summary, start, end }) => ({ uid, summary, start, end }));

describe('the shipped feed read back by real clients', () => {
  it('ical.js (Thunderbird’s parser) sees every event at the right instant', () => {
    expect(essentials(readWithIcalJs(readFileSync(feedPath, 'utf8')))).toEqual(EXPECTED);
  });

  it('python3-icalendar sees every event at the right instant, with categories intact', () => {
    const events = readWithPythonIcalendar(feedPath);
    expect(essentials(events)).toEqual(EXPECTED);
    expect(events[0]!.categories).toEqual(['US', 'Russia', 'Phone call']);
  });

  it('libical (Evolution’s, GNOME Calendar’s and KDE’s parser) sees every event at the right instant, with no X-LIC-ERROR', () => {
    const events = readWithLibical(feedPath);
    expect(essentials(events)).toEqual(EXPECTED);
    // Location, categories and all: what the other parsers read, to the letter.
    expect(events).toEqual(readWithIcalJs(readFileSync(feedPath, 'utf8')));
    expect(events).toEqual(readWithPythonIcalendar(feedPath));
  });

  it('each per-event file (events/<id>.ics) reads the same in libical, ical.js and python3-icalendar as in the feed', () => {
    const folder = join(dirname(feedPath), 'events');
    const files = readdirSync(folder).filter((f) => f.endsWith('.ics')).sort();
    expect(files).toHaveLength(EXPECTED.length);
    const inFeed = new Map(readWithIcalJs(readFileSync(feedPath, 'utf8')).map((e) => [e.uid, e]));
    for (const file of files) {
      const path = join(folder, file);
      const libical = readWithLibical(path);
      expect(libical, file).toHaveLength(1);
      expect(libical[0]!.uid, file).toBe(`${file.replace(/\.ics$/, '')}@talks.example.org`);
      expect(libical, file).toEqual([inFeed.get(libical[0]!.uid)]);
      expect(readWithIcalJs(readFileSync(path, 'utf8')), file).toEqual(libical);
      expect(readWithPythonIcalendar(path), file).toEqual(libical);
    }
  });

  it('khal shows the local times a person sees in New York', () => {
    const lines = listWithKhal(feedPath, 'America/New_York', '2021-12-29', 20);
    expect(lines.map(({ title, start, end, startOffset }) => [title, start, end, startOffset])).toEqual([
      [TITLES.putin, '2021-12-30T15:35', '2021-12-30T16:25', '-05:00'],
      [TITLES.zelensky, '2022-01-02', '2022-01-02', ''],
      [TITLES.dinner, '2022-01-09', '2022-01-09', ''],
      [TITLES.geneva, '2022-01-10T02:55', '2022-01-10T10:32', '-05:00'],
      [TITLES.nato, '2022-01-12T04:00', '2022-01-12T08:00', '-05:00'],
      [TITLES.osce, '2022-01-13', '2022-01-13', ''],
    ]);
  });

  it('khal shows the local times a person sees in Tokyo', () => {
    const lines = listWithKhal(feedPath, 'Asia/Tokyo', '2021-12-29', 20);
    expect(lines.map(({ title, start, end, startOffset }) => [title, start, end, startOffset])).toEqual([
      [TITLES.putin, '2021-12-31T05:35', '2021-12-31T06:25', '+09:00'],
      [TITLES.zelensky, '2022-01-02', '2022-01-02', ''],
      [TITLES.dinner, '2022-01-09', '2022-01-09', ''],
      [TITLES.geneva, '2022-01-10T16:55', '2022-01-11T00:32', '+09:00'],
      [TITLES.nato, '2022-01-12T18:00', '2022-01-12T22:00', '+09:00'],
      [TITLES.osce, '2022-01-13', '2022-01-13', ''],
    ]);
  });
});
