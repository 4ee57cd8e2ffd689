// Feeds of categories (calendar `feeds:`): validated with positions, each a complete feed of its own made of
// the whole feed's VEVENT texts, and offered on the agenda page.
import { describe, expect, it } from 'vitest';
import { MAX_FEEDS } from '../../src/core/schema.js';
import { validateDocument } from '../../src/core/validate.js';
import { renderSiteAfresh } from '../helpers/render.js';
import { dedent, parseYamlText, problemsOf } from '../helpers/yaml.js';

const STAMP_MS = Date.UTC(2022, 0, 14, 12);

const YAML = dedent`
  calendar:
    name: Talks
    timezone: Europe/Brussels
    domain: talks.example.org
    url: https://talks.example.org/cal/calendar.ics
    feeds:
      - id: nato
        name: Talks — NATO
        categories: [nato]
      - id: calls
        description: Every phone call
        categories: [Phone call, Video call]
  events:
    - id: nato-council
      title: NATO–Russia Council
      start: 2022-01-12 10:00
      categories: [NATO, Russia]
    - id: biden-putin
      title: Biden–Putin call
      start: 2021-12-30 15:35
      timezone: America/New_York
      categories: [Phone call]
    - id: weekly
      title: Weekly NATO briefing
      start: 2022-03-14 09:00
      rrule: FREQ=WEEKLY;COUNT=3
      categories: [NATO]
    - id: weekly-call
      title: Weekly call
      start: 2022-03-14 18:30
      timezone: America/New_York
      rrule: FREQ=WEEKLY;COUNT=3
      categories: [Video call]
    - id: press
      title: Press conference
      start: 2022-01-14 12:00
`;

function site(yaml = YAML) {
  const parsed = parseYamlText(yaml);
  if (!parsed.ok) throw new Error(problemsOf(parsed).join('\n'));
  return renderSiteAfresh(parsed.value, STAMP_MS);
}

const vevents = (ics: string) => ics.split('BEGIN:VEVENT').slice(1).map((v) => `BEGIN:VEVENT${v.split('END:VEVENT')[0]}END:VEVENT\r\n`);
const uids = (ics: string) => [...ics.matchAll(/^UID:(.*)\r$/gm)].map((m) => m[1]);
const tzids = (ics: string) => [...ics.matchAll(/^TZID:(.*)\r$/gm)].map((m) => m[1]);

describe('feeds of categories', () => {
  it('each feed is published as feeds/<id>.ics beside the whole feed, and a calendar without feeds publishes none', () => {
    expect([...site().keys()].filter((p) => !p.startsWith('events/'))).toEqual(['feeds/nato.ics', 'feeds/calls.ics', 'index.html', 'calendar.ics']);
    const plain = site(YAML.replace(/ {2}feeds:[\s\S]*?(?=events:)/, ''));
    expect([...plain.keys()].some((p) => p.startsWith('feeds/'))).toBe(false);
    expect(plain.get('index.html')).not.toContain('data-feeds');
  });

  it('a feed holds the events with any of its categories, compared without regard to case, as the very VEVENT texts of the whole feed', () => {
    const files = site();
    const whole = files.get('calendar.ics')!;
    const nato = files.get('feeds/nato.ics')!;
    const calls = files.get('feeds/calls.ics')!;
    expect(uids(nato)).toEqual(['nato-council@talks.example.org', 'weekly@talks.example.org']);
    expect(uids(calls)).toEqual(['biden-putin@talks.example.org', 'weekly-call@talks.example.org']);
    for (const feed of [nato, calls]) for (const vevent of vevents(feed)) expect(whole).toContain(vevent);
  });

  it('a feed has its own name, description and address, the calendar’s other settings, and only the VTIMEZONEs its events need', () => {
    const files = site();
    const nato = files.get('feeds/nato.ics')!;
    const calls = files.get('feeds/calls.ics')!;
    expect(nato).toContain('\r\nNAME:Talks — NATO\r\nX-WR-CALNAME:Talks — NATO\r\n');
    expect(nato).toContain('\r\nDESCRIPTION:The events of “Talks” with the category nato.\r\n');
    expect(nato).toContain('\r\nSOURCE;VALUE=URI:https://talks.example.org/cal/feeds/nato.ics\r\n');
    expect(nato).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n');
    expect(calls).toContain('\r\nNAME:Talks — Phone call / Video call\r\n');
    expect(calls).toContain('\r\nDESCRIPTION:Every phone call\r\n');
    expect(tzids(files.get('calendar.ics')!).filter((_, i, all) => all.indexOf(_) === i)).toEqual(['America/New_York', 'Europe/Brussels']);
    expect(nato.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
    expect(nato).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\n');
    expect(calls.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
    expect(calls).toContain('BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n');
    // Every calendar property before the first component, and the feed ends as the whole one does.
    expect(nato.indexOf('SOURCE;')).toBeLessThan(nato.indexOf('BEGIN:VTIMEZONE'));
    expect(nato.endsWith('END:VEVENT\r\nEND:VCALENDAR\r\n')).toBe(true);
  });

  it('without a calendar url a feed has no SOURCE, and the page subscribes to it from its own address', () => {
    const files = site(YAML.replace(/ {2}url: .*\n/, ''));
    expect(files.get('feeds/nato.ics')).not.toContain('SOURCE');
    expect(files.get('index.html')).toContain('<a class="feed-subscribe" href="feeds/nato.ics" data-from-location>');
  });

  it('the page lists each feed with a subscribe link, its file and a filter, and each event says which feeds it is in', () => {
    const page = site().get('index.html')!;
    expect(page).toContain('<a class="feed-subscribe" href="webcal://talks.example.org/cal/feeds/nato.ics">');
    expect(page).toContain('<a href="feeds/calls.ics" type="text/calendar" download>');
    expect(page).toContain('<a class="feed-show" href="#feed-nato" data-feed="nato" hidden>');
    expect(page).toContain('<li data-feeds="nato" class="event" id="event-nato-council">');
    expect(page).toContain('<li data-feeds="calls" class="event" id="event-biden-putin">');
    expect(page).toContain('<li data-feeds="" class="event" id="event-press">');
    expect(page).toContain('<link rel="alternate" type="text/calendar" title="Talks — NATO" href="feeds/nato.ics">');
  });
});

describe('checking feeds', () => {
  const withFeeds = (feeds: string) => YAML.replace(/ {2}feeds:[\s\S]*?(?=events:)/, `  feeds:\n${feeds.replace(/^/gm, '    ')}\n`);

  it('a category no event has is reported where it is written, with the closest one events have', () => {
    // Russia is an event's: the feed would not be empty, the others are typos.
    expect(problemsOf(parseYamlText(withFeeds('- id: nato\n  categories: [Russia, NAT0, Baltic]')))).toEqual([
      '8:28: calendar.feeds.0.categories.1: no event has the category "NAT0"; did you mean `NATO`?',
      '8:34: calendar.feeds.0.categories.2: no event has the category "Baltic"; the events\' categories are `NATO`, `Russia`, `Phone call`, `Video call`',
    ]);
    expect(problemsOf(parseYamlText(withFeeds('- id: nato\n  categories: [NAT0]')))).toEqual([
      '8:20: calendar.feeds.0.categories.0: no event has the category "NAT0", so the feed would be empty; did you mean `NATO`?',
    ]);
  });

  it('an event with problems of its own still counts its categories, so only its own problem is reported', () => {
    const yaml = withFeeds('- id: nato\n  categories: [NATO]').replace('title: NATO–Russia Council', 'title: ""');
    expect(problemsOf(parseYamlText(yaml))).toEqual(['11:12: events.0.title: `title` is blank; write some text']);
  });

  it('feed ids are slugs, unique and no Windows device name; names and categories are not blank', () => {
    expect(problemsOf(parseYamlText(withFeeds('- id: nato\n  name: " "\n  categories: [NATO]\n- id: nato\n  categories: [""]\n- id: con\n  categories: [NATO]')))).toEqual([
      '8:13: calendar.feeds.0.name: `name` is blank; write some text',
      '10:11: calendar.feeds.1.id: feed id `nato` is already used by calendar.feeds[0]; give each feed an id of its own',
      '11:20: calendar.feeds.1.categories.0: item 1 of `categories` is blank; write some text',
      '12:11: calendar.feeds.2.id: `con` names a device on Windows, where the feed\'s file, feeds/con.ics, cannot be created; choose another id, like `con-1`',
    ]);
  });

  it(`more than ${MAX_FEEDS} feeds are refused`, () => {
    const feeds = Array.from({ length: MAX_FEEDS + 1 }, (_, i) => ({ id: `f${i}`, categories: ['A'] }));
    const { problems } = validateDocument({ calendar: { name: 'X', feeds }, events: [{ id: 'a', title: 'A', start: '2022-01-12', categories: ['A'] }] });
    expect(problems.map((p) => [p.path, p.message])).toEqual([[['calendar', 'feeds'], `\`feeds\` must list at most ${MAX_FEEDS} items, not ${MAX_FEEDS + 1} items; write it like \`feeds: [ { id: nato, name: NATO–Russia talks, categories: [ NATO ] } ]\``]]);
  });
});

describe('feeds: by-category', () => {
  const byCategory = (events: string) =>
    dedent`
      calendar:
        name: Talks
        domain: talks.example.org
        url: https://talks.example.org/cal/calendar.ics
        feeds: by-category
      events:
    ` + `\n${events}`;

  it('publishes one feed per category the events have, by name, each with the events that have it', () => {
    const files = site(YAML.replace(/ {2}feeds:[\s\S]*?(?=events:)/, '  feeds: by-category\n'));
    const feeds = [...files.keys()].filter((path) => path.startsWith('feeds/'));
    expect(feeds).toEqual(['feeds/nato.ics', 'feeds/phone-call.ics', 'feeds/russia.ics', 'feeds/video-call.ics']);
    expect(uids(files.get('feeds/nato.ics')!)).toEqual(['nato-council@talks.example.org', 'weekly@talks.example.org']);
    expect(uids(files.get('feeds/video-call.ics')!)).toEqual(['weekly-call@talks.example.org']);
    expect(files.get('feeds/russia.ics')).toContain('\r\nNAME:Talks — Russia\r\n');
    expect(files.get('feeds/russia.ics')).toContain('\r\nSOURCE;VALUE=URI:https://talks.example.org/cal/feeds/russia.ics\r\n');
    // The page lists them as it lists named feeds.
    expect(files.get('index.html')).toContain('<a class="feed-show" href="#feed-phone-call" data-feed="phone-call" hidden>');
  });

  it('makes an id of each category: accents dropped, one spelling per category whatever its case, clashes numbered', () => {
    const files = site(
      byCategory(
        dedent`
          - id: a
            title: A
            start: 2022-01-10
            categories: [Genève, C++, NATO]
          - id: b
            title: B
            start: 2022-01-11
            categories: [nato, C--, "日本", con]
        `,
      ),
    );
    const feeds = [...files.keys()].filter((path) => path.startsWith('feeds/')).sort();
    expect(feeds).toEqual(['feeds/c-2.ics', 'feeds/c.ics', 'feeds/category.ics', 'feeds/con-feed.ics', 'feeds/geneve.ics', 'feeds/nato.ics']);
    expect(uids(files.get('feeds/nato.ics')!)).toEqual(['a@talks.example.org', 'b@talks.example.org']);
    expect(files.get('feeds/nato.ics')).toContain('\r\nNAME:Talks — NATO\r\n'); // as the first event spells it
  });

  it('with no event in any category, or a misspelt by-category, is a problem where `feeds` is written', () => {
    expect(problemsOf(parseYamlText(byCategory('  - id: a\n    title: A\n    start: 2022-01-10\n')))).toEqual([
      '5:10: calendar.feeds: `by-category` makes one feed per category the events have, and no event has one; add `categories: [...]` to the events, or remove `feeds`',
    ]);
    expect(problemsOf(parseYamlText(byCategory('  - id: a\n    title: A\n    start: 2022-01-10\n    categories: [x]\n').replace('by-category', 'by-categry')))).toEqual([
      '5:10: calendar.feeds: `feeds` is `by-category` (one feed per category) or a list of feeds, not the text "by-categry"; did you mean `by-category`?',
    ]);
  });
});
