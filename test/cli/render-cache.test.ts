// The render cache changes how long a build takes, never what it writes.
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir, treeOf, ONLY_PLACEHOLDER_WARNINGS } from '../helpers/cli.js';

describe('the render cache', () => {
  let dir: string;
  let cacheDir: string;
  const build = (file: string, out: string, env: NodeJS.ProcessEnv = {}) => {
    const run = runCli(['build', file, '--out', out], dir, { CALFEED_CACHE_DIR: cacheDir, ...env });
    expect(run.stderr).toMatch(ONLY_PLACEHOLDER_WARNINGS);
    expect(run.status).toBe(0);
    return treeOf(join(dir, out));
  };
  // The cache of builds into `site`: each output folder has its own, named after a hash of its path.
  const cacheFile = () => join(cacheDir, `events-${createHash('sha256').update(join(dir, 'site')).digest('hex').slice(0, 16)}.cache`);

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
    const bytes = readFileSync(cacheFile());
    // Still a well-formed cache, with one letter of one event's text changed: only the checksum can tell.
    const corrupted = Buffer.from(bytes);
    const at = corrupted.indexOf('SUMMARY:') + 'SUMMARY:'.length;
    expect(at).toBeGreaterThan('SUMMARY:'.length);
    corrupted[at] = corrupted[at] === 0x58 ? 0x59 : 0x58;
    writeFileSync(cacheFile(), corrupted);
    expect(build('events.yaml', 'site')).toEqual(cold);
    // Truncated, and garbage: the same.
    writeFileSync(cacheFile(), bytes.subarray(0, bytes.length / 2));
    expect(build('events.yaml', 'site')).toEqual(cold);
    writeFileSync(cacheFile(), 'not a cache\n\0\0\0');
    expect(build('events.yaml', 'site')).toEqual(cold);
  });

  it('an edit writes only what changed, beside the cache; a changes file that does not fit its cache is ignored', () => {
    // Forty events: one edited is a small part of the cache (a quarter or more and the whole is written again).
    const forty = ['calendar:', '  name: Forty', '  timezone: Europe/Vienna', 'events:'];
    for (let i = 0; i < 40; i++) forty.push(`  - id: e${i}`, `    title: Event ${i}`, `    start: 2024-05-${String((i % 28) + 1).padStart(2, '0')} 10:00`);
    writeFileSync(join(dir, 'forty.yaml'), `${forty.join('\n')}\n`);
    build('forty.yaml', 'site');
    const whole = readFileSync(cacheFile());
    const source = readFileSync(join(dir, 'forty.yaml'), 'utf8');
    writeFileSync(join(dir, 'edited-twice.yaml'), source.replace('title: Event 7', 'title: Event 7 (edited)'));
    const cold = build('edited-twice.yaml', 'cold-twice', { CALFEED_CACHE: 'off' });
    expect(build('edited-twice.yaml', 'site')).toEqual(cold);
    expect(readFileSync(cacheFile()).equals(whole)).toBe(true);
    const changes = readFileSync(`${cacheFile()}.changes`);
    expect(changes.length).toBeLessThan(whole.length / 4);
    // From the cache and its changes, the same bytes again; then with the changes garbled, or without the cache they belong to.
    expect(build('edited-twice.yaml', 'site')).toEqual(cold);
    writeFileSync(`${cacheFile()}.changes`, Buffer.concat([changes.subarray(0, changes.length - 3), Buffer.from('xyz')]));
    expect(build('edited-twice.yaml', 'site')).toEqual(cold);
    writeFileSync(`${cacheFile()}.changes`, changes);
    rmSync(cacheFile());
    expect(build('edited-twice.yaml', 'site')).toEqual(cold);
  });

  it('a file of the output folder changed by hand, or removed, is written again by a warm build', () => {
    const cold = build('events.yaml', 'cold', { CALFEED_CACHE: 'off' });
    build('events.yaml', 'site');
    const [name] = readdirSync(join(dir, 'site/events'));
    const one = join(dir, 'site/events', name!);
    // The same size, other bytes: only the modification time tells the cache's manifest.
    writeFileSync(one, readFileSync(one, 'latin1').replace('SUMMARY:', 'SUMMARY;'), 'latin1');
    rmSync(join(dir, 'site/index.html'));
    expect(build('events.yaml', 'site')).toEqual(cold);
  });

  it('a renamed calendar rewrites the feed and the page; its event files stay as they are', () => {
    const source = readFileSync(join(dir, 'events.yaml'), 'utf8');
    const renamed = source.replace(/^( +name: )(.+)$/m, '$1$2 (renamed)');
    expect(renamed).not.toBe(source);
    writeFileSync(join(dir, 'renamed.yaml'), renamed);
    build('events.yaml', 'site');
    const before = treeOf(join(dir, 'site'));
    const after = build('renamed.yaml', 'site');
    expect(after).toEqual(build('renamed.yaml', 'cold-renamed', { CALFEED_CACHE: 'off' }));
    const changed = [...after.keys()].filter((path) => after.get(path) !== before.get(path));
    expect(changed.sort()).toEqual(['calendar.ics', 'index.html']);
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
