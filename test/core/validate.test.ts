// Data → the calendar and events as written: every problem at once, worded for someone editing YAML.
import { describe, expect, it } from 'vitest';
import { MAX_EVENTS, validateDocument } from '../../src/core/validate.js';
import { parseYamlText, problemsOf } from '../helpers/yaml.js';

describe('validating the document', () => {
  it(`more than ${MAX_EVENTS.toLocaleString('en')} events are refused as too large`, () => {
    const event = { id: 'a', title: 'A', start: '2022-01-12' };
    const { problems } = validateDocument({ calendar: { name: 'Big' }, events: Array.from({ length: MAX_EVENTS + 1 }, () => event) });
    expect(problems).toEqual([
      { code: 'too-large', path: ['events'], message: `200,001 events is over calfeed's limit of 200,000 for one calendar; publish them as several calendars` },
    ]);
  });

  it('an event with a wrong field still has its other fields and its times checked', () => {
    const yaml = 'calendar:\n  name: X\n  timezone: Europe/Brussels\nevents:\n  - id: a\n    title: ""\n    start: 2022-03-27 02:30\n    status: postponed\n    url: example.org\n';
    expect(problemsOf(parseYamlText(yaml))).toEqual([
      '6:12: events.0.title: `title` is blank; write some text',
      '7:12: events.0.start: 2022-03-27 02:30 does not exist in Europe/Brussels (clocks go from 02:00 to 03:00); did you mean 03:30?',
      '8:13: events.0.status: `status` cannot be the text "postponed"; write confirmed, tentative or cancelled',
      '9:10: events.0.url: "example.org" is not an http(s) address; did you mean https://example.org?',
    ]);
  });

  it('an incomplete calendar block still gives its zone to the events, and a misspelt one is reported once', () => {
    const yaml = 'calendar:\n  timezone: Europe/Paris\nevents:\n  - id: a\n    title: A\n    start: 2022-03-27 02:30\n';
    expect(problemsOf(parseYamlText(yaml))).toEqual([
      '2:3: calendar: `name` is missing; add `name: …` under `calendar:`',
      '6:12: events.0.start: 2022-03-27 02:30 does not exist in Europe/Paris (clocks go from 02:00 to 03:00); did you mean 03:30?',
    ]);
    expect(problemsOf(parseYamlText('calender:\n  name: X\nevents:\n  - id: a\n    title: A\n    start: 2022-01-12\n'))).toEqual([
      '1:1: calender: unknown key `calender`; did you mean `calendar`?',
    ]);
  });

  it('a list item written without the space after its dash is told so', () => {
    expect(problemsOf(parseYamlText('calendar:\n  name: X\nevents:\n  -id: a\n'))).toEqual([
      '4:3: events: `events` must be a list (each item starting with `- `), not a mapping; `-id` needs a space after the dash: `- id`',
    ]);
  });

  it('wrong types end with an example taken from the schema', () => {
    const yaml = 'calendar:\n  name: X\nevents:\n  - id: a\n    title: [x]\n    start: 2022-01-12\n    geo: { lat: 91, lon: "6" }\n';
    expect(problemsOf(parseYamlText(yaml))).toEqual([
      '5:12: events.0.title: `title` must be text, not a list; write it like `title: US–Russia Strategic Stability Dialogue`',
      '7:17: events.0.geo.lat: `lat` must be at most 90, not the number 91; write it like `lat: 46.2253`',
      '7:26: events.0.geo.lon: `lon` must be a number, not the text "6"; write it without quotes',
    ]);
  });

  it('an unknown key with nothing close lists the keys there are; `<<` is explained', () => {
    const yaml = 'calendar:\n  name: X\nevents:\n  - id: a\n    title: A\n    start: 2022-01-12\n    notes: x\n    <<: {}\n';
    expect(problemsOf(parseYamlText(yaml))).toEqual([
      '7:5: events.0.notes: unknown key `notes`; the keys of this event are id, uid, title, start, end, duration, timezone, location, geo, description, url, categories, status, sequence, rrule, exdates, expand',
      '8:5: events.0.<<: unknown key `<<`; merge keys (`<<: *name`) are a YAML 1.1 feature calfeed does not read: write the fields out',
    ]);
  });
});
