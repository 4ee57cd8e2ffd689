// calfeed build: events.yaml → the feed, the agenda page and one .ics per event in the output folder.
import { renderSite } from '../core/pipeline.js';
import { buildId, noRenderStore, openRenderCache, renderCacheDir } from '../io/render-cache.js';
import { writeSite } from '../io/write-site.js';
import { EXIT, type CommandContext, type ExitCode } from './context.js';
import { displayName, loadCalendar } from './load-calendar.js';
import { renderEvents } from './render-events.js';

export async function runBuild(file: string, outDir: string, context: CommandContext): Promise<ExitCode> {
  // What an earlier build made of each event comes from the render cache; the output is the same either way.
  const cacheDir = renderCacheDir(context.env, file);
  const cache = cacheDir ? await openRenderCache(cacheDir, outDir, buildId()!) : undefined;
  const loaded = await loadCalendar(file, context, cache);
  if (!loaded.ok) return loaded.code;
  const renders = await renderEvents(loaded.value.events, loaded.stampMs, cache ?? noRenderStore);
  const site = renderSite(loaded.value, loaded.stampMs, renders, cache?.zones);
  // Files the last build left as they are now are known unchanged from the cache's manifest (write-site.ts).
  const signatures = cache?.signaturesOf(loaded.value.calendar, loaded.value.events, loaded.stampMs);
  await writeSite(outDir, site, cache && signatures ? { manifest: cache.manifest, signatureOf: (path) => signatures.get(path) } : {});
  await cache?.save();
  context.stdout.write(wroteLine(displayName(outDir, context.cwd), loaded.value.events.length));
  return EXIT.ok;
}

/** What build (and serve, at start) says after writing the output folder. */
export const wroteLine = (shownOut: string, events: number) => `wrote ${shownOut}/calendar.ics (${plural(events, 'event')}), index.html and events/*.ics\n`;

export const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
