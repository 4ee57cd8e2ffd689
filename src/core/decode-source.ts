// Bytes of events.yaml → text: strict UTF-8 (never silently U+FFFD), BOM dropped, size limited.
import { fail, ok, problem, type Result } from './problem.js';

/**
 * The documented limits of one file, the same whichever YAML reader reads it (pipeline.ts): 64 MiB, and
 * 2,000,000 lines, a comma counting as a line (a list can be written on one line). The positioned reader
 * (the `yaml` package), which every file with a problem goes through, needs memory per value, not per
 * byte: about 1.35 KB per line of a generated calendar (100,000 events, 58 MiB, 1.33 million lines and
 * commas: 1.8 GB, 16 s) and 1 KB per item of `[1,1,1,…]` (a million: 1 GB), so 2 million stay within
 * Node's heap (4.3 GB here). Measured on Node 20.20, 2 cores.
 */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;
export const MAX_SOURCE_LINES = 2_000_000;

export function decodeSource(bytes: Uint8Array): Result<string> {
  if (bytes.length > MAX_SOURCE_BYTES) {
    return fail([
      problem(
        'too-large',
        [],
        `the file is ${formatBytes(bytes.length)}, over calfeed's limit of ${formatBytes(MAX_SOURCE_BYTES)} for one file; split it into several files, named under \`include:\` in events.yaml`,
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
  const lines = countLines(bytes);
  if (lines > MAX_SOURCE_LINES) {
    return fail([
      problem(
        'too-large',
        [],
        `the file has ${lines.toLocaleString('en')} lines (a comma counting as one), over calfeed's limit of ${MAX_SOURCE_LINES.toLocaleString('en')} for one file; split it into several files, named under \`include:\` in events.yaml`,
        { offset: 0 },
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

/** Line breaks and commas, each a place where YAML may start a value. */
function countLines(bytes: Uint8Array): number {
  let count = 1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a || bytes[i] === 0x2c) count++;
  return count;
}

function formatBytes(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  return `${Number.isInteger(mib) ? mib : mib.toFixed(2)} MiB (${bytes.toLocaleString('en')} bytes)`;
}
