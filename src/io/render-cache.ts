// The render cache: each event's VEVENT text, content-addressed, kept between builds so that an event
// goes through `ics` once in its life. Where caches conventionally go: node_modules/.cache/calfeed in the
// nearest folder above events.yaml that has node_modules, else $XDG_CACHE_HOME/calfeed (~/.cache/calfeed).
//
// Safe by construction:
// - the key is a hash of everything that shapes the text: the resolved event (every field, as JSON with
//   sorted keys), the calfeed build (a hash of the whole bundled program, dependencies included, so any
//   code change is a new key) and the zone data Node carries (ICU and tzdata versions). The DTSTAMP is
//   stored beside the text: the pipeline swaps that one line when the stamp differs (restampEventText);
// - the file carries a SHA-256 of its body, checked before use: a truncated, edited or garbled file is
//   ignored whole, and the build renders everything, as cold;
// - it is written atomically, and a failure to read or write it never fails a build.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { RenderedEventStore } from '../core/pipeline.js';
import type { ResolvedEvent } from '../core/resolve-events.js';
import { writeFileAtomically } from './write-site.js';

const MAGIC = 'calfeed-render-cache 2';

/**
 * A hash of the bundled program, written into dist/cli.js by scripts/build.mjs. Left as it is here (the
 * TypeScript sources run by the tests, or a tsc build), the program has no identity and nothing is cached.
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

export interface RenderCache extends RenderedEventStore {
  /** Entries found and made in this build. */
  readonly hits: number;
  readonly misses: number;
  /** Keep what this build used (and nothing else) for the next build; never throws. */
  save(): Promise<void>;
}

/**
 * The cache for builds into one output folder (`scope`): one file, so a warm build reads one file, not
 * one per event. It keeps the entries the last build used; entries of deleted or edited events go.
 */
export async function openRenderCache(dir: string, scope: string, codeId: string): Promise<RenderCache> {
  const file = join(dir, `events-${sha256(resolve(scope)).slice(0, 16)}.cache`);
  const stored = await readEntries(file);
  const used = new Map<string, Entry>();
  let hits = 0;
  let misses = 0;
  const prefix = `${codeId}\0${process.versions.icu ?? ''}\0${process.versions.tz ?? ''}\0`;
  // Hash each event once, however often a build asks.
  const keys = new WeakMap<ResolvedEvent, string>();
  const keyOf = (event: ResolvedEvent) => {
    let key = keys.get(event);
    if (key === undefined) keys.set(event, (key = sha256(`${prefix}${stableJson(event)}`)));
    return key;
  };
  return {
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
    lookup(event) {
      const key = keyOf(event);
      const made = used.get(key);
      if (made !== undefined) return { text: made[1], stampMs: made[0] };
      const entry = stored.get(key);
      if (entry === undefined) return undefined;
      hits++;
      used.set(key, entry);
      return { text: entry[1], stampMs: entry[0] };
    },
    remember(event, stampMs, text) {
      const key = keyOf(event);
      if (!stored.has(key)) misses++;
      used.set(key, [stampMs, text]);
    },
    async save() {
      const unchanged = used.size === stored.size && [...used].every(([key, entry]) => stored.get(key) === entry);
      if (unchanged) return;
      try {
        const body = JSON.stringify([...used].map(([key, [stampMs, text]]) => [key, stampMs, text]));
        await mkdir(dir, { recursive: true });
        await writeFileAtomically(file, `${MAGIC} ${sha256(body)}\n${body}`);
      } catch {
        // A cache that cannot be written costs the next build time, never its output.
      }
    },
  };
}

/** [stamp, VEVENT text] */
type Entry = readonly [number, string];

async function readEntries(file: string): Promise<Map<string, Entry>> {
  try {
    const text = await readFile(file, 'utf8');
    const newline = text.indexOf('\n');
    const [magic, version, hash] = text.slice(0, newline).split(' ');
    const body = text.slice(newline + 1);
    if (`${magic} ${version}` !== MAGIC || hash !== sha256(body)) return new Map();
    const rows: unknown = JSON.parse(body);
    const valid = (r: unknown): r is [string, number, string] =>
      Array.isArray(r) && r.length === 3 && typeof r[0] === 'string' && Number.isSafeInteger(r[1]) && typeof r[2] === 'string';
    if (!Array.isArray(rows) || !rows.every(valid)) return new Map();
    return new Map(rows.map(([key, stampMs, text]) => [key, [stampMs, text] as const]));
  } catch {
    return new Map(); // missing or unreadable: a cold build
  }
}

/**
 * The same store in memory, for a long-running process (calfeed serve): it keeps the entries the last
 * build used. Keys are the events' sorted-key JSON, so no hash and no program identity are needed.
 */
export type MemoryRenderStore = RenderedEventStore & { endBuild(): void };

export function memoryRenderStore(): MemoryRenderStore {
  let previous = new Map<string, Entry>();
  let current = new Map<string, Entry>();
  return {
    lookup(event) {
      const key = stableJson(event);
      const entry = current.get(key) ?? previous.get(key);
      if (entry === undefined) return undefined;
      current.set(key, entry);
      return { text: entry[1], stampMs: entry[0] };
    },
    remember(event, stampMs, text) {
      current.set(stableJson(event), [stampMs, text]);
    },
    endBuild() {
      previous = current;
      current = new Map();
    },
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted, so that equal events give equal text whatever order their fields were set in. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + stableJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${stableJson(record[key])}`;
  }
  return `${out}}`;
}
