// The agenda page in Debian's headless Chromium: the reader's own times, no JavaScript, no request
// leaving the page, links, escaping, keyboard and contrast; screenshots go to test-artifacts/.
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCalendar, type Calendar } from '../../src/core/pipeline.js';
import { launchChromium, openPage, serveFolder, type StaticSite } from '../helpers/browser.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { dedent } from '../helpers/yaml.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
const INJECTION = `<script>window.pwned = 1</script><img src="x" onerror="window.pwned = 2">`;

/**
 * A calendar with no url, an injected title, a cancelled event, a multi-day event, a night across New
 * York's clock change, and a weekly series across both New York's and Brussels' changes.
 */
const EDGE_YAML = dedent`
  calendar:
    name: Edge cases
    timezone: Europe/Brussels
  events:
    - id: injection
      title: '${INJECTION}'
      start: 2022-03-01 09:00
      location: '${INJECTION}'
    - id: called-off
      title: Called off
      start: 2022-03-02 10:00
      status: cancelled
    - id: three-days
      title: Three-day meeting
      start: 2022-03-07
      end: 2022-03-09
    - id: spring-forward-in-new-york
      title: While New York moves its clocks forward
      start: 2022-03-13 06:00
      end: 2022-03-13 09:00
    - id: weekly
      title: Weekly briefing
      start: 2022-03-07 09:00
      duration: 1h
      rrule: FREQ=WEEKLY;COUNT=4
    - id: september
      title: In September (which some English locales shorten to "Sept")
      start: 2022-09-05 10:00
`;

let browser: Browser;
let dir: string;
let shipped: StaticSite;
let edge: StaticSite;
let shippedCalendar: Calendar;

beforeAll(async () => {
  dir = tempDir('calfeed-page-');
  copyFileSync(join(ROOT, 'events.yaml'), join(dir, 'events.yaml'));
  writeFileSync(join(dir, 'edge.yaml'), EDGE_YAML);
  for (const args of [['build'], ['build', 'edge.yaml', '--out', 'edge']]) {
    const run = runCli(args, dir);
    if (run.status !== 0) throw new Error(run.stderr);
  }
  const parsed = parseCalendar(readFileSync(join(ROOT, 'events.yaml')));
  if (!parsed.ok) throw new Error('the shipped events.yaml is invalid');
  shippedCalendar = parsed.value;
  [browser, shipped, edge] = await Promise.all([launchChromium(), serveFolder(join(dir, 'public')), serveFolder(join(dir, 'edge'))]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), shipped?.close(), edge?.close()]);
});

const open = (site: StaticSite, options: BrowserContextOptions = {}) => openPage(browser, site.origin, options);

/** Per event id: the venue's time as shown, and the reader's time (null when the page shows none). */
function readTimes(page: Page): Promise<Record<string, { venue: string; local: string | null }>> {
  return page.$$eval('li.event', (items) =>
    Object.fromEntries(
      items.map((item) => [
        item.id.replace(/^event-/, ''),
        { venue: item.querySelector('.when')!.textContent!, local: item.querySelector('.local')?.textContent ?? null },
      ]),
    ),
  );
}

const SHIPPED_VENUE_TIMES = {
  'biden-putin-call-2021-12-30': '15:35–16:25 EST America/New_York',
  'biden-zelensky-call-2022-01-02': 'All day',
  'geneva-working-dinner-2022-01-09': 'All day',
  'geneva-ssd-2022-01-10': '08:55–16:32 CET Europe/Zurich',
  'nato-russia-council-2022-01-12': '10:00–14:00 CET Europe/Brussels',
  'osce-permanent-council-2022-01-13': 'All day',
};

describe('the shipped calendar in the browser', () => {
  it.each([
    [
      'America/New_York',
      {
        'biden-putin-call-2021-12-30': 'Thu 30 Dec, 15:35–16:25 in your time, New York',
        'geneva-ssd-2022-01-10': 'Mon 10 Jan, 02:55–10:32 in your time, New York',
        'nato-russia-council-2022-01-12': 'Wed 12 Jan, 04:00–08:00 in your time, New York',
      },
    ],
    [
      'Asia/Tokyo',
      {
        'biden-putin-call-2021-12-30': 'Fri 31 Dec, 05:35–06:25 in your time, Tokyo',
        'geneva-ssd-2022-01-10': 'Mon 10 Jan, 16:55 – Tue 11 Jan, 00:32 in your time, Tokyo',
        'nato-russia-council-2022-01-12': 'Wed 12 Jan, 18:00–22:00 in your time, Tokyo',
      },
    ],
  ])('shows a reader in %s their own times, and none for all-day events', async (timezoneId, localTimes) => {
    const { page, requests, errors } = await open(shipped, { timezoneId });
    const times = await readTimes(page);
    expect(Object.keys(times)).toEqual(shippedCalendar.events.map((e) => e.id));
    for (const [id, venue] of Object.entries(SHIPPED_VENUE_TIMES)) {
      expect(times[id]).toEqual({ venue, local: localTimes[id as keyof typeof localTimes] ?? null });
    }
    expect(requests).toEqual([shipped.origin]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows every event and its venue time with JavaScript disabled', async () => {
    const { page, requests } = await open(shipped, { javaScriptEnabled: false, timezoneId: 'Asia/Tokyo' });
    const times = await readTimes(page);
    expect(Object.fromEntries(Object.entries(times).map(([id, t]) => [id, t.venue]))).toEqual(SHIPPED_VENUE_TIMES);
    expect(Object.values(times).every((t) => t.local === null)).toBe(true);
    for (const event of shippedCalendar.events) {
      expect(await page.locator(`#title-${event.id}`).textContent()).toBe(event.title);
      expect(await page.locator(`#title-${event.id}`).isVisible()).toBe(true);
    }
    expect(requests).toEqual([shipped.origin]);
    await page.context().close();
  });

  it('makes no request beyond the page itself, even with every detail opened, and its policy refuses any', async () => {
    const { page, requests, errors } = await open(shipped, { timezoneId: 'Europe/Brussels' });
    await page.$$eval('details', (all) => all.forEach((details) => ((details as HTMLDetailsElement).open = true)));
    await page.waitForLoadState('networkidle');
    expect(requests).toEqual([shipped.origin]);
    expect(errors).toEqual([]);
    // Not even a script in the page could send one: the Content-Security-Policy stops it before it starts.
    expect(await page.evaluate(() => fetch('https://example.org/').then(() => 'sent', () => 'refused'))).toBe('refused');
    expect(requests).toEqual([shipped.origin]);
    expect(errors.join('\n')).toMatch(/violates the following Content Security Policy directive/);
    await page.context().close();
  });

  it('links Subscribe, Google Calendar, the download and each event where they should', async () => {
    const { page } = await open(shipped);
    const href = (selector: string) => page.locator(selector).evaluate((a) => (a as HTMLAnchorElement).href);
    expect(await href('#subscribe')).toBe('webcal://talks.example.org/calendar.ics');
    const google = new URL(await href('a:text("Add to Google Calendar")'));
    expect(google.origin + google.pathname).toBe('https://calendar.google.com/calendar/r');
    expect([...google.searchParams]).toEqual([['cid', 'webcal://talks.example.org/calendar.ics']]);
    const outlook = new URL(await href('a:text("Add to Outlook")'));
    expect(outlook.origin + outlook.pathname).toBe('https://outlook.live.com/calendar/0/addfromweb');
    expect([...outlook.searchParams]).toEqual([
      ['url', 'https://talks.example.org/calendar.ics'],
      ['name', 'Russia–West security talks, January 2022'],
    ]);
    // Read from another address than the published one (here a local server, as under calfeed serve): a
    // subscription to the feed at this address too, shown and named by its host.
    const host = new URL(shipped.origin).host;
    expect(await page.locator('#subscribe-here').isVisible()).toBe(true);
    expect(await page.locator('#subscribe-here').innerText()).toBe(`Subscribe at ${host}`);
    expect(await href('#subscribe-here')).toBe(`webcal://${host}/calendar.ics`);

    const download = await href('a:text("Download .ics")');
    expect(download).toBe(`${shipped.origin}calendar.ics`);
    const feed = await fetch(download);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(await feed.text()).toBe(readFileSync(join(ROOT, 'test/golden/shipped/calendar.ics'), 'utf8'));

    for (const event of shippedCalendar.events) {
      const item = page.locator(`#event-${event.id}`);
      const ics = await item.getByRole('link', { name: /^Add to calendar/ }).evaluate((a) => (a as HTMLAnchorElement).href);
      expect(ics).toBe(`${shipped.origin}events/${event.id}.ics`);
      expect(await (await fetch(ics)).text()).toContain(`UID:${event.uid}\r\n`);
      const source = await item.getByRole('link', { name: /^Source/ }).evaluate((a) => (a as HTMLAnchorElement).href);
      expect(source).toBe(event.url);
    }
    await page.context().close();
  });

  it('is usable by keyboard: a skip link first, then Subscribe, each with a visible focus ring', async () => {
    const { page } = await open(shipped);
    const focused = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        return { text: element.textContent, outline: getComputedStyle(element).outlineStyle };
      });
    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ text: 'Skip to the agenda', outline: 'solid' });
    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ text: 'Subscribe', outline: 'solid' });
    await page.context().close();
  });

  it('prints every detail and leaves out the buttons and links', async () => {
    const { page } = await open(shipped);
    await page.emulateMedia({ media: 'print' });
    const visible = (selector: string) => page.locator(selector).first().isVisible();
    expect(await visible('.description p')).toBe(true);
    expect(await visible('summary')).toBe(false);
    expect(await visible('.subscribe')).toBe(false);
    expect(await visible('.links')).toBe(false);
    await page.context().close();
  });

  it('reads well at phone and desktop widths, light and dark: no sideways scrolling, text contrast 4.5:1 or more (screenshots in test-artifacts/)', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const { page } = await open(shipped, { viewport: { width: 390, height: 844 }, timezoneId: 'Asia/Tokyo' });
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 844 });
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        for (const [selector, ratio] of Object.entries(await contrastRatios(page))) expect(ratio, `${selector} in ${colorScheme}`).toBeGreaterThanOrEqual(4.5);
        const path = join(ARTIFACTS, `agenda-${width}-${colorScheme}.png`);
        await page.screenshot({ path, fullPage: true });
        expect(statSync(path).size).toBeGreaterThan(10_000);
      }
    }
    await page.context().close();
  });
});

/** WCAG contrast of each kind of text on the page against the background it sits on. */
function contrastRatios(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const channel = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const background = (element: Element | null): string => {
      for (; element; element = element.parentElement) {
        const color = getComputedStyle(element).backgroundColor;
        if (rgb(color)[3] !== 0) return color;
      }
      return 'rgb(255, 255, 255)';
    };
    const selectors = ['h1', '.lede', '.button.primary', '.button:not(.primary)', '.feed-address', 'h2', 'h3', '.when', '.zone', '.local', '.where', 'summary', '.links a', 'footer'];
    return Object.fromEntries(
      selectors.map((selector) => {
        const element = document.querySelector(selector)!;
        const [a, b] = [luminance(rgb(getComputedStyle(element).color)), luminance(rgb(background(element)))];
        return [selector, Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 10) / 10];
      }),
    );
  });
}

describe('edge cases in the browser', () => {
  it('shows an HTML-injection title as text, runs none of it and loads nothing for it', async () => {
    const { page, requests, errors } = await open(edge);
    expect(await page.locator('#title-injection').textContent()).toBe(INJECTION);
    expect(await page.locator('#event-injection .where').textContent()).toBe(INJECTION);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(requests).toEqual([edge.origin]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('read at its published address, offers no second subscription', async () => {
    const context = await browser.newContext();
    // The published site, answered from the built folder: https://talks.example.org/ is the shipped url's.
    await context.route('https://talks.example.org/**', (route) => {
      const path = new URL(route.request().url()).pathname.replace(/^\/$/, '/index.html');
      return route.fulfill({ body: readFileSync(join(dir, 'public', path)), contentType: path.endsWith('.html') ? 'text/html' : 'text/calendar' });
    });
    const page = await context.newPage();
    await page.goto('https://talks.example.org/');
    expect(await page.locator('#subscribe').getAttribute('href')).toBe('webcal://talks.example.org/calendar.ics');
    expect(await page.locator('#subscribe-here').isVisible()).toBe(false);
    await context.close();
  });

  it('without a url, subscribes by webcal:// to the feed beside the page and offers no Google link', async () => {
    const { page } = await open(edge);
    const host = new URL(edge.origin).host;
    expect(await page.locator('#subscribe').evaluate((a) => (a as HTMLAnchorElement).href)).toBe(`webcal://${host}/calendar.ics`);
    expect(await page.locator('a[href*="calendar.google.com"]').count()).toBe(0);
    await page.context().close();
  });

  it('opened as a file, keeps Subscribe on the feed file beside it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const index = pathToFileURL(join(dir, 'edge/index.html')).href;
    await page.goto(index);
    expect(await page.locator('#subscribe').evaluate((a) => (a as HTMLAnchorElement).href)).toBe(new URL('calendar.ics', index).href);
    await context.close();
  });

  it('marks a cancelled event, spans a multi-day one, and follows the reader across their clock change', async () => {
    const { page } = await open(edge, { timezoneId: 'America/New_York' });
    expect(await page.locator('#title-called-off').innerText()).toMatch(/^cancelled\s+Called off$/i);
    expect(await page.locator('#title-called-off s').textContent()).toBe('Called off');
    const times = await readTimes(page);
    expect(times['three-days']).toEqual({ venue: 'All day, 7–9 March 2022 (3 days)', local: null });
    // 05:00–08:00 UTC: New York's clocks go from 02:00 EST to 03:00 EDT in between.
    expect(times['spring-forward-in-new-york']).toEqual({
      venue: '06:00–09:00 CET Europe/Brussels',
      local: 'Sun 13 Mar, 00:00–04:00 in your time, New York',
    });
    expect(times['september']!.local).toBe('Mon 5 Sep, 04:00–05:00 in your time, New York');
    await page.context().close();
  });

  it("gives a series its rule in words and its next dates, each in the reader's time as their clocks change", async () => {
    const { page } = await open(edge, { timezoneId: 'America/New_York' });
    const series = page.locator('#event-weekly');
    expect(await series.locator('.repeats').textContent()).toBe('Every week on Monday, 4 times');
    expect(await series.locator('.next').textContent()).toBe('Next: Mon 7 Mar, Mon 14 Mar, Mon 21 Mar, Mon 28 Mar');
    // 09:00 in Brussels: 03:00 in New York, 04:00 once New York is on summer time (13 March), 03:00 again once Brussels is (27 March).
    expect(await series.locator('.next + .local').textContent()).toBe('Mon 7 Mar, 03:00; Mon 14 Mar, 04:00; Mon 21 Mar, 04:00; Mon 28 Mar, 03:00 in your time, New York');
    await page.context().close();
  });
});
