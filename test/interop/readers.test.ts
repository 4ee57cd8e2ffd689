// Self-checks for the real-reader harness against the handmade fixtures/sample.ics.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWithIcalJs } from './readers/ical-js.js';
import { hasKhal, listWithKhal, listWithKhalVdir } from './readers/khal.js';
import { expandWithLibical, hasLibical, readWithLibical } from './readers/libical.js';
import { expandWithPythonIcalendar, hasPythonIcalendar, readWithPythonIcalendar } from './readers/python-icalendar.js';
import type { ReadEvent } from './readers/types.js';
import { renderSiteAfresh } from '../helpers/render.js';
import { parseYamlText } from '../helpers/yaml.js';
import { hasVdirsyncer, subscribeWithVdirsyncer } from './readers/vdirsyncer.js';

const SAMPLE = fileURLToPath(new URL('./fixtures/sample.ics', import.meta.url));
const sampleText = readFileSync(SAMPLE, 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'calfeed-readers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const EXPECTED: ReadEvent[] = [
  {
    uid: 'geneva-2022@calfeed.test',
    summary: 'Genève workshop',
    start: '2022-01-10T07:55:00Z',
    end: '2022-01-10T15:30:00Z',
    location: 'Palais des Nations, Genève',
    categories: ['workshop', 'travel'],
  },
  { uid: 'allday-2022@calfeed.test', summary: 'Offsite day', start: '2022-01-13', end: '2022-01-14' },
  {
    uid: 'brussels-weekly@calfeed.test',
    summary: 'Brussels weekly',
    start: '2022-03-21T08:00:00Z', // 09:00 CET
    end: '2022-03-21T09:00:00Z',
    location: 'Brussels',
    rrule: 'FREQ=WEEKLY;COUNT=3',
  },
];

/** A feed whose TZID has no VTIMEZONE and is no IANA name: every reader must refuse it. */
function writeBadTzid(): string {
  const path = join(tmp, 'bad-tzid.ics');
  writeFileSync(path, [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//calfeed//bad//EN', 'BEGIN:VEVENT', 'UID:mars@calfeed.test',
    'DTSTAMP:20220101T000000Z', 'DTSTART;TZID=Mars/Olympus:20220110T100000',
    'DTEND;TZID=Mars/Olympus:20220110T110000', 'SUMMARY:Mars', 'END:VEVENT', 'END:VCALENDAR', '',
  ].join('\r\n'));
  return path;
}

describe('environment', () => {
  it('runs under a host TZ that no reader should use', () => {
    expect(process.env.TZ).toBe('Pacific/Chatham');
  });
  it('has every Debian reader installed (required, never skipped)', async () => {
    expect(hasPythonIcalendar()).toBe(true);
    expect(hasKhal()).toBe(true);
    expect(await hasVdirsyncer()).toBe(true);
    expect(hasLibical()).toBe(true);
  });
});

describe('ical.js', () => {
  it('reads the sample', () => {
    expect(readWithIcalJs(sampleText)).toEqual(EXPECTED);
  });
  it('refuses a TZID without VTIMEZONE instead of floating it', () => {
    expect(() => readWithIcalJs(readFileSync(writeBadTzid(), 'utf8'))).toThrow(/Mars\/Olympus/);
  });
});

describe('python-icalendar', () => {
  it('reads the sample', () => {
    expect(readWithPythonIcalendar(SAMPLE)).toEqual(EXPECTED);
  });
  it('expands the weekly Brussels meeting across the DST change (27 March 2022)', () => {
    const weekly = expandWithPythonIcalendar(SAMPLE, '2022-03-01', '2022-05-01');
    expect(weekly).toEqual([
      { uid: 'brussels-weekly@calfeed.test', summary: 'Brussels weekly', start: '2022-03-21T08:00:00Z', end: '2022-03-21T09:00:00Z' },
      { uid: 'brussels-weekly@calfeed.test', summary: 'Brussels weekly', start: '2022-03-28T07:00:00Z', end: '2022-03-28T08:00:00Z' },
      { uid: 'brussels-weekly@calfeed.test', summary: 'Brussels weekly', start: '2022-04-04T07:00:00Z', end: '2022-04-04T08:00:00Z' },
    ]);
    expect(expandWithPythonIcalendar(SAMPLE, '2022-01-01T00:00:00Z', '2023-01-01T00:00:00Z')).toHaveLength(5);
  });
  it('refuses a TZID it cannot resolve', () => {
    expect(() => readWithPythonIcalendar(writeBadTzid())).toThrow(/Mars\/Olympus/);
  });
});

/** A one-event calendar (CRLF) from its VEVENT lines and any components before it. */
function writeCalendar(name: string, eventLines: string[], before: string[] = []): string {
  const path = join(tmp, name);
  writeFileSync(path, [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//calfeed//test//EN', ...before, 'BEGIN:VEVENT', 'UID:x@calfeed.test',
    'DTSTAMP:20220101T000000Z', ...eventLines, 'END:VEVENT', 'END:VCALENDAR', '',
  ].join('\r\n'));
  return path;
}

describe('libical', () => {
  it('reads the sample', () => {
    expect(readWithLibical(SAMPLE)).toEqual(EXPECTED);
  });
  it('expands the weekly Brussels meeting across the DST change (27 March 2022)', () => {
    expect(expandWithLibical(SAMPLE, '2022-03-01', '2022-05-01')).toEqual(expandWithPythonIcalendar(SAMPLE, '2022-03-01', '2022-05-01'));
    expect(expandWithLibical(SAMPLE, '2022-01-01T00:00:00Z', '2023-01-01T00:00:00Z')).toHaveLength(5);
  });
  it('turns a TZID into an instant with the calendar’s own VTIMEZONE, not the system’s zone data', () => {
    // A made-up Europe/Brussels at +05:00 all year: 10:00 there is 05:00Z (the real zone would give 09:00Z).
    const path = writeCalendar('own-vtimezone.ics', ['DTSTART;TZID=Europe/Brussels:20220110T100000', 'DURATION:PT1H', 'SUMMARY:Own zone'], [
      'BEGIN:VTIMEZONE', 'TZID:Europe/Brussels', 'BEGIN:STANDARD', 'DTSTART:19700101T000000', 'TZOFFSETFROM:+0500',
      'TZOFFSETTO:+0500', 'END:STANDARD', 'END:VTIMEZONE',
    ]);
    expect(readWithLibical(path)).toEqual([{ uid: 'x@calfeed.test', summary: 'Own zone', start: '2022-01-10T05:00:00Z', end: '2022-01-10T06:00:00Z' }]);
  });
  it('refuses a TZID without VTIMEZONE instead of floating it or taking the system’s zone', () => {
    expect(() => readWithLibical(writeBadTzid())).toThrow(/TZID=Mars\/Olympus has no VTIMEZONE/);
    const brussels = writeCalendar('no-vtimezone.ics', ['DTSTART;TZID=Europe/Brussels:20220110T100000', 'SUMMARY:No zone']);
    expect(() => readWithLibical(brussels)).toThrow(/TZID=Europe\/Brussels has no VTIMEZONE/);
  });
  it('fails, naming the X-LIC-ERROR, on a value libical could not parse (it would drop the property silently)', () => {
    const bad = writeCalendar('bad-dtstart.ics', ['DTSTART:2022011OT100000Z', 'SUMMARY:Letter O for zero']);
    expect(() => readWithLibical(bad)).toThrow(/X-LIC-ERROR.*DTSTART property.*2022011OT100000Z/);
    const badRule = writeCalendar('bad-rrule.ics', ['DTSTART:20220110T100000Z', 'RRULE:FREQ=SOMETIMES', 'SUMMARY:Bad rule']);
    expect(() => expandWithLibical(badRule, '2022-01-01', '2023-01-01')).toThrow(/X-LIC-ERROR.*RRULE property/);
  });
  it('reads categories with a comma or semicolon in them as calfeed wrote them (one CATEGORIES each), as ical.js does', () => {
    const parsed = parseYamlText(
      'calendar:\n  name: C\nevents:\n  - id: e\n    title: E\n    start: 2022-01-10\n    categories: ["NATO, Russia", "a;b", back\\slash, OSCE]\n',
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const feed = renderSiteAfresh(parsed.value, Date.UTC(2022, 0, 1)).get('calendar.ics')!;
    const path = join(tmp, 'categories.ics');
    writeFileSync(path, feed);
    const categories = ['NATO, Russia', 'a;b', 'back\\slash', 'OSCE'];
    expect(readWithLibical(path).map((e) => e.categories)).toEqual([categories]);
    expect(readWithIcalJs(feed).map((e) => e.categories)).toEqual([categories]);
  });
  it('fails on an hour libical takes without complaint', () => {
    const bad = writeCalendar('hour-25.ics', ['DTSTART:20220110T100000Z', 'DTEND:20220110T250000Z', 'SUMMARY:Hour 25']);
    expect(() => readWithLibical(bad)).toThrow(/bad DTEND value/);
  });
});

describe('khal', () => {
  const brief = (zone: string) =>
    listWithKhal(SAMPLE, zone, '2022-01-01', 120).map((l) => [l.start, l.startOffset, l.end, l.endOffset, l.title, l.uid]);

  it('shows the sample in America/New_York', () => {
    expect(brief('America/New_York')).toEqual([
      ['2022-01-10T02:55', '-05:00', '2022-01-10T10:30', '-05:00', 'Genève workshop', 'geneva-2022@calfeed.test'],
      ['2022-01-13', '', '2022-01-13', '', 'Offsite day', 'allday-2022@calfeed.test'], // inclusive end
      ['2022-03-21T04:00', '-04:00', '2022-03-21T05:00', '-04:00', 'Brussels weekly', 'brussels-weekly@calfeed.test'],
      ['2022-03-28T03:00', '-04:00', '2022-03-28T04:00', '-04:00', 'Brussels weekly', 'brussels-weekly@calfeed.test'],
      ['2022-04-04T03:00', '-04:00', '2022-04-04T04:00', '-04:00', 'Brussels weekly', 'brussels-weekly@calfeed.test'],
    ]);
  });

  it('shows the sample in Asia/Tokyo (Geneva event ends after midnight)', () => {
    expect(brief('Asia/Tokyo')).toEqual([
      ['2022-01-10T16:55', '+09:00', '2022-01-11T00:30', '+09:00', 'Genève workshop', 'geneva-2022@calfeed.test'],
      ['2022-01-13', '', '2022-01-13', '', 'Offsite day', 'allday-2022@calfeed.test'],
      ['2022-03-21T17:00', '+09:00', '2022-03-21T18:00', '+09:00', 'Brussels weekly', 'brussels-weekly@calfeed.test'],
      ['2022-03-28T16:00', '+09:00', '2022-03-28T17:00', '+09:00', 'Brussels weekly', 'brussels-weekly@calfeed.test'],
      ['2022-04-04T16:00', '+09:00', '2022-04-04T17:00', '+09:00', 'Brussels weekly', 'brussels-weekly@calfeed.test'],
    ]);
  });

  it('keeps the Brussels meeting at 09:00 local in Europe/Brussels, with the DST offset change', () => {
    const lines = listWithKhal(SAMPLE, 'Europe/Brussels', '2022-03-20', 20);
    expect(lines.map((l) => `${l.start}${l.startOffset}`)).toEqual([
      '2022-03-21T09:00+01:00',
      '2022-03-28T09:00+02:00',
      '2022-04-04T09:00+02:00',
    ]);
    expect(lines[0]).toMatchObject({ location: 'Brussels', allDay: false });
  });

  it('lists the all-day event as all-day', () => {
    expect(listWithKhal(SAMPLE, 'Pacific/Kiritimati', '2022-01-13', 1)).toEqual([
      {
        start: '2022-01-13', end: '2022-01-13', startOffset: '', endOffset: '',
        title: 'Offsite day', uid: 'allday-2022@calfeed.test', location: '', allDay: true,
      },
    ]);
  });

  it('fails on the warnings khal prints when it re-zones an unknown TZID', () => {
    expect(() => listWithKhal(writeBadTzid(), 'UTC', '2022-01-10', 1)).toThrow(/incomprehensible timezone `Mars\/Olympus`/);
  });
});

describe('vdirsyncer subscription', () => {
  let server: Server;
  let url = '';
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (req.url !== '/calendar.ics') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/calendar; charset=utf-8' }).end(sampleText);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/calendar.ics`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('syncs one vdir item per event that khal and the parsers read back', async () => {
    const { syncedDir, files } = await subscribeWithVdirsyncer(url, mkdtempSync(join(tmp, 'vds-')));
    expect(requests.every((r) => r === 'GET /calendar.ics')).toBe(true);
    expect(files).toHaveLength(3);

    // vdirsyncer's http storage replaces each UID with a sha256 of the item.
    const items = files.flatMap((f) => readWithIcalJs(readFileSync(f, 'utf8')));
    for (const item of items) expect(item.uid).toMatch(/^[0-9a-f]{64}$/);
    const withoutUid = (events: ReadEvent[]) =>
      events.map(({ uid: _uid, ...rest }) => rest).sort((a, b) => a.start.localeCompare(b.start));
    expect(withoutUid(items)).toEqual(withoutUid(EXPECTED));
    expect(withoutUid(files.flatMap((f) => readWithPythonIcalendar(f)))).toEqual(withoutUid(EXPECTED));
    expect(withoutUid(files.flatMap((f) => readWithLibical(f)))).toEqual(withoutUid(EXPECTED));

    const lines = listWithKhalVdir(syncedDir, 'America/New_York', '2022-01-01', 120);
    expect(lines.map((l) => `${l.start}${l.startOffset} ${l.title}`)).toEqual([
      '2022-01-10T02:55-05:00 Genève workshop',
      '2022-01-13 Offsite day',
      '2022-03-21T04:00-04:00 Brussels weekly',
      '2022-03-28T03:00-04:00 Brussels weekly',
      '2022-04-04T03:00-04:00 Brussels weekly',
    ]);
  });

  it('rejects when the feed URL is missing', async () => {
    await expect(subscribeWithVdirsyncer(url.replace('calendar.ics', 'nope.ics'), mkdtempSync(join(tmp, 'vds-'))))
      .rejects.toThrow(/vdirsyncer/);
  });
});
