// The render cache changes how long a build takes, never what it writes.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir, treeOf } from '../helpers/cli.js';

describe('the render cache', () => {
  let dir: string;
  let cacheDir: string;
  const build = (file: string, out: string, env: NodeJS.ProcessEnv = {}) => {
    const run = runCli(['build', file, '--out', out], dir, { CALFEED_CACHE_DIR: cacheDir, ...env });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    return treeOf(join(dir, out));
  };
  const cacheFile = () => join(cacheDir, readdirSync(cacheDir).find((f) => f.endsWith('.cache'))!);

  beforeAll(() => {
    dir = tempDir();
    cacheDir = join(dir, 'cache');
    copyFileSync(join(ROOT, 'test/golden/recurring/events.yaml'), join(dir, 'events.yaml'));
  });

  it('a warm build writes the same bytes as a cold one', () => {
    const cold = build('events.yaml', 'cold', { CALFEED_CACHE: 'off' });
    expect(build('events.yaml', 'site')).toEqual(cold); // fills the cache
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.cache'))).toHaveLength(1);
    expect(build('events.yaml', 'site')).toEqual(cold); // from the cache
  });

  it('an edited event is rendered again; the others come from the cache, with the same bytes as cold', () => {
    const source = readFileSync(join(dir, 'events.yaml'), 'utf8');
    const edited = source.replace(/title: ([^\n]+)/, 'title: $1 (moved)');
    expect(edited).not.toBe(source);
    writeFileSync(join(dir, 'edited.yaml'), edited);
    const cold = build('edited.yaml', 'cold-edited', { CALFEED_CACHE: 'off' });
    expect(build('edited.yaml', 'site')).toEqual(cold);
  });

  it('a corrupted cache entry does not change the output', () => {
    const cold = build('events.yaml', 'cold', { CALFEED_CACHE: 'off' });
    build('events.yaml', 'site');
    const text = readFileSync(cacheFile(), 'utf8');
    // Still well-formed JSON, with one event's text changed: only the checksum can tell.
    const corrupted = text.replace('SUMMARY:', 'SUMMARY:corrupted ');
    expect(corrupted).not.toBe(text);
    writeFileSync(cacheFile(), corrupted);
    expect(build('events.yaml', 'site')).toEqual(cold);
    // Truncated, and garbage: the same.
    writeFileSync(cacheFile(), text.slice(0, text.length / 2));
    expect(build('events.yaml', 'site')).toEqual(cold);
    writeFileSync(cacheFile(), 'not a cache\n\0\0\0');
    expect(build('events.yaml', 'site')).toEqual(cold);
  });

  it('a new build stamp (the file saved again) reuses cached events with the new DTSTAMP, as a cold build writes it', () => {
    build('events.yaml', 'site');
    const later = build('events.yaml', 'site', { SOURCE_DATE_EPOCH: '1700000000' });
    const cold = build('events.yaml', 'cold-later', { CALFEED_CACHE: 'off', SOURCE_DATE_EPOCH: '1700000000' });
    expect(later).toEqual(cold);
    expect(later.get('calendar.ics')).toContain('DTSTAMP:20231114T221320Z');
    // Without SOURCE_DATE_EPOCH the stamp is the file's mtime.
    const byMtime = build('events.yaml', 'site', { SOURCE_DATE_EPOCH: '' });
    expect(byMtime).toEqual(build('events.yaml', 'cold-mtime', { CALFEED_CACHE: 'off', SOURCE_DATE_EPOCH: '' }));
  });
});
