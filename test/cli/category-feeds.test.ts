// Feeds of categories through the built bin: `calfeed build` writes feeds/<id>.ics beside the whole feed (and
// removes one no longer listed), a bad selection is a positioned problem that writes nothing, and `calfeed
// serve` serves each feed as it serves calendar.ics.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderWith, hashTree, runCli, ONLY_PLACEHOLDER_WARNINGS, withoutWarnings } from '../helpers/cli.js';
import { request, startServeProcess, type ServeProcess } from '../helpers/http.js';

const SOURCE = 'test/golden/category-feeds/events.yaml';
const DOMAIN = 'feeds.example.org';

const uids = (ics: string) => [...ics.matchAll(/^UID:(.*)\r$/gm)].map((m) => m[1]!.replace(`@${DOMAIN}`, ''));
const zoneIds = (ics: string) => [...ics.matchAll(/^BEGIN:VTIMEZONE\r\nTZID:(.*)\r$/gm)].map((m) => m[1]);

const started: ServeProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop('SIGKILL')));
});

describe('calfeed build with feeds of categories', () => {
  it('writes each feed with exactly its events, its name and the VTIMEZONEs its events need, and says so', () => {
    const dir = folderWith(SOURCE);
    const run = runCli(['build'], dir);
    expect(run.stderr).toMatch(ONLY_PLACEHOLDER_WARNINGS);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('wrote public/calendar.ics (6 events), index.html and events/*.ics, and 3 feeds of categories in feeds/\n');
    const read = (path: string) => readFileSync(join(dir, 'public', path), 'utf8');
    const whole = read('calendar.ics');
    const expected = {
      nato: { uids: ['nato-council', 'nato-weekly'], name: 'Category feeds — NATO', zones: ['Europe/Brussels'] },
      'geneva-vienna': { uids: ['geneva-round', 'vienna-council'], name: 'Category feeds — Geneva / Vienna', zones: [] },
      calls: { uids: ['weekly-call'], name: 'Category feeds — Phone call', zones: ['America/New_York'] },
    };
    for (const [id, feed] of Object.entries(expected)) {
      const text = read(`feeds/${id}.ics`);
      expect(uids(text), id).toEqual(feed.uids);
      expect(text).toContain(`\r\nNAME:${feed.name}\r\nX-WR-CALNAME:${feed.name}\r\n`);
      expect(text).toContain(`\r\nSOURCE;VALUE=URI:https://feeds.example.org/talks/feeds/${id}.ics\r\n`);
      expect(zoneIds(text), id).toEqual(feed.zones);
      // The same UIDs as the whole feed: a subscriber to both sees one event, not two.
      for (const uid of feed.uids) expect(uids(whole)).toContain(uid);
    }
    expect(zoneIds(whole)).toEqual(['America/New_York', 'Europe/Brussels']);
  });

  it('calfeed check says what each feed will hold', () => {
    const run = runCli(['check'], folderWith(SOURCE));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /\n\nfeeds of categories:\n {2}feeds\/nato\.ics: Category feeds — NATO \(2 events\)\n {2}feeds\/geneva-vienna\.ics: Category feeds — Geneva \/ Vienna \(2 events\)\n {2}feeds\/calls\.ics: Category feeds — Phone call \(1 event\)\n$/,
    );
  });

  it('a feed no longer listed is removed at the next build; the others stay', () => {
    const dir = folderWith(SOURCE);
    expect(runCli(['build'], dir).status).toBe(0);
    const path = join(dir, 'events.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/ {4}- id: calls\n {6}categories: \[Phone call\]\n/, ''));
    expect(runCli(['build'], dir).status).toBe(0);
    expect(existsSync(join(dir, 'public/feeds/calls.ics'))).toBe(false);
    expect(existsSync(join(dir, 'public/feeds/nato.ics'))).toBe(true);
  });

  it('a feed of a category no event has: exit 1, the problem where it is written, nothing written', () => {
    const dir = folderWith(SOURCE);
    expect(runCli(['build'], dir).status).toBe(0);
    const before = hashTree(join(dir, 'public'));
    const path = join(dir, 'events.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('categories: [NATO]\n    - id: geneva', 'categories: [Nato, NATOO]\n    - id: geneva'));
    const run = runCli(['build'], dir);
    expect(run.status).toBe(1);
    expect(withoutWarnings(run.stderr)).toBe(
      'events.yaml:11:26: error: calendar.feeds[0].categories[1]: no event has the category "NATOO"; did you mean `NATO`?\n' +
        '1 problem in events.yaml; nothing was written\n',
    );
    expect(hashTree(join(dir, 'public'))).toBe(before);
  });
});

describe('calfeed build with feeds: by-category', () => {
  it('publishes a feed per category; an edit that adds or drops a category adds or removes its feed, with the render cache warm too', () => {
    const dir = folderWith('events.yaml');
    const path = join(dir, 'events.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('  refresh: PT6H', '  feeds: by-category\n  refresh: PT6H'));
    const env = { CALFEED_CACHE_DIR: join(dir, 'cache') };
    const feeds = () => readdirSync(join(dir, 'public/feeds')).sort();
    const first = runCli(['build'], dir, env);
    expect(first).toMatchObject({ status: 0, stderr: expect.stringMatching(ONLY_PLACEHOLDER_WARNINGS) });
    expect(first.stdout).toContain('and 9 feeds of categories in feeds/');
    expect(feeds()).toEqual(['brussels.ics', 'geneva.ics', 'nato.ics', 'osce.ics', 'phone-call.ics', 'russia.ics', 'ukraine.ics', 'us.ics', 'vienna.ics']);
    const russia = readFileSync(join(dir, 'public/feeds/russia.ics'), 'utf8');
    expect(uids(russia).map((uid) => uid.replace('@talks.example.org', ''))).toHaveLength(5);
    // The OSCE round is the only OSCE event: tagged Helsinki instead, the OSCE feed goes and a Helsinki one comes.
    writeFileSync(path, readFileSync(path, 'utf8').replace('categories: [OSCE', 'categories: [Helsinki'));
    expect(runCli(['build'], dir, env).status).toBe(0);
    expect(feeds()).toEqual(['brussels.ics', 'geneva.ics', 'helsinki.ics', 'nato.ics', 'phone-call.ics', 'russia.ics', 'ukraine.ics', 'us.ics', 'vienna.ics']);
    // The same as a build without the cache.
    const cold = runCli(['build', '--out', 'cold'], dir, { CALFEED_CACHE: 'off' });
    expect(cold.status).toBe(0);
    for (const feed of feeds()) expect(readFileSync(join(dir, 'cold/feeds', feed), 'utf8')).toBe(readFileSync(join(dir, 'public/feeds', feed), 'utf8'));
  });
});

describe('calfeed serve with feeds of categories', () => {
  it('serves each feed at /feeds/<id>.ics as text/calendar and prints its address', async () => {
    const dir = folderWith(SOURCE);
    const serve = await startServeProcess(dir, ['--port', '0']);
    started.push(serve);
    const { port } = new URL(serve.feedUrl);
    expect(serve.stdout()).toContain(`  category:  webcal://127.0.0.1:${port}/feeds/nato.ics\n`);
    const res = await request(`http://127.0.0.1:${port}/feeds/nato.ics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.body.toString('utf8')).toBe(readFileSync(join(dir, 'public/feeds/nato.ics'), 'utf8'));
    expect((await request(`http://127.0.0.1:${port}/feeds/none.ics`)).status).toBe(404);
    expect(await serve.stop('SIGTERM')).toBe(0);
  });
});
