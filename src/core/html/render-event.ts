// One event on the page: its title and status, when (at the venue; the script adds the reader's own time),
// a series' rule and next dates, where, details, and its links.
import type { ResolvedEvent } from '../resolve-events.js';
import { occurrenceEndMs, occurrenceTimings } from '../resolve-recurrence.js';
import type { Timing } from '../resolve-times.js';
import { dateFromDayNumber, dayNumber, formatDate, type CalendarDate } from '../time-text.js';
import { zoneAbbreviation } from '../zones.js';
import { describeRecurrence } from './describe-recurrence.js';
import { escapeHtml } from './escape-html.js';
import { venueStartDate } from './group-by-day.js';
import { formatClock, formatDatetimeAttribute, formatDayRange, formatShortDay, sameDate, zonedTime } from './page-text.js';

/** Occurrences of a series listed as its next dates. */
const NEXT_SHOWN = 4;

/**
 * The event's `<li>`, and the stamps that give the same (`stampMs` is the build stamp: a series lists its
 * next dates from then; the core reads no clock): from `stampMs` until the first of a series' next
 * dates is over (for ever after, for a series with none left); any stamp at all for every other event.
 */
export function renderEventUntil(event: ResolvedEvent, stampMs: number): { html: string; sameFromMs: number; sameUntilMs: number } {
  const id = escapeHtml(event.id);
  const classes = ['event', event.status === 'cancelled' || event.status === 'tentative' ? event.status : ''].filter(Boolean).join(' ');
  const recurrence = renderRecurrence(event, stampMs);
  const lines = [renderTitle(event), renderWhen(event.timing), recurrence.html, renderWhere(event), renderDescription(event), renderLinks(event)];
  const html = `<li class="${classes}" id="event-${id}">\n${lines.filter(Boolean).join('\n')}\n</li>`;
  return { html, sameFromMs: event.recurrence ? stampMs : -Infinity, sameUntilMs: recurrence.sameUntilMs };
}

function renderTitle(event: ResolvedEvent): string {
  const title = escapeHtml(event.title);
  const id = escapeHtml(event.id);
  if (event.status === 'cancelled') return `<h3 id="title-${id}"><span class="badge">Cancelled</span> <s>${title}</s></h3>`;
  if (event.status === 'tentative') return `<h3 id="title-${id}"><span class="badge">Tentative</span> ${title}</h3>`;
  return `<h3 id="title-${id}">${title}</h3>`;
}

/**
 * The venue's own time, server-rendered so it reads without JavaScript: `08:55–16:32 CET` and the zone.
 * A timed line carries its instants in `<time datetime>`, from which the script writes the reader's time.
 */
export function renderWhen(timing: Timing): string {
  if (timing.kind === 'all-day') {
    const lastDay = dateFromDayNumber(dayNumber(timing.endDate) - 1);
    const days = dayNumber(timing.endDate) - dayNumber(timing.startDate);
    if (days === 1) return '<p class="when">All day</p>';
    const mark = (date: CalendarDate, text: string) => `<time datetime="${formatDate(date)}">${text}</time>`;
    return `<p class="when">All day, ${formatDayRange(timing.startDate, lastDay, mark)} (${days} days)</p>`;
  }
  const { zone, startMs, endMs } = timing;
  const start = zonedTime(startMs, zone);
  const end = zonedTime(endMs, zone);
  const startZone = zoneAbbreviation(zone, startMs);
  const endZone = zoneAbbreviation(zone, endMs);
  // Across midnight the end names its day; across a clock change each side names its abbreviation.
  const oneDay = sameDate(start.date, end.date);
  const oneZone = startZone === endZone;
  const startText = formatClock(start) + (oneZone ? '' : ` ${startZone}`);
  const endText = (oneDay ? '' : `${formatShortDay(end.date)}, `) + formatClock(end);
  return (
    `<p class="when timed"><span class="venue-time"><time datetime="${formatDatetimeAttribute(startMs, zone)}">${escapeHtml(startText)}</time>` +
    `${oneDay && oneZone ? '–' : ' – '}<time datetime="${formatDatetimeAttribute(endMs, zone)}">${escapeHtml(endText)}</time> ${escapeHtml(endZone)}</span>` +
    ` <span class="zone">${escapeHtml(zone)}</span></p>`
  );
}

/**
 * A series: its rule in words and its next dates, each a `<time datetime>` with the venue's offset, from
 * which the script writes the reader's times too (they shift where the reader's and the venue's clocks
 * change on different days).
 */
function renderRecurrence(event: ResolvedEvent, stampMs: number): { html: string; sameUntilMs: number } {
  if (!event.recurrence) return { html: '', sameUntilMs: Infinity };
  const firstDate = venueStartDate(event.timing);
  const rule = `<p class="repeats">${escapeHtml(describeRecurrence(event.recurrence, firstDate))}</p>`;
  const next = occurrenceTimings(event.recurrence, event.timing, { fromMs: stampMs, limit: NEXT_SHOWN });
  if (next.length === 0) return { html: rule, sameUntilMs: Infinity };
  // The year is said only when it is not the one of the day heading above.
  const withYear = next.some((t) => venueStartDate(t).year !== firstDate.year);
  const dates = next.map((t) => {
    const date = venueStartDate(t);
    const datetime = t.kind === 'all-day' ? formatDate(t.startDate) : formatDatetimeAttribute(t.startMs, t.zone);
    return `<time datetime="${datetime}">${formatShortDay(date)}${withYear ? ` ${date.year}` : ''}</time>`;
  });
  // Listed are the first occurrences not over at the stamp, so the list holds until the first of them is over.
  return { html: `${rule}\n<p class="next">Next: ${dates.join(', ')}</p>`, sameUntilMs: occurrenceEndMs(next[0]!) };
}

function renderWhere(event: ResolvedEvent): string {
  return event.location ? `<p class="where">${escapeHtml(event.location)}</p>` : '';
}

/** Folded YAML (`>`) turns each blank line into one line break, so every line break starts a paragraph. */
function renderDescription(event: ResolvedEvent): string {
  if (!event.description) return '';
  const paragraphs = event.description.split('\n').filter((line) => line.trim() !== '');
  return (
    `<details><summary>Details<span class="vh"> of ${escapeHtml(event.title)}</span></summary>` +
    `<div class="description">${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</div></details>`
  );
}

function renderLinks(event: ResolvedEvent): string {
  // Link texts repeat from event to event, so each names its event for screen readers.
  const about = `<span class="vh"> (${escapeHtml(event.title)})</span>`;
  const links = [`<a href="events/${encodeURIComponent(event.id)}.ics" type="text/calendar">Add to calendar${about}</a>`];
  if (event.url) links.push(`<a href="${escapeHtml(event.url)}">Source${about}</a>`);
  if (event.geo) links.push(`<a href="${escapeHtml(mapUrl(event.geo))}">Map${about}</a>`);
  return `<p class="links">${links.join(' ')}</p>`;
}

/** OpenStreetMap centred on the venue, with a marker: a plain link, nothing loads until it is followed. */
export function mapUrl({ lat, lon }: { lat: number; lon: number }): string {
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}
