// Preparing a rendered site for serving: ETags, variants and Last-Modified dates that stay truthful across rebuilds.
import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { prepareSite } from '../../src/io/prepare-site.js';
import { etagOf } from '../helpers/http.js';

const big = (word: string) => `BEGIN:VCALENDAR\r\n${`SUMMARY:${word}\r\n`.repeat(200)}END:VCALENDAR\r\n`;
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 100);

describe('prepareSite', () => {
  it('gives each file a strong ETag of its bytes and compresses only what gains from it', async () => {
    const site = prepareSite(new Map([['calendar.ics', big('a')], ['events/x.ics', 'tiny']]), 3600, undefined, T0);
    const feed = site.files.get('calendar.ics')!;
    expect(feed.codings).toEqual(['identity', 'br', 'gzip']);
    const variants = await Promise.all(feed.codings.map((coding) => feed.variant(coding)));
    expect(variants.map((v) => v.coding)).toEqual(['identity', 'br', 'gzip']);
    expect(variants[0]!.etag).toBe(etagOf(big('a')));
    expect(new Set(variants.map((v) => v.etag)).size).toBe(3);
    expect(gunzipSync(variants[2]!.bytes).toString()).toBe(big('a'));
    expect(brotliDecompressSync(variants[1]!.bytes).toString()).toBe(big('a'));
    expect(feed.cacheControl).toBe('public, max-age=3600');
    expect(site.files.get('events/x.ics')!.codings).toEqual(['identity']);
  });

  it('compresses a file once, when first asked, and a rebuild that leaves it unchanged keeps the copy', async () => {
    const first = prepareSite(new Map([['calendar.ics', big('a')]]), 3600, undefined, T0);
    const gzipped = await first.files.get('calendar.ics')!.variant('gzip');
    expect(await first.files.get('calendar.ics')!.variant('gzip')).toBe(gzipped);
    const second = prepareSite(new Map([['calendar.ics', big('a')]]), 7200, first, T0 + 1000);
    expect(await second.files.get('calendar.ics')!.variant('gzip')).toBe(gzipped);
    expect(second.files.get('calendar.ics')!.cacheControl).toBe('public, max-age=7200');
    const third = prepareSite(new Map([['calendar.ics', big('b')]]), 7200, second, T0 + 2000);
    expect(gunzipSync((await third.files.get('calendar.ics')!.variant('gzip')).bytes).toString()).toBe(big('b'));
  });

  it('never sends a compressed copy bigger than the file itself', async () => {
    // 1 KiB of random bytes as Latin-1 text: about as incompressible as a text file gets.
    const noise = String.fromCharCode(...randomBytes(1100));
    const site = prepareSite(new Map([['noise.txt', noise]]), 3600, undefined, T0);
    const file = site.files.get('noise.txt')!;
    for (const coding of file.codings) {
      const variant = await file.variant(coding);
      expect(variant.bytes.length).toBeLessThanOrEqual(file.identity.bytes.length);
      if (variant.coding === 'identity') expect(variant).toBe(file.identity);
    }
  });

  it('keeps the date of an unchanged file and moves a changed one to a later second, even within the same second', async () => {
    const first = prepareSite(new Map([['calendar.ics', big('a')], ['index.html', 'page']]), 3600, undefined, T0);
    const second = prepareSite(new Map([['calendar.ics', big('b')], ['index.html', 'page']]), 3600, first, T0 + 300);
    expect(first.files.get('calendar.ics')!.lastModifiedMs).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(second.files.get('calendar.ics')!.lastModifiedMs).toBe(Date.UTC(2026, 0, 2, 3, 4, 6));
    expect(second.files.get('index.html')!.lastModifiedMs).toBe(first.files.get('index.html')!.lastModifiedMs);
    const later = prepareSite(new Map([['calendar.ics', big('c')]]), 3600, second, T0 + 60_000);
    expect(later.files.get('calendar.ics')!.lastModifiedMs).toBe(Date.UTC(2026, 0, 2, 3, 5, 5));
  });
});
