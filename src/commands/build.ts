// calfeed build: events.yaml → the feed, the agenda page and one .ics per event in the output folder.
//
// The output is written as it is rendered, a chunk of events at a time: each one-event file, the feed in
// order, and the page a few days at a time (those two take their places at the end, the feed last). So a
// build's memory is its events, not its whole output (100,000 events: a feed of 130 million characters,
// a page of 100 million and as much again in one-event files).
import { stat } from 'node:fs/promises';
import { openAgenda } from '../core/html/render-agenda.js';
import { FEED_END, renderFeedHead, renderSingleEventParts } from '../core/ics/render-feed.js';
import { collectGarbage } from '../io/collect-garbage.js';
import { buildId, noRenderStore, openRenderCache, renderCacheDir } from '../io/render-cache.js';
import { startRenderWorkers, WORKER_FROM_BYTES } from '../io/render-in-parallel.js';
import { openSiteWriter } from '../io/write-site.js';
import { EXIT, type CommandContext, type ExitCode } from './context.js';
import { displayName, loadCalendar } from './load-calendar.js';
import { renderEventsInChunks } from './render-events.js';

/** Events rendered between two full garbage collections (see collect-garbage.ts); fewer events need none. */
const COLLECT_EVERY = 10_000;

const FEED = 'calendar.ics';
const PAGE = 'index.html';

export async function runBuild(file: string, outDir: string, context: CommandContext): Promise<ExitCode> {
  // What an earlier build made of each event comes from the render cache; the output is the same either way.
  const cacheDir = renderCacheDir(context.env, file);
  const [cache, size] = await Promise.all([cacheDir ? openRenderCache(cacheDir, outDir, buildId()!) : undefined, stat(file).then((s) => s.size, () => 0)]);
  const workers = size >= WORKER_FROM_BYTES ? startRenderWorkers() : [];
  try {
    const loaded = await loadCalendar(file, context, cache, workers);
    if (!loaded.ok) return loaded.code;
    const { calendar, events } = loaded.value;
    const { stampMs } = loaded;
    // The YAML data, validated copies and all that parsing made: garbage now, a third of a big cold build's heap.
    if (events.length >= COLLECT_EVERY && (cache === undefined || cache.wasEmpty)) collectGarbage();
    let rendered = 0;
    const zones = cache?.zones;
    // Files the last build left as they are now are known unchanged from the cache's manifest (write-site.ts).
    const signatures = cache?.signaturesOf(calendar, events, stampMs);
    const site = await openSiteWriter(outDir, cache && signatures ? { manifest: cache.manifest, signatureOf: (path) => signatures.get(path) } : {});
    const page = openAgenda(loaded.value, stampMs);
    const pageKept = site.isKept(PAGE);
    site.append(PAGE, [page.head]);
    site.append(FEED, [renderFeedHead(calendar, events, zones)]);
    await renderEventsInChunks(
      events,
      stampMs,
      cache ?? noRenderStore,
      async (from, renders, fresh) => {
        for (const [k, render] of renders.entries()) {
          const event = events[from + k]!;
          const path = `events/${event.id}.ics`;
          if (!site.keep(path)) await site.file(path, renderSingleEventParts(event, render.text, zones));
          if (!pageKept) site.append(PAGE, page.add(event, render.entry));
        }
        site.append(FEED, renders.map((render) => render.text));
        rendered += fresh;
        if (rendered >= COLLECT_EVERY) {
          rendered = 0;
          collectGarbage();
        }
      },
      workers,
    );
    if (!pageKept) site.append(PAGE, page.end());
    site.append(FEED, [FEED_END]);
    await site.finish();
    await cache?.save();
    context.stdout.write(wroteLine(displayName(outDir, context.cwd), events.length));
    return EXIT.ok;
  } finally {
    for (const worker of workers) worker.close();
  }
}

/** What build (and serve, at start) says after writing the output folder. */
export const wroteLine = (shownOut: string, events: number) => `wrote ${shownOut}/calendar.ics (${plural(events, 'event')}), index.html and events/*.ics\n`;

export const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
