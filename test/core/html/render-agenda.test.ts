// The agenda page as text: escaping, days at the venue, spans, status, links, and the same bytes every time.
import { describe, expect, it } from 'vitest';
import type { Calendar } from '../../../src/core/pipeline.js';
import { renderAgenda } from '../../../src/core/html/render-agenda.js';
import { dedent, parseYamlText } from '../../helpers/yaml.js';

const STAMP_MS = Date.UTC(2022, 0, 14, 12, 0, 0);

function calendarOf(yaml: string): Calendar {
  const parsed = parseYamlText(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems, null, 2));
  return parsed.value;
}

/** A calendar whose events are the given YAML list items (each starting with `- id:`). */
const withEvents = (events: string, calendarLines = '') =>
  calendarOf(`calendar:\n  name: Test\n  timezone: Europe/Brussels\n${calendarLines}events:\n${events.replace(/^/gm, '  ')}\n`);

/** Day key → ids of the events listed under it, in page order. */
function daysOf(html: string): Record<string, string[]> {
  const days: Record<string, string[]> = {};
  for (const section of html.split('<section').slice(1)) {
    const key = /<h2 id="day-([\d-]+)"><time datetime="\1">/.exec(section)![1]!;
    days[key] = [...section.matchAll(/<li class="[^"]*" id="event-([^"]+)">/g)].map((m) => m[1]!);
  }
  return days;
}

/** The HTML of one event's list item. */
const eventHtml = (html: string, id: string) => new RegExp(`<li [^>]*id="event-${id}">[\\s\\S]*?</li>`).exec(html)![0];

describe('the agenda page', () => {
  it('keeps every text as text: a title with <script> cannot inject markup', () => {
    const evil = `<script>alert(1)</script><img src=x onerror="alert(2)"> & 'quotes'`;
    const html = renderAgenda(
      calendarOf(dedent`
        calendar:
          name: '${evil.replace(/'/g, "''")}'
          description: '${evil.replace(/'/g, "''")}'
        events:
          - id: e1
            title: '${evil.replace(/'/g, "''")}'
            start: 2022-01-10 09:00
            location: '${evil.replace(/'/g, "''")}'
            description: '${evil.replace(/'/g, "''")}'
            url: 'https://example.org/?q="><script>alert(3)</script>'
      `),
      STAMP_MS,
    );
    expect(html.match(/<script/g)).toHaveLength(1); // the page's own
    expect(html).not.toMatch(/<img/);
    expect(html).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt; &amp; &#39;quotes&#39;</h1>');
    expect(html).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<h3 id="title-e1">&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('href="https://example.org/?q=&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"');
  });

  it('lists each event under the day it starts at its venue, not in UTC', () => {
    const html = renderAgenda(
      withEvents(dedent`
        - id: new-york-late
          title: 23:30 in New York is 04:30 UTC the next day
          start: 2022-01-10 23:30
          timezone: America/New_York
        - id: tokyo-early
          title: 08:00 in Tokyo is 23:00 UTC the day before
          start: 2022-01-11 08:00
          timezone: Asia/Tokyo
        - id: brussels
          title: Brussels noon
          start: 2022-01-10 12:00
      `),
      STAMP_MS,
    );
    expect(daysOf(html)).toEqual({ '2022-01-10': ['brussels', 'new-york-late'], '2022-01-11': ['tokyo-early'] });
    expect(html).toContain('<h2 id="day-2022-01-10"><time datetime="2022-01-10">Monday 10 January 2022</time></h2>');
    expect(eventHtml(html, 'tokyo-early')).toContain('<time datetime="2022-01-11T08:00+09:00">08:00</time>–<time datetime="2022-01-11T09:00+09:00">09:00</time> UTC+9</span>');
  });

  it('puts days in date order and all-day events at the head of their day', () => {
    const html = renderAgenda(
      withEvents(dedent`
        - id: b-later
          title: Later
          start: 2022-02-01 18:00
        - id: a-all-day
          title: All day
          start: 2022-02-01
        - id: earlier-day
          title: Earlier day
          start: 2022-01-31 09:00
        - id: b-morning
          title: Morning
          start: 2022-02-01 08:00
      `),
      STAMP_MS,
    );
    expect(daysOf(html)).toEqual({ '2022-01-31': ['earlier-day'], '2022-02-01': ['a-all-day', 'b-morning', 'b-later'] });
  });

  it("shows a timed event in its venue's zone, with the abbreviation and the instant in <time datetime>", () => {
    const html = renderAgenda(withEvents('- id: geneva\n  title: Geneva\n  start: 2022-01-10 08:55\n  end: 2022-01-10 16:32\n  timezone: Europe/Zurich'), STAMP_MS);
    expect(eventHtml(html, 'geneva')).toContain(
      '<p class="when timed"><span class="venue-time"><time datetime="2022-01-10T08:55+01:00">08:55</time>–<time datetime="2022-01-10T16:32+01:00">16:32</time> CET</span> <span class="zone">Europe/Zurich</span></p>',
    );
  });

  it('names the day a timed event ends on when it runs past midnight at the venue', () => {
    const html = renderAgenda(withEvents('- id: late\n  title: Late\n  start: 2022-01-10 22:00\n  end: 2022-01-11 01:30'), STAMP_MS);
    expect(eventHtml(html, 'late')).toContain('<time datetime="2022-01-10T22:00+01:00">22:00</time> – <time datetime="2022-01-11T01:30+01:00">Tue 11 Jan, 01:30</time> CET');
  });

  it('names both abbreviations when the clocks change during an event', () => {
    const html = renderAgenda(withEvents('- id: across\n  title: Across\n  start: 2022-03-26 12:00\n  duration: 1d'), STAMP_MS);
    expect(eventHtml(html, 'across')).toContain('>12:00 CET</time> – <time datetime="2022-03-27T12:00+02:00">Sun 27 Mar, 12:00</time> CEST');
  });

  it('shows an all-day event as such, and a multi-day one with its inclusive span', () => {
    const html = renderAgenda(
      withEvents(dedent`
        - id: one
          title: One day
          start: 2022-01-10
        - id: three
          title: Three days
          start: 2022-01-10
          end: 2022-01-12
        - id: months
          title: Over a month end
          start: 2022-01-31
          duration: 2d
        - id: years
          title: Over New Year
          start: 2022-12-31
          end: 2023-01-01
      `),
      STAMP_MS,
    );
    expect(eventHtml(html, 'one')).toContain('<p class="when">All day</p>');
    expect(eventHtml(html, 'three')).toContain('<p class="when">All day, <time datetime="2022-01-10">10</time>–<time datetime="2022-01-12">12 January 2022</time> (3 days)</p>');
    expect(eventHtml(html, 'months')).toContain('<time datetime="2022-01-31">31 January</time> – <time datetime="2022-02-01">1 February 2022</time> (2 days)');
    expect(eventHtml(html, 'years')).toContain('<time datetime="2022-12-31">31 December 2022</time> – <time datetime="2023-01-01">1 January 2023</time> (2 days)');
    // No reader's time for dates: an all-day event is the same dates everywhere.
    expect(html).not.toMatch(/class="when timed"/);
  });

  it('marks cancelled and tentative events', () => {
    const html = renderAgenda(
      withEvents(dedent`
        - id: off
          title: Called off
          start: 2022-01-10 09:00
          status: cancelled
        - id: maybe
          title: Perhaps
          start: 2022-01-10 10:00
          status: tentative
        - id: on
          title: Going ahead
          start: 2022-01-10 11:00
          status: confirmed
      `),
      STAMP_MS,
    );
    expect(eventHtml(html, 'off')).toMatch(/^<li class="event cancelled" id="event-off">\n<h3 id="title-off"><span class="badge">Cancelled<\/span> <s>Called off<\/s><\/h3>/);
    expect(eventHtml(html, 'maybe')).toMatch(/^<li class="event tentative" id="event-maybe">\n<h3 id="title-maybe"><span class="badge">Tentative<\/span> Perhaps<\/h3>/);
    expect(eventHtml(html, 'on')).toMatch(/^<li class="event" id="event-on">\n<h3 id="title-on">Going ahead<\/h3>/);
  });

  it('gives each event its .ics, source and map links, and its description as paragraphs', () => {
    const html = renderAgenda(
      withEvents(dedent`
        - id: nato.council_1
          title: Council
          start: 2022-01-12 10:00
          url: https://example.org/a?b=1&c=2
          geo: { lat: 50.8792, lon: 4.422 }
          description: "First paragraph.\nSecond paragraph.\n\nThird."
      `),
      STAMP_MS,
    );
    const event = eventHtml(html, 'nato.council_1');
    expect(event).toContain('<a href="events/nato.council_1.ics" type="text/calendar">Add to calendar<span class="vh"> (Council)</span></a>');
    expect(event).toContain('<a href="https://example.org/a?b=1&amp;c=2">Source');
    expect(event).toContain('<a href="https://www.openstreetmap.org/?mlat=50.8792&amp;mlon=4.422#map=17/50.8792/4.422">Map');
    expect(event).toContain('<div class="description"><p>First paragraph.</p><p>Second paragraph.</p><p>Third.</p></div>');
  });

  it('subscribes by webcal:// and links Google Calendar by URL when the calendar has a url', () => {
    const html = renderAgenda(withEvents('- id: e\n  title: E\n  start: 2022-01-10', '  url: https://talks.example.org/feeds/calendar.ics?lang=en&v=2\n'), STAMP_MS);
    expect(html).toContain('<a class="button primary" id="subscribe" href="webcal://talks.example.org/feeds/calendar.ics?lang=en&amp;v=2">Subscribe</a>');
    expect(html).toContain(
      '<a class="button" href="https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftalks.example.org%2Ffeeds%2Fcalendar.ics%3Flang%3Den%26v%3D2">Add to Google Calendar</a>',
    );
    expect(html).toContain(
      '<a class="button" href="https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Ftalks.example.org%2Ffeeds%2Fcalendar.ics%3Flang%3Den%26v%3D2&amp;name=Test">Add to Outlook</a>',
    );
    expect(html).toContain('<a class="button" href="calendar.ics" type="text/calendar" download>Download .ics</a>');
    expect(html).toContain('<code>https://talks.example.org/feeds/calendar.ics?lang=en&amp;v=2</code>');
  });

  it('without a url, subscribes to the feed beside the page and offers no Google link', () => {
    const html = renderAgenda(withEvents('- id: e\n  title: E\n  start: 2022-01-10'), STAMP_MS);
    expect(html).toContain('<a class="button primary" id="subscribe" href="calendar.ics" data-from-location>Subscribe</a>');
    expect(html).not.toContain('calendar.google.com');
    expect(html).not.toContain('outlook.live.com');
    expect(html).not.toContain('id="subscribe-here"');
    expect(html).not.toContain('class="feed-address"');
  });

  it('says when it was last updated, from the build stamp', () => {
    const html = renderAgenda(withEvents('- id: e\n  title: E\n  start: 2022-01-10'), STAMP_MS);
    expect(html).toContain('<p>Last updated <time datetime="2022-01-14T12:00:00Z">Friday 14 January 2022, 12:00 UTC</time>.</p>');
  });

  it('gives the same bytes for the same calendar, whatever the order of its events', () => {
    const events = [
      '- id: a\n  title: A\n  start: 2022-01-10 09:00',
      '- id: b\n  title: B\n  start: 2022-01-10',
      '- id: c\n  title: C\n  start: 2022-01-11 09:00\n  timezone: Asia/Tokyo',
      '- id: d\n  title: D\n  start: 2022-01-10 09:00',
    ];
    const first = renderAgenda(withEvents(events.join('\n')), STAMP_MS);
    expect(renderAgenda(withEvents(events.join('\n')), STAMP_MS)).toBe(first);
    expect(renderAgenda(withEvents([...events].reverse().join('\n')), STAMP_MS)).toBe(first);
  });

  it('loads nothing from anywhere: no external resource, and a policy that forbids any', () => {
    const html = renderAgenda(withEvents('- id: e\n  title: E\n  start: 2022-01-10 09:00\n  url: https://example.org/'), STAMP_MS);
    expect(html).not.toMatch(/\ssrc=/);
    expect([...html.matchAll(/<link [^>]*>/g)].map((m) => m[0])).toEqual([
      '<link rel="icon" href="data:,">',
      '<link rel="alternate" type="text/calendar" title="Test" href="calendar.ics">',
    ]);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
  });
});
