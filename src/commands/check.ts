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
    const lines = feeds.map((feed) => {
      const held = loaded.value.events.filter((event) => feedSelector([feed])(event).length > 0).length;
      return `  ${feed.path}: ${feed.name} (${held} event${held === 1 ? '' : 's'})\n`;
    });
    context.stdout.write(`\nfeeds of categories:\n${lines.join('')}`);
  }
  return EXIT.ok;
}
