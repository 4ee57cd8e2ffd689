// calfeed import as users run it: feeds written by `ics`, ical-generator, Google Calendar and Outlook become an
// events.yaml whose build ical.js reads as the same events (UIDs kept), everything not carried over is listed
// with its line, and bad input changes nothing.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import icalGenerator, { ICalEventRepeatingFreq, ICalEventStatus } from 'ical-generator';
import { createEvents } from 'ics';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, CLI_STAMP_SECONDS, hashTree, ROOT, runCli, tempDir } from '../helpers/cli.js';

const FIXTURES = join(ROOT, 'test/fixtures/import');

/** Read as ical.js reads it (the instant in UTC, or the date), for comparing feeds. */
function iso(time: ICAL.Time): string {
  if (time.isDate) return time.toString();
  if (time.zone === ICAL.Timezone.localTimezone) throw new Error(`a floating time or a TZID without VTIMEZONE: ${time.toString()}`);
  return new Date(time.toUnixTime() * 1000).toISOString().replace('.000Z', 'Z');
}

interface Seen {
  uid: string;
  summary: string;
  location?: string;
  description?: string;
  url?: string;
  geo?: number[];
  categories?: string[];
  status?: string;
  /** Every occurrence's start and end, in order (the first 60 of an endless series). */
  occurrences: string[];
}

/**
 * The events of a feed as ical.js reads them: each series with its occurrences (RRULE, EXDATE and the
 * VTIMEZONEs of the feed applied), changed occurrences (RECURRENCE-ID) left out, as import leaves them out.
 * Texts without their trailing line breaks, which calfeed trims from every text.
 */
function eventsOf(text: string): Seen[] {
  const root = new ICAL.Component(ICAL.parse(text));
  // ical.js applies a changed occurrence to its series' expansion: removed first, as import leaves it out.
  for (const component of root.getAllSubcomponents('vevent')) if (component.hasProperty('recurrence-id')) root.removeSubcomponent(component);
  const optional = (value: unknown) => (value === null || value === undefined || String(value).trim() === '' ? {} : { value: String(value).replace(/\s+$/, '') });
  return root
    .getAllSubcomponents('vevent')
    .map((component) => {
      const event = new ICAL.Event(component);
      const occurrences: string[] = [];
      const iterator = event.iterator();
      for (let next = iterator.next(); next && occurrences.length < 60; next = iterator.next()) {
        const details = event.getOccurrenceDetails(next);
        occurrences.push(`${iso(details.startDate)}/${iso(details.endDate)}`);
      }
      const seen: Seen = { uid: event.uid, summary: event.summary, occurrences };
      for (const name of ['location', 'description', 'url', 'status'] as const) {
        const value = optional(component.getFirstPropertyValue(name)).value;
        if (value !== undefined) seen[name] = name === 'status' ? value.toUpperCase() : value;
      }
      const geo = component.getFirstPropertyValue('geo');
      if (geo) seen.geo = (geo as number[]).map((n) => Math.round(n * 1e6) / 1e6);
      const categories = component.getAllProperties('categories').flatMap((p) => p.getValues().map(String));
      if (categories.length) seen.categories = categories;
      return seen;
    })
    .sort((a, b) => (a.uid < b.uid ? -1 : 1));
}

/** Import `feed` in a fresh folder, then build; the run of each, the events.yaml and the feed built. */
function importAndBuild(feedText: string, name = 'feed.ics') {
  const dir = tempDir();
  writeFileSync(join(dir, name), feedText);
  const imported = runCli(['import', name], dir);
  const yaml = imported.status === 0 ? readFileSync(join(dir, 'events.yaml'), 'utf8') : '';
  const built = imported.status === 0 ? runCli(['build'], dir) : undefined;
  const feed = built?.status === 0 ? readFileSync(join(dir, 'public/calendar.ics'), 'utf8') : '';
  return { dir, imported, yaml, built, feed };
}

/** A feed as the `ics` package writes it (UTC times, an all-day and a multi-day event, a series). */
function icsSample(): string {
  const { error, value } = createEvents([
    {
      uid: 'talks-geneva@ics.example.org',
      title: 'Strategic Stability Dialogue',
      start: [2022, 1, 10, 7, 55],
      startInputType: 'utc',
      startOutputType: 'utc',
      end: [2022, 1, 10, 15, 30],
      endInputType: 'utc',
      endOutputType: 'utc',
      location: 'US Mission, Geneva',
      geo: { lat: 46.2253, lon: 6.1414 },
      description: 'Sherman and Ryabkov, extraordinary session.',
      url: 'https://example.org/geneva',
      categories: ['US', 'Russia'],
      status: 'CONFIRMED',
      timestamp: '20220101T000000Z',
    },
    {
      uid: 'osce-vienna@ics.example.org',
      title: 'OSCE Permanent Council, Vienna',
      start: [2022, 1, 13],
      end: [2022, 1, 14],
      timestamp: '20220101T000000Z',
    },
    {
      uid: 'brussels-week@ics.example.org',
      title: 'Brussels week',
      start: [2022, 1, 17],
      end: [2022, 1, 22],
      status: 'TENTATIVE',
      timestamp: '20220101T000000Z',
    },
    {
      uid: 'weekly-call@ics.example.org',
      title: 'Weekly call',
      start: [2022, 1, 4, 14, 0],
      startInputType: 'utc',
      startOutputType: 'utc',
      duration: { hours: 1, minutes: 30 },
      recurrenceRule: 'FREQ=WEEKLY;COUNT=6;BYDAY=TU',
      timestamp: '20220101T000000Z',
    },
  ] as unknown as Parameters<typeof createEvents>[0]); // `timestamp` (DTSTAMP) is read by ics 3.12 but missing from its types
  if (error || !value) throw error ?? new Error('ics wrote nothing');
  return value;
}

/** A feed as ical-generator writes it. */
function icalGeneratorSample(): string {
  const calendar = icalGenerator({ name: 'Generated talks', description: 'Made by ical-generator', prodId: '//example//generator//EN' });
  calendar.createEvent({
    id: 'nrc@generator.example.org',
    summary: 'NATO–Russia Council',
    start: new Date('2022-01-12T09:00:00Z'),
    end: new Date('2022-01-12T13:00:00Z'),
    location: { title: 'NATO HQ, Brussels', geo: { lat: 50.8796, lon: 4.4254 } },
    description: 'Sherman led the US delegation; Grushko the Russian one.',
    url: 'https://example.org/nrc',
    categories: [{ name: 'NATO' }, { name: 'Russia' }],
    status: ICalEventStatus.CONFIRMED,
    stamp: new Date('2022-01-01T00:00:00Z'),
  });
  calendar.createEvent({
    id: 'holiday@generator.example.org',
    summary: 'Orthodox Christmas',
    start: new Date('2022-01-07T00:00:00Z'),
    allDay: true,
    stamp: new Date('2022-01-01T00:00:00Z'),
  });
  calendar.createEvent({
    id: 'standup@generator.example.org',
    summary: 'Stand-up',
    start: new Date('2022-01-03T08:00:00Z'),
    end: new Date('2022-01-03T08:15:00Z'),
    repeating: { freq: ICalEventRepeatingFreq.DAILY, count: 10, exclude: [new Date('2022-01-05T08:00:00Z')] },
    stamp: new Date('2022-01-01T00:00:00Z'),
  });
  return calendar.toString();
}

const SAMPLES: [string, () => string][] = [
  ['the ics package', icsSample],
  ['ical-generator', icalGeneratorSample],
  ['a Google Calendar export', () => readFileSync(join(FIXTURES, 'google-calendar.ics'), 'utf8')],
  ['an Outlook export', () => readFileSync(join(FIXTURES, 'outlook.ics'), 'utf8')],
];

describe('calfeed import', () => {
  for (const [writer, sample] of SAMPLES) {
    it(`a feed written by ${writer} builds into the events ical.js reads from it, UIDs kept`, () => {
      const text = sample();
      const { imported, yaml, built, feed } = importAndBuild(text);
      expect(imported.status, imported.stderr).toBe(0);
      expect(built?.status, built?.stderr).toBe(0);
      expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=./events.schema.json');
      const original = eventsOf(text);
      expect(original.length).toBeGreaterThan(2);
      expect(eventsOf(feed)).toEqual(original);
    });
  }

  it('lists what a Google export cannot carry over, each at its line, and keeps the rest', () => {
    const text = readFileSync(join(FIXTURES, 'google-calendar.ics'), 'utf8');
    const { imported, yaml } = importAndBuild(text, 'google.ics');
    const lines = text.split('\r\n');
    const warnings = imported.stderr.split('\n').filter((line) => line.includes(': warning: '));
    for (const warning of warnings) {
      const [, line, property] = /^google\.ics:(\d+):1: warning: .*?\): ([A-Z-]+)/.exec(warning)!;
      // The line named is the property's own (or its component's BEGIN).
      expect(lines[Number(line) - 1], warning).toMatch(new RegExp(`^(${property}[;:]|BEGIN:${property}$)`));
    }
    for (const what of ['ATTENDEE', 'ORGANIZER', 'VALARM']) expect(imported.stderr).toMatch(new RegExp(`warning: "Team planning" \\(UID 5n2rqkdl7sq0v3l6o4u1vpt9hc@google\\.com\\): ${what} not carried over`));
    // An EXDATE that is no occurrence removes nothing, and is said so.
    expect(imported.stderr).toMatch(/EXDATE 2022-06-06 09:30 not carried over \(it is no occurrence/);
    // TRANSP:OPAQUE is what an event is without it; TRANSPARENT is not.
    expect(warnings.filter((w) => w.includes('TRANSP'))).toHaveLength(2);
    expect(imported.stdout).toMatch(/^wrote events\.yaml: 5 events from google\.ics; \d+ things not carried over or changed, listed above\n/);
    // The calendar block, the multi-day event's inclusive end, the zone kept from X-WR-TIMEZONE.
    expect(yaml).toMatch(/^calendar:\n {2}name: Security talks team\n {2}description: Meetings of the team, Brussels and Geneva\n {2}timezone: Europe\/Brussels\n/m);
    expect(yaml).toMatch(/ {4}uid: 1b4kq8v3ml2kq0ahv1q3b0u2rm@google\.com\n {4}title: Geneva round \(three days\)\n {4}start: 2022-04-12\n {4}end: 2022-04-14\n/);
    // A one-off UTC event is written in the calendar's zone; a series in another zone keeps it.
    expect(yaml).toMatch(/ {4}start: 2022-05-02 16:00\n {4}end: 2022-05-02 17:30\n/);
    expect(yaml).toMatch(/ {4}timezone: America\/New_York\n/);
    expect(yaml).toMatch(/ {4}exdates: \[2022-04-18 09:30\]\n/);
  });

  it('maps Outlook\'s Windows zone names to IANA zones and reports the changed occurrence', () => {
    const { imported, yaml } = importAndBuild(readFileSync(join(FIXTURES, 'outlook.ics'), 'utf8'), 'outlook.ics');
    expect(yaml).toMatch(/^ {2}timezone: Europe\/Berlin$/m);
    expect(yaml).toMatch(/ {4}timezone: America\/New_York\n/);
    expect(yaml).not.toMatch(/Standard Time/);
    expect(imported.stderr).toMatch(/^outlook\.ics:61:1: warning: "Jour fixe" \(UID 040000008200E00074C5B7101A82E00800000000…\): RECURRENCE-ID not carried over \(a changed occurrence, of 2022-03-15 09:00:00/m);
    expect(imported.stderr).toMatch(/^outlook\.ics:\d+:1: warning: "Call with Washington" .*: CLASS not carried over/m);
    expect(imported.stderr).toMatch(/X-MICROSOFT-CDO-BUSYSTATUS not carried over/);
    // CLASS:PUBLIC is what an event is without it.
    expect(imported.stderr.match(/CLASS not carried over/g)).toHaveLength(1);
  });

  it('reports a floating time and imports it in the calendar\'s zone', () => {
    const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//x//y//EN', 'X-WR-TIMEZONE:Europe/Vienna', 'BEGIN:VEVENT', 'UID:f@x', 'SUMMARY:Floating', 'DTSTART:20220113T100000', 'DTEND:20220113T110000', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const { imported, yaml, built } = importAndBuild(text);
    expect(built?.status).toBe(0);
    expect(imported.stderr).toMatch(/^feed\.ics:8:1: warning: "Floating" \(UID f@x\): DTSTART is a floating time .*; imported in the calendar's zone, Europe\/Vienna$/m);
    expect(yaml).toMatch(/ {4}start: 2022-01-13 10:00\n {4}end: 2022-01-13 11:00\n/);
  });

  it('a rule calfeed cannot publish is reported, and its first occurrence imported', () => {
    const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//x//y//EN', 'BEGIN:VEVENT', 'UID:h@x', 'SUMMARY:Hourly', 'DTSTART:20220113T100000Z', 'DTEND:20220113T103000Z', 'RRULE:FREQ=HOURLY;COUNT=3', 'RDATE:20220120T100000Z', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const { imported, yaml, built } = importAndBuild(text);
    expect(built?.status).toBe(0);
    expect(imported.stderr).toMatch(/^feed\.ics:9:1: warning: "Hourly" \(UID h@x\): RRULE FREQ=HOURLY;COUNT=3 not carried over \(calfeed: FREQ=HOURLY is not supported.*\); only the first occurrence is imported$/m);
    expect(imported.stderr).toMatch(/^feed\.ics:10:1: warning: .*: RDATE not carried over/m);
    expect(yaml).not.toMatch(/rrule/);
  });

  it('reads standard input and writes standard output with -', () => {
    const dir = tempDir();
    const run = spawnWithInput(['import', '-', '--out', '-'], dir, readFileSync(join(FIXTURES, 'google-calendar.ics')));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^# yaml-language-server/);
    expect(run.stdout).toContain('uid: 7kukuqrfedlbvjpe6m1pl7hoi3@google.com');
    expect(run.stderr).toMatch(/^<stdin>:52:1: warning: /m);
    expect(run.stderr).toMatch(/<stdin>: 5 events imported; /);
  });

  it('never overwrites a file, and bad input gets one positioned error and writes nothing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'events.yaml'), 'mine\n');
    writeFileSync(join(dir, 'feed.ics'), readFileSync(join(FIXTURES, 'outlook.ics')));
    writeFileSync(join(dir, 'notes.txt'), 'hello\nworld\n');
    writeFileSync(join(dir, 'cut.ics'), 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n');
    const before = hashTree(dir);
    const exists = runCli(['import', 'feed.ics'], dir);
    expect(exists.status).toBe(1);
    expect(exists.stderr).toMatch(/^events\.yaml: error: the file already exists; calfeed import never overwrites it/m);
    const notIcs = runCli(['import', 'notes.txt', '--out', 'new.yaml'], dir);
    expect(notIcs).toMatchObject({ status: 1, stdout: '' });
    expect(notIcs.stderr).toBe('notes.txt:1:1: error: this is not an iCalendar file: it starts with "hello", and an iCalendar file (.ics) starts with BEGIN:VCALENDAR\n1 problem in notes.txt; nothing written\n');
    const cut = runCli(['import', 'cut.ics', '--out', 'new.yaml'], dir);
    expect(cut.status).toBe(1);
    expect(cut.stderr).toMatch(/^cut\.ics:3:1: error: BEGIN:VEVENT is never closed/);
    const missing = runCli(['import', 'nowhere.ics', '--out', 'new.yaml'], dir);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^nowhere\.ics: error: cannot read the file: /);
    expect(hashTree(dir)).toBe(before);
    // --out names another file, which check reads.
    const other = runCli(['import', 'feed.ics', '--out', 'imported.yaml'], dir);
    expect(other.status, other.stderr).toBe(0);
    expect(other.stdout).toContain('calfeed check imported.yaml');
    expect(runCli(['check', 'imported.yaml'], dir).status).toBe(0);
  });

  it('is listed by --help, with its options', () => {
    expect(runCli(['--help'], ROOT).stdout).toMatch(/calfeed import <feed> +turn an iCalendar file/);
    const help = runCli(['import', '--help'], ROOT).stdout;
    expect(help).toContain('--out');
    expect(help).toContain('- to read standard input');
  });
});

describe('a feed calfeed wrote', () => {
  let feed: string;
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    writeFileSync(join(dir, 'events.yaml'), readFileSync(join(ROOT, 'events.yaml')));
    expect(runCli(['build'], dir).status).toBe(0);
    feed = readFileSync(join(dir, 'public/calendar.ics'), 'utf8');
  });

  it('imports back to its ids and domain, and builds the same feed byte for byte', () => {
    const again = importAndBuild(feed);
    expect(again.imported.status, again.imported.stderr).toBe(0);
    expect(again.imported.stderr).toMatch(/: 0 things|^$/);
    expect(again.yaml).not.toMatch(/^ {4}uid:/m);
    expect(again.feed).toBe(feed);
  });
});

function spawnWithInput(args: string[], cwd: string, input: Buffer) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: CLI_STAMP_SECONDS }, timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
