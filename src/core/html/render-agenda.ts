// Resolved calendar → index.html: a static, self-contained agenda (inline style and script, nothing fetched)
// that reads without JavaScript. Same input, same bytes: the only clock is the build stamp passed in.
import type { Calendar } from '../pipeline.js';
import type { ResolvedCalendar } from '../resolve-calendar.js';
import type { ResolvedEvent } from '../resolve-events.js';
import { AGENDA_SCRIPT } from './agenda-script.js';
import { agendaStyle } from './agenda-style.js';
import { escapeHtml } from './escape-html.js';
import { FEED_FILE, feedLinks } from './feed-links.js';
import { dayGrouper, venueStartDay, type AgendaDay, type AgendaEntry } from './group-by-day.js';
import { formatClock, formatLongDay, zonedTime } from './page-text.js';
import { renderEventUntil } from './render-event.js';
import { feedSelector } from '../resolve-feeds.js';
import { FEED_FILTER_SCRIPT, FEED_LIST_STYLE, renderFeedList, withFeedIds } from './render-feed-list.js';

// Nothing but what is inline may load: no fonts, images, frames or fetches, even if an edit or an injected
// text tried (the favicon is an empty data: URL so the browser does not ask the server for one either).
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** An event's entry on the page; `stampMs` matters only to a series, which lists its next dates from then. */
export function renderAgendaEntry(event: ResolvedEvent, stampMs: number): AgendaEntry {
  const { html, sameFromMs, sameUntilMs } = renderEventUntil(event, stampMs);
  return { day: venueStartDay(event.timing), html, stamps: { fromMs: sameFromMs, untilMs: sameUntilMs } };
}

/** Whether an entry rendered for one stamp is the entry for `stampMs`. */
export const entryHoldsAt = (entry: AgendaEntry, stampMs: number) => entry.stamps.fromMs <= stampMs && stampMs < entry.stamps.untilMs;

/** The page; `entries[i]` is the entry of `events[i]`, when they are already rendered (a render cache keeps them). */
export function renderAgenda(calendar: Calendar, stampMs: number, entries: readonly AgendaEntry[] = calendar.events.map((e) => renderAgendaEntry(e, stampMs))): string {
  const page = openAgenda(calendar, stampMs);
  return [page.head, ...calendar.events.flatMap((event, i) => page.add(event, entries[i]!)), ...page.end()].join('');
}

/**
 * The page as its events come, in feed order: its head, then the parts that each event completes (the
 * sections of days no later event can fall on), then the rest and its foot. A big page is written a few
 * days at a time, and never held whole in memory.
 */
export function openAgenda({ calendar, events }: Calendar, stampMs: number): { head: string; add(event: ResolvedEvent, entry: AgendaEntry): string[]; end(): string[] } {
  const name = escapeHtml(calendar.name);
  const days = dayGrouper();
  // A calendar with feeds of categories: each event says which it is in, for the page's filter.
  const feeds = calendar.feeds ?? [];
  const feedsOf = feeds.length > 0 ? feedSelector(feeds) : undefined;
  let first = true;
  // Days one below the other, a line apart.
  const sections = (ready: AgendaDay[]) =>
    ready.flatMap((day) => {
      const section = renderDay(day);
      if (first) {
        first = false;
        return [section];
      }
      return ['\n', section];
    });
  const head = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="color-scheme" content="light dark">
<title>${name}</title>
${calendar.description ? `<meta name="description" content="${escapeHtml(calendar.description)}">\n` : ''}<meta name="generator" content="calfeed">
<link rel="icon" href="data:,">
<link rel="alternate" type="text/calendar" title="${name}" href="calendar.ics">
${feeds.map((feed) => `<link rel="alternate" type="text/calendar" title="${escapeHtml(feed.name)}" href="${escapeHtml(feed.path)}">\n`).join('')}<style>
${agendaStyle(calendar.color?.hex)}${feedsOf ? `\n${FEED_LIST_STYLE}` : ''}
</style>
</head>
<body>
<a class="skip" href="#agenda">Skip to the agenda</a>
<div class="page">
${renderHeader(calendar)}
<main id="agenda" tabindex="-1">
`;
  const foot = `
</main>
${renderFooter(stampMs, events.some((e) => e.timing.kind === 'timed'))}
</div>
<script>
${AGENDA_SCRIPT}
</script>
${feedsOf ? `<script>\n${FEED_FILTER_SCRIPT}\n</script>\n` : ''}</body>
</html>
`;
  const add = (event: ResolvedEvent, entry: AgendaEntry) => sections(days.add(event, feedsOf ? { ...entry, html: withFeedIds(entry.html, feedsOf(event)) } : entry));
  return { head, add, end: () => [...sections(days.end()), foot] };
}

function renderHeader(calendar: ResolvedCalendar): string {
  const links = feedLinks(calendar);
  const buttons = [
    `<a class="button primary" id="subscribe" href="${escapeHtml(links.subscribe)}"${links.subscribeFromLocation ? ' data-from-location' : ''}>Subscribe</a>`,
    links.google ? `<a class="button" href="${escapeHtml(links.google)}">Add to Google Calendar</a>` : '',
    links.outlook ? `<a class="button" href="${escapeHtml(links.outlook)}">Add to Outlook</a>` : '',
    // Shown by the page's script when the page is read from another address than the published feed's
    // (calfeed serve on 127.0.0.1, a preview host): a subscription to the feed beside the page, there.
    links.address ? `<a class="button" id="subscribe-here" href="${FEED_FILE}" data-published="${escapeHtml(links.address)}" hidden>Subscribe here</a>` : '',
    `<a class="button" href="${escapeHtml(links.download)}" type="text/calendar" download>Download .ics</a>`,
  ];
  return [
    '<header>',
    `<h1>${escapeHtml(calendar.name)}</h1>`,
    calendar.description ? `<p class="lede">${escapeHtml(calendar.description)}</p>` : '',
    `<nav class="subscribe" aria-label="Subscribe to this calendar">${buttons.filter(Boolean).join('\n')}</nav>`,
    links.address ? `<p class="feed-address">Or add this address to your calendar app: <code>${escapeHtml(links.address)}</code></p>` : '',
    renderFeedList(calendar.feeds ?? []),
    '</header>',
  ]
    .filter(Boolean)
    .join('\n');
}

function renderDay(day: AgendaDay): string {
  return (
    `<section aria-labelledby="day-${day.key}">\n<h2 id="day-${day.key}"><time datetime="${day.key}">${formatLongDay(day.date)}</time></h2>\n` +
    `<ol>\n${day.items.join('\n')}\n</ol>\n</section>`
  );
}

function renderFooter(stampMs: number, anyTimed: boolean): string {
  const stamp = zonedTime(stampMs, 'UTC');
  const note = anyTimed
    ? "Times are each venue's local time; with JavaScript on, each event also shows yours."
    : 'All-day events are the same dates everywhere.';
  return [
    '<footer>',
    `<p>${note}</p>`,
    `<p>Last updated <time datetime="${new Date(stampMs).toISOString().replace('.000Z', 'Z')}">${formatLongDay(stamp.date)}, ${formatClock(stamp)} UTC</time>.</p>`,
    '</footer>',
  ].join('\n');
}
