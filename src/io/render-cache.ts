// The render cache: what builds made of each item of events.yaml, kept between builds, so that an unchanged
// event is validated, resolved and rendered once in its life. Where caches conventionally go:
// node_modules/.cache/calfeed in the nearest folder above events.yaml that has node_modules, else
// $XDG_CACHE_HOME/calfeed (~/.cache/calfeed).
//
// It holds three maps (src/core/pipeline.ts says what each must answer):
// - the calendar block, as written → its resolved settings;
// - an item of the events list, as written, with the calendar settings it depends on → the events it publishes;
// - a published event → its VEVENT text, the DTSTAMP that text has, and its entry on the agenda page.
// An event that an item published before is found by identity; any other (a file read the slow way, an
// item whose calendar settings changed) by its JSON, so it is rendered again only if it changed.
//
// Safe by construction:
// - every key is a hash of all that shapes its value, and of the calfeed build (a hash of the whole bundled
//   program, dependencies included, so any code change is a new key) and the zone data Node carries (ICU
//   and tzdata versions). The DTSTAMP is stored beside the text: the pipeline swaps that one line when the
//   stamp differs (restampEventText) and renders the page entry of a series again;
// - the file carries a SHA-256 of its body, checked before use: a truncated, edited or garbled file is
//   ignored whole, and the build does everything, as cold;
// - it is written atomically, and a failure to read or write it never fails a build.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { VtimezoneMemo } from '../core/ics/render-vtimezone.js';
import type { EventMemo, RenderedEventStore, StoredRender } from '../core/pipeline.js';
import type { ResolvedCalendar } from '../core/resolve-calendar.js';
import type { ResolvedEvent } from '../core/resolve-events.js';
import { writeFileAtomically } from './write-site.js';

/** The format: this name, V8's serialization of the maps (node:v8, so the Node version too), a SHA-256 of the body. */
const MAGIC = `calfeed-render-cache-6-node-${process.version}`;

/**
 * A hash of the bundled program, written into dist/calfeed.cjs by scripts/build.mjs. Left as it is here
 * (the TypeScript sources run by the tests), the program has no identity and nothing is cached on disk.
 */
const BUILD_ID: string = '__CALFEED_BUILD_ID__';
export const buildId = (): string | undefined => (BUILD_ID.startsWith('__') ? undefined : BUILD_ID);

/** Where the cache lives, or undefined when caching is off (CALFEED_CACHE=off) or the program has no identity. */
export function renderCacheDir(env: NodeJS.ProcessEnv, sourcePath: string): string | undefined {
  if (env.CALFEED_CACHE === 'off' || buildId() === undefined) return undefined;
  if (env.CALFEED_CACHE_DIR) return resolve(env.CALFEED_CACHE_DIR);
  for (let dir = dirname(resolve(sourcePath)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'calfeed');
    if (dirname(dir) === dir) break;
  }
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'calfeed');
}

/** A memo of the pipeline's stages, from the YAML data to the rendered event and the VTIMEZONEs. */
export type BuildMemo = EventMemo & RenderedEventStore & { zones: VtimezoneMemo };

export interface RenderCache extends BuildMemo {
  /** Keep what this build used (and nothing else) for the next build; never throws. */
  save(): Promise<void>;
}

/** What the maps hold, by key. */
interface Contents {
  calendars: Map<string, ResolvedCalendar>;
  /** The keys of the events an item published, in order. */
  items: Map<string, string[]>;
  events: Map<string, ResolvedEvent>;
  renders: Map<string, StoredRender>;
  /** VTIMEZONE lines by `zone fromYear toYear`. */
  zones: Map<string, readonly string[]>;
}

const emptyContents = (): Contents => ({ calendars: new Map(), items: new Map(), events: new Map(), renders: new Map(), zones: new Map() });

/**
 * The maps of one build: lookups read `stored` (an earlier build's) and copy what they use into `used`,
 * which is what the next build gets. `keyOf` turns a key text into the key stored.
 */
function memoOver(stored: Contents, keyOf: (text: string) => string): BuildMemo & { used: Contents; eventKey(event: ResolvedEvent): string } {
  const used = emptyContents();
  // Each event an item published, by identity: its key without hashing it again.
  const eventKeys = new WeakMap<ResolvedEvent, string>();
  const eventKey = (event: ResolvedEvent) => {
    let key = eventKeys.get(event);
    if (key === undefined) eventKeys.set(event, (key = keyOf(JSON.stringify(event))));
    return key;
  };
  const memo = {
    used,
    eventKey,
    calendar(text: string) {
      const key = keyOf(text);
      const calendar = used.calendars.get(key) ?? stored.calendars.get(key);
      if (calendar) used.calendars.set(key, calendar);
      return calendar;
    },
    setCalendar(text: string, calendar: ResolvedCalendar) {
      used.calendars.set(keyOf(text), calendar);
    },
    events(text: string) {
      const key = keyOf(text);
      const keys = used.items.get(key) ?? stored.items.get(key);
      const events = keys?.map((k) => used.events.get(k) ?? stored.events.get(k));
      if (!keys || !events || events.some((event) => event === undefined)) return undefined;
      used.items.set(key, keys);
      return events.map((event, i) => {
        used.events.set(keys[i]!, event!);
        eventKeys.set(event!, keys[i]!);
        return event!;
      });
    },
    setEvents(text: string, events: ResolvedEvent[]) {
      const keys = events.map(eventKey);
      keys.forEach((key, i) => used.events.set(key, events[i]!));
      used.items.set(keyOf(text), keys);
    },
    lookup(event: ResolvedEvent) {
      const key = eventKey(event);
      const found = used.renders.get(key) ?? stored.renders.get(key);
      if (found === undefined) return undefined;
      used.renders.set(key, found);
      return found;
    },
    remember(event: ResolvedEvent, render: StoredRender) {
      used.renders.set(eventKey(event), render);
    },
    // Keyed like the rest (by keyOf): a VTIMEZONE depends on calfeed's code and Node's zone data too.
    zones: {
      get(text: string) {
        const key = keyOf(text);
        const lines = used.zones.get(key) ?? stored.zones.get(key);
        if (lines) used.zones.set(key, lines);
        return lines;
      },
      set: (text: string, lines: readonly string[]) => void used.zones.set(keyOf(text), lines),
    },
  };
  return memo;
}

/**
 * The cache for builds into one output folder (`scope`): a file of everything, and beside it a file of
 * what builds changed since, so that a warm build reads two files, not one per event, and writes a few
 * entries, not all. When the changes and the entries no build used any more come to a quarter of the
 * whole, the whole is written again, of the entries the last build used only.
 *
 * Why two files: for 10,000 generated events the whole is about 48 MB; writing it after every edit cost
 * about 130 ms of a 1.3 s build (2 cores, Node 20.20), writing the changes a millisecond.
 */
export async function openRenderCache(dir: string, scope: string, codeId: string): Promise<RenderCache> {
  const file = join(dir, `events-${sha256(resolve(scope)).slice(0, 16)}.cache`);
  const changesFile = `${file}.changes`;
  const whole = await readContents(file);
  const changes = whole.hash === undefined ? undefined : await readContents(changesFile, whole.hash);
  const stored = changes?.hash === undefined ? whole.contents : mergeContents(whole.contents, changes.contents);
  const prefix = `${codeId}\0${process.versions.icu ?? ''}\0${process.versions.tz ?? ''}\0`;
  const memo = memoOver(stored, (text) => sha256(prefix + text));
  return Object.assign(memo, {
    async save() {
      const { used } = memo;
      // What this build used that the whole file does not hold as it is, and what the whole holds that no build used.
      const changed = emptyContents();
      let changedCount = 0;
      let unusedCount = 0;
      let wholeCount = 0;
      for (const name of CONTENT_NAMES) {
        const [now, before] = [used[name] as Map<string, unknown>, whole.contents[name] as Map<string, unknown>];
        for (const [key, value] of now) {
          if (before.get(key) !== value) {
            (changed[name] as Map<string, unknown>).set(key, value);
            changedCount++;
          }
        }
        for (const key of before.keys()) if (!now.has(key)) unusedCount++;
        wholeCount += before.size;
      }
      const sameAs = (a: Contents, b: Contents) => CONTENT_NAMES.every((name) => a[name].size === b[name].size && [...(a[name] as Map<string, unknown>)].every(([key, value]) => (b[name] as Map<string, unknown>).get(key) === value));
      try {
        await mkdir(dir, { recursive: true });
        if (whole.hash === undefined || changedCount + unusedCount > wholeCount / 4) {
          const body = serialize(used);
          const hash = sha256(body);
          await writeFileAtomically(file, [`${MAGIC} ${hash}\n`, body]);
          await rm(changesFile, { force: true });
        } else if (!sameAs(changed, changes?.hash === undefined ? emptyContents() : changes.contents)) {
          // Bound to the whole file it changes: read with another, it is ignored.
          const body = serialize(changed);
          await writeFileAtomically(changesFile, [`${MAGIC} ${sha256(body)} ${whole.hash}\n`, body]);
        }
      } catch {
        // A cache that cannot be written costs the next build time, never its output.
      }
    },
  });
}

const CONTENT_NAMES = ['calendars', 'items', 'events', 'renders', 'zones'] as const;

function mergeContents(base: Contents, over: Contents): Contents {
  const merged = emptyContents();
  for (const name of CONTENT_NAMES) (merged[name] as Map<string, unknown>) = new Map([...(base[name] as Map<string, unknown>), ...(over[name] as Map<string, unknown>)]);
  return merged;
}

// Why V8's serialization, not JSON (10,000 generated events, a 29 MB cache as JSON; 2 cores, Node 20.20):
// writing took about 190 ms as JSON (stringify, then UTF-8) and 55 ms serialized; reading 200 ms against 70.
/** A cache file's contents and the hash of its body; `base`: the hash of the whole file a changes file must be bound to. */
async function readContents(file: string, base?: string): Promise<{ contents: Contents; hash?: string }> {
  try {
    const bytes = await readFile(file);
    const newline = bytes.indexOf(0x0a);
    const [magic, hash, boundTo] = bytes.subarray(0, newline).toString('latin1').split(' ');
    const body = bytes.subarray(newline + 1);
    if (magic !== MAGIC || hash !== sha256(body) || boundTo !== base) return { contents: emptyContents() };
    return { contents: { ...emptyContents(), ...(deserialize(body) as Contents) }, hash };
  } catch {
    return { contents: emptyContents() }; // missing, unreadable or not what this version writes: a cold build
  }
}

/**
 * The same memo in memory, for a long-running process (calfeed serve): it keeps what the last build used.
 * Keys are the texts themselves, so no hash and no program identity are needed.
 */
export type MemoryRenderStore = BuildMemo & { endBuild(): void };

export function memoryRenderStore(): MemoryRenderStore {
  let current = memoOver(emptyContents(), (text) => text);
  const forward = <K extends keyof BuildMemo>(name: K) => ((...args: never[]) => (current[name] as (...a: never[]) => unknown)(...args)) as BuildMemo[K];
  return {
    calendar: forward('calendar'),
    setCalendar: forward('setCalendar'),
    events: forward('events'),
    setEvents: forward('setEvents'),
    lookup: forward('lookup'),
    remember: forward('remember'),
    zones: { get: (key) => current.zones.get(key), set: (key, lines) => current.zones.set(key, lines) },
    endBuild() {
      current = memoOver(current.used, (text) => text);
    },
  };
}

/** A build without a cache: nothing is found, nothing is kept. */
export const noRenderStore: RenderedEventStore = { lookup: () => undefined, remember: () => {} };

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
