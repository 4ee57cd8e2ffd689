// calfeed build: events.yaml → the feed, the agenda page and one .ics per event in the output folder.
import { renderSite } from '../core/pipeline.js';
import { writeSite } from '../io/write-site.js';
import { EXIT, type CommandContext, type ExitCode } from './context.js';
import { displayName, loadCalendar } from './load-calendar.js';

export async function runBuild(file: string, outDir: string, context: CommandContext): Promise<ExitCode> {
  const loaded = await loadCalendar(file, context);
  if (!loaded.ok) return loaded.code;
  const site = renderSite(loaded.value, loaded.stampMs);
  await writeSite(outDir, site);
  const events = loaded.value.events.length;
  context.stdout.write(`wrote ${displayName(outDir, context.cwd)}/calendar.ics (${events} event${events === 1 ? '' : 's'}), index.html and events/*.ics\n`);
  return EXIT.ok;
}
