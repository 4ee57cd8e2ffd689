// Golden feeds, byte for byte: the shipped calendar and the DST and all-day cases.
// Regenerate after an intended change with `UPDATE_GOLDEN=1 npm test`, then read the diff.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../../src/core/pipeline.js';
import { renderSiteAfresh } from '../helpers/render.js';

export const GOLDEN_STAMP_MS = Date.UTC(2022, 0, 14, 12, 0, 0);
const here = dirname(fileURLToPath(import.meta.url));
const cases = readdirSync(here, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

/** The shipped calendar is the project's own events.yaml; other cases carry theirs. */
export const sourceOf = (name: string) => (name === 'shipped' ? join(here, '../../events.yaml') : join(here, name, 'events.yaml'));

describe.each(cases)('golden %s', (name) => {
  const parsed = parseCalendar(readFileSync(sourceOf(name)));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems, null, 2));
  const site = renderSiteAfresh(parsed.value, GOLDEN_STAMP_MS);
  const icsFiles = [...site.keys()].filter((path) => path.endsWith('.ics'));

  it.each(icsFiles)('%s matches byte for byte', (path) => {
    const expectedPath = join(here, name, path);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(expectedPath)) {
      if (process.env.CI) throw new Error(`${expectedPath} is missing; run UPDATE_GOLDEN=1 npm test and commit it`);
      mkdirSync(dirname(expectedPath), { recursive: true });
      writeFileSync(expectedPath, site.get(path)!);
    }
    expect(site.get(path)).toBe(readFileSync(expectedPath, 'utf8'));
  });

  it('has no expected file for an event that no longer exists', () => {
    const eventsDir = join(here, name, 'events');
    const expected = existsSync(eventsDir) ? readdirSync(eventsDir).map((f) => `events/${f}`) : [];
    expect(expected.filter((f) => !site.has(f))).toEqual([]);
  });
});
