// The string-width that yargs' help layout gets in the bundle answers as string-width does.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';

type Width = (text: string) => number;
const onFirstUse = (createRequire(import.meta.url)('../../scripts/string-width-on-first-use.cjs') as (load: () => Width) => Width)(() => stringWidth);

describe('string-width on first use', () => {
  it('gives the width string-width gives, for printable ASCII and for any other text', () => {
    for (const unit of ['binary-ascii', 'grapheme'] as const) {
      fc.assert(
        fc.property(fc.string({ unit }), (text) => {
          expect(onFirstUse(text)).toBe(stringWidth(text));
        }),
        { numRuns: 500 },
      );
    }
    for (const text of ['', 'calfeed build [file]', 'Genève – Київ', '🇺🇳 flag', 'tab\there', '\u001b[1mbold\u001b[22m']) expect(onFirstUse(text)).toBe(stringWidth(text));
  });
});
