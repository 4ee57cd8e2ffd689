// A big calendar that reads without a problem on the fast path is accepted past the 2 MiB limit (up to
// 64 MiB and 200,000 events); any file with a problem keeps the limits that protect the full reader.
import { describe, expect, it } from 'vitest';
import { MAX_FAST_SOURCE_BYTES, MAX_SOURCE_BYTES } from '../../src/core/decode-source.js';
import { parseCalendar } from '../../src/core/pipeline.js';
import { MAX_EVENTS, MAX_FAST_EVENTS } from '../../src/core/validate.js';

function calendar(events: number, descriptionBytes: number, mistake = false): Uint8Array {
  const lines = ['calendar:', '  name: Big', 'events:'];
  const description = 'Talks in Genève and Київ, long notes. '.repeat(Math.ceil(descriptionBytes / 40)).slice(0, descriptionBytes);
  for (let i = 0; i < events; i++) {
    lines.push(`  - id: e${i}`, `    title: Event ${i}`, `    start: 2023-01-${String((i % 28) + 1).padStart(2, '0')}`);
    if (descriptionBytes) lines.push(`    description: "${description}"`);
  }
  if (mistake) lines.push('    loaction: Geneva');
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

describe('files over the 2 MiB limit', () => {
  const big = calendar(600, 4000);

  it('a valid one is read, on the fast path', () => {
    expect(big.length).toBeGreaterThan(MAX_SOURCE_BYTES);
    expect(big.length).toBeLessThan(MAX_FAST_SOURCE_BYTES);
    const result = parseCalendar(big);
    expect(result.ok && result.value.events.length).toBe(600);
  });

  it('one with a mistake gets the 2 MiB message, as before', () => {
    const result = parseCalendar(calendar(600, 4000, true));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.code)).toEqual(['too-large']);
  });

  it(`more than ${MAX_EVENTS.toLocaleString('en')} events are read on the fast path, up to ${MAX_FAST_EVENTS.toLocaleString('en')}`, () => {
    const result = parseCalendar(calendar(MAX_EVENTS + 1, 0));
    expect(result.ok && result.value.events.length).toBe(MAX_EVENTS + 1);
  });
});
