// Property: for any valid generated calendar (zones, all-day and multi-day events, series with exdates, every
// text field), build → import → build gives the same feed byte for byte, and the same one-event files: the
// feed says everything events.yaml means to subscribers, and import reads all of it back (ids and domain
// from calfeed's own UIDs). The agenda page is not compared: a one-off event's venue zone is shown there
// but is not in the feed (its times are UTC), so import writes it in the calendar's zone.
// In process (the pipeline and the importer, as the bin runs them); PROPERTY_RUNS=… runs more cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importIcs } from '../../src/core/import/import-ics.js';
import { parseCalendar } from '../../src/core/pipeline.js';
import { CLI_STAMP_SECONDS } from '../helpers/cli.js';
import { renderSiteAfresh } from '../helpers/render.js';
import { INTERESTING_ZONES } from './arbitraries.js';

const STAMP_MS = Number(CLI_STAMP_SECONDS) * 1000;
const runs = Number(process.env.PROPERTY_RUNS ?? 60);

const pad = (n: number) => String(n).padStart(2, '0');
const textArb = fc.oneof(
  fc.constantFrom('Geneva talks', 'NATO–Russia Council', 'a, b; c\\d', 'Zürich «Gespräch»', '会談', ' leading space', 'line one\nline two'),
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '' && !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\r]/.test(s)),
);
const dateArb = fc.record({ year: fc.integer({ min: 2020, max: 2030 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) });
const RULES = ['FREQ=WEEKLY;COUNT=5', 'FREQ=DAILY;INTERVAL=2;COUNT=4', 'FREQ=MONTHLY;BYDAY=2TU;COUNT=6', 'FREQ=WEEKLY;BYDAY=MO,TH', 'FREQ=YEARLY', 'FREQ=WEEKLY;UNTIL=20310101'];

const eventArb = fc.record({
  title: textArb,
  date: dateArb,
  allDay: fc.boolean(),
  hour: fc.integer({ min: 6, max: 22 }),
  minute: fc.constantFrom(0, 15, 30, 55),
  lengthMinutes: fc.constantFrom(30, 60, 95, 24 * 60 + 30),
  days: fc.integer({ min: 1, max: 4 }),
  zone: fc.option(fc.constantFrom(...INTERESTING_ZONES, 'UTC'), { nil: undefined }),
  location: fc.option(textArb, { nil: undefined }),
  description: fc.option(textArb, { nil: undefined }),
  url: fc.option(fc.constantFrom('https://example.org/a', 'http://example.org/b?x=1&y=2'), { nil: undefined }),
  geo: fc.option(fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) }), { nil: undefined }),
  categories: fc.option(fc.array(textArb, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  status: fc.option(fc.constantFrom('confirmed', 'tentative', 'cancelled'), { nil: undefined }),
  sequence: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  rrule: fc.option(fc.constantFrom(...RULES), { nil: undefined }),
  exdateSecond: fc.boolean(),
});

const fileArb = fc.record({
  timezone: fc.option(fc.constantFrom(...INTERESTING_ZONES), { nil: undefined }),
  domain: fc.option(fc.constantFrom('talks.example.org', 'cal.example.net'), { nil: undefined }),
  events: fc.array(eventArb, { minLength: 1, maxLength: 6 }),
});

/** events.yaml for a model, written as JSON (which is YAML): no quoting to get wrong. */
type FileModel = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

function renderModel(model: FileModel): string {
  const events = model.events.map((e, i) => {
    const date = `${e.date.year}-${pad(e.date.month)}-${pad(e.date.day)}`;
    const start = e.allDay ? date : `${date} ${pad(e.hour)}:${pad(e.minute)}`;
    const event: Record<string, unknown> = { id: `event-${i}`, title: e.title, start };
    if (e.allDay) {
      if (e.days > 1) event.end = `${e.date.year}-${pad(e.date.month)}-${pad(e.date.day + e.days - 1)}`;
    } else event.duration = `${e.lengthMinutes}m`;
    if (e.zone) event.timezone = e.zone;
    for (const key of ['location', 'description', 'url', 'geo', 'categories', 'status', 'sequence', 'rrule'] as const) if (e[key] !== undefined) event[key] = e[key];
    if (e.rrule && e.exdateSecond && /COUNT=[4-9]|INTERVAL|UNTIL|YEARLY/.test(e.rrule) && e.rrule.startsWith('FREQ=WEEKLY;COUNT')) {
      const second = `${e.date.year}-${pad(e.date.month)}-${pad(e.date.day + 7)}`;
      if (e.date.day + 7 <= 28) event.exdates = [e.allDay ? second : `${second} ${pad(e.hour)}:${pad(e.minute)}`];
    }
    return event;
  });
  const calendar: Record<string, unknown> = { name: 'Generated calendar' };
  if (model.timezone) calendar.timezone = model.timezone;
  if (model.domain) calendar.domain = model.domain;
  return JSON.stringify({ calendar, events }, null, 1);
}

function build(text: string) {
  const result = parseCalendar(new TextEncoder().encode(text));
  return result.ok ? renderSiteAfresh(result.value, STAMP_MS) : undefined;
}

describe('build, import, build', () => {
  it('gives the same feed and the same one-event files, byte for byte', () => {
    let built = 0;
    fc.assert(
      fc.property(fileArb, (model) => {
        const first = build(renderModel(model));
        // A generated time may fall in a DST gap, or a series' exdate miss: such a file is not a calendar to round-trip.
        fc.pre(first !== undefined);
        built++;
        const feed = first!.get('calendar.ics')!;
        const imported = importIcs(feed, { sourceName: 'calendar.ics', fallbackName: 'calendar' });
        if (!imported.ok) throw new Error(`import refused a feed calfeed built: ${imported.message}\n${feed}`);
        expect(imported.notes, imported.yaml).toEqual([]);
        const second = build(imported.yaml);
        if (!second) throw new Error(`the imported events.yaml does not build:\n${imported.yaml}`);
        expect(second.get('calendar.ics')).toBe(feed);
        for (const [path, text] of first!) if (path.startsWith('events/')) expect(second.get(path), path).toBe(text);
        expect([...second.keys()].sort()).toEqual([...first!.keys()].sort());
      }),
      { numRuns: runs },
    );
    // Most generated files are valid: the property is not vacuous.
    expect(built).toBeGreaterThan(runs / 2);
  }, 120_000);
});
