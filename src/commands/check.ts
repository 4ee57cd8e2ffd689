// calfeed check: validate only; on success print each event's times in its own zone and in UTC.
import { renderTimesTable } from '../core/render-times-table.js';
import { feedSelector } from '../core/resolve-feeds.js';
import { EXIT, type CommandContext, type ExitCode } from './context.js';
import { displayName, loadCalendar } from './load-calendar.js';

export async function runCheck(file: string, context: CommandContext): Promise<ExitCode> {
  const loaded = await loadCalendar(file, context);
  if (!loaded.ok) return loaded.code;
  const count = loaded.value.events.length;
  context.stdout.write(`${displayName(file, context.cwd)}: valid, ${count} event${count === 1 ? '' : 's'}\n\n`);
  context.stdout.write(renderTimesTable(loaded.value, context.now()));
  // Feeds of categories: what each will hold.
  const feeds = loaded.value.calendar.feeds ?? [];
  if (feeds.length > 0) {
    // One pass over the events, with the selector the page and the render use.
    const held = new Map(feeds.map((feed) => [feed.id, 0]));
    const feedsOf = feedSelector(feeds);
    for (const event of loaded.value.events) for (const id of feedsOf(event)) held.set(id, held.get(id)! + 1);
    const lines = feeds.map((feed) => {
      const n = held.get(feed.id)!;
      return `  ${feed.path}: ${feed.name} (${n} event${n === 1 ? '' : 's'})\n`;
    });
    context.stdout.write(`\nfeeds of categories:\n${lines.join('')}`);
  }
  return EXIT.ok;
}
