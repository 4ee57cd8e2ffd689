// The files a calendar's `include:` names, found on disk: a file is itself, a folder is every .yaml and .yml
// file in it (not in its subfolders), in name order. Whether each exists is known only here, so the
// problems are made here, with the path of the entry in the main file; the core positions them.
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { problem, type Problem } from '../core/problem.js';
import { isYamlName, type WatchedPlace } from './watch-source.js';


export interface IncludedFiles {
  /** Absolute paths, in the order their events are joined. */
  files: string[];
  problems: Problem[];
  /** Where a change means a rebuild: each included file, and each folder (a file added to it counts). */
  watch: WatchedPlace[];
}


/** The files `include` (checked by the core to be a list of strings, or left alone) names, relative to the main file. */
export async function findIncludedFiles(mainPath: string, include: unknown): Promise<IncludedFiles> {
  const found: IncludedFiles = { files: [], problems: [], watch: [] };
  if (!Array.isArray(include)) return found;
  const main = resolve(mainPath);
  const seen = new Set<string>([main]);
  for (const [i, entry] of include.entries()) {
    if (typeof entry !== 'string' || entry.trim() === '') continue;
    const path = resolve(dirname(main), entry);
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      found.problems.push(problem('bad-value', ['include', i], `${JSON.stringify(entry)}: ${code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message} (paths are relative to this file)`));
      // A file that appears later is a change too.
      found.watch.push({ dir: dirname(path), file: basename(path) });
      continue;
    }
    if (info.isDirectory()) {
      found.watch.push({ dir: path });
      const names = (await readdir(path, { withFileTypes: true })).filter((d) => (d.isFile() || d.isSymbolicLink()) && isYamlName(d.name)).map((d) => d.name).sort();
      for (const name of names) {
        const file = join(path, name);
        // The main file in an included folder is the main file, not an included one.
        if (!seen.has(file)) {
          seen.add(file);
          found.files.push(file);
        }
      }
    } else if (path === main) {
      found.problems.push(problem('bad-value', ['include', i], `${JSON.stringify(entry)} is this file; include names the other files of the calendar`));
    } else if (seen.has(path)) {
      found.problems.push(problem('bad-value', ['include', i], `${JSON.stringify(entry)} is included already; name each file once`));
    } else {
      seen.add(path);
      found.files.push(path);
      found.watch.push({ dir: dirname(path), file: basename(path) });
    }
  }
  return found;
}
