// calfeed init as users run it: the starter events.yaml it writes is a valid calendar, it never overwrites
// one, and check/build/serve without an events.yaml say how to start one.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, hashTree, runCli, tempDir, ONLY_PLACEHOLDER_WARNINGS } from '../helpers/cli.js';
import { expandWithIcalJs } from '../interop/readers/ical-js.js';

describe('calfeed init', () => {
  let dir: string;
  let starter: string;
  beforeAll(() => {
    dir = tempDir();
    const run = runCli(['init'], dir);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    starter = readFileSync(join(dir, 'events.yaml'), 'utf8');
  });

  it('writes events.yaml here, and the JSON Schema its first line points editors to, and says what to run next', () => {
    expect(readdirSync(dir).sort()).toEqual(['events.schema.json', 'events.yaml']); // no temporary file left
    expect(starter.split('\n')[0]).toBe('# yaml-language-server: $schema=./events.schema.json');
    // The same schema as `calfeed schema` prints (and the project's events.schema.json).
    expect(readFileSync(join(dir, 'events.schema.json'), 'utf8')).toBe(runCli(['schema'], dir).stdout);
    expect(readFileSync(join(dir, 'events.schema.json'), 'utf8')).toContain('"calendar"');
    const run = runCli(['init', 'again'], dir);
    expect(run.stdout).toContain('wrote again/events.yaml');
    expect(run.stdout).toContain('wrote again/events.schema.json');
    expect(run.stdout).toMatch(/next:\n {2}cd again\n {2}calfeed check .*\n {2}calfeed serve .*\n {2}calfeed build /);
  });

  it('the starter has a calendar block and a timed, an all-day and a repeating event, every key with a comment', () => {
    const keyLines = starter.split('\n').filter((line) => /^\s*(- )?[a-z]+:/.test(line));
    expect(keyLines.length).toBeGreaterThan(20);
    for (const line of keyLines) expect(line, line).toMatch(/ # \S/);
    expect(starter).toMatch(/^calendar: +#.*\n {2}name: /m);
    expect(starter).toMatch(/^events: +#.*\n {2}- id: /m);
    expect(starter).toMatch(/^ {4}start: \d{4}-\d\d-\d\d \d\d:\d\d .*\n {4}end: .*\n {4}timezone: [A-Z][a-z]+\/[A-Za-z_]+ /m);
    expect(starter).toMatch(/^ {4}start: \d{4}-\d\d-\d\d +#/m);
    expect(starter).toMatch(/^ {4}rrule: FREQ=/m);
    // The placeholders say that they are ones.
    expect(starter).toMatch(/^ {2}domain: .*example\.org +# CHANGE/m);
    expect(starter).toMatch(/^ {2}url: .*example\.org.* +# CHANGE/m);
    // Dates a new calendar does not open on as past events.
    for (const [date] of starter.matchAll(/\b\d{4}-\d\d-\d\d\b/g)) expect(date >= '2027-01-01', date).toBe(true);
  });

  it('the starter checks and builds: three events, the series with its exclusion', () => {
    const check = runCli(['check'], dir);
    expect(check.stderr).toMatch(ONLY_PLACEHOLDER_WARNINGS);
    expect(check.stderr).toMatch(/warning: calendar\.domain: calendar\.example\.org is a placeholder/);
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('events.yaml: valid, 3 events');
    expect(check.stdout).toContain('America/Toronto  Thu 2027-01-14 12:00 EST → Thu 2027-01-14 13:30 EST');

    const build = runCli(['build'], dir);
    expect(build).toMatchObject({ status: 0, stderr: check.stderr });
    expect(build.stdout).toContain('wrote public/calendar.ics (3 events)');
    const feed = readFileSync(join(dir, 'public/calendar.ics'), 'utf8');
    expect(feed.match(/^BEGIN:VEVENT\r$/gm)).toHaveLength(3);
    expect(readdirSync(join(dir, 'public/events')).sort()).toEqual(['monthly-meeting-2027.ics', 'open-day-2027-05-22.ics', 'planning-call-2027-01-14.ics']);

    // Read back by ical.js: 12 monthly meetings less the one excluded, at 19:00 in Berlin in winter and summer.
    const occurrences = expandWithIcalJs(feed, '2027-01-01T00:00:00Z', '2029-01-01T00:00:00Z');
    const series = occurrences.filter((o) => o.uid === 'monthly-meeting-2027@calendar.example.org');
    expect(series).toHaveLength(11);
    expect(series[0]!.start).toBe('2027-01-05T18:00:00Z');
    expect(series.map((o) => o.start)).toContain('2027-07-06T17:00:00Z');
    expect(series.map((o) => o.start)).not.toContain('2027-08-03T17:00:00Z');
    expect(occurrences.filter((o) => o.uid !== series[0]!.uid).map((o) => [o.summary, o.start])).toEqual([
      ['Planning call with the Toronto group', '2027-01-14T17:00:00Z'],
      ['Open day', '2027-05-22'],
    ]);
  });

  it('refuses to overwrite an events.yaml: exit 1, one line, the folder untouched', () => {
    const mine = tempDir();
    writeFileSync(join(mine, 'events.yaml'), 'calendar:\n  name: Mine\n');
    const before = hashTree(mine);
    const run = runCli(['init'], mine);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('events.yaml: error: the file already exists; calfeed init never overwrites it (edit it, or give init another folder)\n');
    expect(hashTree(mine)).toBe(before);
    // With a folder named, and a second init of a folder it wrote.
    const parent = tempDir();
    expect(runCli(['init', 'cal'], parent).status).toBe(0);
    const written = hashTree(join(parent, 'cal'));
    const again = runCli(['init', 'cal'], parent);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe('cal/events.yaml: error: the file already exists; calfeed init never overwrites it (edit it, or give init another folder)\n');
    expect(hashTree(join(parent, 'cal'))).toBe(written);
  });

  it('makes the folder it is given, with the folders above it', () => {
    const parent = tempDir();
    const run = runCli(['init', 'calendars/ours'], parent);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(join(parent, 'calendars/ours/events.yaml'), 'utf8')).toBe(starter);
    expect(run.stdout).toContain('  cd calendars/ours\n');
    expect(runCli(['check', 'calendars/ours/events.yaml'], parent).status).toBe(0);
  });

  it('keeps an events.schema.json that is already there', () => {
    const folder = tempDir();
    writeFileSync(join(folder, 'events.schema.json'), '{}\n');
    const run = runCli(['init'], folder);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('kept events.schema.json as it was');
    expect(readFileSync(join(folder, 'events.schema.json'), 'utf8')).toBe('{}\n');
    expect(readFileSync(join(folder, 'events.yaml'), 'utf8')).toBe(starter);
  });

  it('a folder that cannot be made or written is one line and exit 74, never a stack trace', () => {
    const parent = tempDir();
    writeFileSync(join(parent, 'notes.txt'), 'mine\n');
    const through = runCli(['init', 'notes.txt/cal'], parent);
    expect(through.status).toBe(74);
    expect(through.stdout).toBe('');
    expect(through.stderr).toBe('calfeed: cannot write notes.txt/cal: a file is in the way where a folder must be (ENOTDIR)\n');
    const onto = runCli(['init', 'notes.txt'], parent);
    expect(onto.status).toBe(74);
    expect(onto.stderr).toBe('calfeed: cannot write notes.txt: a file is in the way where a folder must be (EEXIST)\n');
    expect(readFileSync(join(parent, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  // Root writes anywhere: as root, the bin runs as nobody (setpriv, util-linux).
  const asRoot = process.getuid?.() === 0;
  const setpriv = asRoot && spawnSync('setpriv', ['--version']).status === 0;
  it.skipIf(asRoot && !setpriv)('a folder without write permission is one line and exit 74', () => {
    const parent = tempDir();
    chmodSync(parent, 0o755);
    const locked = join(parent, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    const command = [process.execPath, BIN, 'init'];
    const run = spawnSync(setpriv ? 'setpriv' : command[0]!, setpriv ? ['--reuid=65534', '--regid=65534', '--clear-groups', ...command] : command.slice(1), { cwd: locked, encoding: 'utf8' });
    expect(run.stderr).toBe('calfeed: cannot write events.schema.json: permission denied (EACCES)\n');
    expect(run.status).toBe(74);
    expect(readdirSync(locked)).toEqual([]);
  });
});

describe('without an events.yaml', () => {
  it('check, build and serve say how to start one, exit 1, and write nothing', () => {
    const empty = tempDir();
    for (const command of [['check'], ['build'], ['serve', '--port', '0']]) {
      const run = runCli(command, empty);
      expect(run.status, command[0]).toBe(1);
      expect(run.stderr).toBe('events.yaml: error: cannot read the file: no such file; to start a calendar here, run `calfeed init`\n');
    }
    expect(readdirSync(empty)).toEqual([]);
    const elsewhere = runCli(['build', 'cal/events.yaml'], empty);
    expect(elsewhere.status).toBe(1);
    expect(elsewhere.stderr).toBe('cal/events.yaml: error: cannot read the file: no such file; to start a calendar there, run `calfeed init cal`\n');
  });
});

describe('usage', () => {
  it('--help lists init, and init --help its folder', () => {
    const dir = tempDir();
    const help = runCli(['--help'], dir);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/calfeed init \[dir\] +start a calendar: write a starter events\.yaml/);
    const initHelp = runCli(['init', '--help'], dir);
    expect(initHelp.status).toBe(0);
    expect(initHelp.stdout).toMatch(/dir +the folder to write it in, made if missing/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('init takes one folder', () => {
    const run = runCli(['init', 'a', 'b'], tempDir());
    expect(run.status).toBe(2);
  });
});
