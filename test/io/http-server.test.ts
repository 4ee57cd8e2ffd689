// The feed over real HTTP on 127.0.0.1: status codes, validators, conditional requests, compression,
// and that nothing but the rendered site is ever served, whatever the request target looks like.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCalendar, type Site } from '../../src/core/pipeline.js';
import { SLICE_BYTES } from '../../src/io/paced-connection.js';
import { closeServer, createSiteServer, formatLogTime, listen, MAX_TARGET_LENGTH, MAX_UNREAD_REPLIES, routeRequest } from '../../src/io/http-server.js';
import { prepareSite, type PreparedSite } from '../../src/io/prepare-site.js';
import { ROOT } from '../helpers/cli.js';
import { etagOf, rawRequest, request } from '../helpers/http.js';
import { renderSiteAfresh } from '../helpers/render.js';

const STAMP_MS = Date.UTC(2022, 0, 14, 12);
const BUILT_MS = Date.UTC(2026, 0, 2, 3, 4, 5, 600);
let site: Site;
let prepared: PreparedSite;
let server: Server;
let port = 0;
let base = '';
const logLines: string[] = [];
const errors: unknown[] = [];

beforeAll(async () => {
  const parsed = parseCalendar(readFileSync(join(ROOT, 'events.yaml')));
  if (!parsed.ok) throw new Error('the shipped events.yaml is invalid');
  site = renderSiteAfresh(parsed.value, STAMP_MS);
  prepared = prepareSite(site, parsed.value.calendar.refreshSeconds, undefined, BUILT_MS);
  // As serve does once a build is served: the compressed copies are made before these tests ask for them.
  await Promise.all([...prepared.files.values()].flatMap((file) => file.codings.map((coding) => file.variant(coding))));
  server = createSiteServer({ site: () => prepared, log: (line) => logLines.push(line), onError: (error) => errors.push(error) });
  const listening = await listen(server, 0, '127.0.0.1');
  if (!listening.ok) throw new Error(listening.reason);
  port = listening.port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => closeServer(server));

const feed = () => Buffer.from(site.get('calendar.ics')!, 'utf8');
const LAST_MODIFIED = 'Fri, 02 Jan 2026 03:04:05 GMT';

describe('GET and HEAD /calendar.ics', () => {
  it('is 200 text/calendar with the feed, a strong ETag of its bytes, Last-Modified and the refresh interval as max-age', async () => {
    const res = await request(`${base}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.body.equals(feed())).toBe(true);
    expect(res.headers.etag).toBe(etagOf(feed()));
    expect(res.headers['last-modified']).toBe(LAST_MODIFIED);
    expect(res.headers['cache-control']).toBe('public, max-age=21600'); // refresh: PT6H
    expect(res.headers['content-length']).toBe(String(feed().length));
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('is text/calendar whatever the Accept header says, or without one', async () => {
    for (const accept of ['text/html', 'application/json', '*/*', 'text/calendar;q=0']) {
      const res = await request(`${base}/calendar.ics`, { headers: { Accept: accept } });
      expect([accept, res.status, res.headers['content-type']]).toEqual([accept, 200, 'text/calendar; charset=utf-8']);
    }
  });

  it('ignores a query string (cache busters some clients add)', async () => {
    const res = await request(`${base}/calendar.ics?t=1642161600`);
    expect(res.status).toBe(200);
    expect(res.body.equals(feed())).toBe(true);
  });

  it('HEAD has the same headers and no body', async () => {
    const get = await request(`${base}/calendar.ics`);
    const head = await request(`${base}/calendar.ics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ['content-type', 'content-length', 'etag', 'last-modified', 'cache-control']) expect(head.headers[name]).toBe(get.headers[name]);
  });
});

describe('conditional requests', () => {
  it('If-None-Match with the ETag is 304 with the validators and no body, for GET and HEAD', async () => {
    for (const method of ['GET', 'HEAD']) {
      const res = await request(`${base}/calendar.ics`, { method, headers: { 'If-None-Match': etagOf(feed()) } });
      expect(res.status).toBe(304);
      expect(res.body.length).toBe(0);
      expect(res.headers.etag).toBe(etagOf(feed()));
      expect(res.headers['cache-control']).toBe('public, max-age=21600');
    }
  });

  it('If-None-Match matches within a list and weakly (RFC 9110 §13.1.2), and * matches', async () => {
    for (const tags of [`"other", ${etagOf(feed())}`, `W/${etagOf(feed())}`, '*']) {
      expect((await request(`${base}/calendar.ics`, { headers: { 'If-None-Match': tags } })).status).toBe(304);
    }
  });

  it('a different ETag gets the full feed', async () => {
    const res = await request(`${base}/calendar.ics`, { headers: { 'If-None-Match': '"an-older-feed"' } });
    expect(res.status).toBe(200);
    expect(res.body.equals(feed())).toBe(true);
  });

  it('If-Modified-Since at or after Last-Modified is 304; before it, 200', async () => {
    const at = async (date: string) => (await request(`${base}/calendar.ics`, { headers: { 'If-Modified-Since': date } })).status;
    expect(await at(LAST_MODIFIED)).toBe(304);
    expect(await at('Sat, 03 Jan 2026 00:00:00 GMT')).toBe(304);
    expect(await at('Fri, 02 Jan 2026 03:04:04 GMT')).toBe(200);
    expect(await at('not a date')).toBe(200);
  });

  it('If-None-Match takes precedence over If-Modified-Since', async () => {
    const res = await request(`${base}/calendar.ics`, { headers: { 'If-None-Match': '"an-older-feed"', 'If-Modified-Since': LAST_MODIFIED } });
    expect(res.status).toBe(200);
  });
});

describe('compression', () => {
  it('gzip when asked: smaller, decodes to the feed, its own strong ETag, Vary: Accept-Encoding', async () => {
    const res = await request(`${base}/calendar.ics`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.body.length).toBeLessThan(feed().length / 2);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(gunzipSync(res.body).equals(feed())).toBe(true);
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{43}-gzip"$/);
    const again = await request(`${base}/calendar.ics`, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': res.headers.etag! } });
    expect([again.status, again.headers['etag'], again.headers.vary]).toEqual([304, res.headers.etag, 'Accept-Encoding']);
  });

  it('br when the client prefers it; ties go to the client’s order', async () => {
    const br = await request(`${base}/calendar.ics`, { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(feed())).toBe(true);
    expect((await request(`${base}/calendar.ics`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } })).headers['content-encoding']).toBe('gzip');
    expect((await request(`${base}/calendar.ics`, { headers: { 'Accept-Encoding': 'gzip;q=0.5, br' } })).headers['content-encoding']).toBe('br');
  });

  it('identity without Accept-Encoding, for codings it cannot do, and when gzip is refused', async () => {
    for (const accept of [undefined, 'deflate', 'gzip;q=0, br;q=0', 'identity']) {
      const res = await request(`${base}/calendar.ics`, { headers: accept ? { 'Accept-Encoding': accept } : {} });
      expect([accept, res.headers['content-encoding'], res.body.equals(feed())]).toEqual([accept, undefined, true]);
    }
  });
});

describe('just after a rebuild, before the compressed copies are made', () => {
  it('a client that accepts the file as it is gets it at once; one that refuses that waits for the compression', async () => {
    const fresh = prepareSite(site, 3600, undefined, BUILT_MS);
    const other = createSiteServer({ site: () => fresh, log: () => {}, onError: (error) => errors.push(error) });
    const listening = await listen(other, 0, '127.0.0.1');
    if (!listening.ok) throw new Error(listening.reason);
    try {
      const url = `http://127.0.0.1:${listening.port}/calendar.ics`;
      const first = await request(url, { headers: { 'Accept-Encoding': 'gzip' } });
      expect([first.headers['content-encoding'], first.headers.etag, first.headers.vary]).toEqual([undefined, etagOf(site.get('calendar.ics')!), 'Accept-Encoding']);
      expect(first.body.equals(feed())).toBe(true);
      // That request started the compression; once made, it is what gzip clients get...
      await fresh.files.get('calendar.ics')!.variant('gzip');
      expect((await request(url, { headers: { 'Accept-Encoding': 'gzip' } })).headers['content-encoding']).toBe('gzip');
      // ...but the client holding the copy as it is keeps it: 304 for that one, not the whole feed again in gzip.
      const again = await request(url, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': first.headers.etag! } });
      expect([again.status, again.headers.etag, again.body.length]).toEqual([304, first.headers.etag, 0]);
      const strict = await request(url, { headers: { 'Accept-Encoding': 'br, identity;q=0' } });
      expect(strict.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(strict.body).equals(feed())).toBe(true);
    } finally {
      await closeServer(other);
    }
  });
});

describe('the other files', () => {
  it('/ is the agenda page, as is /index.html', async () => {
    for (const path of ['/', '/index.html']) {
      const res = await request(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body.toString('utf8')).toBe(site.get('index.html'));
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('/events/<id>.ics is that event alone', async () => {
    const res = await request(`${base}/events/nato-russia-council-2022-01-12.ics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.body.toString('utf8')).toBe(site.get('events/nato-russia-council-2022-01-12.ics'));
    expect(res.body.toString('utf8').match(/BEGIN:VEVENT/g)).toHaveLength(1);
  });

  it('anything else is 404', async () => {
    for (const path of ['/nope', '/calendar.ICS', '/events/', '/events', '/events/nope.ics', '/events.yaml', '/public/calendar.ics', '/favicon.ico']) {
      const res = await request(`${base}${path}`);
      expect([path, res.status]).toEqual([path, 404]);
    }
  });

  it('methods other than GET and HEAD are 405 with Allow', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await request(`${base}/calendar.ics`, { method });
      expect([method, res.status, res.headers.allow]).toEqual([method, 405, 'GET, HEAD']);
    }
  });
});

describe('nothing outside the rendered site is served', () => {
  // Raw request lines, byte for byte: no client library would send most of these.
  const attempts: [string, number][] = [
    ['/../events.yaml', 404],
    ['/events/../../events.yaml', 404],
    ['/events/../calendar.ics', 404],
    ['/./calendar.ics', 404],
    ['/%2e%2e/events.yaml', 404],
    ['/%2E%2E%2Fevents.yaml', 404],
    ['/events/%2e%2e%2f%2e%2e%2fetc%2fpasswd', 404],
    ['/..%2f..%2f..%2fetc%2fpasswd', 404],
    ['/%252e%252e/events.yaml', 404],
    ['/..\\..\\events.yaml', 404],
    ['/events\\..\\calendar.ics', 404],
    ['/%5c..%5cevents.yaml', 404],
    // An encoded slash names the same file as a real one would, but is refused, as the README says.
    ['/events%2fgeneva-ssd-2022-01-10.ics', 404],
    ['/events%2Fgeneva-ssd-2022-01-10.ics', 404],
    ['/calendar.ics%00.html', 404],
    ['/calendar.ics%00', 404],
    ['//etc/passwd', 404],
    ['/etc/passwd', 404],
    ['/C:/Windows/win.ini', 404],
    ['/%ff%fe', 400],
    ['/%', 400],
    ['calendar.ics', 400],
    [`/${'a/'.repeat(MAX_TARGET_LENGTH)}calendar.ics`, 414],
  ];
  it.each(attempts)('GET %s is %i, with no file in the answer', async (target, status) => {
    const res = await rawRequest(port, `GET ${target} HTTP/1.1`);
    expect(res.status).toBe(status);
    expect(res.text).not.toMatch(/BEGIN:VCALENDAR|calendar:|root:|\[fonts\]/);
  });

  it('a client that sends many requests and does not read the replies is cut off; others are answered', async () => {
    const requests = 'GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(1500); // about 60 KB, pipelined
    let parsed = 0;
    const countParsed = () => parsed++;
    server.on('request', countParsed);
    const greedy = Array.from({ length: 5 }, () => {
      const socket = connect(port, '127.0.0.1');
      socket.pause(); // reads no reply, for now
      socket.on('error', () => {});
      socket.write(requests);
      return socket;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Meanwhile another client is answered.
    const res = await request(`${base}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.body.equals(feed())).toBe(true);
    // Read now: each connection was closed after MAX_UNREAD_REPLIES replies, not held open with 1,500 (30 MB).
    const replies = await Promise.all(
      greedy.map(
        (socket) =>
          new Promise<number>((resolve) => {
            let text = '';
            socket.setEncoding('latin1').on('data', (chunk: string) => (text += chunk));
            socket.once('close', () => resolve(text.split('HTTP/1.1 200 OK').length - 1));
            socket.resume();
          }),
      ),
    );
    for (const count of replies) expect(count).toBeLessThanOrEqual(MAX_UNREAD_REPLIES);
    // And none was parsed much further than its limit: node:http alone would have made all 7,500 requests
    // into objects, the memory this attack is about (paced-connection.ts); one slice holds ~100 of them.
    server.off('request', countParsed);
    expect(parsed).toBeLessThan(5 * (MAX_UNREAD_REPLIES + Math.ceil(SLICE_BYTES / 40)) + 1);
  });

  it('a raw NUL or a path beyond Node’s header limit is refused before it reaches the handler', async () => {
    expect((await rawRequest(port, 'GET /calendar.ics\0 HTTP/1.1')).status).toBe(400);
    expect((await rawRequest(port, `GET /${'x'.repeat(20_000)} HTTP/1.1`)).status).toBe(431);
  });

  it('routes only generated names (unit)', () => {
    expect(routeRequest('/')).toEqual({ path: 'index.html' });
    expect(routeRequest('http://x?')).toEqual({ path: 'index.html' });
    expect(routeRequest('http://127.0.0.1:8080/calendar.ics?x')).toEqual({ path: 'calendar.ics' });
    expect(routeRequest('/events/a.b_c-1.ics?x#y')).toEqual({ path: 'events/a.b_c-1.ics' });
    expect(routeRequest('http://example.org/calendar.ics')).toEqual({ path: 'calendar.ics' });
    expect(routeRequest('/events/%61.ics')).toEqual({ path: 'events/a.ics' });
    expect(routeRequest('/a/%2e%2e/b')).toEqual({ status: 404 });
  });
});

describe('connections, handed to node:http a slice at a time', () => {
  it('a request whose headers span several slices is answered', async () => {
    const cookie = 'c'.repeat(3 * SLICE_BYTES);
    const res = await request(`${base}/calendar.ics`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    expect(res.body.equals(feed())).toBe(true);
  });

  it('pipelined requests read as they come are all answered, in order', async () => {
    const paths = ['/calendar.ics', '/nope', '/index.html', '/calendar.ics'];
    const socket = connect(port, '127.0.0.1');
    socket.write(paths.map((path) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`).join('') + 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const text = await new Promise<string>((resolve) => {
      let received = '';
      socket.setEncoding('latin1').on('data', (chunk: string) => (received += chunk));
      socket.once('close', () => resolve(received));
    });
    expect([...text.matchAll(/^HTTP\/1\.1 (\d+)/gm)].map((m) => m[1])).toEqual(['200', '404', '200', '200', '200']);
  });

  it('a connection idle for the server’s timeout is closed', async () => {
    const timeout = server.timeout;
    server.timeout = 200;
    try {
      const socket = connect(port, '127.0.0.1');
      const started = Date.now();
      await new Promise((resolve) => socket.once('close', resolve).on('error', () => {}));
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      server.timeout = timeout;
    }
  });
});

describe('the request log', () => {
  it('writes one line per request in Combined Log Format, with quotes in headers escaped', async () => {
    const before = logLines.length;
    await request(`${base}/calendar.ics`, { headers: { 'User-Agent': 'agent "with quotes"', Referer: 'http://example.org/' } });
    await request(`${base}/nope`);
    const lines = logLines.slice(before);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^127\\.0\\.0\\.1 - - \\[\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\\] "GET /calendar\\.ics HTTP/1\\.1" 200 ${feed().length} "http://example\\.org/" "agent \\\\"with quotes\\\\""$`),
    );
    expect(lines[1]).toMatch(/"GET \/nope HTTP\/1\.1" 404 10 "-" "-"$/);
    expect(errors).toEqual([]);
  });

  it('dates log lines in the host zone with its offset (Chatham is +13:45 in January)', () => {
    expect(process.env.TZ).toBe('Pacific/Chatham');
    expect(formatLogTime(new Date(Date.UTC(2022, 0, 10, 7, 55, 3)))).toBe('10/Jan/2022:21:40:03 +1345');
  });
});
