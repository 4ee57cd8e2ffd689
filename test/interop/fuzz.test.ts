// Mutated calendars through the built CLI, as a user's slip of the keyboard would make them: `check` and
// `build` never end in an internal error (exit 70) or hang, say the same about a file, and every feed they
// publish is read by ical.js, by python3-icalendar and by libical (which must insert no X-LIC-ERROR, and
// must see each event as ical.js does). Bounded: a fixed seed, a fixed count, a time limit
// per run (runCli's), so a failure names the mutation that made it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCalendar, renderEventsYaml } from '../../scripts/bench/generate-events.js';
import { ROOT, runCliAsync, tempDir } from '../helpers/cli.js';
import { readWithIcalJs } from './readers/ical-js.js';
import { readWithLibical } from './readers/libical.js';
import { readWithPythonIcalendar } from './readers/python-icalendar.js';

const SHIPPED = readFileSync(join(ROOT, 'events.yaml'), 'utf8');
const RECURRING = readFileSync(join(ROOT, 'test/golden/recurring/events.yaml'), 'utf8');
// A generated calendar as the benchmark makes them: 13 zones, all-day and recurring events, non-ASCII text.
const GENERATED = renderEventsYaml(generateCalendar(12, 7));
const BASES = [SHIPPED, RECURRING, GENERATED];

/** mulberry32: the same seed, the same mutations. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [' ', '  ', '\t', '\n', ':', ': ', '- ', '-', '"', "'", '[', ']', '{', '}', ',', '#', '|', '>', '&a', '*a', '!!str ', '%', '\\', '\u0000', '\u00e9', '🙂', '\r', '\ufeff', '02:30', '2022-03-27', 'Z', '+01:00', 'T', '9999', '0', 'FREQ=DAILY;', 'expand: 2022-12-31\n  '];

/** One to three edits of a text: an insertion, a deletion, a line repeated, two lines swapped, or a line indented. */
function mutate(text: string, next: () => number): { text: string; edits: string[] } {
  const pick = (n: number) => Math.floor(next() * n);
  const edits: string[] = [];
  let out = text;
  for (let k = 0, count = 1 + pick(3); k < count; k++) {
    const lines = out.split('\n');
    const at = pick(out.length + 1);
    const line = pick(lines.length);
    switch (pick(5)) {
      case 0: {
        const insert = INSERTS[pick(INSERTS.length)]!;
        out = out.slice(0, at) + insert + out.slice(at);
        edits.push(`insert ${JSON.stringify(insert)} at ${at}`);
        break;
      }
      case 1: {
        const cut = 1 + pick(12);
        out = out.slice(0, at) + out.slice(at + cut);
        edits.push(`cut ${cut} at ${at}`);
        break;
      }
      case 2:
        lines.splice(line, 0, lines[line]!);
        out = lines.join('\n');
        edits.push(`repeat line ${line + 1}`);
        break;
      case 3: {
        const other = pick(lines.length);
        [lines[line], lines[other]] = [lines[other]!, lines[line]!];
        out = lines.join('\n');
        edits.push(`swap lines ${line + 1} and ${other + 1}`);
        break;
      }
      default:
        lines[line] = `${' '.repeat(1 + pick(3))}${lines[line]}`;
        out = lines.join('\n');
        edits.push(`indent line ${line + 1}`);
    }
  }
  return { text: out, edits };
}

const COUNT = Number(process.env.FUZZ_COUNT ?? 60);

describe('mutated calendars through the CLI', () => {
  it(`${COUNT} mutations: exit 0 or 1 (never 70, never a hang), check and build agree, every published feed read by ical.js, python3-icalendar and libical`, async () => {
    const next = random(Number(process.env.FUZZ_SEED ?? 20220110));
    const tally = { published: 0, refused: 0 };
    for (let i = 0; i < COUNT; i++) {
      const { text, edits } = mutate(BASES[i % BASES.length]!, next);
      const dir = tempDir('calfeed-fuzz-');
      writeFileSync(join(dir, 'events.yaml'), text);
      const what = `mutation ${i} (${edits.join('; ')})`;
      const [check, build] = await Promise.all([runCliAsync(['check'], dir), runCliAsync(['build'], dir)]);
      for (const run of [check, build]) {
        expect(run.status, `${what}: ${run.stderr.slice(0, 500)}`).not.toBeNull();
        expect([0, 1], `${what}: exit ${run.status}\n${run.stderr.slice(0, 500)}`).toContain(run.status);
        expect(run.stderr, what).not.toMatch(/internal error|\n\s+at /);
      }
      expect(check.status, what).toBe(build.status);
      if (build.status === 1) {
        tally.refused++;
        // The same problems, whichever command found them (only build says that it wrote nothing).
        expect(check.stderr, what).toBe(build.stderr.replace(/; nothing was written\n$/, '\n'));
        continue;
      }
      tally.published++;
      const feed = join(dir, 'public/calendar.ics');
      const jsEvents = readWithIcalJs(readFileSync(feed, 'utf8'));
      const pyEvents = readWithPythonIcalendar(feed);
      expect(jsEvents.length, what).toBeGreaterThan(0);
      expect(pyEvents.map((e) => e.uid).sort(), what).toEqual(jsEvents.map((e) => e.uid).sort());
      expect(readWithLibical(feed), what).toEqual(jsEvents);
    }
    // Both outcomes occur, or the mutations test nothing.
    expect(tally.published).toBeGreaterThan(COUNT / 10);
    expect(tally.refused).toBeGreaterThan(COUNT / 10);
  }, 300_000);
});
