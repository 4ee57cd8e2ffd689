// Publishing the output folder as one step: whatever stops a build (a render that throws, a full or
// read-only disk, a path of the wrong kind, kill -9 at any moment, another build at the same time), the
// folder afterwards holds the old site or the new one, whole; a killed build's leftovers go with the next.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteTexts, type SiteFile } from '../../src/core/pipeline.js';
import { publishSite } from '../../src/io/write-site.js';
import { BIN, CLI_STAMP_SECONDS, folderWith, runCli, runCliAsync, tempDir, treeOf, ONLY_PLACEHOLDER_WARNINGS, withoutWarnings } from '../helpers/cli.js';

/** calfeed's own bookkeeping in the folder: present only while a build runs, or after one was killed. */
const BOOKKEEPING = ['.calfeed.lock', '.calfeed-staging', '.calfeed-commit'];

/** The folder as a static host would serve it: every file, without calfeed's bookkeeping. */
const published = (dir: string) => new Map([...treeOf(dir)].filter(([path]) => !BOOKKEEPING.some((b) => path === b || path.startsWith(`${b}/`))));
const leftovers = (dir: string) => readdirSync(dir).filter((name) => BOOKKEEPING.includes(name) || name.endsWith('.tmp'));

function manyEvents(count: number, title = 'Event'): string {
  const lines = ['calendar:', '  name: Many', '  timezone: Europe/Brussels', 'events:'];
  for (let i = 0; i < count; i++) {
    lines.push(`  - id: e${i}`, `    title: ${title} ${i}`, `    start: 2023-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')} 09:30`);
    lines.push(`    description: "${'Talks in Genève and Київ, with notes. '.repeat(20)}"`);
  }
  return `${lines.join('\n')}\n`;
}

describe('the output folder when a build cannot finish', () => {
  it('a render that throws partway leaves the folder exactly as it was, with no leftovers', async () => {
    const out = tempDir();
    await publishSite(out, [{ path: 'calendar.ics', parts: ['old feed'] }, { path: 'events/a.ics', parts: ['old a'] }]);
    const before = published(out);
    function* failing(): Generator<SiteFile> {
      yield { path: 'events/a.ics', parts: ['new a'] };
      yield { path: 'events/b.ics', parts: ['new b'] };
      throw new Error('rendering failed at event 3');
    }
    await expect(publishSite(out, failing())).rejects.toThrow('rendering failed at event 3');
    expect(published(out)).toEqual(before);
    expect(leftovers(out)).toEqual([]);
  });

  it('--out naming a file: exit 74, one line naming the path and the cause, nothing written', () => {
    const dir = folderWith('events.yaml');
    writeFileSync(join(dir, 'site'), 'not a folder');
    const run = runCli(['build', '--out', 'site'], dir);
    expect(run.status).toBe(74);
    expect(withoutWarnings(run.stderr)).toMatch(/^calfeed: cannot write .*site: a file is in the way where a folder must be \((EEXIST|ENOTDIR)\); site was left as it was\n$/);
    expect(readFileSync(join(dir, 'site'), 'utf8')).toBe('not a folder');
  });

  it('calendar.ics a folder: exit 74 before anything is replaced (no new page or event files without a feed)', () => {
    const dir = folderWith('events.yaml');
    expect(runCli(['build'], dir).status).toBe(0);
    rmSync(join(dir, 'public/calendar.ics'));
    mkdirSync(join(dir, 'public/calendar.ics'));
    writeFileSync(join(dir, 'events.yaml'), readFileSync(join(dir, 'events.yaml'), 'utf8').replace('Strategic Stability Dialogue', 'Strategic Stability Talks'));
    const before = published(join(dir, 'public'));
    const run = runCli(['build'], dir);
    expect(run.status).toBe(74);
    expect(withoutWarnings(run.stderr)).toMatch(/^calfeed: cannot write .*public\/calendar\.ics: a folder is in the way; move it; public was left as it was\n$/);
    expect(published(join(dir, 'public'))).toEqual(before);
    expect(leftovers(join(dir, 'public'))).toEqual([]);
  });

  describe('on a small disk (a 2 MB tmpfs)', () => {
    const mountPoint = tempDir('calfeed-tmpfs-');
    // Needs root (CI runs as root); elsewhere these two are skipped.
    const mount = () => spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], { encoding: 'utf8' });
    const attempt = mount();
    const mounted = attempt.status === 0 || mount().status === 0;
    if (!mounted) console.warn(`no tmpfs for the small-disk tests: ${attempt.stderr.trim()}`);
    afterAll(() => {
      if (mounted) spawnSync('umount', [mountPoint]);
    });

    it.skipIf(!mounted)('a disk that fills up: exit 74, the old site whole, the space given back', () => {
      const dir = tempDir();
      const out = join(mountPoint, 'public');
      writeFileSync(join(dir, 'events.yaml'), manyEvents(3));
      expect(runCli(['build', '--out', out], dir).status).toBe(0);
      const before = published(out);
      const freeBefore = spawnSync('df', ['--output=avail', mountPoint], { encoding: 'utf8' }).stdout;
      writeFileSync(join(dir, 'events.yaml'), manyEvents(2_000));
      const run = runCli(['build', '--out', out], dir, { CALFEED_CACHE: 'off' });
      expect(run.status).toBe(74);
      expect(withoutWarnings(run.stderr)).toMatch(/^calfeed: cannot write .*: the disk is full \(ENOSPC\); .* was left as it was\n$/);
      expect(published(out)).toEqual(before);
      expect(leftovers(out)).toEqual([]);
      expect(spawnSync('df', ['--output=avail', mountPoint], { encoding: 'utf8' }).stdout).toBe(freeBefore);
    });

    it.skipIf(!mounted)('a read-only folder: exit 74 with the cause, nothing changed', () => {
      const dir = tempDir();
      const out = join(mountPoint, 'readonly');
      writeFileSync(join(dir, 'events.yaml'), manyEvents(2));
      rmSync(join(mountPoint, 'public'), { recursive: true, force: true });
      expect(runCli(['build', '--out', out], dir).status).toBe(0);
      const before = published(out);
      writeFileSync(join(dir, 'events.yaml'), manyEvents(3));
      expect(spawnSync('mount', ['-o', 'remount,ro', mountPoint]).status).toBe(0);
      try {
        const run = runCli(['build', '--out', out], dir);
        expect(run.status).toBe(74);
        expect(withoutWarnings(run.stderr)).toMatch(/^calfeed: cannot write .*: the file system is read-only \(EROFS\); .* was left as it was\n$/);
        expect(published(out)).toEqual(before);
      } finally {
        spawnSync('mount', ['-o', 'remount,rw', mountPoint]);
      }
    });
  });
});

describe('builds that overlap or are killed', () => {
  let dir: string;
  let oldSite: Map<string, string>;
  let newSite: Map<string, string>;
  const COUNT = 10_000;
  beforeAll(() => {
    // The two complete sites to compare with: the old (a few events) and the new (10,000), each built whole.
    dir = tempDir();
    writeFileSync(join(dir, 'old.yaml'), manyEvents(5, 'Old'));
    writeFileSync(join(dir, 'new.yaml'), manyEvents(COUNT, 'New'));
    for (const name of ['old', 'new']) expect(runCli(['build', `${name}.yaml`, '--out', `whole-${name}`], dir, { CALFEED_CACHE: 'off' }).status).toBe(0);
    oldSite = published(join(dir, 'whole-old'));
    newSite = published(join(dir, 'whole-new'));
    expect(newSite.size).toBe(COUNT + 2);
  });

  it('kill -9 at random moments of a 10,000-event build: the old site or the new, whole; the next build finishes or clears it', async () => {
    // A fixed sequence of moments through reading, rendering, staging and publishing (a cold build takes a few seconds).
    const moments = [150, 600, 1_200, 1_800, 2_400, 3_000];
    const out = join(dir, 'killed');
    const seen = new Set<string>();
    for (const ms of moments) {
      expect(runCli(['build', 'old.yaml', '--out', 'killed'], dir, { CALFEED_CACHE: 'off' }).status).toBe(0);
      expect(published(out)).toEqual(oldSite);
      const child = spawn(process.execPath, [BIN, 'build', 'new.yaml', '--out', 'killed'], { cwd: dir, env: { ...process.env, SOURCE_DATE_EPOCH: CLI_STAMP_SECONDS, CALFEED_CACHE: 'off' }, stdio: 'ignore' });
      // Listened for at once: a build may end before its moment comes.
      const closed = new Promise((resolve) => child.on('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, ms));
      child.kill('SIGKILL');
      await closed;
      const now = published(out);
      if (existsSync(join(out, '.calfeed-commit'))) {
        // Killed while moving the decided build into place: any later build finishes it first.
        seen.add('decided');
        expect(runCli(['build', 'new.yaml', '--out', 'killed'], dir).status).toBe(0);
        expect(published(out)).toEqual(newSite);
      } else if (sameSite(now, newSite)) seen.add('new');
      else {
        expect(sameSite(now, oldSite)).toBe(true);
        seen.add('old');
      }
    }
    // Whatever a kill left, the next build into the folder publishes whole and leaves nothing behind.
    expect(runCli(['build', 'new.yaml', '--out', 'killed'], dir).status).toBe(0);
    expect(published(out)).toEqual(newSite);
    expect(leftovers(out)).toEqual([]);
    expect(seen.has('old')).toBe(true);
  }, 180_000);

  it('two builds of different calendars into one folder at once: one waits for the other; the folder is one whole site', async () => {
    for (let round = 0; round < 2; round++) {
      const out = join(dir, `both-${round}`);
      const runs = await Promise.all([runCliAsync(['build', 'new.yaml', '--out', out], dir), runCliAsync(['build', 'old.yaml', '--out', out], dir)]);
      for (const run of runs) expect(run).toMatchObject({ status: 0, stderr: expect.stringMatching(ONLY_PLACEHOLDER_WARNINGS) });
      const now = published(out);
      expect(sameSite(now, oldSite) || sameSite(now, newSite)).toBe(true);
      expect(leftovers(out)).toEqual([]);
    }
  }, 120_000);
});

function sameSite(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([path, text]) => b.get(path) === text);
}

describe('publishSite', () => {
  it('leaves files whose bytes are already there alone, and removes only the files calfeed published', async () => {
    const out = tempDir();
    const site = (ids: string[]): SiteFile[] => [...ids.map((id) => ({ path: `events/${id}.ics`, parts: [id] })), { path: 'calendar.ics', parts: ['feed ', ids.join()] }];
    expect(await publishSite(out, site(['a', 'b']))).toEqual({ written: 3, unchanged: 0, removed: 0 });
    writeFileSync(join(out, 'events/handmade.ics'), 'mine');
    writeFileSync(join(out, 'about.html'), 'mine');
    expect(await publishSite(out, site(['a', 'c']))).toEqual({ written: 2, unchanged: 1, removed: 1 });
    expect(readdirSync(join(out, 'events')).sort()).toEqual(['a.ics', 'c.ics', 'handmade.ics']);
    expect(readFileSync(join(out, 'about.html'), 'utf8')).toBe('mine');
    expect(siteTexts(site(['a', 'c'])).get('calendar.ics')).toBe(readFileSync(join(out, 'calendar.ics'), 'utf8'));
  });
});
