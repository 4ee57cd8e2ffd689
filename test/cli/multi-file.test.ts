// A calendar in several files: events.yaml includes files and folders of events; the feed is the one the
// same events in one file make, problems name their own file, and serve rebuilds on an edit of any of them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExitCode } from '../../src/commands/context.js';
import { loadCalendar, type ReadFiles } from '../../src/commands/load-calendar.js';
import { runServe } from '../../src/commands/serve.js';
import { CLI_STAMP_SECONDS, runCli, tempDir, treeOf } from '../helpers/cli.js';
import { request, waitFor } from '../helpers/http.js';

const CALENDAR = 'calendar:\n  name: Working group\n  timezone: Europe/Brussels\n  domain: wg.nato.int\n';
const MAIN_EVENTS = 'events:\n  - id: kickoff\n    title: Kick-off\n    start: 2022-01-10 09:00\n';
const A = 'events:\n  - id: a-weekly\n    title: Weekly call\n    start: 2022-01-11 16:00\n    rrule: FREQ=WEEKLY;COUNT=4\n    timezone: America/New_York\n';
const B = 'events:\n  - id: b-review\n    title: Review\n    start: 2022-01-20\n  - id: b-dinner\n    title: Dinner\n    start: 2022-01-12 19:30\n';
const C = 'events:\n  - id: c-extra\n    title: Extra\n    start: 2022-02-01 10:00\n';

/** A folder with events.yaml including `include`, and the files given (path → text). */
function calendarIn(include: string[], files: Record<string, string>, mainEvents = MAIN_EVENTS): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'events.yaml'), `${CALENDAR}include: ${JSON.stringify(include)}\n${mainEvents}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('a calendar in several files', () => {
  it('builds the feed the same events make in one file, byte for byte; a folder stands for its events.yaml', () => {
    const dir = calendarIn(['events/', 'more/c.yaml'], { 'events/b.yaml': B, 'events/a.yaml': A, 'more/c.yaml': C, 'events/notes.txt': 'not yaml' });
    const whole = tempDir();
    // The order the events are joined in: the main file's, then each include's (a folder's files by name).
    writeFileSync(join(whole, 'events.yaml'), `${CALENDAR}${MAIN_EVENTS}${[A, B, C].map((t) => t.replace('events:\n', '')).join('')}`);
    const several = runCli(['build', dir, '--out', join(dir, 'public')], whole);
    const one = runCli(['build'], whole);
    expect(several).toMatchObject({ status: 0, stderr: '' });
    expect(one).toMatchObject({ status: 0, stderr: '' });
    expect(several.stdout).toContain('(5 events)');
    const read = (folder: string) => readFileSync(join(folder, 'public/calendar.ics'), 'utf8');
    expect(read(dir)).toBe(read(whole));
    expect(treeOf(join(dir, 'public'))).toEqual(treeOf(join(whole, 'public')));
    expect(runCli(['check'], dir)).toMatchObject({ status: 0, stdout: expect.stringContaining('events.yaml: valid, 5 events') });
  });

  it('needs no events in the main file', () => {
    const dir = calendarIn(['events/'], { 'events/a.yaml': A }, '');
    expect(runCli(['build'], dir)).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(join(dir, 'public/calendar.ics'), 'utf8')).toContain('UID:a-weekly@wg.nato.int');
  });

  it('names the file of each problem, with its line and column; ids are unique across files; nothing is written', () => {
    const dir = calendarIn(['events/', 'missing.yaml', 'events.yaml'], {
      'events/a.yaml': A,
      'events/b.yaml': B.replace('id: b-dinner', 'id: a-weekly').replace('2022-01-20', '2022-02-30'),
      'events/c.yaml': `calendar:\n  name: Not here\n${C}`,
    });
    const run = runCli(['build'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        'events.yaml:5:21: error: include[1]: "missing.yaml": no such file or folder (paths are relative to this file)',
        'events.yaml:5:36: error: include[2]: "events.yaml" is this file; include names the other files of the calendar',
        '2 problems in events.yaml; nothing was written',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'events.yaml'), `${CALENDAR}include: [events/]\n${MAIN_EVENTS}`);
    const again = runCli(['check'], dir);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(
      [
        'events/b.yaml:4:12: error: events[0].start: 2022-02-30 is not a date: February 2022 has 28 days; pick a day from 01 to 28',
        'events/b.yaml:5:9: error: events[1].id: id `a-weekly` is already used by events[0] in events/a.yaml:2:5; give each event an id of its own',
        'events/c.yaml:1:1: error: calendar: the calendar block belongs in the main file only; remove it here (an included file holds an `events:` list)',
        '3 problems in events/b.yaml, events/c.yaml',
        '',
      ].join('\n'),
    );
    // A syntax error in an included file is that file's.
    writeFileSync(join(dir, 'events/c.yaml'), 'events:\n  - id: c\n    title: "never closed\n    start: 2022-02-01\n');
    expect(runCli(['check'], dir).stderr).toMatch(/^events\/c\.yaml:3:12: error: the double quote " that opens this value is never closed/m);
    // No build got as far as the output folder.
    expect(existsSync(join(dir, 'public'))).toBe(false);
  });

  it('applies the size limits to each file: an included file over them is refused by its own name', () => {
    // 2,000,001 commas: over the limit of 2,000,000 lines (a comma counting as one) for one file, at 2 MB.
    const dir = calendarIn(['events/'], { 'events/a.yaml': A, 'events/huge.yaml': `events: [${','.repeat(2_000_001)}]\n` });
    const run = runCli(['check'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^events\/huge\.yaml:1:1: error: the file has 2,000,003 lines \(a comma counting as one\), over calfeed's limit of 2,000,000 for one file/);
    expect(run.stderr).toMatch(/\n1 problem in events\/huge\.yaml\n$/);
  });

  it('serve reads again only the file that changed, and rebuilds on an edit or a new file in an included folder', async () => {
    const dir = calendarIn(['events/'], { 'events/a.yaml': A, 'events/b.yaml': B });
    // One load, then another after an edit of b.yaml: a.yaml's read is kept, b.yaml's is new.
    const readFiles: ReadFiles = new Map();
    const context = { stdout: { write: () => {} }, stderr: { write: (t: string) => void t }, env: { SOURCE_DATE_EPOCH: CLI_STAMP_SECONDS }, cwd: dir, now: Date.now };
    expect((await loadCalendar(join(dir, 'events.yaml'), context, { readFiles })).ok).toBe(true);
    const [aBefore, bBefore] = [readFiles.get(join(dir, 'events/a.yaml')), readFiles.get(join(dir, 'events/b.yaml'))];
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(join(dir, 'events/b.yaml'), B.replace('title: Dinner', 'title: Late dinner'));
    const second = await loadCalendar(join(dir, 'events.yaml'), context, { readFiles });
    expect(second.ok && second.value.events.map((e) => e.title)).toContain('Late dinner');
    expect(readFiles.get(join(dir, 'events/a.yaml'))).toBe(aBefore);
    expect(readFiles.get(join(dir, 'events/b.yaml'))).not.toBe(bBefore);

    let out = '';
    const controller = new AbortController();
    const serving = runServe(
      join(dir, 'events.yaml'),
      { outDir: join(dir, 'public'), port: 0, host: '127.0.0.1', stop: controller.signal, debounceMs: 50 },
      { ...context, stdout: { write: (t: string) => (out += t) } },
    );
    let done: Promise<ExitCode> | undefined = serving;
    try {
      const feedUrl = await waitFor('the feed address', () => /feed: +(\S+)/.exec(out)?.[1]);
      const servedWith = (text: string) =>
        waitFor(`the feed with ${text}`, async () => ((await request(feedUrl)).body.toString('utf8').includes(text) ? true : undefined));
      writeFileSync(join(dir, 'events/a.yaml'), A.replace('title: Weekly call', 'title: Weekly call (moved)'));
      await servedWith('SUMMARY:Weekly call (moved)');
      writeFileSync(join(dir, 'events/c.yaml'), C);
      await servedWith('UID:c-extra@wg.nato.int');
      controller.abort();
      expect(await serving).toBe(0);
      done = undefined;
    } finally {
      if (done) {
        controller.abort();
        await done;
      }
    }
  });
});
