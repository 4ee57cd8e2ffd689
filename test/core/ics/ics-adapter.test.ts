// The adapter never hands `ics` long text to fold (its folding is quadratic in a line's length), and the
// values it writes in their place come out exactly as written, escaped and folded at 75 octets.
import { describe, expect, it, vi } from 'vitest';

import { renderEventTexts } from '../../../src/core/ics/ics-adapter.js';
import { unescapeText, unfoldLines } from '../../../src/core/ics/content-line.js';
import { parseYamlText } from '../../helpers/yaml.js';

const given = vi.hoisted(() => ({ attributes: [] as Record<string, unknown>[] }));
vi.mock('ics', async (importOriginal) => {
  const ics = await importOriginal<typeof import('ics')>();
  return {
    ...ics,
    createEvents: (events: Record<string, unknown>[], ...rest: unknown[]) => {
      given.attributes.push(...events);
      return (ics.createEvents as (...args: unknown[]) => unknown)(events, ...rest);
    },
  };
});

const STAMP = Date.UTC(2024, 0, 2, 3, 4, 5);
// Multi-byte characters across every fold, and each character TEXT escaping touches.
const longText = (n: number) => 'Grüße, Genève; ✓ \\ 🙂 '.repeat(n).trim();

function eventOf(fields: string) {
  const lines = fields.trim().split('\n').map((l) => `    ${l.trim()}`).join('\n');
  const parsed = parseYamlText(`calendar:\n  name: Test\n  timezone: Europe/Brussels\nevents:\n  - id: e1\n${lines}\n`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value.events;
}

/** Every string value given to ics, with the strings inside arrays. */
const stringsGiven = () => given.attributes.flatMap((a) => Object.values(a).flatMap((v) => (Array.isArray(v) ? v : [v]))).filter((v) => typeof v === 'string');

describe('the VEVENT writer', () => {
  const title = longText(2_000);
  const description = `${longText(3_000)}\nsecond line`;
  const location = longText(500);
  const url = `https://example.org/${'a'.repeat(20_000)}`;
  const exdates = Array.from({ length: 300 }, (_, k) => `2022-01-${String(1 + (k % 28)).padStart(2, '0')}`);
  given.attributes.length = 0;
  const events = eventOf(`
    title: ${JSON.stringify(title)}
    start: 2022-01-01
    description: ${JSON.stringify(description)}
    location: ${JSON.stringify(location)}
    url: ${url}
    categories: ${JSON.stringify(Array.from({ length: 400 }, (_, k) => `c${k}, or ${k}`))}
    rrule: FREQ=DAILY;COUNT=40
    exdates: ${JSON.stringify([...new Set(exdates)].slice(0, 20))}
  `);
  const [text] = renderEventTexts(events, STAMP);
  const lines = unfoldLines(text!);
  const value = (name: string) => {
    const found = lines.filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
    expect(found).toHaveLength(1);
    return found[0]!.slice(found[0]!.indexOf(':') + 1);
  };

  it('gives ics no long text to fold', () => {
    expect(given.attributes).toHaveLength(1);
    expect(Math.max(...stringsGiven().map((s) => s.length))).toBeLessThan(40);
  });

  it('writes each text exactly, escaped, once', () => {
    expect(unescapeText(value('SUMMARY'))).toBe(title);
    expect(unescapeText(value('DESCRIPTION'))).toBe(description);
    expect(unescapeText(value('LOCATION'))).toBe(location);
    expect(value('URL')).toBe(url);
    // Categories with a comma in them: one property each (libical reads an escaped list as one category).
    expect(lines.filter((l) => l.startsWith('CATEGORIES')).map((l) => l.slice('CATEGORIES:'.length))).toEqual(Array.from({ length: 400 }, (_, k) => `c${k}\\, or ${k}`));
    expect(value('EXDATE')).toBe(Array.from({ length: 20 }, (_, k) => `202201${String(k + 1).padStart(2, '0')}`).join(','));
    expect(lines.find((l) => l.startsWith('EXDATE'))).toMatch(/^EXDATE;VALUE=DATE:/);
  });

  it('folds every physical line at 75 octets without splitting a character', () => {
    for (const physical of text!.split('\r\n')) {
      expect(Buffer.byteLength(physical)).toBeLessThanOrEqual(75);
      expect(physical).not.toContain('\uFFFD');
    }
  });
});
