// Property: any generated events.yaml (titles from every script and with control characters, dates possible
// and impossible, zones known and unknown, durations of every kind) either builds a feed that ical.js reads
// back to exactly the titles and instants the file means, or fails with positioned problems, one for each
// mistake in it and none elsewhere. Never a throw, never a partial file. The oracle (events-file.ts) works the
// expected result out without calfeed's code. PROPERTY_RUNS=… and PROPERTY_BIN_RUNS=… run more cases.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCalendar, type CalendarResult } from '../../src/core/pipeline.js';
import { CLI_STAMP_SECONDS, hashTree, ROOT, runCli, runCliAsync, tempDir, ONLY_PLACEHOLDER_WARNINGS } from '../helpers/cli.js';
import { readWithIcalJs } from '../interop/readers/ical-js.js';
import { expectedOf, fileArb, mistakeOf, renderFile, type Expected, type RenderedFile } from './events-file.js';
import { renderSiteAfresh } from '../helpers/render.js';

const STAMP_MS = Number(CLI_STAMP_SECONDS) * 1000;
const runs = Number(process.env.PROPERTY_RUNS ?? 300);
const binRuns = Number(process.env.PROPERTY_BIN_RUNS ?? 12);
/** Time for as many runs as asked: the default suite stays well inside the usual minute. */
const timeoutMs = (count: number, msEach: number) => Math.max(60_000, count * msEach);

/** The assertions shared by the in-process and the bin runs, on a pipeline result. */
function checkResult(file: RenderedFile, expected: Expected, result: CalendarResult): void {
  if (expected.mistakes.size === 0) {
    if (!result.ok) throw new Error(`a file without mistakes was refused:\n${result.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n')}\n${file.text}`);
    const site = renderSiteAfresh(result.value, STAMP_MS);
    const read = readWithIcalJs(site.get('calendar.ics')!);
    expect(read.map((e) => e.uid).sort()).toEqual([...expected.events.keys()].sort());
    for (const event of read) {
      const want = expected.events.get(event.uid)!;
      expect({ summary: event.summary, start: event.start, end: want.end === undefined ? event.end : event.end }).toEqual({ summary: want.summary, start: want.start, end: want.end ?? event.end });
      // The event's own file says the same.
      const id = event.uid.replace(/@calfeed\.invalid$/, '');
      expect(readWithIcalJs(site.get(`events/${id}.ics`)!)).toEqual([event]);
    }
    return;
  }
  if (result.ok) throw new Error(`a file with mistakes in ${[...expected.mistakes].join(', ')} was accepted:\n${file.text}`);
  const lineCount = file.text.split('\n').length;
  for (const p of result.problems) {
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.line).toBeLessThanOrEqual(lineCount);
    expect(p.col).toBeGreaterThanOrEqual(1);
    expect(p.message).toMatch(/\S.*; \S/);
    // On the line of the field it is about (a missing-field problem has none, and the generator writes every required one).
    const field = p.path.length > 0 ? file.lineOf.get(p.path.map(String).join('.')) : undefined;
    if (field !== undefined) expect(p.line, p.message).toBe(field);
  }
  // One problem or more for every mistake, and none where there is no mistake.
  expect(new Set(result.problems.map((p) => mistakeOf(p.path)))).toEqual(expected.mistakes);
}

describe('any events.yaml', () => {
  it('builds a feed ical.js reads back exactly, or reports every mistake with its position', () => {
    fc.assert(
      fc.property(fileArb, (model) => {
        const file = renderFile(model);
        const expected = expectedOf(model);
        checkResult(file, expected, parseCalendar(file.bytes));
      }),
      { numRuns: runs },
    );
  }, timeoutMs(runs, 50));

  describe('through the built bin', () => {
    let published: string;
    beforeAll(() => {
      published = tempDir('calfeed-published-');
      cpSync(join(ROOT, 'events.yaml'), join(published, 'events.yaml'));
      if (runCli(['build'], published).status !== 0) throw new Error('the shipped calendar does not build');
    });

    it('exits 0 with the feed the pipeline renders, or 1 with positioned errors and public/ untouched', async () => {
      await fc.assert(
        fc.asyncProperty(fileArb, async (model) => {
          const file = renderFile(model);
          const expected = expectedOf(model);
          const dir = tempDir('calfeed-property-');
          cpSync(join(published, 'public'), join(dir, 'public'), { recursive: true, preserveTimestamps: true });
          writeFileSync(join(dir, 'events.yaml'), file.bytes);
          const before = hashTree(join(dir, 'public'));
          const run = await runCliAsync(['build'], dir);
          expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
          const result = parseCalendar(file.bytes);
          checkResult(file, expected, result);
          if (result.ok) {
            expect(run).toMatchObject({ status: 0, stderr: expect.stringMatching(ONLY_PLACEHOLDER_WARNINGS) });
            expect(readFileSync(join(dir, 'public/calendar.ics'), 'utf8')).toBe(renderSiteAfresh(result.value, STAMP_MS).get('calendar.ics'));
          } else {
            expect(run.status).toBe(1);
            expect(run.stdout).toBe('');
            const lines = run.stderr.trimEnd().split('\n');
            expect(lines.slice(0, -1)).toEqual(result.problems.map((p) => expect.stringMatching(new RegExp(`^events\\.yaml:${p.line}:${p.col}: error: `))));
            expect(lines.at(-1)).toMatch(/^\d+ problems? in events\.yaml; nothing was written$/);
            expect(hashTree(join(dir, 'public'))).toBe(before);
          }
        }),
        { numRuns: binRuns },
      );
    }, timeoutMs(binRuns, 5000));
  });
});
