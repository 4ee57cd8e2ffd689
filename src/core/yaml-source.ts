// Text → YAML document (YAML 1.2 core schema, so dates stay text) with source positions, or problems.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { fail, ok, problem, type PathSegment, type Problem, type Result } from './problem.js';
import { positionOf, type SourcePosition } from './text-position.js';
import { describeYamlError } from './yaml-errors.js';

export type { SourcePosition } from './text-position.js';

export interface YamlSource {
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** The plain data, aliases expanded. */
  data: unknown;
  /** Problems that leave the data readable (duplicate keys: the last one counts), reported with the rest. */
  problems: Problem[];
}

/** Aliases may add at most this many values to the data in all: more is an attack (billion laughs), not a calendar. */
export const MAX_ALIAS_VALUES = 10_000;
/** A calendar nests 5 levels (file → events → event → geo → lat); far deeper is an attack on the parser's stack. */
export const MAX_DEPTH = 32;

/** Explicit tags of the YAML 1.2 core schema; others (!!timestamp, !!binary, !!set, custom ones) turn values into objects. */
const ALLOWED_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`));

export function parseYamlSource(text: string): Result<YamlSource> {
  const lineCounter = new LineCounter();
  // version 1.2 (the default) with the core schema: `2022-01-10 08:55` stays a string, `no` stays text.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  if (document.errors.length === 0 && document.contents === null) {
    const what = text.trim() === '' ? 'the file is empty' : 'the file holds only comments';
    return fail([problem('empty-file', [], `${what}; start from the example in the README (a \`calendar:\` with a \`name:\`, and an \`events:\` list)`, { offset: 0 })]);
  }
  const problems = onePerLine(
    // Unresolved tags are warnings to yaml; checkStructure reports every tag calfeed does not read. After a
    // syntax error yaml may find thousands more (one per item of a long list read wrongly), each of which
    // costs a look at the text: the first MAX_YAML_REPORTS are read, which is more than one per line shows.
    [...document.errors, ...document.warnings.filter((w) => w.code !== 'TAG_RESOLVE_FAILED')]
      .sort((a, b) => a.pos[0] - b.pos[0])
      .slice(0, MAX_YAML_REPORTS)
      .map((error) => ({ error, report: describeYamlError(error, text, document) }))
      // After a syntax error, what yaml can only say in its own words follows from it (the parser lost its way).
      .filter(({ error, report }, i, all) => !report.generic || !all.slice(0, i).some((earlier) => earlier.error.code !== 'DUPLICATE_KEY'))
      .map(({ error, report: { offset, message } }) => ({
        noticedAt: error.pos[0],
        problem: problem(error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax', [], message, { offset }),
      })),
    text,
  );
  // Duplicate keys leave a well-defined document: go on, so they do not hide the other problems.
  if (problems.some((p) => p.code !== 'duplicate-key')) return fail(problems);
  const version = yamlVersionProblem(document, text);
  if (version) return fail([...problems, version]);
  const structure = checkStructure(document, text);
  if (structure.length > 0) return fail([...problems, ...structure]);
  try {
    // checkStructure bounds what aliases add; yaml's own count stays on as a second guard.
    const data: unknown = document.toJS({ maxAliasCount: MAX_ALIAS_VALUES });
    return ok({ document, lineCounter, data, problems });
  } catch (error) {
    // yaml throws a ReferenceError when aliases expand past maxAliasCount, a RangeError when the stack runs out.
    if (error instanceof ReferenceError || error instanceof RangeError) {
      return fail([...problems, aliasLimitProblem(firstAlias(document) ?? 0)]);
    }
    throw error;
  }
}

/**
 * After one syntax error YAML often reports more on the same line or the next: the first says what to fix.
 * A problem is kept when neither the line the parser noticed it on nor the line it points at has one already.
 */
/** YAML errors read for a file (see parseYamlSource); a 100 KB file with 15,000 took 3.6 s, 200 KB 14 s. */
const MAX_YAML_REPORTS = 50;

function onePerLine(reports: { noticedAt: number; problem: Problem }[], text: string): Problem[] {
  const seen = new Set<number>();
  const kept: Problem[] = [];
  for (const { noticedAt, problem: p } of reports.sort((a, b) => a.noticedAt - b.noticedAt)) {
    const lines = [positionOf(noticedAt, text).line, positionOf(p.offset ?? 0, text).line];
    if (lines.some((line) => seen.has(line))) continue;
    for (const line of lines) seen.add(line);
    kept.push(p);
  }
  return kept.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
}

/** `%YAML 1.1` would turn `2022-01-10` into a date object and `no` into false: refuse it. */
function yamlVersionProblem(document: Document.Parsed, text: string): Problem | undefined {
  const directive = document.directives?.yaml;
  if (!directive?.explicit || directive.version === '1.2') return undefined;
  const offset = Math.max(0, text.search(/^%YAML/m));
  return problem('yaml-syntax', [], `the %YAML ${directive.version} line asks for an older YAML, where dates and words like \`no\` change meaning; remove it (calfeed reads YAML 1.2)`, { offset });
}

const aliasLimitProblem = (offset: number) =>
  problem('alias-limit', [], `aliases (*name) here make the data too large (over ${MAX_ALIAS_VALUES.toLocaleString('en')} values in all); write the values out instead`, { offset });

function firstAlias(document: Document.Parsed): number | undefined {
  let found: number | undefined;
  walk(document.contents, (node) => {
    if (found === undefined && isAlias(node)) found = node.range?.[0];
    return found === undefined;
  });
  return found;
}

/**
 * Anchors, aliases, tags and nesting, checked before the data is built (building is where an alias bomb explodes):
 * an alias must name an earlier anchor outside itself, all aliases together add at most MAX_ALIAS_VALUES values,
 * nothing nests deeper than MAX_DEPTH even once aliases are expanded, and no tag changes what a value means.
 */
function checkStructure(document: Document.Parsed, text: string): Problem[] {
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const heights = new Map<Node, number>();
  const targets = new Map<Node, Node>();
  const problems: Problem[] = [];
  let added = 0;

  // Values and levels a node stands for once aliases are expanded. Aliases inside `node` come earlier in
  // document order than any alias to `node`, so their targets are measured already: recursion stays shallow.
  const measure = (node: unknown): { size: number; height: number } => {
    if (isAlias(node)) {
      const target = targets.get(node);
      return target ? measure(target) : { size: 1, height: 1 };
    }
    if (!node || typeof node !== 'object') return { size: 0, height: 0 };
    const known = sizes.get(node as Node);
    if (known !== undefined) return { size: known, height: heights.get(node as Node)! };
    let size = 1;
    let height = 1;
    const children = isMap(node) ? node.items.flatMap((pair) => [pair.key, pair.value]) : isSeq(node) ? node.items : [];
    for (const child of children) {
      const m = measure(child);
      size += m.size;
      height = Math.max(height, m.height + 1);
    }
    sizes.set(node as Node, size);
    heights.set(node as Node, height);
    return { size, height };
  };

  walk(document.contents, (node, ancestors) => {
    const depth = ancestors.length + 1;
    const at = { offset: (node as Node).range?.[0] ?? 0 };
    if (depth > MAX_DEPTH) {
      problems.push(problem('too-large', [], `values are nested more than ${MAX_DEPTH} levels deep here; an events.yaml needs 5: remove the extra brackets or indentation`, at));
      return false;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) {
        problems.push(problem('unknown-alias', [], `the alias \`*${node.source}\` names no anchor before it; write \`&${node.source}\` on an earlier value, or write the value out`, at));
        return false;
      }
      if (ancestors.includes(target)) {
        problems.push(problem('alias-cycle', [], `the alias \`*${node.source}\` is inside the value \`&${node.source}\` it stands for, which would never end; write the value out`, at));
        return false;
      }
      targets.set(node, target);
      const { size, height } = measure(target);
      added += size;
      if (added > MAX_ALIAS_VALUES) {
        problems.push(aliasLimitProblem(at.offset));
        return false;
      }
      if (depth - 1 + height > MAX_DEPTH) {
        problems.push(problem('too-large', [], `the alias \`*${node.source}\` nests values more than ${MAX_DEPTH} levels deep; write the values out instead`, at));
        return false;
      }
      return true;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node as Node);
    const tag = (node as { tag?: string }).tag;
    if (tag && !ALLOWED_TAGS.has(tag)) {
      // The node's range starts after its tag: point at the tag as written, on the same line before it.
      const lineStart = text.lastIndexOf('\n', at.offset - 1) + 1;
      const written = /(!\S*)(\s+&\S+)?\s+$/.exec(text.slice(lineStart, at.offset));
      const shown = written?.[1] ?? tag.replace(/^tag:yaml\.org,2002:/, '!!');
      problems.push(problem('yaml-syntax', [], `the tag \`${shown}\` is not one calfeed reads; remove it (dates and times are written as plain text)`, { offset: written ? lineStart + written.index : at.offset }));
    }
    return true;
  });
  return problems;
}

/**
 * Visit the nodes in document order (a map's keys and values, a sequence's items) without recursion, so a
 * deeply nested file cannot exhaust the stack. `visit` returns false to stop the whole walk.
 */
function walk(root: unknown, visit: (node: unknown, ancestors: readonly unknown[]) => boolean): void {
  const stack: { node: unknown; ancestors: unknown[] }[] = root ? [{ node: root, ancestors: [] }] : [];
  while (stack.length > 0) {
    const { node, ancestors } = stack.pop()!;
    if (!visit(node, ancestors)) return;
    const children = isMap(node) ? node.items.flatMap((pair) => [pair.key, pair.value]) : isSeq(node) ? node.items : [];
    const inside = [...ancestors, node];
    for (let i = children.length - 1; i >= 0; i--) {
      if (children[i] !== null && children[i] !== undefined) stack.push({ node: children[i], ancestors: inside });
    }
  }
}

/** The line and column a problem points at: its offset, else the node at its path (the key itself when asked). */
export function locateProblem(p: Problem, source: Pick<YamlSource, 'document' | 'lineCounter'> | undefined, text: string): SourcePosition {
  if (p.offset !== undefined || !source) return positionOf(p.offset ?? 0, text);
  const offset = offsetOfPath(source.document.contents, p.path, p.at ?? 'value');
  return source.lineCounter.linePos(offset);
}

/** Walk the path as far as the document goes; point at the deepest node found. */
function offsetOfPath(root: Node | null, path: readonly PathSegment[], at: 'key' | 'value'): number {
  let node: unknown = root;
  let offset = rangeStart(root) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      // The last of duplicate keys is the one in the data.
      const pair = [...node.items].reverse().find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
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
