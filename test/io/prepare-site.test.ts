// Preparing a rendered site for serving: ETags, variants and Last-Modified dates that stay truthful across rebuilds.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { prepareSite } from '../../src/io/prepare-site.js';
import { etagOf } from '../helpers/http.js';

const big = (word: string) => `BEGIN:VCALENDAR\r\n${`SUMMARY:${word}\r\n`.repeat(200)}END:VCALENDAR\r\n`;
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 100);

describe('prepareSite', () => {
  it('gives each file a strong ETag of its bytes and compresses only what gains from it', async () => {
    const site = await prepareSite(new Map([['calendar.ics', big('a')], ['events/x.ics', 'tiny']]), 3600, undefined, T0);
    const feed = site.files.get('calendar.ics')!;
    expect(feed.variants.map((v) => v.coding)).toEqual(['identity', 'br', 'gzip']);
    expect(feed.variants[0]!.etag).toBe(etagOf(big('a')));
    expect(new Set(feed.variants.map((v) => v.etag)).size).toBe(3);
    expect(gunzipSync(feed.variants[2]!.bytes).toString()).toBe(big('a'));
    expect(feed.cacheControl).toBe('public, max-age=3600');
    expect(site.files.get('events/x.ics')!.variants.map((v) => v.coding)).toEqual(['identity']);
  });

  it('keeps the date of an unchanged file and moves a changed one to a later second, even within the same second', async () => {
    const first = await prepareSite(new Map([['calendar.ics', big('a')], ['index.html', 'page']]), 3600, undefined, T0);
    const second = await prepareSite(new Map([['calendar.ics', big('b')], ['index.html', 'page']]), 3600, first, T0 + 300);
    expect(first.files.get('calendar.ics')!.lastModifiedMs).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(second.files.get('calendar.ics')!.lastModifiedMs).toBe(Date.UTC(2026, 0, 2, 3, 4, 6));
    expect(second.files.get('index.html')!.lastModifiedMs).toBe(first.files.get('index.html')!.lastModifiedMs);
    const later = await prepareSite(new Map([['calendar.ics', big('c')]]), 3600, second, T0 + 60_000);
    expect(later.files.get('calendar.ics')!.lastModifiedMs).toBe(Date.UTC(2026, 0, 2, 3, 5, 5));
  });
});
