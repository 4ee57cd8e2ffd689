// The render cache: each event's VEVENT text, content-addressed, kept between builds so that an event
// goes through `ics` once in its life. Where caches conventionally go: node_modules/.cache/calfeed in the
// nearest folder above events.yaml that has node_modules, else $XDG_CACHE_HOME/calfeed (~/.cache/calfeed).
//
// Safe by construction:
// - the key is a hash of everything that shapes the text: the resolved event (every field, as JSON with
//   sorted keys), the DTSTAMP, the calfeed build (a hash of the whole bundled program, dependencies
//   included, so any code change is a new key) and the zone data Node carries (ICU and tzdata versions);
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

const MAGIC = 'calfeed-render-cache 1';

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
  const used = new Map<string, string>();
  let hits = 0;
  let misses = 0;
  const prefix = `${codeId}\0${process.versions.icu ?? ''}\0${process.versions.tz ?? ''}\0`;
  const keyOf = (event: ResolvedEvent, stampMs: number) => sha256(`${prefix}${stampMs}\0${stableJson(event)}`);
  return {
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
    lookup(event, stampMs) {
      const key = keyOf(event, stampMs);
      const text = stored.get(key);
      if (text === undefined) return undefined;
      hits++;
      used.set(key, text);
      return text;
    },
    remember(event, stampMs, text) {
      misses++;
      used.set(keyOf(event, stampMs), text);
    },
    async save() {
      if (misses === 0 && used.size === stored.size) return; // nothing new, nothing dropped
      try {
        const body = JSON.stringify([...used]);
        await mkdir(dir, { recursive: true });
        await writeFileAtomically(file, `${MAGIC} ${sha256(body)}\n${body}`);
      } catch {
        // A cache that cannot be written costs the next build time, never its output.
      }
    },
  };
}

async function readEntries(file: string): Promise<Map<string, string>> {
  try {
    const text = await readFile(file, 'utf8');
    const newline = text.indexOf('\n');
    const [magic, version, hash] = text.slice(0, newline).split(' ');
    const body = text.slice(newline + 1);
    if (`${magic} ${version}` !== MAGIC || hash !== sha256(body)) return new Map();
    const entries: unknown = JSON.parse(body);
    if (!Array.isArray(entries) || !entries.every((e) => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string')) return new Map();
    return new Map(entries as [string, string][]);
  } catch {
    return new Map(); // missing or unreadable: a cold build
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted, so that equal events give equal text whatever order their fields were set in. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
