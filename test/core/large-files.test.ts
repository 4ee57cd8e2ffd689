// One set of limits for every file, whichever YAML reader reads it: what is accepted never depends on
// whether the fast reader (which may only decline) took the file.
import { describe, expect, it } from 'vitest';
import { MAX_SOURCE_BYTES, MAX_SOURCE_LINES } from '../../src/core/decode-source.js';
import { parseCalendar } from '../../src/core/pipeline.js';
import { MAX_EVENTS } from '../../src/core/validate.js';
import { readYamlFast } from '../../src/core/yaml-fast.js';

function calendar(events: number, descriptionBytes: number, { mistake = false, firstTitle = 'Event 0' } = {}): Uint8Array {
  const lines = ['calendar:', '  name: Big', 'events:'];
  const description = 'Talks in Genève and Київ, long notes. '.repeat(Math.ceil(descriptionBytes / 40)).slice(0, descriptionBytes);
  for (let i = 0; i < events; i++) {
    lines.push(`  - id: e${i}`, `    title: ${i === 0 ? firstTitle : `Event ${i}`}`, `    start: 2023-01-${String((i % 28) + 1).padStart(2, '0')}`);
    if (descriptionBytes) lines.push(`    description: "${description}"`);
  }
  if (mistake) lines.push('    loaction: Geneva');
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('big files', () => {
  const big = calendar(600, 4000);

  it('a valid file of 2.4 MB is read by either reader, to the same calendar', () => {
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(readYamlFast(decode(big))).toBeDefined();
    const fast = parseCalendar(big);
    expect(fast.ok && fast.value.events.length).toBe(600);
    // `*urgent*` looks like an alias to the fast reader, which declines the file: the positioned reader reads it.
    const urgent = calendar(600, 4000, { firstTitle: 'Event 0 is *urgent*' });
    expect(readYamlFast(decode(urgent))).toBeUndefined();
    const slow = parseCalendar(urgent);
    expect(slow.ok && slow.value.events.length).toBe(600);
    expect(slow.ok && slow.value.events.find((e) => e.id === 'e0')!.title).toBe('Event 0 is *urgent*');
  });

  it('a mistake in a big file is reported with its position, not as a size', () => {
    const result = parseCalendar(calendar(600, 4000, { mistake: true }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => [p.code, p.line])).toEqual([['unknown-key', 600 * 4 + 4]]);
  });

  it(`more than ${MAX_EVENTS.toLocaleString('en')} events are refused, by either reader`, () => {
    for (const firstTitle of ['Event 0', 'Event 0 is *urgent*']) {
      const result = parseCalendar(calendar(MAX_EVENTS + 1, 0, { firstTitle }));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.map((p) => p.code)).toEqual(['too-large']);
    }
  });

  it(`more than ${MAX_SOURCE_LINES.toLocaleString('en')} lines (or list items) are refused before any reader runs`, () => {
    const flow = new TextEncoder().encode(`calendar: { name: Flow }\nevents: [${'1,'.repeat(MAX_SOURCE_LINES)}1]\n`);
    expect(flow.length).toBeLessThan(MAX_SOURCE_BYTES);
    const result = parseCalendar(flow);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.message)).toEqual([expect.stringMatching(/over calfeed's limit of 2,000,000 for one file/)]);
  });
});
