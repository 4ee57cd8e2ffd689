// Rendering through a store of earlier VEVENTs gives the bytes of rendering everything afresh.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderEventTexts, restampEventText } from '../../src/core/ics/render-feed.js';
import { parseCalendar, renderSite, type RenderedEventStore } from '../../src/core/pipeline.js';
import { memoryRenderStore } from '../../src/io/render-cache.js';

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
    const earlier = renderEventTexts(calendar.events, EARLIER);
    const later = renderEventTexts(calendar.events, LATER);
    expect(earlier.map((text) => restampEventText(text, LATER))).toEqual(later);
  });

  it.each(calendars)('%s: a site from a warm store, at the same or another stamp, equals a cold one', (_, calendar) => {
    const store = memoryRenderStore();
    renderSite(calendar, EARLIER, store);
    store.endBuild();
    expect(renderSite(calendar, EARLIER, store)).toEqual(renderSite(calendar, EARLIER));
    store.endBuild();
    expect(renderSite(calendar, LATER, store)).toEqual(renderSite(calendar, LATER));
  });

  it('a store that answers with text of no DTSTAMP line is not trusted with another stamp', () => {
    const [, calendar] = calendars[0]!;
    const liar: RenderedEventStore = { lookup: () => ({ text: 'BEGIN:VEVENT\r\nEND:VEVENT\r\n', stampMs: EARLIER }), remember: () => {} };
    expect(renderSite(calendar, LATER, liar)).toEqual(renderSite(calendar, LATER));
  });
});
