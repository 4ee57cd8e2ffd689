// Golden sites, byte for byte: what `calfeed build` writes (the feed, index.html and every event's file)
// for the shipped calendar and the DST, recurring and all-day cases, with the render cache off, cold and
// warm: the speed parts change time, never a byte.
// Regenerate after an intended change with `UPDATE_GOLDEN=1 npm test`, then read the diff.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, treeOf, ONLY_PLACEHOLDER_WARNINGS } from '../helpers/cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const cases = readdirSync(here, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

/** The shipped calendar is the project's own events.yaml; other cases carry theirs. */
const sourceOf = (name: string) => (name === 'shipped' ? join(here, '../../events.yaml') : join(here, name, 'events.yaml'));

/** The expected site: every file of the case's folder but its events.yaml. */
function expectedSite(name: string): Map<string, string> {
  const site = treeOf(join(here, name));
  site.delete('events.yaml');
  return site;
}

const WAYS = { 'cache off': { CALFEED_CACHE: 'off' }, 'cache cold': {}, 'cache warm': {} } as const;

describe.each(cases)('golden %s', (name) => {
  const dir = tempDir(`calfeed-golden-${name}-`);
  copyFileSync(sourceOf(name), join(dir, 'events.yaml'));
  const cacheDir = join(dir, 'cache');

  it.each(Object.keys(WAYS) as (keyof typeof WAYS)[])('calfeed build (%s) writes the golden files', (way) => {
    const out = join(dir, way.replace(' ', '-'));
    // Warm: the cache of the cold build (same folder, same events) gives every event.
    const env = way === 'cache off' ? WAYS[way] : { CALFEED_CACHE_DIR: cacheDir };
    if (way === 'cache cold') rmSync(cacheDir, { recursive: true, force: true });
    const run = runCli(['build', '--out', way === 'cache warm' ? join(dir, 'cache-cold') : out], dir, env);
    expect(run.stderr).toMatch(ONLY_PLACEHOLDER_WARNINGS);
    expect(run.status).toBe(0);
    const written = treeOf(way === 'cache warm' ? join(dir, 'cache-cold') : out);
    if (process.env.UPDATE_GOLDEN === '1' && way === 'cache off') {
      if (process.env.CI) throw new Error('golden files are written by hand: UPDATE_GOLDEN=1 npm test, then commit them');
      for (const path of expectedSite(name).keys()) rmSync(join(here, name, path));
      for (const [path, text] of written) {
        mkdirSync(dirname(join(here, name, path)), { recursive: true });
        writeFileSync(join(here, name, path), text, 'latin1');
      }
    }
    const expected = expectedSite(name);
    expect([...written.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, text] of expected) expect(written.get(path), path).toBe(text);
  });

  it('has golden files for the feed, the page and each event', () => {
    const expected = expectedSite(name);
    expect(expected.has('calendar.ics') && expected.has('index.html')).toBe(true);
    expect(existsSync(join(here, name, 'events')) && readdirSync(join(here, name, 'events')).length).toBeGreaterThan(0);
    expect(readFileSync(join(here, name, 'index.html'), 'utf8')).toContain('<!doctype html>');
  });
});
