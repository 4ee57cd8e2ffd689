// The page tests' browser and server: Debian's Chromium through playwright-core (never a downloaded
// browser), and a static server for a built public/ folder on 127.0.0.1, port chosen by the system.
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium reaches out for updates, safe-browsing lists and the like.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // No name resolves but the loopback address the tests serve on: whatever a page or the browser tries
  // to reach elsewhere fails inside the browser, and never reaches the network.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
}

export interface OpenedPage {
  page: Page;
  /** Every request the page made (one for elsewhere fails in the browser: see launchChromium). */
  requests: string[];
  /** Console errors and uncaught exceptions (a blocked load or a script error shows here). */
  errors: string[];
}

/** `url` in a new context (UTC, en-US unless `options` say otherwise), with its requests and errors recorded. */
export async function openPage(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-US', ...options });
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, errors };
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.ics': 'text/calendar; charset=utf-8' };

export interface StaticSite {
  /** `http://127.0.0.1:PORT/` */
  origin: string;
  close(): Promise<void>;
}

/** Serve `root` read-only: GET and HEAD of files inside it, `/` as index.html, 404 for anything else. */
export async function serveFolder(root: string): Promise<StaticSite> {
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    let found = false;
    try {
      found = file.startsWith(root + sep) && statSync(file).isFile();
    } catch {
      found = false;
    }
    if (!found || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
