// Publish a rendered site into the output folder so that, whatever stops a build (bad input found late, an
// exception, a full disk, kill -9 at any moment), the folder afterwards holds the old site or the new one,
// whole, and a subscriber never reads half a file.
//
// How: one build at a time holds the folder's lock (.calfeed.lock, with its pid; a lock whose process is
// gone is taken over). The files whose bytes change are written into a staging folder inside the output
// folder (same file system, so rename(2) moves them in one step). Then a journal (.calfeed-commit) names
// every rename and removal; once it is in place the build is decided, and the renames are made, the feed
// last, so that a subscriber who sees a new feed finds its event files and its page. A build that finds a
// journal finishes the renames it names (roll forward); one that finds only a staging folder removes it
// (the old site was never touched). Files whose bytes are already there are left alone, their
// modification time too.
//
// Which files are calfeed's: .calfeed-files lists what the last build published. A file of an event that
// no longer exists is removed; any other file in the folder (a page of your own, a handmade
// events/x.ics) is never touched. A folder published by a calfeed from before this list: every
// events/*.ics that the new site does not hold is taken to be calfeed's, as it was then.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { SiteFile } from '../core/pipeline.js';

export interface WriteReport {
  written: number;
  unchanged: number;
  removed: number;
}

/** The output folder could not be written (disk full, permission, a path of the wrong kind): one line for the user, exit code 74. */
export class OutputError extends Error {}

const LOCK = '.calfeed.lock';
const STAGING = '.calfeed-staging';
const JOURNAL = '.calfeed-commit';
const MANIFEST = '.calfeed-files';
const FEED = 'calendar.ics';

/** How long a build waits for another one writing the same folder before it gives up. */
const LOCK_WAIT_MS = 60_000;

interface Journal {
  /** Paths to move from the staging folder into place, in order (the feed last). */
  renames: string[];
  /** Paths of calfeed's files that the new site no longer has. */
  removals: string[];
}

/** Writes `files` into `outDir` as one step (see the top of this file); throws OutputError when the folder cannot be written. */
export async function publishSite(outDir: string, files: Iterable<SiteFile>): Promise<WriteReport> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw outputError(error, outDir);
  }
  const unlock = await lockFolder(outDir);
  try {
    await recover(outDir);
    return await publishLocked(outDir, files);
  } finally {
    await unlock();
  }
}

async function publishLocked(outDir: string, files: Iterable<SiteFile>): Promise<WriteReport> {
  const staging = join(outDir, STAGING);
  const report: WriteReport = { written: 0, unchanged: 0, removed: 0 };
  const renames: string[] = [];
  const paths = new Set<string>();
  const folders = new Set<string>();
  try {
    await mkdir(staging);
    for (const file of files) {
      paths.add(file.path);
      const target = join(outDir, file.path);
      await checkTarget(outDir, file.path, folders);
      if (await holdsAlready(target, file.parts)) {
        report.unchanged++;
        continue;
      }
      await mkdir(dirname(join(staging, file.path)), { recursive: true });
      await writeParts(join(staging, file.path), file.parts);
      renames.push(file.path);
    }
    const removals = (await previousFiles(outDir)).filter((path) => !paths.has(path));
    // The list of calfeed's files moves into place with the rest.
    await writeFile(join(staging, MANIFEST), `${[...paths].join('\n')}\n`);
    renames.push(MANIFEST);
    const ordered = [...renames.filter((path) => path !== FEED), ...renames.filter((path) => path === FEED)];
    // The journal decides the build: written whole under another name, then renamed into place.
    await writeFile(join(staging, JOURNAL), JSON.stringify({ renames: ordered, removals } satisfies Journal));
    await rename(join(staging, JOURNAL), join(outDir, JOURNAL));
    report.written = renames.length - 1;
    report.removed = removals.length;
  } catch (error) {
    await rm(staging, { recursive: true, force: true }).catch(() => {});
    throw outputError(error, outDir);
  }
  try {
    await recover(outDir);
  } catch (error) {
    throw outputError(error, outDir);
  }
  return report;
}

/**
 * Finishes a build that was decided (its journal is there) and removes what an undecided one left: the
 * staging folder, and the temporary files and folders of calfeeds from before the journal.
 */
async function recover(outDir: string): Promise<void> {
  const staging = join(outDir, STAGING);
  const journal = await readFile(join(outDir, JOURNAL), 'utf8').then((text) => JSON.parse(text) as Journal, () => undefined);
  if (journal) {
    for (const path of journal.renames) {
      const from = join(staging, path);
      if (!(await exists(from))) continue; // moved before the build stopped
      await mkdir(dirname(join(outDir, path)), { recursive: true });
      await rename(from, join(outDir, path));
    }
    await Promise.all(journal.removals.map((path) => rm(join(outDir, path), { force: true })));
    await rm(join(outDir, JOURNAL), { force: true });
  }
  await rm(staging, { recursive: true, force: true });
  // Leftovers of the writer before this one: .<pid>.<random>.tmp files and .events.<pid>.<random>.tmp folders.
  for (const dir of [outDir, join(outDir, 'events')]) {
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(names.filter((name) => /^\.(?:events\.)?\d+\.[a-z0-9]+\.tmp$/.test(name)).map((name) => rm(join(dir, name), { recursive: true, force: true })));
  }
}

/** What calfeed published into the folder before: the last build's list, or (a folder from before the list) its event files. */
async function previousFiles(outDir: string): Promise<string[]> {
  const listed = await readFile(join(outDir, MANIFEST), 'utf8').then((text) => text.split('\n').filter(Boolean), () => undefined);
  if (listed) return listed;
  const names = await readdir(join(outDir, 'events')).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.ics')).map((name) => `events/${name}`);
}

/** A path where a folder stands, or a file where a folder must be, is refused before anything is moved. */
async function checkTarget(outDir: string, path: string, foldersChecked: Set<string>): Promise<void> {
  const target = join(outDir, path);
  const found = await lstat(target).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
  if (found && !found.isFile()) throw new OutputError(`cannot write ${target}: ${found.isDirectory() ? 'a folder' : 'something other than a file'} is in the way; move it`);
  for (let dir = dirname(path); dir !== '.' && !foldersChecked.has(dir); dir = dirname(dir)) {
    foldersChecked.add(dir);
    const parent = await lstat(join(outDir, dir)).catch(() => undefined);
    if (parent && !parent.isDirectory()) throw new OutputError(`cannot write ${target}: ${join(outDir, dir)} is a file, where a folder must be; move it`);
  }
}

/** About this many bytes of parts are turned into UTF-8 and compared or written at a time: a big feed is never one buffer. */
const BATCH_BYTES = 1 << 20;

function* encodedBatches(parts: Iterable<string>): Generator<Buffer> {
  let batch: string[] = [];
  let size = 0;
  for (const part of parts) {
    batch.push(part);
    size += part.length;
    if (size >= BATCH_BYTES) {
      yield Buffer.from(batch.join(''), 'utf8');
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) yield Buffer.from(batch.join(''), 'utf8');
}

async function writeParts(path: string, parts: Iterable<string>): Promise<void> {
  const handle = await open(path, 'w');
  try {
    for (const bytes of encodedBatches(parts)) await handle.write(bytes);
  } finally {
    await handle.close();
  }
}

/** Whether the file holds exactly the parts' bytes: compared batch by batch, stopping at the first difference. */
async function holdsAlready(path: string, parts: Iterable<string>): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    return false; // no such file (or unreadable: then writing it says why)
  }
  try {
    const { size } = await handle.stat();
    let offset = 0;
    for (const bytes of encodedBatches(parts)) {
      if (offset + bytes.length > size) return false;
      const existing = Buffer.alloc(bytes.length);
      const { bytesRead } = await handle.read(existing, 0, bytes.length, offset);
      if (bytesRead !== bytes.length || !existing.equals(bytes)) return false;
      offset += bytes.length;
    }
    return offset === size;
  } finally {
    await handle.close();
  }
}

/**
 * Takes the folder's lock: a file created only if absent, holding this process's id. Another build
 * holding it is waited for; a lock left by a process that is gone (killed) is taken over.
 */
async function lockFolder(outDir: string): Promise<() => Promise<void>> {
  const lock = join(outDir, LOCK);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw outputError(error, outDir);
    }
    const holder = Number(readFileSync(lock, { encoding: 'utf8', flag: 'r' }) || NaN);
    if (!isRunning(holder)) {
      await rm(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new OutputError(`cannot write ${outDir}: another calfeed (process ${holder}) has been writing it for ${LOCK_WAIT_MS / 1000} s; stop it, or remove ${lock} if it is not running`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether a process with this id exists (signal 0 asks without sending anything). */
function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const exists = (path: string) => stat(path).then(() => true, () => false);

/** Why the file system refused, in words, with the path it refused. */
const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a file is in the way where a folder must be',
  EISDIR: 'a folder is in the way where a file must be',
  EEXIST: 'a file is in the way where a folder must be',
  ENAMETOOLONG: 'the name is too long for the file system',
  EMFILE: 'too many open files',
  EIO: 'an input/output error of the disk',
};

function outputError(error: unknown, outDir: string): Error {
  if (error instanceof OutputError) return error;
  const { code, path } = error as NodeJS.ErrnoException;
  if (code === undefined || !(code in REASONS)) return error as Error;
  // Paths inside the staging folder are shown as the file they stand for.
  const shown = (path ?? outDir).split(`${sep}${STAGING}`).join('');
  return new OutputError(`cannot write ${shown}: ${REASONS[code]} (${code})`);
}

/** One file written whole under a temporary name, then renamed over the old one (the render cache's file). */
export async function writeFileAtomically(path: string, data: readonly (string | Uint8Array)[]): Promise<void> {
  const temporary = join(dirname(path), `.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
