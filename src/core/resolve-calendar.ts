// The calendar block as written → its published settings: zone, UID domain, refresh interval, colours.
import cssColors from 'color-name';
import { parseDurationText, totalSeconds } from './duration-text.js';
import { problem, type PathSegment, type Problem } from './problem.js';
import { resolveFeeds, type ResolvedFeed } from './resolve-feeds.js';
import { FEEDS_BY_CATEGORY, type WrittenCalendar } from './schema.js';
import { didYouMean } from './suggest.js';
import { checkZone } from './zones.js';
import { parseTimeText, type CalendarDate } from './time-text.js';

export interface CalendarColor {
  /** `#rrggbb`, for X-APPLE-CALENDAR-COLOR. */
  hex: string;
  /** A CSS colour keyword (RFC 7986 COLOR takes only these): the one written, or the nearest to the hex. */
  cssName: string;
}

export interface ResolvedCalendar {
  name: string;
  description?: string | undefined;
  timezone: string;
  domain: string;
  url?: string | undefined;
  refreshSeconds: number;
  color?: CalendarColor | undefined;
  /** Publish series as one-off events up to this day (inclusive); undefined: publish rules. */
  expandUntil?: CalendarDate | undefined;
  /** Feeds of some categories' events, published beside the whole one (resolve-feeds.ts); none when undefined. */
  feeds?: ResolvedFeed[] | undefined;
  /** `feeds: by-category`: the feeds are one per category the events have (check-data.ts makes them, with the events). */
  feedsByCategory?: true | undefined;
}

export const DEFAULT_DOMAIN = 'calfeed.invalid';
export const DEFAULT_REFRESH_SECONDS = 12 * 3600;
const MIN_REFRESH_SECONDS = 60;
const MAX_REFRESH_SECONDS = 366 * 86_400;

export type CalendarResult = { ok: true; calendar: ResolvedCalendar } | { ok: false; problems: Problem[] };

/**
 * The published settings, or every problem in them. Takes the fields validation could read, so a bad field
 * elsewhere does not hide these problems; without a name there is no calendar (validation reports that).
 */
export function resolveCalendar(written: Partial<WrittenCalendar>): CalendarResult {
  const problems: Problem[] = [];
  const timezone = written.timezone ?? 'UTC';
  const zoneCheck = checkZone(timezone);
  if (!zoneCheck.ok) problems.push(problem('unknown-zone', ['calendar', 'timezone'], zoneCheck.message));

  let refreshSeconds = DEFAULT_REFRESH_SECONDS;
  if (written.refresh !== undefined) {
    const parts = parseDurationText(written.refresh);
    if (!parts || totalSeconds(parts) < MIN_REFRESH_SECONDS || totalSeconds(parts) > MAX_REFRESH_SECONDS) {
      problems.push(problem('bad-duration', ['calendar', 'refresh'], `${JSON.stringify(written.refresh)} is not a refresh interval between a minute and a year; write it like PT6H or 6h`));
    } else {
      refreshSeconds = totalSeconds(parts);
    }
  }

  let color: CalendarColor | undefined;
  if (written.color !== undefined) {
    color = parseColor(written.color);
    if (!color) {
      problems.push(problem('bad-value', ['calendar', 'color'], `${JSON.stringify(written.color)} is not a colour; write #rrggbb, #rgb or a CSS colour name${didYouMean(written.color, Object.keys(cssColors))}`));
    }
  }
  const expandUntil = written.expand === undefined ? undefined : readExpandDate(written.expand, ['calendar', 'expand'], problems);
  if (problems.length > 0 || written.name === undefined) return { ok: false, problems };
  return {
    ok: true,
    calendar: {
      name: written.name,
      description: written.description,
      timezone,
      domain: (written.domain ?? DEFAULT_DOMAIN).toLowerCase(),
      url: written.url,
      refreshSeconds,
      color,
      expandUntil,
      ...(written.feeds === FEEDS_BY_CATEGORY ? { feedsByCategory: true } : written.feeds?.length ? { feeds: resolveFeeds(written.feeds, written.name, written.url) } : {}),
    },
  };
}

/** The horizon of `expand:`, a date like 2022-12-31. */
export function readExpandDate(text: string, path: PathSegment[], problems: Problem[]): CalendarDate | undefined {
  const written = parseTimeText(text);
  if (written?.kind === 'date') return written.date;
  problems.push(problem('bad-date', path, `${JSON.stringify(text)} is not a date; write the last day to publish occurrences for, like 2022-12-31`));
  return undefined;
}


export function parseColor(text: string): CalendarColor | undefined {
  const value = text.trim().toLowerCase();
  const named = cssColors[value];
  if (named) return { hex: toHex(named), cssName: value };
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(value);
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(value);
  const rgb = short
    ? short.slice(1).map((h) => parseInt(h + h, 16))
    : long
      ? long.slice(1).map((h) => parseInt(h, 16))
      : undefined;
  if (!rgb) return undefined;
  const triple = rgb as [number, number, number];
  return { hex: toHex(triple), cssName: nearestCssName(triple) };
}

const toHex = (rgb: readonly number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

function nearestCssName(rgb: [number, number, number]): string {
  let best = 'black';
  let bestDistance = Infinity;
  for (const [name, candidate] of Object.entries(cssColors)) {
    // "redmean" weighting: closer to perceived difference than plain RGB distance, at no cost.
    const rMean = (rgb[0] + candidate[0]) / 2;
    const dr = rgb[0] - candidate[0];
    const dg = rgb[1] - candidate[1];
    const db = rgb[2] - candidate[2];
    const distance = (2 + rMean / 256) * dr * dr + 4 * dg * dg + (2 + (255 - rMean) / 256) * db * db;
    if (distance < bestDistance || (distance === bestDistance && name < best)) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}
