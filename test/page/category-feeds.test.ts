// The agenda page of a calendar with feeds of categories, in Debian's headless Chromium: a subscribe link per
// feed, and #feed-<id> showing only that feed's events and the days that keep some; without JavaScript
// every event shows. Nothing leaves the page.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, serveFolder, type StaticSite } from '../helpers/browser.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

const ALL = ['geneva-round', 'nato-council', 'vienna-council', 'uncategorised', 'weekly-call', 'nato-weekly'];

let browser: Browser;
let published: StaticSite;
let local: StaticSite;

beforeAll(async () => {
  const dir = tempDir('calfeed-page-feeds-');
  const source = readFileSync(join(ROOT, 'test/golden/category-feeds/events.yaml'), 'utf8');
  copyFileSync(join(ROOT, 'test/golden/category-feeds/events.yaml'), join(dir, 'events.yaml'));
  // The same calendar without `url`: the page subscribes to the feeds from its own address.
  writeFileSync(join(dir, 'no-url.yaml'), source.replace(/^ {2}url: .*\n/m, ''));
  for (const args of [['build'], ['build', 'no-url.yaml', '--out', 'no-url']]) {
    const run = runCli(args, dir);
    if (run.status !== 0) throw new Error(run.stderr);
  }
  [browser, published, local] = await Promise.all([launchChromium(), serveFolder(join(dir, 'public')), serveFolder(join(dir, 'no-url'))]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), published?.close(), local?.close()]);
});

const open = (site: StaticSite, path = '', options: BrowserContextOptions = {}) => openPage(browser, site.origin + path, options);

/** The ids of the events shown, and the days shown. */
const shown = (page: Page) =>
  page.evaluate(() => ({
    events: [...document.querySelectorAll<HTMLElement>('li.event')].filter((e) => e.offsetParent !== null).map((e) => e.id.replace(/^event-/, '')),
    days: [...document.querySelectorAll<HTMLElement>('main section')].filter((s) => s.offsetParent !== null).map((s) => s.querySelector('time')!.dateTime),
  }));

describe('the agenda page with feeds of categories', () => {
  it('lists each feed with a webcal:// link to its published address and its file', async () => {
    const { page, requests, errors } = await open(published);
    const links = await page.$$eval('.feeds li', (items) =>
      items.map((item) => ({
        name: item.querySelector('.feed-name')!.textContent,
        subscribe: item.querySelector<HTMLAnchorElement>('.feed-subscribe')!.href,
        file: item.querySelector<HTMLAnchorElement>('a[download]')!.getAttribute('href'),
      })),
    );
    expect(links).toEqual([
      { name: 'Category feeds — NATO', subscribe: 'webcal://feeds.example.org/talks/feeds/nato.ics', file: 'feeds/nato.ics' },
      { name: 'Category feeds — Geneva / Vienna', subscribe: 'webcal://feeds.example.org/talks/feeds/geneva-vienna.ics', file: 'feeds/geneva-vienna.ics' },
      { name: 'Category feeds — Phone call', subscribe: 'webcal://feeds.example.org/talks/feeds/calls.ics', file: 'feeds/calls.ics' },
    ]);
    expect((await shown(page)).events).toEqual(ALL);
    expect(requests).toEqual([published.origin]);
    expect(errors).toEqual([]);
  });

  it('without a url, each feed’s subscribe link is webcal:// at the page’s own address', async () => {
    const { page, errors } = await open(local);
    const host = new URL(local.origin).host;
    expect(await page.$$eval('.feed-subscribe', (links) => links.map((a) => (a as HTMLAnchorElement).href))).toEqual(
      ['nato', 'geneva-vienna', 'calls'].map((id) => `webcal://${host}/feeds/${id}.ics`),
    );
    expect(errors).toEqual([]);
  });

  it('“Show only these” shows only the feed’s events and the days that keep some; “Show all events” brings the rest back', async () => {
    const { page, requests, errors } = await open(published);
    await page.click('#feed-nato .feed-show');
    expect(await shown(page)).toEqual({ events: ['nato-council', 'nato-weekly'], days: ['2022-01-12', '2022-03-21'] });
    expect(await page.locator('#feed-filter').isVisible()).toBe(true);
    expect(await page.locator('#feed-filter-name').textContent()).toBe('Category feeds — NATO');
    expect(await page.getAttribute('#feed-nato .feed-show', 'aria-current')).toBe('true');
    expect(new URL(page.url()).hash).toBe('#feed-nato');

    await page.click('#feed-geneva-vienna .feed-show');
    expect(await shown(page)).toEqual({ events: ['geneva-round', 'vienna-council'], days: ['2022-01-10', '2022-01-13'] });

    await page.click('#feed-filter a');
    expect((await shown(page)).events).toEqual(ALL);
    expect(await page.locator('#feed-filter').isVisible()).toBe(false);
    expect(requests).toEqual([published.origin]);
    expect(errors).toEqual([]);
  });

  it('an address ending in #feed-<id> opens filtered; an unknown feed shows everything', async () => {
    const { page, errors } = await open(published, '#feed-calls');
    expect(await shown(page)).toEqual({ events: ['weekly-call'], days: ['2022-03-07'] });
    const other = await open(published, '#feed-nothing');
    expect((await shown(other.page)).events).toEqual(ALL);
    expect(errors).toEqual([]);
  });

  it('without JavaScript every event shows, and the filter links stay hidden', async () => {
    const { page, requests } = await open(published, '#feed-calls', { javaScriptEnabled: false });
    expect((await shown(page)).events).toEqual(ALL);
    expect(await page.locator('.feed-show').first().isVisible()).toBe(false);
    expect(await page.locator('.feed-subscribe').first().isVisible()).toBe(true);
    expect(requests).toEqual([published.origin]);
  });
});
