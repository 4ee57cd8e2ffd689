// HTTP for the prepared site: GET and HEAD of the files it holds, conditional (304) and compressed; nothing else.
//
// node:http rather than a framework or a static-file server (send, serve-static): what is served is an
// in-memory snapshot swapped whole on rebuild, which those cannot serve, and the routing is a map
// lookup. The two parts with RFC subtleties come from the jshttp libraries that Express itself uses:
// `fresh` evaluates If-None-Match / If-Modified-Since (weak comparison, `*`, lists, the precedence of
// If-None-Match), `negotiator` reads Accept-Encoding (q-values, `*`, `identity;q=0`). Compression is
// node:zlib, done at most once per build and file in prepare-site.ts, not per response as the
// `compression` middleware does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import fresh from 'fresh';
import Negotiator from 'negotiator';
import { PacedConnection } from './paced-connection.js';
import { compressedEtag, type Coding, type PreparedFile, type PreparedSite, type Variant } from './prepare-site.js';

export interface SiteServerOptions {
  /** Read once per request: a rebuild swaps the whole site, so one response is all old or all new. */
  site: () => PreparedSite;
  /** One line per request, in Combined Log Format. */
  log: (line: string) => void;
  /** A bug in the handler: the request gets a 500, the server keeps serving. */
  onError: (error: unknown) => void;
}

/** Longer request targets get 414; Node itself refuses any above its 16 KiB header limit with 431. */
export const MAX_TARGET_LENGTH = 2048;
const ALLOWED_METHODS = 'GET, HEAD';

/**
 * The most replies one connection may have under way, unread by its client. A client that sends many
 * requests at once (pipelined) and never reads the replies would otherwise make the server hold every reply
 * in memory: 100 such connections of 60 KB of requests each grew it past 1.3 GB. Past this, its connection
 * is closed. Calendar apps send one request at a time.
 */
export const MAX_UNREAD_REPLIES = 16;

/** Replies started and not yet finished, per connection. */
const underWay = new WeakMap<object, number>();

export function createSiteServer(options: SiteServerOptions): Server {
  const server = createServer(async (req, res) => {
    const socket = req.socket;
    const replies = (underWay.get(socket) ?? 0) + 1;
    if (replies > MAX_UNREAD_REPLIES) {
      socket.destroy();
      return;
    }
    underWay.set(socket, replies);
    res.once('close', () => underWay.set(socket, (underWay.get(socket) ?? 1) - 1));
    res.once('close', () => options.log(formatLogLine(req, res, res.writableFinished ? (bodyBytes.get(res) ?? 0) : undefined, new Date())));
    try {
      await respond(req, res, options.site());
    } catch (error) {
      options.onError(error);
      if (!res.headersSent) sendText(req, res, 500, 'internal error\n');
      else res.destroy();
    }
  });
  // node:http parses each connection through its own 'connection' listener: it is handed the connection
  // paced, so that one closed for unread replies is parsed no further (paced-connection.ts).
  const parseConnection = server.listeners('connection');
  if (parseConnection.length !== 1) throw new Error(`node:http's server has ${parseConnection.length} connection listeners, expected 1`);
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => parseConnection[0]!.call(server, new PacedConnection(socket)));
  // A slow or stuck client must not hold a connection forever (Node's defaults are minutes), nor one that
  // stopped reading: a connection with nothing sent or received for 30 s is closed.
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  server.setTimeout(30_000, (socket) => socket.destroy());
  return server;
}

/** The body bytes each response sent, for its log line (HEAD and 304 send none). */
const bodyBytes = new WeakMap<ServerResponse, number>();

/** Answers one request from one site snapshot. */
async function respond(req: IncomingMessage, res: ServerResponse, site: PreparedSite): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(req, res, 405, 'method not allowed: use GET or HEAD\n', { Allow: ALLOWED_METHODS });
  const route = routeRequest(req.url ?? '/');
  if ('status' in route) return sendText(req, res, route.status, route.status === 414 ? 'request target too long\n' : route.status === 400 ? 'bad request\n' : 'not found\n');
  const file = site.files.get(route.path);
  if (!file) return sendText(req, res, 404, 'not found\n');

  const nowMs = Date.now();
  const headersFor = (etag: string): Record<string, string | number> => ({
    'Cache-Control': file.cacheControl,
    ETag: etag,
    // RFC 9110 §8.8.2.1: never a date later than the response's own; see prepare-site.ts for why
    // the stored date may be a second ahead. Comparisons below use the stored date.
    'Last-Modified': new Date(Math.min(file.lastModifiedMs, nowMs)).toUTCString(),
    ...(file.codings.length > 1 ? { Vary: 'Accept-Encoding' } : {}),
  });
  const lastModified = new Date(file.lastModifiedMs).toUTCString();
  // A client that holds a current copy in any coding it accepts keeps it (RFC 9110 §13.1.2: the selected
  // representation is the one it has), whichever copy it would get now: say, the file as it is, sent
  // while its compressed copy was being made, and asked again with gzip.
  if (req.headers['if-none-match'] !== undefined) {
    for (const coding of acceptedCodings(file, req)) {
      const etag = coding === 'identity' ? file.identity.etag : compressedEtag(file, coding);
      if (fresh(req.headers, { etag, 'last-modified': lastModified })) {
        res.writeHead(304, headersFor(etag)).end();
        return;
      }
    }
  }
  const variant = await variantFor(file, req);
  const headers = headersFor(variant.etag);
  if (fresh(req.headers, { etag: variant.etag, 'last-modified': lastModified })) {
    res.writeHead(304, headers).end();
    return;
  }
  headers['Content-Type'] = file.contentType;
  headers['Content-Length'] = variant.bytes.length;
  headers['X-Content-Type-Options'] = 'nosniff';
  if (variant.coding !== 'identity') headers['Content-Encoding'] = variant.coding;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  bodyBytes.set(res, variant.bytes.length);
  res.end(variant.bytes);
}

/**
 * The best coding the client accepts, if it is made; while it is being compressed (just after a rebuild),
 * the file as it is, when the client accepts that: a new feed goes out at once, compressed or not. A client
 * that refuses identity waits for the compression.
 */
async function variantFor(file: PreparedFile, req: IncomingMessage): Promise<Variant> {
  const coding = chooseCoding(file, req);
  const made = file.made(coding);
  if (made) return made;
  const waiting = file.variant(coding);
  return new Negotiator(req).encoding(['identity']) === 'identity' ? file.identity : waiting;
}

/** The codings of the file the client accepts, best first. */
function acceptedCodings(file: PreparedFile, req: IncomingMessage): Coding[] {
  return file.codings.length === 1 ? ['identity'] : (new Negotiator(req).encodings([...file.codings]) as Coding[]);
}

function chooseCoding(file: PreparedFile, req: IncomingMessage): Coding {
  if (file.codings.length === 1) return 'identity';
  // Ties go to the client's own order (gzip for "gzip, deflate, br"); none acceptable → identity anyway (RFC 9110 §12.5.3).
  return (new Negotiator(req).encoding([...file.codings]) as Coding | undefined) ?? 'identity';
}

export type Route = { path: string } | { status: 400 | 404 | 414 };

/**
 * A request target → the site path it names (`/` is the page), or the status that refuses it.
 * The site is a map of generated names, so no lookup can leave it whatever the encoding; names with
 * dot segments, empty segments, backslashes or control characters are refused here all the same, so
 * that stays true if files are ever read from a disk.
 */
export function routeRequest(target: string): Route {
  if (target.length > MAX_TARGET_LENGTH) return { status: 414 };
  // absolute-form (RFC 9112 §3.2.2), which a server must accept: keep only the path.
  // An empty path there is "/" (RFC 9110 §4.2.3): `GET http://host?x` asks for the page.
  const authority = /^https?:\/\/[^/?#]*/i.exec(target);
  const rest = authority ? target.slice(authority[0].length) : target;
  const end = rest.search(/[?#]/);
  const rawPath = (end === -1 ? rest : rest.slice(0, end)) || (authority ? '/' : '');
  if (!rawPath.startsWith('/')) return { status: 400 };
  // An encoded slash or backslash would name a path with other segments than the ones written: refused.
  if (/%(2f|5c)/i.test(rawPath)) return { status: 404 };
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { status: 400 };
  }
  if (path === '/') return { path: 'index.html' };
  const segments = path.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || /[\\:\u0000-\u001f\u007f]/.test(s))) return { status: 404 };
  return { path: segments.join('/') };
}

function sendText(req: IncomingMessage, res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...extra });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  bodyBytes.set(res, body.length);
  res.end(body);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `10/Oct/2000:13:55:36 -0700`: the server's local time with its offset, as Apache and nginx write it. */
export function formatLogTime(at: Date): string {
  const offsetMinutes = -at.getTimezoneOffset();
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}${pad(Math.abs(offsetMinutes) % 60)}`;
  return `${pad(at.getDate())}/${MONTHS[at.getMonth()]}/${at.getFullYear()}:${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())} ${offset}`;
}

/** Quotes and control characters escaped as Apache does (\" and \xhh), so a request cannot forge log lines. */
function escapeLogField(text: string, maxLength = 1024): string {
  const cut = text.length > maxLength ? `${text.slice(0, maxLength)}...` : text;
  return cut.replace(/["\\\u0000-\u001f\u007f-\u00ff]/g, (c) => (c === '"' || c === '\\' ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** Combined Log Format: `host - - [time] "request line" status bytes "referer" "user agent"`. */
export function formatLogLine(req: IncomingMessage, res: ServerResponse, bodyBytes: number | undefined, at: Date): string {
  const header = (name: string) => {
    const value = req.headers[name];
    return typeof value === 'string' && value !== '' ? escapeLogField(value) : '-';
  };
  const request = escapeLogField(`${req.method ?? '-'} ${req.url ?? '-'} HTTP/${req.httpVersion}`, 2200);
  const bytes = bodyBytes ? String(bodyBytes) : '-';
  return `${req.socket.remoteAddress ?? '-'} - - [${formatLogTime(at)}] "${request}" ${res.statusCode} ${bytes} "${header('referer')}" "${header('user-agent')}"`;
}

export type ListenResult = { ok: true; port: number } | { ok: false; reason: string };

export function listen(server: Server, port: number, host: string): Promise<ListenResult> {
  return new Promise((resolve) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE' ? 'the port is already in use (--port 0 picks a free one)'
        : error.code === 'EACCES' ? 'permission denied (ports below 1024 need privileges)'
        : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' ? 'no such address on this machine'
        : error.message;
      resolve({ ok: false, reason });
    };
    server.once('error', onError);
    server.listen({ port, host }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve({ ok: true, port: typeof address === 'object' && address ? address.port : port });
    });
  });
}

/** Stops accepting, lets requests in flight finish (for at most `graceMs`), then closes every connection. */
export async function closeServer(server: Server, graceMs = 2000): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  timer.unref();
  await closed;
  clearTimeout(timer);
}
