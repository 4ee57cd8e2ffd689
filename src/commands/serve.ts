// calfeed serve: build, serve the feed over HTTP, and rebuild in-process on every change to events.yaml.
// Each good build is served as soon as it is rendered, then written to the output folder, as `build` does,
// so the folder holds the files being served; a bad one is reported and changes nothing: the last good
// feed stays up.
import { renderSite, siteTexts, type Site } from '../core/pipeline.js';
import { abortOnSignals } from '../io/abort-on-signals.js';
import { closeServer, createSiteServer, listen } from '../io/http-server.js';
import { prepareSite, type PreparedSite } from '../io/prepare-site.js';
import { memoryRenderStore, type MemoryRenderStore } from '../io/render-cache.js';
import { watchPlaces, watchSource } from '../io/watch-source.js';
import { publishSite } from '../io/write-site.js';
import { plural, wroteLine } from './build.js';
import { EXIT, type CommandContext, type ExitCode } from './context.js';
import { allUnchangedSince, displayName, loadCalendar, type ReadFiles } from './load-calendar.js';
import { renderEvents } from './render-events.js';

export interface ServeOptions {
  outDir: string;
  port: number;
  host: string;
  /** Ends serving (exit 0). Without it, SIGINT or SIGTERM does. */
  stop?: AbortSignal;
  debounceMs?: number;
}

/** Files every subscriber and visitor asks for: compressed as soon as a build is served, in the background. */
const COMPRESSED_AT_ONCE = ['calendar.ics', 'index.html'];

/** What serve keeps between builds of a calendar in several files: the files read, and watchers of the included ones. */
interface Reads {
  files: ReadFiles;
  included: ReturnType<typeof watchPlaces>;
}

type Built = { ok: true; site: Site; prepared: PreparedSite; events: number; feeds: string[] } | { ok: false; code: ExitCode; saving?: true };

/**
 * Builds the site and makes it ready to serve. Unchanged events come from the previous build: an edit
 * checks and renders one event, not all.
 */
async function buildSite(file: string, previous: PreparedSite | undefined, context: CommandContext, renders: MemoryRenderStore, reads: Reads): Promise<Built> {
  // A rebuild reads a file being edited: one read during a save is never published (see loadCalendar).
  // Of a calendar in several files, only those changed since the last build are read again.
  const loaded = await loadCalendar(file, context, { memo: renders, whileEditing: previous !== undefined, afterProblems: 'nothing was written', readFiles: reads.files });
  // What the main file includes may have changed: watch what it includes now (also after a failed build).
  if (loaded.watch) reads.included.update(loaded.watch);
  if (!loaded.ok) return loaded;
  const site = siteTexts(renderSite(loaded.value, loaded.stampMs, await renderEvents(loaded.value.events, loaded.stampMs, renders), renders.zones));
  renders.endBuild();
  // Asked again just before serving: a save that went on while the file was rendered is no calendar either.
  if (previous !== undefined && !(await allUnchangedSince(loaded.files))) return { ok: false, code: EXIT.invalid, saving: true };
  const prepared = prepareSite(site, loaded.value.calendar.refreshSeconds, previous, context.now());
  return { ok: true, site, prepared, events: loaded.value.events.length, feeds: (loaded.value.calendar.feeds ?? []).map((feed) => feed.path) };
}

/**
 * Writes each served site to the output folder, one write at a time; a site served while a write is under
 * way waits, and only the newest of those is written. Subscribers never wait for the disk: a rebuild is
 * served first, and the next edit is built while the folder is being written.
 */
function siteWriter(outDir: string, context: CommandContext): { write: (site: Site) => void; idle: () => Promise<void> } {
  let next: Site | undefined;
  const writing = oneAtATime(async () => {
    const site = next!;
    next = undefined;
    try {
      // In the order the site is published in: the feed last.
      await publishSite(outDir, [...site].map(([path, text]) => ({ path, parts: [text] })));
    } catch (error) {
      // The disk (full, read-only, permissions) is no reason to stop serving what was built.
      context.stderr.write(`calfeed: could not write ${displayName(outDir, context.cwd)} (${(error as Error).message}); serving the new feed from memory\n`);
    }
  });
  return {
    write(site) {
      next = site;
      writing.run();
    },
    idle: writing.idle,
  };
}

export async function runServe(file: string, options: ServeOptions, context: CommandContext): Promise<ExitCode> {
  // Signals are caught from the start, so that one during the first build still ends in a clean exit 0.
  const signals = options.stop ? undefined : abortOnSignals();
  // Watching starts before the first read, so that a save during startup is not lost: it is replayed
  // as a rebuild once the server is up (`changes.listen`).
  const changes = changeQueue();
  const watchOptions = {
    debounceMs: options.debounceMs,
    onError: (error: Error) => context.stderr.write(`calfeed: stopped watching ${displayName(file, context.cwd)} (${error.message}); still serving the last feed\n`),
  };
  const watcher = watchSource(file, changes.notify, watchOptions);
  // The files the calendar includes, watched as each build finds them.
  const reads: Reads = { files: new Map(), included: watchPlaces(changes.notify, watchOptions) };
  try {
    return await serveUntilStopped(file, options, options.stop ?? signals!.signal, changes, context, reads);
  } finally {
    watcher.close();
    reads.included.close();
    signals?.dispose();
  }
}

async function serveUntilStopped(file: string, options: ServeOptions, stop: AbortSignal, changes: ChangeQueue, context: CommandContext, reads: Reads): Promise<ExitCode> {
  const shownName = displayName(file, context.cwd);
  const shownOut = displayName(options.outDir, context.cwd);
  const renders = memoryRenderStore();
  const first = await buildSite(file, undefined, context, renders, reads);
  if (!first.ok) return first.code;
  // The first build is in the folder before anything is served.
  const writer = siteWriter(options.outDir, context);
  writer.write(first.site);
  await writer.idle();
  context.stdout.write(wroteLine(shownOut, first.events, first.feeds.length));

  // The one mutable reference: replaced whole by a good rebuild as soon as it is rendered, read once per request.
  let current = first.prepared;
  const reportBug = (what: string, error: unknown) =>
    context.stderr.write(`calfeed: internal error ${what} (a bug in calfeed; please report it with this text):\n${(error as Error)?.stack ?? String(error)}\n`);
  const server = createSiteServer({
    site: () => current,
    log: (line) => context.stdout.write(`${line}\n`),
    onError: (error) => reportBug('while answering a request', error),
  });
  const listening = await listen(server, options.port, options.host);
  if (!listening.ok) {
    // The --host or --port given cannot be used: a usage error, like any other unusable argument.
    context.stderr.write(`calfeed: cannot serve on ${options.host} port ${options.port}: ${listening.reason}\n`);
    return EXIT.usage;
  }
  const base = `${urlHost(options.host)}:${listening.port}`;
  context.stdout.write(
    [
      `serving ${shownName} (${plural(first.events, 'event')}) on http://${base}/`,
      `  subscribe: webcal://${base}/calendar.ics`,
      `  feed:      http://${base}/calendar.ics`,
      `  page:      http://${base}/`,
      ...first.feeds.map((path) => `  category:  webcal://${base}/${path}`),
      ...(isWildcard(options.host) ? [`listening on every interface of this machine: from another device, use its address instead of ${urlHost(options.host)}`] : []),
      `watching ${shownName}: each valid save is served at once; Ctrl-C stops`,
      '',
    ].join('\n'),
  );

  const rebuild = oneAtATime(async () => {
    try {
      const next = await buildSite(file, current, context, renders, reads);
      // Read during a save: the watcher reports the rest of it, and the file is read again then.
      if (!next.ok && next.saving) return;
      if (!next.ok) {
        context.stderr.write(`still serving the last good feed, built at ${new Date(current.builtAtMs).toTimeString().slice(0, 8)}\n`);
        return;
      }
      const changed = countChanged(current, next.prepared);
      current = next.prepared;
      // Requests that came in during the build are answered (from the new site) before anything else.
      await new Promise((resolve) => setImmediate(resolve));
      for (const path of COMPRESSED_AT_ONCE) for (const coding of current.files.get(path)?.codings ?? []) void current.files.get(path)!.variant(coding);
      writer.write(next.site);
      context.stdout.write(`${shownName} changed: rebuilt, serving ${plural(next.events, 'event')} (${plural(changed, 'file')} changed)\n`);
    } catch (error) {
      reportBug('while rebuilding; still serving the last good feed', error);
    }
  });
  changes.listen(rebuild.run);

  await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
  changes.listen(() => {});
  await rebuild.idle();
  await writer.idle();
  await closeServer(server);
  context.stdout.write('stopped\n');
  return EXIT.ok;
}

interface ChangeQueue {
  notify: () => void;
  /** From now on changes call `handler`; one that came before is handed over at once. */
  listen: (handler: () => void) => void;
}

function changeQueue(): ChangeQueue {
  let handler: (() => void) | undefined;
  let missed = false;
  return {
    notify: () => (handler ? handler() : (missed = true)),
    listen: (next) => {
      handler = next;
      if (missed) {
        missed = false;
        next();
      }
    },
  };
}

/** Runs `task` now, or once more right after the run in progress: rebuilds never overlap, the last edit always wins. */
function oneAtATime(task: () => Promise<void>): { run: () => void; idle: () => Promise<void> } {
  let running: Promise<void> | undefined;
  let again = false;
  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await task();
      } while (again);
    })().finally(() => {
      running = undefined;
    });
  };
  return { run, idle: () => running ?? Promise.resolve() };
}

function countChanged(before: PreparedSite, after: PreparedSite): number {
  let changed = 0;
  for (const [path, file] of after.files) if (before.files.get(path)?.hash !== file.hash) changed++;
  for (const path of before.files.keys()) if (!after.files.has(path)) changed++;
  return changed;
}

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::' || host === '';

/** The host as it goes in a URL: wildcards shown as the loopback address, IPv6 in brackets. */
function urlHost(host: string): string {
  const shown = isWildcard(host) ? (host === '::' ? '::1' : '127.0.0.1') : host;
  return shown.includes(':') ? `[${shown}]` : shown;
}

