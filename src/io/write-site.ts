// Write the rendered site into the output folder: each changed file atomically (temporary file, then
// rename), the feed last, files whose bytes are already there left alone, and per-event files of events
// that no longer exist removed.
//
// Whether a file's bytes are already there is known from the manifest of the last build into the folder
// (kept in the render cache) when the file is as that build left it: same signature of what it was made
// from, same size, modification time and inode. Otherwise the file is read and compared. Measured for
// 10,000 one-event files (2 cores, ext4): reading and comparing them costs about 0.25 s, and turning their
// texts into UTF-8 to compare 0.15 s more; looking them up in the manifest, 0.05 s.
import { statSync, type Stats } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Site } from '../core/pipeline.js';

/**
 * Files in flight at once. Creating a file costs far more than reading one on this project's machines
 * (10,000 one-event files: about 3.5 s to create, 0.3 s to read and compare, ext4 on 2 cores), so an
 * unchanged file is read and compared rather than rewritten, and several are handled at a time.
 */
const CONCURRENCY = 16;

export interface WriteReport {
  written: number;
  unchanged: number;
  removed: number;
}

/** What the last build wrote, by path relative to the output folder. */
export interface OutputManifest {
  get(path: string): ManifestEntry | undefined;
  set(path: string, entry: ManifestEntry): void;
}

export interface ManifestEntry {
  /** What the file was made from (equal signatures: equal bytes), as the caller chose it. */
  signature: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface WriteOptions {
  /** The signature of a file's text, for files that have one; see OutputManifest. */
  signatureOf?: (path: string) => string | undefined;
  manifest?: OutputManifest;
}

export async function writeSite(outDir: string, site: Site, options: WriteOptions = {}): Promise<WriteReport> {
  const paths = [...site.keys()].sort((a, b) => Number(a === 'calendar.ics') - Number(b === 'calendar.ics') || (a < b ? -1 : 1));
  const folders = new Set(paths.map((path) => dirname(join(outDir, path))));
  await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true })));
  const report: WriteReport = { written: 0, unchanged: 0, removed: 0 };
  const { manifest, signatureOf } = options;
  const update = async (path: string) => {
    const signature = signatureOf?.(path);
    const file = join(outDir, path);
    const left = manifest && signature !== undefined ? manifest.get(path) : undefined;
    if (left && isAsLeft(file, left, signature!)) {
      manifest!.set(path, left);
      report.unchanged++;
      return;
    }
    if (await writeIfChanged(file, site.get(path)!)) report.written++;
    else report.unchanged++;
    if (manifest && signature !== undefined) {
      const stats = statSync(file, { throwIfNoEntry: false });
      if (stats) manifest.set(path, entryOf(signature, stats));
    }
  };
  // Everything but the feed, then the feed: a subscriber who sees a new feed finds its event files.
  const feedLast = paths.at(-1) === 'calendar.ics';
  await inPool(feedLast ? paths.slice(0, -1) : paths, update);
  if (feedLast) await update('calendar.ics');
  report.removed = await removeStaleEventFiles(outDir, site);
  return report;
}

/** The file is the one the manifest says a build made from `signature`, untouched since. */
function isAsLeft(file: string, entry: ManifestEntry, signature: string): boolean {
  if (entry.signature !== signature) return false;
  const stats = statSync(file, { throwIfNoEntry: false });
  return stats !== undefined && stats.isFile() && stats.size === entry.size && stats.mtimeMs === entry.mtimeMs && stats.ino === entry.ino;
}

const entryOf = (signature: string, stats: Stats): ManifestEntry => ({ signature, size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino });

/** Writes `text` unless the file already holds exactly these bytes; true when it wrote. */
export async function writeIfChanged(path: string, text: string): Promise<boolean> {
  const wanted = Buffer.from(text, 'utf8');
  const existing = await readFile(path).catch(() => undefined);
  if (existing && existing.equals(wanted)) return false;
  await writeFileAtomically(path, wanted);
  return true;
}

export async function writeFileAtomically(path: string, data: string | Uint8Array | readonly Uint8Array[]): Promise<void> {
  const temporary = join(dirname(path), `.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    if (Array.isArray(data)) {
      const handle = await open(temporary, 'w');
      try {
        await handle.writev(data as Uint8Array[]);
      } finally {
        await handle.close();
      }
    } else {
      await writeFile(temporary, data as string | Uint8Array);
    }
    // rename(2) replaces the target in one step: a reader sees the old file or the new one, never half.
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function inPool<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

async function removeStaleEventFiles(outDir: string, site: Site): Promise<number> {
  const eventsDir = join(outDir, 'events');
  let names: string[];
  try {
    names = await readdir(eventsDir);
  } catch {
    return 0;
  }
  const stale = names.filter((name) => name.endsWith('.ics') && !site.has(`events/${name}`));
  await Promise.all(stale.map((name) => rm(join(eventsDir, name), { force: true })));
  return stale.length;
}
