// calfeed build: events.yaml → the feed, the agenda page and one .ics per event in the output folder,
// published as one step (write-site.ts): whatever stops a build, the folder holds the old site or the new.
import { renderSite } from '../core/pipeline.js';
import { COLLECT_EVERY_EVENTS, collectGarbage } from '../io/collect-garbage.js';
import { buildId, noRenderStore, openRenderCache, renderCacheDir } from '../io/render-cache.js';
import { OutputError, publishSite } from '../io/write-site.js';
import { EXIT, type CommandContext, type ExitCode } from './context.js';
import { displayName, loadCalendar } from './load-calendar.js';
import { renderEvents } from './render-events.js';

export async function runBuild(file: string, outDir: string, context: CommandContext): Promise<ExitCode> {
  // What an earlier build made of each event comes from the render cache; the output is the same either way.
  const cacheDir = renderCacheDir(context.env, file);
  const cache = cacheDir ? await openRenderCache(cacheDir, outDir, buildId()!) : undefined;
  try {
    const loaded = await loadCalendar(file, context, { memo: cache, afterProblems: 'nothing was written' });
    if (!loaded.ok) return loaded.code;
    const { value: calendar, stampMs } = loaded;
    // The YAML data, validated copies and all that reading made: garbage now, a third of a big cold build's heap.
    if (calendar.events.length >= COLLECT_EVERY_EVENTS) collectGarbage();
    const rendered = await renderEvents(calendar.events, stampMs, cache ?? noRenderStore);
    await publishSite(outDir, renderSite(calendar, stampMs, rendered, cache?.zones));
    await cache?.save();
    context.stdout.write(wroteLine(displayName(outDir, context.cwd), calendar.events.length, calendar.calendar.feeds?.length));
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    context.stderr.write(`calfeed: ${error.message}; ${displayName(outDir, context.cwd)} was left as it was\n`);
    return EXIT.environment;
  }
}

/** What build (and serve, at start) says after writing the output folder. */
export const wroteLine = (shownOut: string, events: number, feeds = 0) =>
  `wrote ${shownOut}/calendar.ics (${plural(events, 'event')}), index.html and events/*.ics${feeds > 0 ? `, and ${plural(feeds, 'feed')} of categories in feeds/` : ''}\n`;

export const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
