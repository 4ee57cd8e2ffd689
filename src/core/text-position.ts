// Offsets in the source text → line and column, and the lines of the text, for messages.

export interface SourcePosition {
  line: number;
  col: number;
}

/** 1-based line and column (in UTF-16 units, as editors count) of an offset in the text. */
export function positionOf(offset: number, text: string): SourcePosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

export interface SourceLine {
  /** 1-based. */
  number: number;
  /** Offset of the line's first character. */
  start: number;
  /** The line without its line end. */
  text: string;
}

export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    lines.push({ number: lines.length + 1, start, text: raw.replace(/\r$/, '') });
    start += raw.length + 1;
  }
  return lines;
}

/** Holds something besides spaces and a comment. */
export const isContentLine = (line: SourceLine) => !/^\s*(#.*)?$/.test(line.text);

/** Leading spaces. */
export const indentOf = (line: SourceLine) => /^ */.exec(line.text)![0].length;
