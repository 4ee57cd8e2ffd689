// Bytes → text: UTF-8 only, checked strictly, a byte-order mark dropped, and a size limit.
import { describe, expect, it } from 'vitest';
import { decodeSource, firstInvalidUtf8Offset, MAX_SOURCE_BYTES } from '../../src/core/decode-source.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('decoding events.yaml', () => {
  it('finds the first byte that is not UTF-8: stray, truncated, overlong, surrogate and out of range', () => {
    expect(firstInvalidUtf8Offset(new TextEncoder().encode('Genève 🇺🇦'))).toBe(-1);
    expect(firstInvalidUtf8Offset(bytes(0x61, 0xe9, 0x62))).toBe(1); // Latin-1 é
    expect(firstInvalidUtf8Offset(bytes(0x61, 0xc3))).toBe(1); // cut off
    expect(firstInvalidUtf8Offset(bytes(0xc0, 0xaf))).toBe(0); // overlong "/"
    expect(firstInvalidUtf8Offset(bytes(0xed, 0xa0, 0x80))).toBe(0); // U+D800
    expect(firstInvalidUtf8Offset(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // past U+10FFFF
  });

  it('is not fooled into U+FFFD: a Windows-1252 file is refused, naming the character it meant', () => {
    const result = decodeSource(bytes(0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0x43, 0x61, 0x66, 0xe9));
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'not-utf8', offset: 9 }] });
    expect(!result.ok && result.problems[0]!.message).toBe(
      'the file is not UTF-8: byte 0xE9 here is not part of a UTF-8 character (in Windows-1252 it would be "é"); save the file as UTF-8 in your editor',
    );
  });

  it('drops a byte-order mark', () => {
    expect(decodeSource(bytes(0xef, 0xbb, 0xbf, 0x61))).toEqual({ ok: true, value: 'a' });
  });

  it('refuses a file over the limit before reading it, with both sizes', () => {
    expect(decodeSource(new Uint8Array(MAX_SOURCE_BYTES))).toMatchObject({ ok: true });
    const result = decodeSource(new Uint8Array(MAX_SOURCE_BYTES + 1));
    expect(!result.ok && result.problems[0]!.message).toBe(
      "the file is 64.00 MiB (67,108,865 bytes), over calfeed's limit of 64 MiB (67,108,864 bytes) for one file; split it into several files, named under `include:` in events.yaml",
    );
  });
});
