// Bytes of events.yaml → text: strict UTF-8 (never silently U+FFFD), BOM dropped, size limited.
import { fail, ok, problem, type Result } from './problem.js';

/**
 * A documented limit: about 1,500 events described like the shipped ones, 9,000 short ones. Parsing YAML takes
 * about 0.5 KB of memory per value, so a file of 2 MiB of `1,1,1,…` already needs 1 GB; much more crashes Node.
 */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

/**
 * The limit for a file that reads without a problem on the fast path (yaml-fast.ts): js-yaml needs about
 * 16 bytes per value, not 0.5 KB (2 MiB of `1,1,1,…`: 105 MB peak; 100,000 generated events, 58 MiB:
 * 375 MB). Every other file, and every file with a problem, keeps the 2 MiB limit. See bench/RESULTS.md.
 */
export const MAX_FAST_SOURCE_BYTES = 64 * 1024 * 1024;

export function decodeSource(bytes: Uint8Array, maxBytes: number = MAX_SOURCE_BYTES): Result<string> {
  if (bytes.length > maxBytes) {
    return fail([
      problem(
        'too-large',
        [],
        `the file is ${formatBytes(bytes.length)}, over calfeed's limit of ${formatBytes(MAX_SOURCE_BYTES)} for one calendar; split it into several calendars`,
        { offset: 0 },
      ),
    ]);
  }
  const badOffset = firstInvalidUtf8Offset(bytes);
  if (badOffset !== -1) {
    // Report the position in characters of the valid text before the bad byte.
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, badOffset));
    const byte = bytes[badOffset]!;
    const hex = byte.toString(16).toUpperCase().padStart(2, '0');
    const meant = windows1252(byte);
    return fail([
      problem(
        'not-utf8',
        [],
        `the file is not UTF-8: byte 0x${hex} here is not part of a UTF-8 character${meant ? ` (in Windows-1252 it would be ${JSON.stringify(meant)})` : ''}; save the file as UTF-8 in your editor`,
        { offset: before.length },
      ),
    ]);
  }
  // ignoreBOM: false means the decoder drops a leading byte-order mark, which editors on Windows add.
  return ok(new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes));
}

/** Files that are not UTF-8 are nearly always Windows-1252 (or Latin-1): the character a byte meant there, if printable. */
function windows1252(byte: number): string | undefined {
  try {
    const char = new TextDecoder('windows-1252').decode(Uint8Array.of(byte));
    return byte >= 0x80 && char !== '\ufffd' && !/\p{C}/u.test(char) ? char : undefined;
  } catch {
    return undefined; // a Node built without that encoding
  }
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) { i++; continue; }
    else if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; }
    else return i;
    let cp = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8 (RFC 3629).
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

function formatBytes(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  return `${Number.isInteger(mib) ? mib : mib.toFixed(2)} MiB (${bytes.toLocaleString('en')} bytes)`;
}
