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
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const renameDebounceMs = options.renameDebounceMs ?? DEFAULT_RENAME_DEBOUNCE_MS;
  let timer: NodeJS.Timeout | undefined;
  let writtenInPlace = false;
  const watcher = watch(dirname(path), { persistent: false }, (event, filename) => {
    // Other files in the folder (swap files, the output) are not ours; some platforms give no name at all.
    if (filename !== null && filename !== name) return;
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
