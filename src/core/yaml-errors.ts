// YAML syntax errors from the yaml library → where the mistake is and how to fix it, in plain words.
import { isCollection, isPair, isScalar, isSeq, visit, type Document } from 'yaml';
import { indentOf, isContentLine, splitLines, type SourceLine } from './text-position.js';

/** What the yaml library reports: its code, its message and the source range. */
export interface YamlError {
  code: string;
  message: string;
  pos: [number, number];
}

export interface YamlErrorReport {
  /** Where the mistake is, which is not always where the parser noticed it. */
  offset: number;
  message: string;
  /** Only the parser's own words: after another syntax error, such a report is the parser losing its way. */
  generic?: true;
}

export function describeYamlError(error: YamlError, text: string, document: Document.Parsed): YamlErrorReport {
  const offset = error.pos[0];
  const lines = splitLines(text);
  // A blank or comment line is never the mistake: yaml notices a badly indented line at the line break before it.
  const noticed = lineContaining(offset, lines);
  const line = isContentLine(noticed) ? noticed : (lines.slice(noticed.number).find(isContentLine) ?? noticed);
  if (/call stack/i.test(error.message)) {
    return { offset, message: 'values are nested too deeply here for YAML to read; an events.yaml needs 5 levels: remove the extra brackets or indentation' };
  }
  const described = describeKnown(error, offset, line, lines, document, text);
  return described ?? { offset, message: `YAML syntax: ${yamlWords(error.message)}; check the quotes, colons and indentation here`, generic: true };
}

function describeKnown(error: YamlError, offset: number, line: SourceLine, lines: SourceLine[], document: Document.Parsed, text: string): YamlErrorReport | undefined {
  const message = error.message;
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return describeDuplicateKey(offset, document, lines);
    case 'TAB_AS_INDENT':
      return { offset, message: 'a tab is used for indentation; indent with spaces only (YAML does not allow tabs there)' };
    case 'MISSING_CHAR':
      if (/closing .?quote/.test(message)) return describeUnclosedQuote(offset, document, text);
      if (message.startsWith('Sequence item without - indicator')) return describeIndentation(line, lines);
      if (/^Missing , (or : )?between/.test(message)) return { offset, message: 'two items of a [ ] or { } list have no comma between them; separate the items with ", "' };
      if (message.startsWith('Comments must be separated')) {
        return { offset, message: 'a # directly after other text; put a space before # to start a comment, or put the whole value in quotes to keep the #' };
      }
      if (message.startsWith('Implicit map keys need to be followed by map values')) return describeKeyLine(line, lines) ?? undefined;
      return undefined;
    case 'BAD_INDENT':
      if (/^Flow (sequence|map) in block collection/.test(message)) return describeUnclosedFlow(offset, document, text);
      return describeIndentation(line, lines);
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return describeKeyLine(line, lines);
    case 'KEY_OVER_1024_CHARS':
      return { offset, message: 'a key runs on for over 1024 characters before its `:`; a line break or a `:` is probably missing here' };
    case 'UNEXPECTED_TOKEN':
      if (/^Unexpected (scalar|flow-seq-end|flow-map-end|flow-collection) at node end/.test(message)) {
        const before = text.slice(line.start, offset).trimEnd();
        const after = /^[^#\n\r]*/.exec(text.slice(offset))![0].trimEnd();
        return {
          offset,
          message: `\`${after}\` follows the end of the value \`${before.replace(/^\s*(-\s+)?[^:]*:\s*/, '')}\`; put the whole value in quotes (a comment needs a space and # before it)`,
        };
      }
      if (message.startsWith('Block scalar header includes extra characters') || message.startsWith('Not a YAML token')) {
        return { offset, message: 'text follows | or > on the same line; start the text on the next line, indented' };
      }
      return undefined;
    case 'BAD_DQ_ESCAPE': {
      const escape = /Invalid escape sequence (.*)$/.exec(message)?.[1] ?? '\\';
      return { offset, message: `${escape} is not an escape sequence in double quotes; write \\\\ for a backslash, or use single quotes` };
    }
    case 'BAD_SCALAR_START': {
      const char = /character (.)$/.exec(message)?.[1] ?? text.charAt(offset);
      const value = /^[^#\n\r]*/.exec(text.slice(offset))![0].trimEnd();
      return { offset, message: `a value cannot start with ${char} unless it is quoted; write it in quotes: ${JSON.stringify(value)}` };
    }
    case 'TAG_RESOLVE_FAILED': {
      const tag = /^!\S*/.exec(text.slice(offset))?.[0] ?? 'tag';
      return { offset, message: `the tag \`${tag}\` is not one calfeed reads; remove it (dates and times are written as plain text)` };
    }
    case 'MULTIPLE_DOCS':
      return { offset, message: 'a second YAML document starts here (after ---); events.yaml holds one document: remove the --- line' };
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
      return { offset, message: `${yamlWords(message)}; an anchor is written &name before a value and used as *name` };
    default:
      return undefined;
  }
}

/** The yaml library's message without its position suffix, starting lower-case. */
function yamlWords(message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return first.charAt(0).toLowerCase() + first.slice(1);
}

function lineContaining(offset: number, lines: SourceLine[]): SourceLine {
  let found = lines[0]!;
  for (const line of lines) {
    if (line.start > offset) break;
    found = line;
  }
  return found;
}

/** The first thing on a line, named as a user would: `start` for a key, `-` for a list item. */
function nameOf(line: SourceLine): string {
  const trimmed = line.text.trim();
  if (/^-(\s|$)/.test(trimmed)) return 'this `-` item';
  return `\`${/^[^:\s#]+/.exec(trimmed)?.[0] ?? trimmed}\``;
}

interface BlockColumn {
  col: number;
  name: string;
}

/** Where blocks start on a line: `  - id: a` has a list item at 2 and the key `id` at 4. */
function blockColumns(line: SourceLine): BlockColumn[] {
  const columns: BlockColumn[] = [];
  let rest = line.text;
  let col = 0;
  for (;;) {
    const spaces = /^ */.exec(rest)![0].length;
    col += spaces;
    rest = rest.slice(spaces);
    if (/^-(\s|$)/.test(rest)) {
      columns.push({ col, name: 'the `-`' });
      rest = rest.slice(1);
      col += 1;
      continue;
    }
    const key = /^[^:\s#]+(?=:(\s|$))/.exec(rest)?.[0];
    if (key !== undefined) columns.push({ col, name: `\`${key}\`` });
    return columns;
  }
}

const spaces = (n: number) => `${n} space${n === 1 ? '' : 's'}`;

/** A line indented so that it belongs to no block above it. */
function describeIndentation(line: SourceLine, lines: SourceLine[]): YamlErrorReport {
  const indent = indentOf(line);
  const offset = line.start + indent;
  let deeper: (BlockColumn & { line: number }) | undefined;
  let shallower: (BlockColumn & { line: number }) | undefined;
  let sameAsDash: (BlockColumn & { line: number }) | undefined;
  for (const above of lines.slice(0, line.number - 1).filter(isContentLine).reverse()) {
    const columns = blockColumns(above);
    for (const column of [...columns].reverse()) {
      if (column.col > indent && !deeper && !shallower) deeper = { ...column, line: above.number };
      if (column.col === indent && column.name === 'the `-`' && !sameAsDash && !shallower) {
        sameAsDash = { ...column, line: above.number };
        const key = columns.find((c) => c.col > column.col);
        if (key) deeper = { ...key, line: above.number };
      }
      if (column.col < indent && !shallower) shallower = { ...column, line: above.number };
    }
    if (shallower || sameAsDash) break;
  }
  const name = nameOf(line);
  if (sameAsDash && deeper && name !== 'this `-` item') {
    // The lines after the first of a run at this indentation follow from it: one report, at the first.
    const run = firstOfRun(line, lines);
    const runName = nameOf(run);
    const runOffset = run.start + indent;
    if (runName === deeper.name) {
      const content = run.text.slice(indent);
      return {
        offset: runOffset,
        message: `${runName} lines up with the \`-\` on line ${sameAsDash.line}, and the item there starts with ${deeper.name} too: if a new item starts here, write \`- ${content.trim()}\`; if not, indent it ${spaces(deeper.col)}`,
      };
    }
    return {
      offset: runOffset,
      message: `${runName}${run === line ? '' : ` (and the lines after it)`} lines up with the \`-\` on line ${sameAsDash.line}, not with the keys of that item; indent it ${spaces(deeper.col)}, like ${deeper.name}`,
    };
  }
  const others = [deeper, shallower].flatMap((c) => (c ? [`${c.name} on line ${c.line} has ${c.col}`] : []));
  return {
    offset,
    message: `${name} is indented ${spaces(indent)}, which lines up with no line above it${others.length ? ` (${others.join(', ')})` : ''}; indent it exactly like the keys it belongs with`,
  };
}

/** The first of the content lines before `line` that have its indentation and are not list items. */
function firstOfRun(line: SourceLine, lines: SourceLine[]): SourceLine {
  const indent = indentOf(line);
  let first = line;
  for (const above of lines.slice(0, line.number - 1).filter(isContentLine).reverse()) {
    if (indentOf(above) !== indent || /^\s*-(\s|$)/.test(above.text)) break;
    first = above;
  }
  return first;
}

/** A line YAML could not read as `key: value`. */
function describeKeyLine(line: SourceLine, lines: SourceLine[]): YamlErrorReport | undefined {
  const indent = indentOf(line);
  const content = line.text.slice(indent);
  if (/^-[^\s-]/.test(content)) {
    const fixed = content.replace(/^-/, '- ');
    return { offset: line.start + indent, message: `\`${content}\` needs a space after the \`-\`; write \`${fixed}\`` };
  }
  const item = /^(-\s+)?/.exec(content)![0];
  const body = content.slice(item.length);
  const keyValue = /^([^:#'"\s][^:#]*?):\s+(.*)$/.exec(body);
  if (keyValue) {
    const [, key, rawValue] = keyValue as unknown as [string, string, string];
    const value = rawValue.replace(/\s+#.*$/, '').trim();
    if (/:(\s|$)/.test(value) && !/^['"[{|>]/.test(value)) {
      const quoted = value.includes('"') ? `'${value.replace(/'/g, "''")}'` : JSON.stringify(value);
      return {
        offset: line.start + line.text.indexOf(value, indent + item.length + key.length + 1),
        message: `the value of \`${key}\` contains ": ", which YAML reads as another key; put the value in quotes: ${key}: ${quoted}`,
      };
    }
  }
  const noSpace = /^([^:#'"\s][^:#\s]*):(\S.*)$/.exec(body);
  if (noSpace && !/:\s/.test(body)) {
    return { offset: line.start + indent + item.length, message: `\`${body}\` needs a space after the colon; write \`${noSpace[1]}: ${noSpace[2]}\`` };
  }
  if (!body.includes(':') && body !== '') {
    const [word, ...rest] = body.split(/\s+/);
    const example = rest.length ? `${word}: ${rest.join(' ')}` : `${word}: …`;
    return { offset: line.start + indent + item.length, message: `\`${body}\` is not a \`key: value\` line; write it like \`${example}\`` };
  }
  const next = lines.slice(line.number).find(isContentLine);
  const keyColumn = blockColumns(line).at(-1);
  if (next && keyColumn && indentOf(next) > keyColumn.col && keyValue) {
    return {
      offset: next.start + indentOf(next),
      message: `${nameOf(next)} is indented ${spaces(indentOf(next))}, more than ${keyColumn.name} on line ${line.number} (${spaces(keyColumn.col)}), which already has a value; indent it exactly like the keys it belongs with`,
    };
  }
  return undefined;
}

function describeDuplicateKey(offset: number, document: Document.Parsed, lines: SourceLine[]): YamlErrorReport {
  let key = '';
  let firstOffset: number | undefined;
  let restartOffset: number | undefined;
  visit(document, {
    Map(_, map, path) {
      const index = map.items.findIndex((pair) => isScalar(pair.key) && pair.key.range?.[0] === offset);
      if (index === -1) return undefined;
      const keyOf = (i: number) => (isScalar(map.items[i]?.key) ? String((map.items[i]!.key as { value: unknown }).value) : undefined);
      const duplicate = map.items[index]!.key;
      key = isScalar(duplicate) ? String(duplicate.value) : '';
      const first = map.items.find((pair) => isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key);
      firstOffset = isScalar(first?.key) ? first.key.range?.[0] : undefined;
      // An item of a list whose first key comes again, with this duplicate at or after it: a `- ` is missing
      // there, and every duplicate after it follows from that.
      if (isSeq(path.at(-1))) {
        const restart = map.items.findIndex((_, i) => i > 0 && keyOf(i) === keyOf(0));
        if (restart !== -1 && restart <= index) restartOffset = (map.items[restart]!.key as { range?: [number, number, number] }).range?.[0];
      }
      return visit.BREAK;
    },
  });
  if (restartOffset !== undefined) {
    const line = lineContaining(restartOffset, lines);
    const firstLine = firstOffset === undefined ? undefined : lineContaining(firstOffset, lines).number;
    return {
      offset: restartOffset,
      message: `the keys of the item on line ${firstLine ?? '?'} start again here; if a new item starts here, write \`- ${line.text.trim()}\`, its \`-\` under the one on line ${firstLine ?? '?'} (a key may appear once in an item)`,
    };
  }
  const firstLine = firstOffset === undefined ? undefined : lineContaining(firstOffset, lines).number;
  return {
    offset,
    message: `\`${key}\` appears twice in this mapping${firstLine ? ` (first on line ${firstLine})` : ''}; a key may appear once: remove one of them, or rename it`,
  };
}

function describeUnclosedQuote(offset: number, document: Document.Parsed, text: string): YamlErrorReport {
  let start: number | undefined;
  visit(document, {
    Scalar(_, node) {
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range && node.range[0] < offset && node.range[1] >= offset) {
        start = node.range[0];
      }
    },
  });
  const quote = start === undefined ? '"' : text.charAt(start);
  return {
    offset: start ?? offset,
    message: `the ${quote === "'" ? 'single' : 'double'} quote ${quote} that opens this value is never closed; end the value with ${quote}`,
  };
}

function describeUnclosedFlow(offset: number, document: Document.Parsed, text: string): YamlErrorReport {
  let start: number | undefined;
  visit(document, {
    Node(_, node) {
      if (isCollection(node) && node.flow && node.range && node.range[0] < offset) start = node.range[0];
    },
  });
  const open = start === undefined ? '[' : text.charAt(start);
  const close = open === '{' ? '}' : ']';
  const what = open === '{' ? 'mapping' : 'list';
  return {
    offset: start ?? offset,
    message: `the ${what} that opens with ${open} here is not closed; end it with ${close} (a ${what} that goes on over several lines must indent them more than its key)`,
  };
}
