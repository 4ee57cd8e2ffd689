// npm run bench [-- --quick]: calfeed against its peers, whole processes, on the same generated events.
// Every runner's output is read back with ical.js and its events counted, so no runner can skip work.
// Writes the measured part of bench/RESULTS.md (between the bench markers); the notes around it are prose.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { cpus, freemem, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ICAL from 'ical.js';
import { generateCalendar, renderEventsYaml } from './generate-events.js';

const quick = process.argv.includes('--quick');
const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'dist/cli.js');
const BENCH = join(ROOT, 'dist/bench');
const SIZES = quick ? [10, 1000] : [10, 1000, 10_000, 100_000];
const runsFor = (n: number) => (quick ? 3 : n >= 100_000 ? 1 : n >= 10_000 ? 5 : 7);
const STAMP = '1642161600';

interface Sample {
  wallMs: number;
  peakKb: number;
}

/** One whole process, timed from spawn to exit; peak memory from GNU time's %M (maximum RSS). */
function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Sample {
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], {
    cwd,
    env: { ...process.env, SOURCE_DATE_EPOCH: STAMP, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  const peakKb = Number(result.stderr.trim().split('\n').at(-1));
  return { wallMs, peakKb };
}

/** VEVENTs that are not overrides (RECURRENCE-ID), as ical.js reads the file. */
function countEvents(path: string): number {
  const component = new ICAL.Component(ICAL.parse(readFileSync(path, 'utf8')));
  return component.getAllSubcomponents('vevent').filter((e) => !e.hasProperty('recurrence-id')).length;
}

function check(label: string, path: string, expected: number): void {
  const count = countEvents(path);
  if (count !== expected) throw new Error(`${label}: ${path} holds ${count} events, not ${expected}`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Row {
  label: string;
  samples: Sample[];
}

const seconds = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const summary = (r: Row) => {
  const walls = r.samples.map((s) => s.wallMs);
  return { median: median(walls), min: Math.min(...walls), max: Math.max(...walls), peak: Math.max(...r.samples.map((s) => s.peakKb)) };
};

/** Republish latencies (ms) of `calfeed serve` for `rounds` edits, each one event's title. */
async function measureServe(dir: string, data: ReturnType<typeof generateCalendar>, rounds: number): Promise<number[]> {
  const child = spawn(process.execPath, [BIN, 'serve', 'events.yaml', '--port', '0', '--out', 'public'], { cwd: dir, env: { ...process.env, CALFEED_CACHE: 'off' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  try {
    let feed: string | undefined;
    for (let i = 0; i < 600 && !feed; i++) {
      feed = /feed: +(\S+)/.exec(output)?.[1];
      if (!feed) await sleep(50);
    }
    if (!feed) throw new Error(`calfeed serve printed no address:\n${output}`);
    // The ETag of the feed as it is: fetch asks for gzip by default, and a gzip copy made in the background
    // after the last edit has an ETag of its own, which is not a new feed.
    const etagOf = async () => (await fetch(feed!, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } })).headers.get('etag');
    const latencies: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const before = await etagOf();
      const edited = structuredClone(data);
      const target = edited.events[(round * 37) % edited.events.length]!;
      target.title = `${target.title} (serve edit ${round + 1})`;
      writeFileSync(join(dir, 'events.next'), renderEventsYaml(edited));
      const start = performance.now();
      renameSync(join(dir, 'events.next'), join(dir, 'events.yaml'));
      let changed = false;
      for (let i = 0; i < 5000 && !changed; i++) {
        changed = (await etagOf()) !== before;
        if (!changed) await sleep(2);
      }
      const elapsed = performance.now() - start;
      if (!changed) throw new Error('calfeed serve did not republish within 10 s');
      const served = (await (await fetch(feed)).text()).replace(/\r\n[ \t]/g, "");
      if (!served.includes(`(serve edit ${round + 1})`)) throw new Error('the republished feed lacks the edit');
      latencies.push(elapsed);
      await sleep(300); // let the watcher settle before the next save
    }
    return latencies;
  } finally {
    child.kill('SIGTERM');
  }
}

if (!existsSync('/usr/bin/time')) throw new Error("the benchmark reads peak memory with GNU time: install Debian's `time` package (apt-get install time)");
const work = mkdtempSync(join(tmpdir(), 'calfeed-bench-'));
const out: string[] = [];
const log = (line = '') => {
  out.push(line);
  console.log(line);
};

try {
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  log(`Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory (${(freemem() / 2 ** 30).toFixed(1)} free at start), Node ${process.version}, ${process.platform}; load average at start ${load()}.`);
  log(`Mode: ${quick ? '--quick' : 'full'}; runs per size: ${SIZES.map((n) => `${n.toLocaleString('en')}: ${runsFor(n)}`).join(', ')}; runners alternate within each round. Wall time from spawn to exit, peak = maximum resident set size (GNU time).`);
  log('');

  // 1. A small calendar: `calfeed build` on the shipped events.yaml, paired with `node -e 0`.
  const small = join(work, 'small');
  mkdirSync(small);
  cpSync(join(ROOT, 'events.yaml'), join(small, 'events.yaml'));
  const pairs = quick ? 5 : 15;
  const empty: Row = { label: 'node -e 0', samples: [] };
  const warm: Row = { label: 'calfeed build, nothing changed (render cache warm)', samples: [] };
  const cold: Row = { label: 'calfeed build, cache off (CALFEED_CACHE=off)', samples: [] };
  const edited: Row = { label: 'calfeed build after editing one event (render cache warm)', samples: [] };
  const smallCache = join(work, 'small-cache');
  const shipped = readFileSync(join(small, 'events.yaml'), 'utf8');
  run([BIN, 'build'], small, { CALFEED_CACHE_DIR: smallCache }); // fill the cache and public/
  // An edit, as a person makes between two builds: a title changed each time, in a folder of its own.
  const editedSmall = join(work, 'small-edited');
  mkdirSync(editedSmall);
  cpSync(join(ROOT, 'events.yaml'), join(editedSmall, 'events.yaml'));
  run([BIN, 'build'], editedSmall, { CALFEED_CACHE_DIR: join(work, 'small-edited-cache') });
  for (let i = 0; i < pairs; i++) {
    empty.samples.push(run(['-e', '0'], small));
    warm.samples.push(run([BIN, 'build'], small, { CALFEED_CACHE_DIR: smallCache }));
    writeFileSync(join(editedSmall, 'events.yaml'), shipped.replace(/title: (.+)/, `title: $1 (edit ${i + 1})`));
    edited.samples.push(run([BIN, 'build'], editedSmall, { CALFEED_CACHE_DIR: join(work, 'small-edited-cache') }));
    cold.samples.push(run([BIN, 'build'], small, { CALFEED_CACHE: 'off' }));
  }
  check('calfeed (shipped)', join(small, 'public/calendar.ics'), 6);
  const ratioPaired = (row: Row) => median(row.samples.map((s, i) => s.wallMs / empty.samples[i]!.wallMs));
  log('### A small calendar (the shipped events.yaml, 6 events), paired with `node -e 0`');
  log('');
  log('| process | median | min–max | peak | median of paired ratios to `node -e 0` |');
  log('|---|---|---|---|---|');
  for (const row of [empty, warm, edited, cold]) {
    const s = summary(row);
    log(`| ${row.label} | ${seconds(s.median)} | ${seconds(s.min)}–${seconds(s.max)} | ${mb(s.peak)} | ${row === empty ? '1' : `${ratioPaired(row).toFixed(2)}×`} |`);
  }
  log('');

  // 2. Each size: calfeed cold (empty output folder, no cache) and the peers, alternating.
  const runners: { label: string; script: string; env?: NodeJS.ProcessEnv }[] = [
    { label: 'calfeed build, cold', script: BIN },
    { label: 'ics createEvents (peer)', script: join(BENCH, 'peer-ics.js') },
    { label: 'ical-generator (peer)', script: join(BENCH, 'peer-ical-generator.js') },
    { label: 'hand-written floor', script: join(BENCH, 'peer-floor.js') },
  ];
  log('### Each size: calfeed cold against its peers');
  log('');
  log('calfeed writes the feed, one .ics per event and the page, into an empty folder with the render cache off; each peer reads the same events.yaml (the `yaml` package) and writes the feed only. Each run writes into a new folder, and none is deleted before the run is over.');
  log('');
  log('| events | runner | median | min–max | peak | calfeed ÷ runner |');
  log('|---|---|---|---|---|---|');
  const results = new Map<number, Row[]>();
  for (const n of SIZES) {
    const dir = join(work, `n${n}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'events.yaml'), renderEventsYaml(generateCalendar(n)));
    const rows: Row[] = runners.map((r) => ({ label: r.label, samples: [] }));
    for (let round = 0; round < runsFor(n); round++) {
      runners.forEach((runner, k) => {
        // A new empty folder each time, and nothing deleted until the run is over: on this project's ext4
        // disk, creating files right after deleting thousands costs up to ten times as much, for seconds.
        const target = join(dir, `out-${k}-${round}`);
        mkdirSync(target);
        const args = runner.script === BIN ? [BIN, 'build', 'events.yaml', '--out', target] : [runner.script, 'events.yaml', join(target, 'calendar.ics')];
        rows[k]!.samples.push(run(args, dir, { CALFEED_CACHE: 'off', ...runner.env }));
        check(`${runner.label} at ${n}`, join(target, 'calendar.ics'), n);
        if (runner.script === BIN && readdirSync(join(target, 'events')).length !== n) throw new Error(`calfeed wrote ${readdirSync(join(target, 'events')).length} event files, not ${n}`);
      });
    }
    results.set(n, rows);
    const ours = summary(rows[0]!).median;
    for (const row of rows) {
      const s = summary(row);
      log(`| ${n.toLocaleString('en')} | ${row.label} | ${seconds(s.median)} | ${seconds(s.min)}–${seconds(s.max)} | ${mb(s.peak)} | ${row === rows[0] ? '' : `${(ours / s.median).toFixed(2)}`} |`);
    }
  }
  log('');

  // 3. The length of texts: the same events with 300- and 3,000-character descriptions, calfeed cold.
  const textCount = quick ? 300 : 3000;
  const byLength: Row[] = [300, 3000].map((chars) => ({ label: `${textCount.toLocaleString('en')} events, ${chars.toLocaleString('en')}-character descriptions`, samples: [] }));
  const lengthDirs = [300, 3000].map((chars) => {
    const dir = join(work, `text-${chars}`);
    mkdirSync(dir);
    const data = generateCalendar(textCount);
    for (const [i, event] of data.events.entries()) event.description = `Notes ${i}: Genève, Київ, 会議; ${'delegation talks résumé '.repeat(chars / 20)}`.slice(0, chars);
    writeFileSync(join(dir, 'events.yaml'), renderEventsYaml(data));
    return dir;
  });
  for (let round = 0; round < (quick ? 3 : 5); round++) {
    lengthDirs.forEach((dir, k) => {
      const target = join(dir, `out-${round}`);
      byLength[k]!.samples.push(run([BIN, 'build', 'events.yaml', '--out', target], dir, { CALFEED_CACHE: 'off' }));
      check(byLength[k]!.label, join(target, 'calendar.ics'), textCount);
    });
  }
  log('### The length of texts: the same events with short and long descriptions (calfeed cold)');
  log('');
  log('| events | median | min–max | peak | ÷ 300 characters |');
  log('|---|---|---|---|---|');
  for (const row of byLength) {
    const s = summary(row);
    log(`| ${row.label} | ${seconds(s.median)} | ${seconds(s.min)}–${seconds(s.max)} | ${mb(s.peak)} | ${(s.median / summary(byLength[0]!).median).toFixed(2)}× |`);
  }
  log('');

  // 4. One event edited in the largest calendar up to 10,000, render cache and output folder warm.
  const editSize = Math.min(10_000, SIZES.filter((n) => n <= 10_000).at(-1)!);
  const editDir = join(work, `edit-${editSize}`);
  mkdirSync(editDir);
  const data = generateCalendar(editSize);
  writeFileSync(join(editDir, 'events.yaml'), renderEventsYaml(data));
  const cacheDir = join(editDir, 'cache');
  run([BIN, 'build', 'events.yaml', '--out', 'site'], editDir, { CALFEED_CACHE_DIR: cacheDir });
  const edits: Row = { label: `calfeed build after editing one event (${editSize.toLocaleString('en')} events)`, samples: [] };
  const noop: Row = { label: `calfeed build, nothing changed (${editSize.toLocaleString('en')} events)`, samples: [] };
  const byMtime: Row = { label: `calfeed build after editing one event, DTSTAMP from the file's mtime: every file changes (${editSize.toLocaleString('en')} events)`, samples: [] };
  for (let i = 0; i < (quick ? 3 : 5); i++) {
    const edited = structuredClone(data);
    const target = edited.events[(i * 7919) % edited.events.length]!;
    target.title = `${target.title} (edit ${i + 1})`;
    writeFileSync(join(editDir, 'events.yaml'), renderEventsYaml(edited));
    edits.samples.push(run([BIN, 'build', 'events.yaml', '--out', 'site'], editDir, { CALFEED_CACHE_DIR: cacheDir }));
    noop.samples.push(run([BIN, 'build', 'events.yaml', '--out', 'site'], editDir, { CALFEED_CACHE_DIR: cacheDir }));
  }
  // The warm result must be the cold result, byte for byte.
  run([BIN, 'build', 'events.yaml', '--out', 'cold'], editDir, { CALFEED_CACHE: 'off' });
  const differing = readdirSync(join(editDir, 'cold', 'events')).filter((f) => readFileSync(join(editDir, 'cold/events', f), 'utf8') !== readFileSync(join(editDir, 'site/events', f), 'utf8'));
  for (const f of ['calendar.ics', 'index.html']) if (readFileSync(join(editDir, 'cold', f), 'utf8') !== readFileSync(join(editDir, 'site', f), 'utf8')) differing.push(f);
  if (differing.length) throw new Error(`warm and cold builds differ: ${differing.slice(0, 5).join(', ')}`);
  check('calfeed after edits', join(editDir, 'site/calendar.ics'), editSize);
  // Without SOURCE_DATE_EPOCH the stamp is the file's modification time: each save changes every DTSTAMP.
  const atSecond = (k: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, k));
  utimesSync(join(editDir, 'events.yaml'), atSecond(0), atSecond(0));
  run([BIN, 'build', 'events.yaml', '--out', 'site-mtime'], editDir, { CALFEED_CACHE_DIR: cacheDir, SOURCE_DATE_EPOCH: '' });
  for (let i = 0; i < (quick ? 2 : 3); i++) {
    const edited = structuredClone(data);
    edited.events[(i * 6007) % edited.events.length]!.title += ` (mtime edit ${i + 1})`;
    writeFileSync(join(editDir, 'events.yaml'), renderEventsYaml(edited));
    utimesSync(join(editDir, 'events.yaml'), atSecond(10 * (i + 1)), atSecond(10 * (i + 1)));
    byMtime.samples.push(run([BIN, 'build', 'events.yaml', '--out', 'site-mtime'], editDir, { CALFEED_CACHE_DIR: cacheDir, SOURCE_DATE_EPOCH: '' }));
  }
  check('calfeed after edits by mtime', join(editDir, 'site-mtime/calendar.ics'), editSize);
  log('### Regenerating after an edit (render cache and output folder from the build before)');
  log('');
  log('| scenario | median | min–max | peak |');
  log('|---|---|---|---|');
  for (const row of [edits, noop, byMtime]) {
    const s = summary(row);
    log(`| ${row.label} | ${seconds(s.median)} | ${seconds(s.min)}–${seconds(s.max)} | ${mb(s.peak)} |`);
  }
  log('');
  log(`Warm output compared with a cold build of the same file: identical (${readdirSync(join(editDir, 'cold/events')).length + 2} files).`);
  log('');

  // 5. calfeed serve: an edit of one event in a 1,000-event file, until the new feed is served.
  const serveSize = Math.min(1000, SIZES.at(-1)!);
  const serveDir = join(work, 'serve');
  mkdirSync(serveDir);
  const serveData = generateCalendar(serveSize);
  writeFileSync(join(serveDir, 'events.yaml'), renderEventsYaml(serveData));
  const republish = await measureServe(serveDir, serveData, quick ? 5 : 15);
  log(`### calfeed serve: one event edited in a ${serveSize.toLocaleString('en')}-event file, until the new feed is served`);
  log('');
  log('Time from writing events.yaml (rename over it, as editors save) to the first HEAD /calendar.ics with a new ETag, polling every 2 ms; the served feed is then checked for the edit.');
  log('');
  log('| median | min–max | rounds |');
  log('|---|---|---|');
  log(`| ${seconds(median(republish))} | ${seconds(Math.min(...republish))}–${seconds(Math.max(...republish))} | ${republish.length} |`);
  log('');
  log(`Load average at the end: ${load()}.`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

const resultsPath = join(ROOT, 'bench/RESULTS.md');
const begin = '<!-- bench:begin (written by npm run bench) -->';
const end = '<!-- bench:end -->';
const measured = `${begin}\n${out.join('\n')}\n${end}`;
// The server's own benchmark (bench:serve), when the project has one: one run of npm run bench runs both.
const serveBench = join(ROOT, 'scripts/bench-serve.mjs');
if (existsSync(serveBench)) {
  console.log('\n### calfeed serve under load (scripts/bench-serve.mjs)\n');
  spawnSync(process.execPath, [serveBench], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...(quick ? { BENCH_SECONDS: '1', BENCH_ROUNDS: '1' } : {}) } });
}

if (!quick) {
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  const previous = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : `# Benchmark results\n\n${begin}\n${end}\n`;
  const from = previous.indexOf(begin);
  const to = previous.indexOf(end, from);
  const updated = from >= 0 && to >= 0 ? `${previous.slice(0, from)}${measured}${previous.slice(to + end.length)}` : `${previous}\n${measured}\n`;
  writeFileSync(resultsPath, updated);
  console.log(`\nwrote ${resultsPath}`);
}
