// `calfeed serve` in-process: it serves what it wrote, rebuilds on edits (also saves by rename), keeps
// the last good feed while the file is invalid, never serves a torn feed during a rebuild, stops cleanly.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExitCode } from '../../src/commands/context.js';
import { runServe } from '../../src/commands/serve.js';
import { parseCalendar } from '../../src/core/pipeline.js';
import { CLI_STAMP_SECONDS, folderWith, hashTree, ONLY_PLACEHOLDER_WARNINGS, ROOT } from '../helpers/cli.js';
import { etagOf, request, waitFor } from '../helpers/http.js';
import { renderSiteAfresh } from '../helpers/render.js';

const SHIPPED = readFileSync(join(ROOT, 'events.yaml'), 'utf8');
const MOVED_TITLE = 'NATO–Russia Council (moved to 11:00)';
const EDITED = SHIPPED.replace('title: NATO–Russia Council\n    start: 2022-01-12 10:00', `title: ${MOVED_TITLE}\n    start: 2022-01-12 11:00`);
const BROKEN = SHIPPED.replace('start: 2022-01-12 10:00', 'start: 2022-03-27 02:30').replace('    location: NATO Headquarters', '    loaction: NATO Headquarters');

/** The feed the pipeline renders for this text, with the fixed stamp the server is given. */
const feedOf = (yaml: string) => {
  const parsed = parseCalendar(new TextEncoder().encode(yaml));
  if (!parsed.ok) throw new Error('expected a valid calendar');
  return renderSiteAfresh(parsed.value, Number(CLI_STAMP_SECONDS) * 1000).get('calendar.ics')!;
};

interface Running {
  dir: string;
  feedUrl: string;
  out: () => string;
  err: () => string;
  stop: () => Promise<ExitCode>;
}

async function serveInProcess(): Promise<Running> {
  const dir = folderWith('events.yaml');
  let out = '';
  let err = '';
  const controller = new AbortController();
  const context = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env: { SOURCE_DATE_EPOCH: CLI_STAMP_SECONDS }, cwd: dir, now: Date.now };
  const done = runServe(join(dir, 'events.yaml'), { outDir: join(dir, 'public'), port: 0, host: '127.0.0.1', stop: controller.signal, debounceMs: 50 }, context);
  const feedUrl = await waitFor('the feed address', () => /feed: +(\S+)/.exec(out)?.[1]);
  return { dir, feedUrl, out: () => out, err: () => err, stop: () => (controller.abort(), done) };
}

const edit = (dir: string, text: string) => writeFileSync(join(dir, 'events.yaml'), text);

/** Polls the feed (5 s at most) until it is `text`; returns the response. */
const servedAs = (url: string, text: string) =>
  waitFor('the feed to become the expected version', async () => {
    const res = await request(url);
    return res.body.toString('utf8') === text ? res : undefined;
  });

describe('calfeed serve (in-process)', () => {
  let running: Running;
  const A = feedOf(SHIPPED);
  const B = feedOf(EDITED);
  beforeAll(async () => {
    running = await serveInProcess();
  });
  afterAll(async () => {
    await running.stop();
  });

  it('serves the feed it wrote to the output folder, and prints where', async () => {
    expect(running.feedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/calendar\.ics$/);
    expect(running.out()).toContain(`subscribe: ${running.feedUrl.replace('http:', 'webcal:')}`);
    const res = await request(running.feedUrl);
    expect(res.body.toString('utf8')).toBe(A);
    expect(readFileSync(join(running.dir, 'public/calendar.ics'), 'utf8')).toBe(A);
    expect(running.err()).toMatch(ONLY_PLACEHOLDER_WARNINGS);
  });

  it('rebuilds in-process when events.yaml changes: new ETag, new files on disk', async () => {
    const before = await request(running.feedUrl);
    edit(running.dir, EDITED);
    const after = await servedAs(running.feedUrl, B);
    expect(after.headers.etag).toBe(etagOf(B));
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(new Date(after.headers['last-modified']!).getTime()).toBeGreaterThanOrEqual(new Date(before.headers['last-modified']!).getTime());
    expect(running.out()).toMatch(/events\.yaml changed: rebuilt, serving 6 events/);
    // Served first, then written to the output folder.
    await waitFor('the output folder to hold the new feed', () => readFileSync(join(running.dir, 'public/calendar.ics'), 'utf8') === B || undefined);
    expect(readFileSync(join(running.dir, 'public/events/nato-russia-council-2022-01-12.ics'), 'utf8')).toContain(MOVED_TITLE);
    // Neither old validator gets a 304, even when the rebuild fell within the second the old feed was dated.
    expect((await request(running.feedUrl, { headers: { 'If-None-Match': before.headers.etag! } })).status).toBe(200);
    const byDate = await request(running.feedUrl, { headers: { 'If-Modified-Since': before.headers['last-modified']! } });
    expect([byDate.status, byDate.body.toString('utf8') === B]).toEqual([200, true]);
  });

  it('follows saves by rename (new inode), twice in a row', async () => {
    for (const [text, feed] of [[SHIPPED, A], [EDITED, B]] as const) {
      const temporary = join(running.dir, '.events.yaml.swp');
      writeFileSync(temporary, text);
      renameSync(temporary, join(running.dir, 'events.yaml'));
      await servedAs(running.feedUrl, feed);
    }
  });

  it('keeps serving the last good feed while the file is invalid, logs positioned errors, and recovers', async () => {
    await servedAs(running.feedUrl, B);
    // The feed is moved in last, and the folder's lock let go once the build is whole.
    await waitFor('the output folder to hold the feed served', () => (readFileSync(join(running.dir, 'public/calendar.ics'), 'utf8') === B && !existsSync(join(running.dir, 'public/.calfeed.lock'))) || undefined);
    const published = hashTree(join(running.dir, 'public'));
    const errBefore = running.err().length;
    edit(running.dir, BROKEN);
    const report = await waitFor('the error report', () => {
      const text = running.err().slice(errBefore);
      return text.includes('still serving the last good feed') ? text : undefined;
    });
    expect(report).toMatch(/^events\.yaml:127:12: error: events\[4\]\.start: 2022-03-27 02:30 does not exist in Europe\/Brussels/m);
    expect(report).toMatch(/^events\.yaml:130:5: error: events\[4\]\.loaction: unknown key `loaction`/m);
    expect(report).not.toMatch(/\n\s+at /);
    const during = await request(running.feedUrl);
    expect([during.status, during.body.toString('utf8') === B]).toEqual([200, true]);
    expect(hashTree(join(running.dir, 'public'))).toBe(published);

    edit(running.dir, SHIPPED);
    await servedAs(running.feedUrl, A);
  });

  it('never serves a torn or mixed response while rebuilding (bounded request loops across 8 rebuilds)', async () => {
    await servedAs(running.feedUrl, A);
    const valid = new Map([[etagOf(A), A], [etagOf(B), B]]);
    const seen = new Set<string>();
    const problems: string[] = [];
    let writing = true;
    let requests = 0;
    const deadline = Date.now() + 15_000;

    // Four clients, two asking for gzip: every body must be a whole feed, and the ETag must be that body's.
    const client = async (gzip: boolean) => {
      while (writing && requests < 4000 && Date.now() < deadline) {
        requests++;
        const res = await request(running.feedUrl, { headers: gzip ? { 'Accept-Encoding': 'gzip' } : {} });
        // Just after a rebuild, before its gzip copy is made, a gzip client gets the feed as it is.
        const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.body).toString('utf8') : res.body.toString('utf8');
        const etag = String(res.headers.etag).replace(/-gzip"$/, '"');
        if (res.status !== 200 || valid.get(etag) !== body) problems.push(`${res.status} ${res.headers.etag} ${body.length} bytes`);
        else seen.add(etag);
      }
    };
    const writer = async () => {
      try {
        for (let i = 0; i < 8; i++) {
          const [text, feed] = i % 2 === 0 ? [EDITED, B] : [SHIPPED, A];
          edit(running.dir, text); // written in place: the watcher may even see the empty, truncated file
          await servedAs(running.feedUrl, feed);
        }
      } finally {
        writing = false;
      }
    };
    await Promise.all([writer(), client(false), client(false), client(true), client(true)]);
    expect(problems).toEqual([]);
    expect(seen).toEqual(new Set(valid.keys()));
    expect(requests).toBeGreaterThan(40);
    expect(Date.now()).toBeLessThan(deadline);
  });

  it('an editor that truncates the file and writes it a moment later: the empty file is no calendar, and no error is printed', async () => {
    await servedAs(running.feedUrl, A);
    const errorsBefore = running.err();
    const served = new Set<string>();
    let saving = true;
    const poller = (async () => {
      while (saving) {
        served.add((await request(running.feedUrl)).body.toString('utf8'));
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    })();
    const path = join(running.dir, 'events.yaml');
    for (let round = 0; round < 4; round++) {
      writeFileSync(path, '');
      // Longer than the quiet window (50 ms): a rebuild reads the empty file.
      await new Promise((resolve) => setTimeout(resolve, 120));
      writeFileSync(path, round % 2 === 0 ? EDITED : SHIPPED);
      await servedAs(running.feedUrl, round % 2 === 0 ? B : A);
    }
    saving = false;
    await poller;
    expect([...served].filter((feed) => feed !== A && feed !== B)).toEqual([]);
    expect(running.err().slice(errorsBefore.length)).toBe('');
  });

  it('serves an edit saved while it was starting up', async () => {
    const dir = folderWith('events.yaml');
    let out = '';
    const controller = new AbortController();
    const context = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => true }, env: { SOURCE_DATE_EPOCH: CLI_STAMP_SECONDS }, cwd: dir, now: Date.now };
    // No debounce: the change event arrives while the first build is still under way.
    const done = runServe(join(dir, 'events.yaml'), { outDir: join(dir, 'public'), port: 0, host: '127.0.0.1', stop: controller.signal, debounceMs: 0 }, context);
    // The first build has read the file by the time it renders; save in the middle of that.
    await new Promise((resolve) => setTimeout(resolve, 30));
    edit(dir, EDITED);
    try {
      const feedUrl = await waitFor('the feed address', () => /feed: +(\S+)/.exec(out)?.[1]);
      await servedAs(feedUrl, B);
    } finally {
      controller.abort();
      await done;
    }
  });

  it('stops on its signal: exit 0, port closed', async () => {
    const other = await serveInProcess();
    expect((await request(other.feedUrl)).status).toBe(200);
    expect(await other.stop()).toBe(0);
    expect(other.out()).toMatch(/stopped\n$/);
    await expect(request(other.feedUrl, { newConnection: true })).rejects.toThrow(/ECONNREFUSED/);
  });
});
