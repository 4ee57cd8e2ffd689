// RFC 5545 §3.1 and §3.3.11: TEXT escaping, and folding content lines at 75 octets without splitting a character.

export const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

/** Escape a TEXT value: backslash, semicolon, comma, and line breaks as \n. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Inverse of escapeText (for tests and readers). */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/**
 * One content line → its folded form (no trailing CRLF): each physical line at most 75 octets. One pass
 * over the UTF-16 code units, slicing the line into pieces joined once: appending character by character
 * would build a string of one node per character, which V8 keeps as it is (a VEVENT held so took about
 * 14 KB of memory, 100,000 of them 1.4 GB).
 */
export function foldLine(line: string): string {
  // Fast path: an ASCII line that fits needs no work (most lines).
  if (line.length <= MAX_LINE_OCTETS && !/[^\x00-\x7f]/.test(line)) return line;
  const pieces: string[] = [];
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    // A surrogate pair is one character of 4 octets: never split.
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < line.length && (line.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
    if (octets + size > MAX_LINE_OCTETS) {
      pieces.push(line.slice(start, i));
      start = i;
      // The continuation's leading space counts towards its 75 octets.
      octets = 1;
    }
    octets += size;
    if (pair) i++;
  }
  pieces.push(line.slice(start));
  return pieces.join(`${CRLF} `);
}

/** Physical lines → logical content lines (a line starting with a space or tab continues the one before). */
export function unfoldLines(text: string): string[] {
  const lines: string[] = [];
  for (const physical of text.split(/\r?\n/)) {
    if ((physical.startsWith(' ') || physical.startsWith('\t')) && lines.length > 0) {
      lines[lines.length - 1] += physical.slice(1);
    } else if (physical !== '') {
      lines.push(physical);
    }
  }
  return lines;
}

/** Content lines → the text of an iCalendar object: folded, each ended by CRLF, as one flat string. */
export function joinContentLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.map(foldLine).join(CRLF)}${CRLF}`;
}
