// The `feeds:` of the calendar block → the feeds published beside the whole one (feeds/<id>.ics), each of
// the events in some categories; which events each holds; and the check that each category names some event's.
import { problem, type Problem } from './problem.js';
import type { ResolvedEvent } from './resolve-events.js';
import { FEEDS_BY_CATEGORY, MAX_FEEDS, MAX_FEEDS_BY_CATEGORY, type WrittenFeed } from './schema.js';
import { slugWords } from './slug-words.js';
import { closestNames } from './suggest.js';
import { windowsDeviceName } from './validate.js';

export interface ResolvedFeed {
  id: string;
  /** `feeds/<id>.ics`, relative to the output folder (and to the page). */
  path: string;
  /** The feed's NAME: as written, or the calendar's name and the categories. */
  name: string;
  /** What the feed holds: as written, or said from the categories. */
  description: string;
  /** As written; an event is in the feed if it has any of them, compared by categoryKey. */
  categories: string[];
  /** The feed's public address, beside the calendar's `url` (its folder + the feed's path); undefined without one. */
  url?: string | undefined;
}

export const FEEDS_FOLDER = 'feeds';

/**
 * How categories compare: without regard to case or surrounding spaces, so `nato` selects the events
 * tagged `NATO` (a feed for a category that differs only in case would surprise more than it helps).
 */
export const categoryKey = (category: string) => category.trim().normalize('NFC').toLowerCase();

/**
 * `feeds: by-category`: one feed per category the events have, in the order of the categories' names, each
 * as if written `{ id: <slug of the category>, categories: [<category>] }` (ids made unique, `-2`, `-3`…).
 * A category is spelt as the first event that has it spells it.
 */
export function feedsByCategory(events: readonly Pick<ResolvedEvent, 'categories'>[], calendarName: string, calendarUrl: string | undefined): ResolvedFeed[] {
  const spelling = new Map<string, string>();
  for (const event of events) for (const category of event.categories) if (category.trim() !== '' && !spelling.has(categoryKey(category))) spelling.set(categoryKey(category), category.trim());
  const ids = new Set<string>();
  const written = [...spelling.values()]
    .sort((a, b) => a.localeCompare(b, 'en') || (a < b ? -1 : 1))
    .map((category) => {
      const base = feedIdOf(category);
      let id = base;
      for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
      ids.add(id);
      return { id, categories: [category] };
    });
  return resolveFeeds(written, calendarName, calendarUrl);
}

/** A feed id for a category: its letters and digits, accents dropped, joined by "-" (`Phone call` → `phone-call`); never a Windows device name. */
function feedIdOf(category: string): string {
  const slug = slugWords(category).join('-').slice(0, 60).replace(/-+$/, '');
  if (slug === '') return 'category';
  return windowsDeviceName(slug) ? `${slug}-feed` : slug;
}

/** The feeds as published; `calendarName` and `calendarUrl` are the calendar's, already checked. */
export function resolveFeeds(written: readonly WrittenFeed[] | undefined, calendarName: string, calendarUrl: string | undefined): ResolvedFeed[] {
  return (written ?? []).map((feed) => {
    const categories = feed.categories.map((c) => c.trim());
    const path = `${FEEDS_FOLDER}/${feed.id}.ics`;
    return {
      id: feed.id,
      path,
      // Joined without commas: escaped in the feed (\,) as TEXT must be, and ical.js shows NAME's escapes as written.
      name: feed.name?.trim() || `${calendarName} — ${categories.join(' / ')}`,
      description: feed.description?.trim() || describeSelection(calendarName, categories),
      categories,
      url: calendarUrl === undefined ? undefined : beside(calendarUrl, path),
    };
  });
}

const describeSelection = (calendarName: string, categories: readonly string[]) => `The events of “${calendarName}” with the category ${categories.join(' or ')}.`;

/** `https://host/cal/calendar.ics` and `feeds/x.ics` → `https://host/cal/feeds/x.ics`: published beside the main feed. */
function beside(url: string, path: string): string | undefined {
  try {
    return new URL(path, url).href;
  } catch {
    return undefined; // not an address: validation reports it
  }
}

/** The ids of the feeds an event is in, in the order the feeds are written. */
export function feedSelector(feeds: readonly ResolvedFeed[]): (event: Pick<ResolvedEvent, 'categories'>) => string[] {
  const keys = feeds.map((feed) => ({ id: feed.id, keys: new Set(feed.categories.map(categoryKey)) }));
  return (event) => {
    if (event.categories.length === 0) return [];
    const own = event.categories.map(categoryKey);
    return keys.filter((feed) => own.some((key) => feed.keys.has(key))).map((feed) => feed.id);
  };
}

/**
 * Every category a feed selects that no event has (a typo would publish an empty feed, silently), with
 * the closest categories events do have. `data`: the file's data as read, so that events with problems of
 * their own still count their categories, and no problem is reported twice.
 */
export function checkFeedCategories(feeds: readonly Pick<WrittenFeed, 'categories'>[] | typeof FEEDS_BY_CATEGORY | undefined, data: unknown): Problem[] {
  if (feeds === FEEDS_BY_CATEGORY) {
    const count = writtenCategories(data).length;
    if (count === 0) {
      return [problem('unknown-category', ['calendar', 'feeds'], `\`${FEEDS_BY_CATEGORY}\` makes one feed per category the events have, and no event has one; add \`categories: [...]\` to the events, or remove \`feeds\``)];
    }
    return count > MAX_FEEDS_BY_CATEGORY
      ? [problem('too-large', ['calendar', 'feeds'], `the events have ${count} categories, over calfeed's limit of ${MAX_FEEDS_BY_CATEGORY} feeds \`${FEEDS_BY_CATEGORY}\`; name the feeds you want instead (a list of at most ${MAX_FEEDS})`)]
      : [];
  }
  if (!feeds || feeds.length === 0) return [];
  const known = writtenCategories(data);
  const keys = new Set(known.map(categoryKey));
  const problems: Problem[] = [];
  feeds.forEach((feed, i) => {
    // The feed would be empty when none of its categories is an event's; otherwise the one unknown is a typo.
    const empty = feed.categories.every((category) => !keys.has(categoryKey(category)));
    feed.categories.forEach((category, j) => {
      if (category.trim() === '' || keys.has(categoryKey(category))) return;
      const near = closestNames(category.trim(), known, 1)[0];
      const hint = near ? `; did you mean \`${near}\`?` : known.length ? `; the events' categories are ${listSome(known)}` : '; no event has categories: add `categories: [...]` to the events this feed should hold';
      problems.push(problem('unknown-category', ['calendar', 'feeds', i, 'categories', j], `no event has the category ${JSON.stringify(category)}${empty ? ', so the feed would be empty' : ''}${hint}`));
    });
  });
  return problems;
}

/** The categories of the events as written, each once (by categoryKey), in the order first met. */
function writtenCategories(data: unknown): string[] {
  const events = data !== null && typeof data === 'object' ? (data as { events?: unknown }).events : undefined;
  if (!Array.isArray(events)) return [];
  const seen = new Map<string, string>();
  for (const item of events) {
    const categories = item !== null && typeof item === 'object' ? (item as { categories?: unknown }).categories : undefined;
    if (!Array.isArray(categories)) continue;
    for (const category of categories) {
      if (typeof category !== 'string' || category.trim() === '') continue;
      const key = categoryKey(category);
      if (!seen.has(key)) seen.set(key, category.trim());
    }
  }
  return [...seen.values()];
}

const listSome = (names: readonly string[]) => {
  const shown = names.slice(0, 8).map((n) => `\`${n}\``).join(', ');
  return names.length > 8 ? `${shown}, …` : shown;
};
