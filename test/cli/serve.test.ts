// `calfeed serve` as users run it: the printed addresses, a request log, exit 0 on SIGINT and SIGTERM,
// and the exit codes of the ways it cannot start.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderWith, ROOT, runCli, tempDir, ONLY_PLACEHOLDER_WARNINGS, withoutWarnings } from '../helpers/cli.js';
import { request, startServeProcess, waitFor, type ServeProcess } from '../helpers/http.js';

const started: ServeProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop('SIGKILL')));
});

const folderWithEvents = () => folderWith('events.yaml');

describe('calfeed serve', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('prints its http:// and webcal:// addresses on 127.0.0.1, logs each request, and exits 0 on %s', async (signal) => {
    const dir = folderWithEvents();
    const serve = await startServeProcess(dir, ['--port', '0']);
    started.push(serve);
    const { port } = new URL(serve.feedUrl);
    expect(serve.feedUrl).toBe(`http://127.0.0.1:${port}/calendar.ics`);
    expect(serve.stdout()).toContain(`subscribe: webcal://127.0.0.1:${port}/calendar.ics\n`);
    expect(serve.stdout()).toContain(`page:      http://127.0.0.1:${port}/\n`);
    expect(serve.stdout()).toContain('wrote public/calendar.ics (6 events)');

    const res = await request(serve.feedUrl, { headers: { 'User-Agent': 'calfeed-test/1' } });
    expect(res.status).toBe(200);
    expect(res.body.toString('utf8')).toBe(readFileSync(join(dir, 'public/calendar.ics'), 'utf8'));
    // The line is written when the response is done, which may be just after the client has it.
    const logLine = /^127\.0\.0\.1 - - \[[^\]]+\] "GET \/calendar\.ics HTTP\/1\.1" 200 \d+ "-" "calfeed-test\/1"$/m;
    await waitFor('the request log line', () => (logLine.test(serve.stdout()) ? true : undefined));

    expect(await serve.stop(signal)).toBe(0);
    expect(serve.stdout()).toMatch(/stopped\n$/);
    expect(serve.stderr()).toMatch(ONLY_PLACEHOLDER_WARNINGS);
  });

  it('a save that goes on while a rebuild reads the file is not published: the rebuild waits for the whole save', async () => {
    // A big file, so that reading and checking it takes longer than the gap between two writes of a save.
    const events = (title: string) =>
      `calendar:\n  name: Big\n  timezone: Europe/Brussels\nevents:\n${Array.from({ length: 3000 }, (_, i) => `  - id: e${i}\n    title: ${title} ${i}\n    start: 2023-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')} 09:30\n    description: "${'Talks in Genève and Київ. '.repeat(8)}"\n`).join('')}`;
    const dir = tempDir();
    const path = join(dir, 'events.yaml');
    writeFileSync(path, events('First'));
    const serve = await startServeProcess(dir, ['--port', '0'], { CALFEED_CACHE: 'off' });
    started.push(serve);
    const counts = new Set<number>();
    let saving = true;
    const poller = (async () => {
      while (saving) {
        counts.add((await request(serve.feedUrl)).body.toString('utf8').split('BEGIN:VEVENT').length - 1);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    for (const [round, title] of ['Second', 'Third', 'Fourth'].entries()) {
      const text = events(title);
      const cut = text.indexOf('\n  - id:', text.length / 2) + 1;
      writeFileSync(path, text.slice(0, cut)); // half a save: itself a valid calendar of 1,500 events
      await new Promise((resolve) => setTimeout(resolve, 60 + round * 10)); // the quiet window passes: a rebuild reads it
      writeFileSync(path, text.slice(cut), { flag: 'a' }); // the rest, while that rebuild is reading and checking
      await waitFor(`the ${title} feed`, async () => ((await request(serve.feedUrl)).body.toString('utf8').includes(`SUMMARY:${title} 2999`) ? true : undefined), 600);
    }
    saving = false;
    await poller;
    expect(await serve.stop('SIGTERM')).toBe(0);
    expect([...counts]).toEqual([3000]);
  }, 120_000);

  it('does not start on an invalid file: exit 1, positioned errors, nothing written', () => {
    const dir = tempDir('calfeed-serve-cli-');
    writeFileSync(join(dir, 'events.yaml'), 'calendar:\n  name: Bad\nevents:\n  - id: a\n    title: A\n    start: 2022-02-30\n');
    const run = runCli(['serve', '--port', '0'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('events.yaml:6:12: error: events[0].start: 2022-02-30 is not a date');
    expect(existsSync(join(dir, 'public'))).toBe(false);
  });

  it('a port in use or out of range is a usage error (exit 2) with a hint', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as { port: number }).port;
      const run = runCli(['serve', '--port', String(port)], folderWithEvents());
      expect(run.status).toBe(2);
      expect(withoutWarnings(run.stderr)).toBe(`calfeed: cannot serve on 127.0.0.1 port ${port}: the port is already in use (--port 0 picks a free one)\n`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    const range = runCli(['serve', '--port', '70000'], folderWithEvents());
    expect(range.status).toBe(2);
    expect(range.stderr).toContain('--port must be a whole number from 0 to 65535');
  });

  it('is listed in --help with its options, and npm start runs it on events.yaml', () => {
    const help = runCli(['serve', '--help'], ROOT);
    expect(help.stdout).toMatch(/calfeed serve \[file\][\s\S]*--port[\s\S]*--host[\s\S]*--out/);
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start).toBe('node dist/cli.js serve events.yaml');
  });
});
