// The bin as users run it: exit codes, output files, messages, and nothing touched on bad input.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { folderWith, hashTree, ROOT, runCli, tempDir, ONLY_PLACEHOLDER_WARNINGS } from '../helpers/cli.js';

const golden = (path: string) => readFileSync(join(ROOT, 'test/golden/shipped', path), 'utf8');

describe('calfeed build', () => {
  let dir: string;
  beforeAll(() => {
    dir = folderWith('events.yaml');
  });

  it('writes the feed, the page and one .ics per event, byte-identical to the golden files', () => {
    const run = runCli(['build'], dir);
    expect(run.stderr).toMatch(ONLY_PLACEHOLDER_WARNINGS);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/wrote public\/calendar\.ics \(6 events\)/);
    expect(readFileSync(join(dir, 'public/calendar.ics'), 'utf8')).toBe(golden('calendar.ics'));
    const eventFiles = readdirSync(join(dir, 'public/events')).sort();
    expect(eventFiles).toEqual(readdirSync(join(ROOT, 'test/golden/shipped/events')).sort());
    for (const file of eventFiles) expect(readFileSync(join(dir, 'public/events', file), 'utf8')).toBe(golden(`events/${file}`));
    expect(readFileSync(join(dir, 'public/index.html'), 'utf8')).toContain('<h1>Russia–West security talks, January 2022</h1>');
  });

  it('takes the file and --out folder as arguments, and removes files of deleted events', () => {
    const out = join(dir, 'site');
    expect(runCli(['build', 'events.yaml', '--out', 'site'], dir).status).toBe(0);
    writeFileSync(join(dir, 'one.yaml'), 'calendar:\n  name: One\nevents:\n  - id: only\n    title: Only\n    start: 2022-01-10\n');
    expect(runCli(['build', 'one.yaml', '--out', 'site'], dir).status).toBe(0);
    expect(readdirSync(join(out, 'events'))).toEqual(['only.ics']);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a second build of the same file leaves every file as it was, with and without the render cache', () => {
    const files = (out: string) => {
      const state = new Map<string, string>();
      for (const name of ['calendar.ics', 'index.html', ...readdirSync(join(dir, out, 'events')).map((n) => `events/${n}`)]) {
        const stats = statSync(join(dir, out, name));
        state.set(name, `${stats.ino} ${stats.mtimeMs} ${stats.size}`);
      }
      return state;
    };
    for (const env of [{ CALFEED_CACHE: 'off' }, { CALFEED_CACHE_DIR: join(dir, 'cache') }]) {
      const out = `again-${Object.keys(env)[0]}`;
      expect(runCli(['build', '--out', out], dir, env).status).toBe(0);
      const before = files(out);
      expect(runCli(['build', '--out', out], dir, env).status).toBe(0);
      expect(files(out)).toEqual(before);
      // Nothing left over: no temporary files, no hidden folder from the first build.
      expect(readdirSync(join(dir, out)).sort()).toEqual(['.calfeed-files', 'calendar.ics', 'events', 'index.html']);
    }
  });

  it('uses the file modification time as DTSTAMP without SOURCE_DATE_EPOCH', () => {
    const run = runCli(['build', '--out', 'mtime'], dir, { SOURCE_DATE_EPOCH: '' });
    expect(run.status).toBe(0);
    const stamp = /DTSTAMP:(\d{8}T\d{6}Z)/.exec(readFileSync(join(dir, 'mtime/calendar.ics'), 'utf8'))![1];
    const mtimeMs = Math.floor(statSync(join(dir, 'events.yaml')).mtimeMs / 1000) * 1000;
    expect(stamp).toBe(new Date(mtimeMs).toISOString().replace(/[-:]/g, '').replace('.000', ''));
  });

  it('on invalid input reports every problem, exits 1 and leaves the published folder untouched', () => {
    const before = hashTree(join(dir, 'public'));
    writeFileSync(
      join(dir, 'bad.yaml'),
      'calendar:\n  name: Bad\n  timezone: Europe/Brussels\nevents:\n  - id: a\n    title: A\n    start: 2022-03-27 02:30\n    loaction: Geneva\n  - id: b\n    title: B\n    start: 2022-02-30\n',
    );
    const run = runCli(['build', 'bad.yaml'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        'bad.yaml:7:12: error: events[0].start: 2022-03-27 02:30 does not exist in Europe/Brussels (clocks go from 02:00 to 03:00); did you mean 03:30?',
        'bad.yaml:8:5: error: events[0].loaction: unknown key `loaction`; did you mean `location`?',
        'bad.yaml:11:12: error: events[1].start: 2022-02-30 is not a date: February 2022 has 28 days; pick a day from 01 to 28',
        '3 problems in bad.yaml; nothing was written',
        '',
      ].join('\n'),
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(hashTree(join(dir, 'public'))).toBe(before);
  });

  it('a missing file is exit 1 with a message, not a stack trace', () => {
    const run = runCli(['build', 'nope.yaml'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('nope.yaml: error: cannot read the file: no such file\n');
  });

  it('placeholder addresses are warned about, positioned, and the calendar still builds; real ones are not', () => {
    const shipped = runCli(['build', 'events.yaml', '--out', 'warned'], dir);
    expect(shipped.status).toBe(0);
    expect(shipped.stderr).toBe(
      [
        "events.yaml:14:11: warning: calendar.domain: talks.example.org is a placeholder (a name reserved for examples); put a domain you own before anyone subscribes, and keep it: every event's UID ends in @talks.example.org",
        "events.yaml:15:8: warning: calendar.url: https://talks.example.org/calendar.ics is a placeholder address; put the address public/calendar.ics will be published at (the page's subscribe links use it), or remove url",
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(dir, 'warned/calendar.ics'), 'utf8')).toContain('UID:geneva-ssd-2022-01-10@talks.example.org');
    const own = readFileSync(join(dir, 'events.yaml'), 'utf8').replaceAll('talks.example.org', 'talks.nato.int');
    writeFileSync(join(dir, 'own.yaml'), own);
    expect(runCli(['build', 'own.yaml', '--out', 'own'], dir)).toMatchObject({ status: 0, stderr: '' });
    writeFileSync(join(dir, 'no-domain.yaml'), own.replace(/^ {2}(domain|url):.*\n/gm, ''));
    expect(runCli(['check', 'no-domain.yaml'], dir)).toMatchObject({
      status: 0,
      stderr: "no-domain.yaml:7:1: warning: calendar.domain is not set, so every event's UID ends in @calfeed.invalid; add `domain:` with a domain you own before anyone subscribes, and keep it\n",
    });
  });

  it('a repeated option takes its last value (npm run generate -- --out X)', () => {
    const run = runCli(['build', 'events.yaml', '--out', 'first', '--out', 'last'], dir);
    expect(run).toMatchObject({ status: 0, stderr: expect.stringMatching(ONLY_PLACEHOLDER_WARNINGS) });
    expect(existsSync(join(dir, 'last/calendar.ics'))).toBe(true);
    expect(existsSync(join(dir, 'first'))).toBe(false);
  });

  it('a FIFO with no writer or a device that never ends is refused at once, not read', () => {
    const fifo = join(dir, 'events.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    for (const [command, path] of [['build', fifo], ['check', fifo], ['check', '/dev/zero'], ['build', '/dev/urandom']] as const) {
      const run = runCli([command, path], dir);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`${path === fifo ? 'events.fifo' : path}: error: cannot read the file: it is not a regular file (a pipe, a device or a socket); give calfeed a file\n`);
    }
  });
});

describe('calfeed check', () => {
  it("prints each event's times in its own zone and in UTC, and writes nothing", () => {
    const dir = folderWith('events.yaml');
    const run = runCli(['check'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('events.yaml: valid, 6 events');
    expect(run.stdout).toContain('  Europe/Zurich     Mon 2022-01-10 08:55 CET → Mon 2022-01-10 16:32 CET\n  UTC               Mon 2022-01-10 07:55Z → Mon 2022-01-10 15:32Z');
    expect(run.stdout).toContain('  America/New_York  Thu 2021-12-30 15:35 EST → Thu 2021-12-30 16:25 EST');
    expect(existsSync(join(dir, 'public'))).toBe(false);
  });
});

describe('usage', () => {
  const dir = tempDir();
  it('--version prints the version', () => {
    const run = runCli(['--version'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('--help lists the commands, on every command', () => {
    const run = runCli(['--help'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/calfeed build \[file\][\s\S]*calfeed check \[file\][\s\S]*calfeed schema/);
    expect(runCli(['build', '--help'], dir).stdout).toContain('--out');
  });

  it('wrong usage exits 2', () => {
    expect(runCli([], dir).status).toBe(2);
    const run = runCli(['build', '--bogus'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Unknown argument: bogus');
    expect(runCli(['frobnicate'], dir).status).toBe(2);
  });

  it('a malformed SOURCE_DATE_EPOCH is a usage error', () => {
    const run = runCli(['check', join(ROOT, 'events.yaml')], dir, { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('SOURCE_DATE_EPOCH must be whole seconds');
  });
});
