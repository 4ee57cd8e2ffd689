// Write the rendered site into the output folder: each file atomically (temporary file, then rename),
// the feed last, and per-event files of events that no longer exist removed.
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Site } from '../core/pipeline.js';

export async function writeSite(outDir: string, site: Site): Promise<void> {
  const paths = [...site.keys()].sort((a, b) => Number(a === 'calendar.ics') - Number(b === 'calendar.ics') || (a < b ? -1 : 1));
  const folders = new Set(paths.map((path) => dirname(join(outDir, path))));
  await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true })));
  for (const path of paths) await writeFileAtomically(join(outDir, path), site.get(path)!);
  await removeStaleEventFiles(outDir, site);
}

export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    await writeFile(temporary, text, 'utf8');
    // rename(2) replaces the target in one step: a reader sees the old file or the new one, never half.
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function removeStaleEventFiles(outDir: string, site: Site): Promise<void> {
  const eventsDir = join(outDir, 'events');
  let names: string[];
  try {
    names = await readdir(eventsDir);
  } catch {
    return;
  }
  const stale = names.filter((name) => name.endsWith('.ics') && !site.has(`events/${name}`));
  await Promise.all(stale.map((name) => rm(join(eventsDir, name), { force: true })));
}
