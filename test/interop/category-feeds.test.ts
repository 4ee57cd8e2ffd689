// Feeds of categories read back by real clients: each reads, from the feed alone (its own VTIMEZONEs), exactly
// the occurrences it reads from the whole feed for that feed's events, and the feed's own name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { folderWith, runCli } from '../helpers/cli.js';
import { expandWithIcalJs } from './readers/ical-js.js';
import { listWithKhal } from './readers/khal.js';
import { expandWithLibical } from './readers/libical.js';
import { expandWithPythonIcalendar } from './readers/python-icalendar.js';
import type { Occurrence } from './readers/types.js';

const DOMAIN = 'feeds.example.org';
const FROM = '2021-12-01T00:00:00Z';
const TO = '2023-01-01T00:00:00Z';

/** Each feed's events, from the categories in test/golden/category-feeds/events.yaml, worked out by hand. */
const FEEDS: Record<string, { name: string; ids: string[] }> = {
  nato: { name: 'Category feeds — NATO', ids: ['nato-council', 'nato-weekly'] },
  'geneva-vienna': { name: 'Category feeds — Geneva / Vienna', ids: ['geneva-round', 'vienna-council'] },
  calls: { name: 'Category feeds — Phone call', ids: ['weekly-call'] },
};

let out: string;
beforeAll(() => {
  const dir = folderWith('test/golden/category-feeds/events.yaml');
  const run = runCli(['build'], dir);
  if (run.status !== 0) throw new Error(run.stderr);
  out = join(dir, 'public');
});

const essentials = (list: Occurrence[]) => list.map(({ uid, start, end }) => ({ uid, start, end }));
const only = (list: Occurrence[], ids: string[]) => essentials(list).filter((o) => ids.includes(o.uid.replace(`@${DOMAIN}`, '')));

const READERS: [string, (path: string) => Occurrence[]][] = [
  ['ical.js', (path) => expandWithIcalJs(readFileSync(path, 'utf8'), FROM, TO)],
  ['python3-icalendar', (path) => expandWithPythonIcalendar(path, FROM, TO)],
  ['libical', (path) => expandWithLibical(path, FROM, TO)],
];

describe.each(READERS)('feeds of categories in %s', (_, expand) => {
  it.each(Object.keys(FEEDS))('feeds/%s.ics holds the occurrences of its events in the whole feed, and nothing else', (id) => {
    const whole = expand(join(out, 'calendar.ics'));
    const feed = essentials(expand(join(out, `feeds/${id}.ics`)));
    expect(feed.length).toBeGreaterThan(0);
    expect(feed).toEqual(only(whole, FEEDS[id]!.ids));
  });
});

describe('feeds of categories, their names and times in other clients', () => {
  it.each(Object.keys(FEEDS))('ical.js reads the name of feeds/%s.ics', (id) => {
    const root = new ICAL.Component(ICAL.parse(readFileSync(join(out, `feeds/${id}.ics`), 'utf8')));
    expect(root.getFirstPropertyValue('name')).toBe(FEEDS[id]!.name);
    expect(root.getFirstPropertyValue('x-wr-calname')).toBe(FEEDS[id]!.name);
  });

  it('khal in Asia/Tokyo shows the NATO feed’s occurrences at the instants of the whole feed’s', () => {
    const instants = (path: string) =>
      listWithKhal(path, 'Asia/Tokyo', '2022-01-01', 400)
        .filter((l) => FEEDS.nato!.ids.includes(l.uid.split('@')[0]!))
        .map((l) => `${l.uid} ${l.allDay ? l.start : DateTime.fromISO(`${l.start}${l.startOffset}`).toUTC().toISO({ suppressMilliseconds: true })}`)
        .sort();
    const fromFeed = instants(join(out, 'feeds/nato.ics'));
    expect(fromFeed).toHaveLength(3);
    expect(fromFeed).toEqual(instants(join(out, 'calendar.ics')));
  });
});
