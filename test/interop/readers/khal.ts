// Lists a feed the way a khal user would see it, in a viewer zone taken from khal's own config.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KhalLine } from './types.js';

const SEP = '\x1f'; // unit separator: cannot appear in a khal field unless the feed is weird
// khal `list --format` fields (khal 0.10). For all-day events {start}/{end} fall back to
// dateformat and {end} is the inclusive last day; {all-day} prints Python's True/False.
const FORMAT = ['{start}', '{end}', '{title}', '{uid}', '{location}', '{all-day}'].join(SEP);

function writeConfig(dir: string, vdir: string, zone: string): void {
  // The viewer zone comes ONLY from [locale]; khal otherwise falls back to the host zone ($TZ).
  // %z keeps the UTC offset khal used, so DST decisions are visible in the output.
  const config = `[calendars]
[[feed]]
path = "${vdir}"
[locale]
local_timezone = ${zone}
default_timezone = ${zone}
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%dT%H:%M%z
longdatetimeformat = %Y-%m-%dT%H:%M%z
[sqlite]
path = "${join(dir, 'khal.db')}"
`;
  writeFileSync(join(dir, 'config'), config);
}

function runKhal(dir: string, args: string[]): string {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Keep khal away from the real HOME and its XDG dirs; -c is passed explicitly anyway.
    HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, XDG_CACHE_HOME: dir,
    LC_ALL: 'C.UTF-8', PYTHONIOENCODING: 'utf-8',
  };
  delete env.PYTHONPATH;
  delete env.PYTHONHOME;
  // stdin is an empty pipe (no TTY): `import --batch` then never prompts.
  const r = spawnSync('khal', ['-c', join(dir, 'config'), ...args], { env, input: '', encoding: 'utf8' });
  if (r.error) throw r.error;
  // khal exits 0 after warnings such as "DTSTART localized in invalid or incomprehensible
  // timezone" (it then silently re-zones the event into default_timezone), so any stderr fails.
  if (r.status !== 0 || r.stderr.trim()) {
    throw new Error(`khal ${args[0]} failed (exit ${r.status}):\n${r.stderr}`);
  }
  return r.stdout;
}

function parseLine(line: string): KhalLine {
  const [start = '', end = '', title = '', uid = '', location = '', allDay = ''] = line.split(SEP);
  const split = (s: string): [string, string] => {
    const m = /^(.*T\d\d:\d\d)([+-]\d\d)(\d\d)$/.exec(s);
    return m ? [m[1]!, `${m[2]}:${m[3]}`] : [s, ''];
  };
  const [s, so] = split(start);
  const [e, eo] = split(end);
  return { start: s, end: e, startOffset: so, endOffset: eo, title, uid, location, allDay: allDay === 'True' };
}

function withKhal<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'calfeed-khal-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function list(dir: string, from: string, days: number): KhalLine[] {
  // --day-format '': no "Monday, 2022-01-10" header lines. NOT --once: it dedups by UID and so
  // drops every recurrence after the first. Instead, an event spanning midnight is printed once
  // per day with identical {start}/{end}, and we drop those repeats here.
  const out = runKhal(dir, ['list', '--day-format', '', '--format', FORMAT, from, `${days}d`]);
  const lines = out.split('\n').filter((l) => l.includes(SEP));
  return [...new Set(lines)].map(parseLine);
}

export function hasKhal(): boolean {
  return spawnSync('khal', ['--version']).status === 0;
}

/** Imports the .ics file into a fresh vdir (`khal import --batch`) and lists [from, from+days). */
export function listWithKhal(icsPath: string, viewerZone: string, from: string, days: number): KhalLine[] {
  return withKhal((dir) => {
    const vdir = join(dir, 'vdir');
    mkdirSync(vdir);
    writeConfig(dir, vdir, viewerZone);
    // import splits the feed into one vdir item per UID and re-serialises it (khal's own PRODID).
    runKhal(dir, ['import', '--batch', '-a', 'feed', icsPath]);
    return list(dir, from, days);
  });
}

/** Lists an existing vdir folder (e.g. one filled by vdirsyncer) without modifying it. */
export function listWithKhalVdir(vdirPath: string, viewerZone: string, from: string, days: number): KhalLine[] {
  return withKhal((dir) => {
    writeConfig(dir, vdirPath, viewerZone);
    return list(dir, from, days);
  });
}
