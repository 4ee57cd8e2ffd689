// Watch events.yaml for edits. Watches the folder, not the file: editors save by writing a new file and
// renaming it over the old one, and a watch on the old file's inode would go silent.
//
// How long to wait depends on how the file changed. A file renamed into place arrives whole, at once
// (rename(2) is atomic), so it is read almost at once. A file written in place arrives in one or more
// writes, each its own event, and reading it between two of them would see half a file: it is read once
// it has been quiet for a while. Either wait starts again with every event, and a change event during a
// short wait turns it into a long one.
import { watch } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface SourceWatcher {
  close(): void;
}

export interface WatchOptions {
  /** Quiet time after a write in place before `onChange` runs. */
  debounceMs?: number;
  /** Quiet time after the file was renamed into place (or removed, or created). */
  renameDebounceMs?: number;
  onError?: (error: Error) => void;
}

export const DEFAULT_DEBOUNCE_MS = 50;
export const DEFAULT_RENAME_DEBOUNCE_MS = 5;

export function watchSource(path: string, onChange: () => void, options: WatchOptions = {}): SourceWatcher {
  const name = basename(path);
  return watchFolder(dirname(path), (filename) => filename === name, onChange, options);
}

/** Watches a folder for changes to the files `accepts` names (calfeed serve: an included folder's .yaml files). */
export function watchFolder(dir: string, accepts: (name: string) => boolean, onChange: () => void, options: WatchOptions = {}): SourceWatcher {
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const renameDebounceMs = options.renameDebounceMs ?? DEFAULT_RENAME_DEBOUNCE_MS;
  let timer: NodeJS.Timeout | undefined;
  let writtenInPlace = false;
  const watcher = watch(dir, { persistent: false }, (event, filename) => {
    // Other files in the folder (swap files, the output) are not ours; some platforms give no name at all.
    if (filename !== null && !accepts(filename)) return;
    // No name: nothing tells how the file changed, so wait as for a write in place.
    if (event === 'change' || filename === null) writtenInPlace = true;
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        writtenInPlace = false;
        onChange();
      },
      writtenInPlace ? debounceMs : renameDebounceMs,
    );
  });
  watcher.on('error', (error) => options.onError?.(error));
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}

/** A place to watch: a folder, and the one file in it that counts (none named: every .yaml and .yml file). */
export interface WatchedPlace {
  dir: string;
  file?: string | undefined;
}

/** A file an included folder contributes: a .yaml or .yml file, not hidden (editors' swap files are). */
export const isYamlName = (name: string) => /\.ya?ml$/i.test(name) && !name.startsWith('.');

/**
 * Watchers for a set of places that changes as the calendar does (its `include:`): `update` starts watching
 * the folders newly given, stops those no longer given, and leaves the others running (a rebuild that
 * includes what it included before touches no watcher). A place that cannot be watched (a folder that is
 * gone) is left out until an update names it again.
 */
export function watchPlaces(onChange: () => void, options: WatchOptions = {}): { update(places: readonly WatchedPlace[]): void; close(): void } {
  /** By folder: what of it is watched (its file names, or every YAML file), and the watcher. */
  let watchers = new Map<string, { names: string; watcher: SourceWatcher | undefined }>();
  return {
    update(places) {
      const wanted = new Map<string, Set<string> | 'yaml'>();
      for (const { dir, file } of places) {
        const names = wanted.get(dir);
        if (file === undefined || names === 'yaml') wanted.set(dir, 'yaml');
        else wanted.set(dir, new Set([...(names ?? []), file]));
      }
      const next = new Map<string, { names: string; watcher: SourceWatcher | undefined }>();
      for (const [dir, names] of wanted) {
        const key = names === 'yaml' ? '*.yaml' : [...names].sort().join('\0');
        const running = watchers.get(dir);
        if (running?.names === key) {
          next.set(dir, running);
          watchers.delete(dir);
          continue;
        }
        const accepts = names === 'yaml' ? isYamlName : (name: string) => names.has(name);
        let watcher: SourceWatcher | undefined;
        try {
          watcher = watchFolder(dir, accepts, onChange, options);
        } catch {
          // Gone, or not a folder: the next build reports the include that names it.
        }
        next.set(dir, { names: key, watcher });
      }
      for (const { watcher } of watchers.values()) watcher?.close();
      watchers = next;
    },
    close() {
      for (const { watcher } of watchers.values()) watcher?.close();
      watchers.clear();
    },
  };
}
