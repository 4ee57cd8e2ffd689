// Text → YAML document (YAML 1.2 core schema, so dates stay text) with source positions, or problems.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { fail, ok, problem, type PathSegment, type Problem, type Result } from './problem.js';

export interface YamlSource {
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** The plain data, aliases expanded. */
  data: unknown;
}

/** Aliases that expand to more than this many nodes are an attack (billion laughs), not a calendar. */
const MAX_ALIAS_COUNT = 1000;

export function parseYamlSource(text: string): Result<YamlSource> {
  if (text.trim() === '') {
    return fail([problem('empty-file', [], 'the file is empty; start from the example in the README (a `calendar:` and an `events:` list)', { offset: 0 })]);
  }
  const lineCounter = new LineCounter();
  // version 1.2 (the default) with the core schema: `2022-01-10 08:55` stays a string, `no` stays text.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const problems: Problem[] = document.errors.map((error) =>
    problem(error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax', [], describeYamlError(error.code, error.message, text, error.pos[0]), {
      offset: error.pos[0],
    }),
  );
  if (problems.length > 0) return fail(problems);
  try {
    const data: unknown = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return ok({ document, lineCounter, data });
  } catch (error) {
    // yaml throws a ReferenceError when aliases expand past maxAliasCount.
    if (error instanceof ReferenceError) {
      return fail([
        problem('alias-limit', [], `aliases (*name) expand to too many nodes (over ${MAX_ALIAS_COUNT}); write the values out instead`, { offset: 0 }),
      ]);
    }
    throw error;
  }
}

function describeYamlError(code: string, message: string, text: string, offset: number): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') {
    const key = /^[^\s:]+/.exec(text.slice(offset))?.[0] ?? '';
    return `duplicate key${key ? ` \`${key}\`` : ''}: a key may appear once in a mapping; remove or rename one of them`;
  }
  if (code === 'TAB_AS_INDENT') return 'a tab is used for indentation; YAML indents with spaces only';
  return `YAML syntax: ${lowerFirst(first)}`;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export interface SourcePosition {
  line: number;
  col: number;
}

/** The line and column a problem points at: its offset, else the node at its path (the key itself when asked). */
export function locateProblem(p: Problem, source: Pick<YamlSource, 'document' | 'lineCounter'> | undefined, text: string): SourcePosition {
  if (p.offset !== undefined || !source) return positionOf(p.offset ?? 0, text);
  const offset = offsetOfPath(source.document.contents, p.path, p.at ?? 'value');
  return source.lineCounter.linePos(offset);
}

function positionOf(offset: number, text: string): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/** Walk the path as far as the document goes; point at the deepest node found. */
function offsetOfPath(root: Node | null, path: readonly PathSegment[], at: 'key' | 'value'): number {
  let node: unknown = root;
  let offset = rangeStart(root) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return offset;
      if (last && at === 'key') return rangeStart(pair.key as Node) ?? offset;
      // A key with no value (`title:`) points at the key.
      node = pair.value ?? pair.key;
      offset = rangeStart(node as Node) ?? rangeStart(pair.key as Node) ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return offset;
      node = item;
      offset = rangeStart(item as Node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: Node | null | undefined): number | undefined {
  return node && 'range' in node && node.range ? node.range[0] : undefined;
}
