// With a thousand new events or more, build renders half of them on a worker thread: same bytes.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, parseCalendar } from '../../src/core/pipeline.js';
import { PARALLEL_FROM, WORKER_FROM_BYTES } from '../../src/io/render-in-parallel.js';
import { CLI_STAMP_SECONDS, runCli, tempDir, treeOf } from '../helpers/cli.js';
import { renderSiteAfresh } from '../helpers/render.js';

const ZONES = ['Europe/Brussels', 'America/New_York', 'Asia/Tokyo', 'Australia/Lord_Howe'];

function manyEvents(count: number): string {
  const lines = ['calendar:', '  name: Many – Много', '  timezone: Europe/Brussels', 'events:'];
  for (let i = 0; i < count; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    lines.push(`  - id: e${i}`, `    title: "Event ${i}: Genève, Київ; «${'x'.repeat(i % 90)}»"`, `    start: 2023-${month}-${day} ${String(8 + (i % 10)).padStart(2, '0')}:30`, `    timezone: ${ZONES[i % ZONES.length]}`);
    if (i % 7 === 0) lines.push('    rrule: FREQ=WEEKLY;COUNT=3');
    if (i % 3 === 0) lines.push(`    description: "${'Long text, with; commas and ünïcödé. '.repeat(1 + (i % 5))}"`);
  }
  return `${lines.join('\n')}\n`;
}

// Enough events, and a file big enough for build to start the render worker.
let count = PARALLEL_FROM + 200;
while (Buffer.byteLength(manyEvents(count)) < WORKER_FROM_BYTES) count += 100;

describe('rendering on two threads', () => {
  it('a mistake in a big file is reported as reading it on one thread reports it, and nothing is written', () => {
    const dir = tempDir();
    const broken = manyEvents(count).replace('start: 2023-02-02 09:30', 'start: 2023-02-30 09:30');
    expect(broken).not.toBe(manyEvents(count));
    writeFileSync(join(dir, 'events.yaml'), broken);
    const run = runCli(['build'], dir, { CALFEED_CACHE: 'off' });
    const parsed = parseCalendar(new TextEncoder().encode(broken));
    if (parsed.ok) throw new Error('the broken file reads');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`${parsed.problems.map((p) => formatProblem('events.yaml', p)).join('\n')}\n1 problem in events.yaml; nothing was written\n`);
    expect(existsSync(join(dir, 'public'))).toBe(false);
  });

  it('writes exactly what rendering on one thread gives', () => {
    const dir = tempDir();
    const text = manyEvents(count);
    writeFileSync(join(dir, 'events.yaml'), text);
    const run = runCli(['build'], dir, { CALFEED_CACHE: 'off' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const parsed = parseCalendar(new TextEncoder().encode(text));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems.slice(0, 3)));
    const site = renderSiteAfresh(parsed.value, Number(CLI_STAMP_SECONDS) * 1000);
    expect(readdirSync(join(dir, 'public/events'))).toHaveLength(count);
    expect(readdirSync(join(dir, 'public')).sort()).toEqual(['.calfeed-files', 'calendar.ics', 'events', 'index.html']);
    for (const [path, expected] of site) expect(readFileSync(join(dir, 'public', path), 'utf8'), path).toBe(expected);
    // With the workers turned off, one thread writes the same bytes.
    const oneThread = runCli(['build', '--out', 'one-thread'], dir, { CALFEED_CACHE: 'off', CALFEED_WORKERS: 'off' });
    expect(oneThread).toMatchObject({ status: 0, stderr: '' });
    expect(treeOf(join(dir, 'one-thread'))).toEqual(treeOf(join(dir, 'public')));
  });
});
