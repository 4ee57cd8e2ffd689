// calfeed build: events.yaml → the feed, the agenda page and one .ics per event in the output folder.
import { renderSite } from '../core/pipeline.js';
import { buildId, memoryRenderStore, openRenderCache, renderCacheDir } from '../io/render-cache.js';
import { prerenderInParallel } from '../io/render-in-parallel.js';
import { writeSite } from '../io/write-site.js';
import { EXIT, type CommandContext, type ExitCode } from './context.js';
import { displayName, loadCalendar } from './load-calendar.js';

export async function runBuild(file: string, outDir: string, context: CommandContext): Promise<ExitCode> {
  const loaded = await loadCalendar(file, context);
  if (!loaded.ok) return loaded.code;
  // Events rendered by an earlier build come from the render cache; the output is the same either way.
  const cacheDir = renderCacheDir(context.env, file);
  const cache = cacheDir ? await openRenderCache(cacheDir, outDir, buildId()!) : undefined;
  const store = cache ?? memoryRenderStore();
  // Many new events: render them on two cores first; renderSite then finds them all in the store.
  await prerenderInParallel(loaded.value.events, loaded.stampMs, store);
  const site = renderSite(loaded.value, loaded.stampMs, store);
  await writeSite(outDir, site);
  await cache?.save();
  const events = loaded.value.events.length;
  context.stdout.write(`wrote ${displayName(outDir, context.cwd)}/calendar.ics (${events} event${events === 1 ? '' : 's'}), index.html and events/*.ics\n`);
  return EXIT.ok;
}
