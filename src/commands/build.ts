// calfeed build: events.yaml → the feed, the agenda page and one .ics per event in the output folder.
import { renderSite } from '../core/pipeline.js';
import { buildId, memoryRenderStore, openRenderCache, renderCacheDir } from '../io/render-cache.js';
import { writeSite } from '../io/write-site.js';
import { EXIT, type CommandContext, type ExitCode } from './context.js';
import { displayName, loadCalendar } from './load-calendar.js';
import { renderEventTexts } from './render-event-texts.js';

export async function runBuild(file: string, outDir: string, context: CommandContext): Promise<ExitCode> {
  const loaded = await loadCalendar(file, context);
  if (!loaded.ok) return loaded.code;
  // Events rendered by an earlier build come from the render cache; the output is the same either way.
  const cacheDir = renderCacheDir(context.env, file);
  const cache = cacheDir ? await openRenderCache(cacheDir, outDir, buildId()!) : undefined;
  const store = cache ?? memoryRenderStore();
  const eventTexts = await renderEventTexts(loaded.value.events, loaded.stampMs, store);
  const site = renderSite(loaded.value, loaded.stampMs, eventTexts);
  await writeSite(outDir, site);
  await cache?.save();
  context.stdout.write(wroteLine(displayName(outDir, context.cwd), loaded.value.events.length));
  return EXIT.ok;
}

/** What build (and serve, at start) says after writing the output folder. */
export const wroteLine = (shownOut: string, events: number) => `wrote ${shownOut}/calendar.ics (${plural(events, 'event')}), index.html and events/*.ics\n`;

export const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
