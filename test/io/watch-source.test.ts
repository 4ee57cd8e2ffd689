// Watching events.yaml: a file renamed into place is read after the short wait, one written in place after the long one.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchSource } from '../../src/io/watch-source.js';
import { tempDir } from '../helpers/cli.js';

/** Resolves at the first onChange after `act`. */
function changes(path: string, options: { debounceMs: number; renameDebounceMs: number }, act: () => void): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watchSource(path, () => {
      watcher.close();
      resolve();
    }, options);
    // fs.watch needs a moment to be in place before the first event.
    setTimeout(act, 50);
  });
}

describe('watching events.yaml', () => {
  it('a save by rename is read after the short wait, even when the long one is a minute', async () => {
    const dir = tempDir();
    const path = join(dir, 'events.yaml');
    writeFileSync(path, 'a');
    await changes(path, { debounceMs: 60_000, renameDebounceMs: 5 }, () => {
      writeFileSync(join(dir, '.events.yaml.tmp'), 'b');
      renameSync(join(dir, '.events.yaml.tmp'), path);
    });
  });

  it('a write in place is read after the long wait, even when the short one is a minute', async () => {
    const dir = tempDir();
    const path = join(dir, 'events.yaml');
    writeFileSync(path, 'a');
    await changes(path, { debounceMs: 5, renameDebounceMs: 60_000 }, () => writeFileSync(path, 'b'));
  });

  it('other files in the folder are not events.yaml', async () => {
    const dir = tempDir();
    const path = join(dir, 'events.yaml');
    writeFileSync(path, 'a');
    let called = false;
    const watcher = watchSource(path, () => (called = true), { debounceMs: 1, renameDebounceMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    writeFileSync(join(dir, 'other.yaml'), 'b');
    renameSync(join(dir, 'other.yaml'), join(dir, 'third.yaml'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    watcher.close();
    expect(called).toBe(false);
  });
});
