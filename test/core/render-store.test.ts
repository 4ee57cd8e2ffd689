// Rendering through a store of earlier VEVENTs gives the bytes of rendering everything afresh.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderEventTexts as renderAfresh } from '../../src/core/ics/ics-adapter.js';
import { entryHoldsAt, renderAgendaEntry } from '../../src/core/html/render-agenda.js';
import { restampEventText } from '../../src/core/ics/render-feed.js';
import { parseCalendar, renderSite, siteTexts, type RenderedEventStore } from '../../src/core/pipeline.js';
import { renderEvents } from '../../src/commands/render-events.js';
import { memoryRenderStore } from '../../src/io/render-cache.js';
import { renderSiteAfresh } from '../helpers/render.js';

const sourceOf = (name: string) => fileURLToPath(new URL(name === 'shipped' ? '../../events.yaml' : `../golden/${name}/events.yaml`, import.meta.url));
const calendars = ['shipped', 'recurring', 'dst-and-all-day'].map((name) => {
  const parsed = parseCalendar(readFileSync(sourceOf(name)));
  if (!parsed.ok) throw new Error(name);
  return [name, parsed.value] as const;
});
const EARLIER = Date.UTC(2022, 0, 14, 12);
const LATER = Date.UTC(2031, 6, 9, 23, 59, 58);

describe('rendering through a store', () => {
  it.each(calendars)('%s: an event restamped gives what ics writes for the new stamp', (_, calendar) => {
    const earlier = renderAfresh(calendar.events, EARLIER);
    const later = renderAfresh(calendar.events, LATER);
    expect(earlier.map((text) => restampEventText(text, LATER))).toEqual(later);
  });

  it('the DTSTAMP line swapped in is the one ics writes, at any stamp from 1970 to 2999', () => {
    const [, calendar] = calendars[0]!;
    const event = calendar.events.slice(0, 1);
    const [earlier] = renderAfresh(event, EARLIER);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2999, 11, 31, 23, 59, 59) / 1000 }), (seconds) => {
        expect(restampEventText(earlier!, seconds * 1000)).toBe(renderAfresh(event, seconds * 1000)[0]);
      }),
      { numRuns: 300 },
    );
  });

  it("a series' page entry is the same for every stamp it says it holds for, and only those (property)", () => {
    const [, calendar] = calendars.find(([name]) => name === 'recurring')!;
    const series = calendar.events.filter((event) => event.recurrence);
    expect(series.length).toBeGreaterThan(2);
    const anyStamp = fc.integer({ min: Date.UTC(2021, 0, 1), max: Date.UTC(2024, 0, 1) });
    fc.assert(
      fc.property(fc.constantFrom(...series), anyStamp, anyStamp, (event, a, b) => {
        const entry = renderAgendaEntry(event, Math.min(a, b));
        const later = renderAgendaEntry(event, Math.max(a, b));
        if (entryHoldsAt(entry, Math.max(a, b))) expect(later.html).toBe(entry.html);
        // Right at its end it may differ; one step before, it must not.
        if (entry.stamps.untilMs !== Infinity) expect(renderAgendaEntry(event, entry.stamps.untilMs - 1).html).toBe(entry.html);
      }),
      { numRuns: 300 },
    );
  });

  it.each(calendars)('%s: a site from a warm store, at the same or another stamp, equals a cold one', async (_, calendar) => {
    const store = memoryRenderStore();
    const through = async (stampMs: number) => siteTexts(renderSite(calendar, stampMs, await renderEvents(calendar.events, stampMs, store)));
    await through(EARLIER);
    store.endBuild();
    expect(await through(EARLIER)).toEqual(renderSiteAfresh(calendar, EARLIER));
    store.endBuild();
    expect(await through(LATER)).toEqual(renderSiteAfresh(calendar, LATER));
  });

  it('a store that answers with text of no DTSTAMP line is not trusted with another stamp', async () => {
    const [, calendar] = calendars[0]!;
    const liar: RenderedEventStore = { lookup: () => ({ text: 'BEGIN:VEVENT\r\nEND:VEVENT\r\n', stampMs: EARLIER, entry: { day: '2022-01-01', html: '', stamps: { fromMs: -Infinity, untilMs: Infinity } } }), remember: () => {} };
    const renders = await renderEvents(calendar.events, LATER, liar);
    expect(siteTexts(renderSite(calendar, LATER, renders))).toEqual(renderSiteAfresh(calendar, LATER));
  });
});
