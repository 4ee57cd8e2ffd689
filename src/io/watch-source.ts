// Watch events.yaml for edits, debounced. Watches the folder, not the file: editors save by writing a
// new file and renaming it over the old one, and a watch on the old file's inode would go silent.
import { watch } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface SourceWatcher {
  close(): void;
}

export interface WatchOptions {
  /** Quiet time after the last event before `onChange` runs: one save is often several events. */
  debounceMs?: number;
  onError?: (error: Error) => void;
}

export const DEFAULT_DEBOUNCE_MS = 100;

export function watchSource(path: string, onChange: () => void, options: WatchOptions = {}): SourceWatcher {
  const name = basename(path);
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
    // Other files in the folder (swap files, the output) are not ours; some platforms give no name at all.
    if (filename !== null && filename !== name) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  });
  watcher.on('error', (error) => options.onError?.(error));
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
