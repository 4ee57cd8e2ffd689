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

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** One content line → its folded form (no trailing CRLF): each physical line at most 75 octets. */
export function foldLine(line: string): string {
  // Fast path: an ASCII line that fits needs no work (most lines).
  if (line.length <= MAX_LINE_OCTETS && !/[^\x00-\x7f]/.test(line)) return line;
  let out = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0)!);
    if (octets + size > MAX_LINE_OCTETS) {
      // The continuation's leading space counts towards its 75 octets.
      out += `${CRLF} `;
      octets = 1;
    }
    out += char;
    octets += size;
  }
  return out;
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

/** Content lines → the text of an iCalendar object: folded, each ended by CRLF. */
export function joinContentLines(lines: readonly string[]): string {
  let out = '';
  for (const line of lines) out += foldLine(line) + CRLF;
  return out;
}
