import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, unescapeText, unfoldLines } from '../../../src/core/ics/content-line.js';

const octets = (s: string) => new TextEncoder().encode(s).length;

describe('content lines', () => {
  it('escapes backslash, semicolon, comma and line breaks in TEXT', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds at 75 octets, not 75 characters', () => {
    const folded = foldLine(`SUMMARY:${'é'.repeat(60)}`);
    const lines = folded.split('\r\n');
    expect(lines.length).toBe(2);
    expect(octets(lines[0]!)).toBe(74); // 8 ASCII + 33 two-octet characters; a 34th would make 76
    expect(lines[1]!.startsWith(' ')).toBe(true);
  });

  it('never splits a four-octet character', () => {
    const folded = foldLine(`SUMMARY:${'🗓'.repeat(40)}`);
    for (const line of folded.split('\r\n')) {
      expect(octets(line)).toBeLessThanOrEqual(75);
      expect(line).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
  });

  it('property: every folded line is at most 75 octets and unfolding gives the line back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const line = `DESCRIPTION:${escapeText(text)}`;
        const folded = foldLine(line);
        for (const physical of folded.split('\r\n')) expect(octets(physical)).toBeLessThanOrEqual(75);
        expect(unfoldLines(`${folded}\r\n`)).toEqual([line]);
      }),
      { numRuns: 500 },
    );
  });

  it('property: unescape(escape(x)) = x and the escaped text has no raw line break, ; or unescaped ,', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 200 }), (text) => {
        const normalised = text.replace(/\r\n?/g, '\n');
        const escaped = escapeText(normalised);
        expect(escaped).not.toMatch(/[\r\n]/);
        expect(escaped.replace(/\\\\/g, '').replace(/\\[;,n]/g, '')).not.toMatch(/[;,]/);
        expect(unescapeText(escaped)).toBe(normalised);
      }),
      { numRuns: 500 },
    );
  });
});
